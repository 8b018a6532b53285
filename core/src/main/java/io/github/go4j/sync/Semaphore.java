package io.github.go4j.sync;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Chan;
import io.github.go4j.internal.Node;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.SyncWait;
import io.github.go4j.internal.TestHooks;
import io.github.go4j.internal.WaitQueue;
import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
   * CAS in WAITERS and queue the thread's reusable node (Waiter.node(), arg = the request size)
   * under a fresh stamp; with a done channel, also register the same wait on done
   * (SyncWait.registerDone), still under the lock, so that neither a grant nor done can claim
   * the wait before both registrations exist. Then wait on the thread's Waiter: the wait ends
   * with exactly one claim, a grant (outcome GRANTED, by notifyWaiters) or done's (SyncWait.DONE),
   * or is cancelled by an interrupt. Nothing is allocated: x/sync allocates a `ready` channel
   * per waiter, the Waiter is its reusable equivalent.
   *
   * notifyWaiters grants under the lock and reads the request size before the grant CAS: once
   * granted, the owner may return and reuse its node for another wait at once. The owner always
   * withdraws its node under the lock (a no-op if a granter unlinked it), so a node a granter
   * finds in the queue belongs to its owner's current wait.
   *
   * *** Cancellation *** (x/sync's Acquire)
   *
   * Done (or the interrupt) and the grant race on the Waiter's claim CAS. Done or the interrupt
   * won: the granter's CAS fails and it takes its tokens back; the owner unlinks its node, and
   * if it was at the front, runs notifyWaiters (the ones behind may fit now). Grant won, but
   * done is ready when the grant is seen: release the tokens again and report failure, as Go
   * does.
   */

  private static final long WAITERS = 1L;

  /** The largest size: cur is kept in the upper 63 bits. */
  public static final long MAX_SIZE = Long.MAX_VALUE >> 1;

  private final long size;

  /** cur (bits 1-63) and WAITERS (bit 0); accessed through STATE. */
  private volatile long state;

  /** The outcome of a grant (Waiter.index of the claim): the tokens were handed over. */
  private static final int GRANTED = 0;

  private final PrimitiveLock lock = new PrimitiveLock();
  private final WaitQueue queue = new WaitQueue(); // guarded by lock

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
   * are granted. A request larger than the size blocks until interrupted, as in Go, where it waits
   * on a context that is never done: the goroutine counts as blocked for good (the deadlock
   * detector and goroutine dumps see it waiting in {@code semacquire}).
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
   * @param done a signal channel, e.g. a context's {@code done()}: ready when closed, or when a
   *     value can be received from it, and then that value is consumed (as by a Go select's case)
   * @return {@code true} if the tokens were acquired; {@code false} if {@code done} was ready first
   *     (Go's {@code ctx.Err()}), in which case nothing is held
   * @throws InterruptedException if interrupted while waiting; nothing was acquired
   * @throws NullPointerException if {@code done} is null
   * @throws IllegalArgumentException if {@code done} is not a go4j channel (another implementation
   *     of {@code ReceiveChannel})
   */
  public boolean acquire(long n, ReceiveChannel<?> done) throws InterruptedException {
    SyncWait.checkDone(done); // before anything is queued: a foreign channel fails here
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
      if (done == null) { // Go's <-ctx.Done() of a context never done: blocked for good
        Chan.parkForever(WaitReason.SEMACQUIRE, this);
      }
      done.receive();
      return false;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Waiter w = Waiter.current();
    int stamp = w.begin();
    Node node = w.node().prepare(stamp, 0, null);
    node.arg = n; // read by notifyWaiters under the lock
    Object wake = null;
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
      queue.add(node);
      boolean waiting = false;
      try {
        if (done != null && SyncWait.registerDone(w, stamp, done)) {
          return false; // done became ready: the request leaves at once
        }
        waiting = true;
      } finally {
        if (!waiting) { // done was ready, or registerDone threw: nothing stays queued
          wake = withdrawLocked(node);
        }
      }
    } finally {
      lock.unlock();
      Wakeups.wake(wake);
    }
    int r = w.await(false, WaitReason.SEMACQUIRE, this);
    if (done != null) {
      SyncWait.withdrawDone(w, done, r);
    }
    if (r == Waiter.CANCELLED) {
      withdraw(node);
      throw new InterruptedException();
    }
    if (SyncWait.isDone(r)) {
      withdraw(node);
      return false;
    }
    // Granted: the tokens are counted for this goroutine.
    if (done != null && done.tryReceive().isPresent()) {
      release(n); // acquired, but done is ready: Go gives the tokens back and fails
      return false;
    }
    return true;
  }

  /** A cancelled request leaves the queue; the ones behind it may fit now (x/sync). */
  private void withdraw(Node node) {
    Object wake;
    lock.lock();
    try {
      wake = withdrawLocked(node);
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
  }

  /**
   * Unlinks the node of a request that gave up, unless a granter already did (its grant failed and
   * it took its tokens back); lock held. Returns the requests granted because of it, to wake.
   */
  private Object withdrawLocked(Node node) {
    boolean front = queue.peekFirst() == node;
    Object wake = null;
    if (queue.remove(node)) {
      wake = front ? notifyWaiters() : null;
      if (queue.isEmpty()) {
        clearWaiters();
      }
    }
    return wake;
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
    Object wake;
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
      wake = notifyWaiters();
      if (queue.isEmpty()) {
        clearWaiters();
      }
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
  }

  /**
   * Go's notifyWaiters, with the lock held: grants queued requests from the front while they fit,
   * skipping cancelled ones; stops at the first that does not fit (no starvation of large
   * requests). Returns the granted goroutines, to wake after unlocking ({@link Wakeups}).
   */
  private Object notifyWaiters() {
    Object wake = null;
    for (Node h = queue.peekFirst(); h != null; h = queue.peekFirst()) {
      long n = h.arg; // read before the grant: a granted owner reuses its node at once
      if (size - cur(state) < n) {
        break;
      }
      queue.remove(h);
      // The tokens are counted before the grant: the owner may see GRANTED at once and release
      // them (or give them back when its done fired), so they must be in the count by then.
      addTokens(n);
      if (TestHooks.ON) {
        TestHooks.run(grantHook);
      }
      if (!h.grant(GRANTED)) {
        addTokens(-n); // done or an interrupt won; its owner finds the node unlinked
        continue;
      }
      wake = Wakeups.add(wake, h);
    }
    return wake;
  }

  /*
   * Test hook, for SemaphoreGrantHookTest only (see TestHooks): notifyWaiters runs grantHook (if
   * set) between counting a request's tokens and granting it, with the lock held, so that a test
   * can look at the semaphore exactly there (the tokens must already be counted, the owner not yet
   * granted) or make the owner's interrupt win the race against the grant. The two steps' order is
   * what the hook pins: it must stay between them.
   */
  static volatile Runnable grantHook;

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
