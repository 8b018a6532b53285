package io.github.go4j.sync;

import io.github.go4j.chan.ReceiveChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's weighted semaphore {@code golang.org/x/sync/semaphore.Weighted}: {@code sem :=
 * semaphore.NewWeighted(n); sem.Acquire(ctx, 1); defer sem.Release(1)}.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(4);          // at most 4 tokens in use
 * if (!sem.acquire(1, ctx.done())) {         // Go's sem.Acquire(ctx, 1)
 *   return ctx.err();
 * }
 * try { work(); } finally { sem.release(1); }
 * }</pre>
 *
 * <p>A semaphore of {@code size} tokens, acquired and released in any weight. Requests are served
 * strictly in FIFO order: a request is granted at once only if enough tokens are free <em>and
 * nobody is waiting</em>, and a release grants the queued requests from the front, stopping at the
 * first one that does not fit. So a large request at the head of the queue is never starved by a
 * stream of small ones (the smaller requests queue behind it, head-of-line blocking). Releasing
 * more tokens than are held throws {@link IllegalStateException} "semaphore: released more than
 * held". Tokens are not owned: any goroutine may release them.
 *
 * <p><b>Blocking, cancellation and interruption:</b> {@link #acquire(long, ReceiveChannel)} blocks
 * until the tokens are granted or {@code done} is ready (closed, or a value can be received from
 * it), as Go's {@code Acquire(ctx, n)} with {@code ctx.Done()}. Go's rules are kept: a {@code done}
 * that is already ready makes it fail without acquiring even if tokens are free; a request larger
 * than the size waits for {@code done} without holding up other requests; a cancelled request
 * leaves the queue, and if it was at the front the requests behind it are re-examined; tokens
 * granted concurrently with the cancellation are given back. Every blocking method also throws
 * {@link InterruptedException} if interrupted while it waits (then nothing is acquired); if the
 * interrupt races with the grant, the tokens are acquired and the interrupt status is set. {@link
 * #tryAcquire(long)} and {@link #release(long)} never block.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code release(n)}
 * happen-before the return of every {@code acquire} or successful {@code tryAcquire} that obtains
 * tokens afterwards (in particular those released). A failed {@code tryAcquire} and a cancelled
 * {@code acquire} create no such edge.
 */
public final class Semaphore {
  /*
   * *** Overview ***
   *
   * x/sync/semaphore keeps (size, cur, waiters list) under a mutex. Here `cur` and a WAITERS
   * flag are packed in one word, changed by CAS, so the uncontended paths take no lock:
   *
   *   bits 1-63  cur      tokens in use (0 <= cur <= size <= Long.MAX_VALUE >> 1)
   *   bit  0     WAITERS  the queue is not empty (set and cleared only with `lock` held)
   *
   * tryAcquire / the acquire fast path: CAS cur += n if WAITERS is clear and n tokens are free
   * (Go's "no barging" condition). release fast path: CAS cur -= n if WAITERS is clear. With
   * WAITERS set, release takes the lock, decrements and runs notifyWaiters: grant queued
   * requests from the front while they fit (Go's notifyWaiters). While WAITERS is set, `cur`
   * only changes under the lock, because both fast paths are closed.
   *
   * acquire slow path: under the lock, re-check (acquire if it now fits and nobody waits), else
   * CAS in WAITERS and queue a node with the request size. Without a done channel the node
   * parks; with one it waits in a select on its own `ready` channel and `done` (WaitNode),
   * allocating only here, as x/sync allocates its per-waiter channel.
   *
   * *** Cancellation *** (x/sync's Acquire)
   *
   * The cancel and the grant race on the node's CAS. Cancel won: unlink the node; if it was at
   * the front, notifyWaiters (the ones behind may fit now). Grant won, but done fired too (or
   * is ready when the grant is seen): release the tokens again and report failure, as Go does.
   */

  private static final long WAITERS = 1L;

  /** The largest size: cur is kept in the upper 63 bits. */
  public static final long MAX_SIZE = Long.MAX_VALUE >> 1;

  private final long size;

  /** cur (bits 1-63) and WAITERS (bit 0); accessed through STATE. */
  private volatile long state;

  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList queue = new WaitList(); // guarded by lock

  /**
   * Go's {@code semaphore.NewWeighted(n)}.
   *
   * @param size the number of tokens, at most {@link #MAX_SIZE}
   * @throws IllegalArgumentException if {@code size} is negative or too large
   */
  public Semaphore(long size) {
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("semaphore: size out of range: " + size);
    }
    this.size = size;
  }

  private static long cur(long s) {
    return s >>> 1;
  }

  private boolean casState(long expect, long update) {
    return STATE.compareAndSet(this, expect, update);
  }

  private static void checkWeight(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("semaphore: negative weight: " + n);
    }
  }

  /**
   * Go's {@code s.TryAcquire(n)}: acquires {@code n} tokens if they are free and nobody is waiting.
   * Never blocks.
   *
   * @param n the weight, not negative
   * @return whether the tokens were acquired
   */
  public boolean tryAcquire(long n) {
    checkWeight(n);
    for (; ; ) {
      long s = state;
      if ((s & WAITERS) != 0 || size - cur(s) < n) {
        return false;
      }
      if (casState(s, s + (n << 1))) {
        return true;
      }
    }
  }

  /**
   * Go's {@code s.Acquire(context.Background(), n)}: acquires {@code n} tokens, blocking until they
   * are granted. A request larger than the size blocks until interrupted, as in Go.
   *
   * @param n the weight, not negative
   * @throws InterruptedException if interrupted while waiting; nothing was acquired
   */
  public void acquire(long n) throws InterruptedException {
    acquire0(n, null);
  }

  /**
   * Go's {@code s.Acquire(ctx, n)}: acquires {@code n} tokens, blocking until they are granted or
   * {@code done} is ready. See the class comment for Go's rules on cancellation.
   *
   * @param n the weight, not negative
   * @param done the cancellation channel, e.g. a context's {@code done()}
   * @return {@code true} if the tokens were acquired; {@code false} if {@code done} was ready first
   *     (Go's {@code ctx.Err()}), in which case nothing is held
   * @throws InterruptedException if interrupted while waiting; nothing was acquired
   * @throws NullPointerException if {@code done} is null
   */
  public boolean acquire(long n, ReceiveChannel<?> done) throws InterruptedException {
    Objects.requireNonNull(done, "done");
    return acquire0(n, done);
  }

  private boolean acquire0(long n, ReceiveChannel<?> done) throws InterruptedException {
    checkWeight(n);
    if (done != null && done.tryReceive().isPresent()) {
      return false; // Go: a done context fails even if tokens are free
    }
    if (tryAcquire(n)) {
      return true;
    }
    if (n > size) { // Go: don't make other requests wait for one that is doomed to fail
      if (done == null) {
        for (; ; ) {
          LockSupport.park(this);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      }
      done.receive();
      return false;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    WaitNode node = new WaitNode(Thread.currentThread(), done != null);
    node.arg = n;
    lock.lock();
    try {
      for (; ; ) {
        long s = state;
        if ((s & WAITERS) == 0 && size - cur(s) >= n) {
          if (casState(s, s + (n << 1))) {
            return true;
          }
        } else if ((s & WAITERS) != 0 || casState(s, s | WAITERS)) {
          break;
        }
      }
      queue.addLast(node);
    } finally {
      lock.unlock();
    }
    int r;
    try {
      r = node.await(done);
    } catch (InterruptedException e) {
      withdraw(node);
      throw e;
    }
    if (r == WaitNode.CANCELLED) {
      withdraw(node);
      return false;
    }
    if (done != null && (node.doneFired || done.tryReceive().isPresent())) {
      release(n); // acquired, but done is ready: Go gives the tokens back and fails
      return false;
    }
    return true;
  }

  /** A cancelled request leaves the queue; the ones behind it may fit now (x/sync). */
  private void withdraw(WaitNode node) {
    WaitNode chain = null;
    lock.lock();
    try {
      boolean front = queue.peekFirst() == node;
      if (queue.remove(node)) {
        chain = front ? notifyWaiters() : null;
        if (queue.isEmpty()) {
          clearWaiters();
        }
      }
    } finally {
      lock.unlock();
    }
    grantChain(chain);
  }

  /**
   * Go's {@code s.Release(n)}: releases {@code n} tokens and grants queued requests, in order,
   * while they fit.
   *
   * @param n the weight, not negative
   * @throws IllegalStateException "semaphore: released more than held" if fewer than {@code n}
   *     tokens are in use (nothing is released)
   */
  public void release(long n) {
    checkWeight(n);
    for (; ; ) {
      long s = state;
      if (cur(s) < n) {
        throw new IllegalStateException("semaphore: released more than held");
      }
      if ((s & WAITERS) != 0) {
        break;
      }
      if (casState(s, s - (n << 1))) {
        return;
      }
    }
    WaitNode chain;
    lock.lock();
    try {
      for (; ; ) {
        long s = state;
        if (cur(s) < n) {
          throw new IllegalStateException("semaphore: released more than held");
        }
        if (casState(s, s - (n << 1))) {
          break;
        }
      }
      chain = notifyWaiters();
      if (queue.isEmpty()) {
        clearWaiters();
      }
    } finally {
      lock.unlock();
    }
    grantChain(chain);
  }

  /**
   * Go's notifyWaiters, with the lock held: grants queued requests from the front while they fit,
   * skipping cancelled ones; stops at the first that does not fit (no starvation of large
   * requests). Returns the granted nodes, chained, to wake after unlocking.
   */
  private WaitNode notifyWaiters() {
    WaitNode chain = null;
    WaitNode last = null;
    for (WaitNode h = queue.peekFirst(); h != null; h = queue.peekFirst()) {
      long n = h.arg;
      if (size - cur(state) < n) {
        break;
      }
      queue.remove(h);
      // The tokens are counted before the grant: the owner may see GRANTED at once and release
      // them (or give them back when its done fired), so they must be in the count by then.
      addTokens(n);
      if (!h.casGrant(WaitNode.GRANTED)) {
        addTokens(-n); // cancelled; its owner finds it unlinked
        continue;
      }
      if (last == null) {
        chain = h;
      } else {
        last.wakeNext = h;
      }
      last = h;
    }
    return chain;
  }

  private void addTokens(long n) {
    long s;
    do {
      s = state;
    } while (!casState(s, s + (n << 1)));
  }

  private void clearWaiters() {
    long s;
    do {
      s = state;
    } while ((s & WAITERS) != 0 && !casState(s, s & ~WAITERS));
  }

  private static void grantChain(WaitNode chain) {
    WaitNode.wakeChain(chain);
  }

  /**
   * The number of tokens (Go's {@code size}).
   *
   * @return the size given at construction
   */
  public long size() {
    return size;
  }

  /** Test hook: queued requests. */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Test hook: tokens in use. */
  long inUse() {
    return cur(state);
  }

  @Override
  public String toString() {
    long s = state;
    return "Semaphore[size="
        + size
        + ", in use="
        + cur(s)
        + ((s & WAITERS) != 0 ? ", waiters" : "")
        + "]";
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Semaphore.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
