package io.github.go4j.sync;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Node;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.SyncWait;
import io.github.go4j.internal.WaitQueue;
import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;
import java.util.Objects;

/**
 * Go's {@code sync.Cond}: {@code c := sync.NewCond(&mu); for !condition() { c.Wait() }}.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * Cond ready = new Cond(mu);
 * mu.lock();
 * try {
 *   while (!condition()) {
 *     ready.await();              // Go's c.Wait(): `wait` is taken by Object
 *   }
 *   use();
 * } finally {
 *   mu.unlock();
 * }
 * }</pre>
 *
 * <p>A rendezvous point for goroutines waiting for, or announcing, an event. {@link #await()}
 * atomically unlocks the {@linkplain #locker() locker} and suspends the goroutine, and locks the
 * locker again before returning; since a wake-up does not mean that the condition holds, callers
 * wait in a loop. {@link #signal()} wakes the goroutine that has waited longest, if any; {@link
 * #broadcast()} wakes every goroutine waiting at that moment and none that starts waiting
 * afterwards. Neither requires holding the locker. (Go's documentation recommends channels for most
 * simple uses; so does go4j.)
 *
 * <p><b>Blocking and interruption:</b> {@code await} blocks until signalled. Unlike Go's {@code
 * Wait}, it can be interrupted: it then leaves the wait queue (so it takes no signal meant for
 * another waiter), locks the locker again and throws {@link InterruptedException}; if a signal and
 * the interrupt race, it returns normally with the interrupt status set, and the signal is not
 * lost. {@link #await(ReceiveChannel)} also returns {@code false} (with the locker locked again)
 * when its done channel is ready first. Relocking after the wait uses the locker's {@code lock()},
 * which for go4j's lockers is not interruptible.
 *
 * <p><b>Memory consistency effects:</b> a call to {@code signal()} or {@code broadcast()}
 * happens-before the return of each {@code await} that it unblocks. The locker provides the rest:
 * actions before {@code await} releases the locker happen-before the next acquirer's actions, and
 * the relock at the end of {@code await} follows the previous holder's unlock.
 */
public final class Cond {
  /*
   * *** Overview ***
   *
   * Go's notifyList (runtime/sema.go) numbers waiters with tickets so that a waiter can be
   * registered (ticket taken) before L is unlocked and parked after. Here registration is the
   * waiter's reusable node (Waiter.node(), under a fresh stamp) appended to a FIFO queue under
   * the Cond's own lock, still before L is unlocked, which keeps Go's guarantees directly:
   * signal claims the queue's head (the longest waiter), and broadcast claims exactly the nodes
   * registered before it, so later waiters are not woken. A claim that comes before the waiter
   * parks is simply seen by its await (no wake-up is lost). Claims are made under the lock and
   * the claimed goroutines woken after it; a waiter withdraws its node only under the lock, so a
   * queued node always belongs to its owner's current wait.
   *
   * L.unlock() runs between the registration and the wait, and a Locker other than go4j's may
   * block in it on a go4j channel or primitive. The waiter's record is therefore lent for that
   * span (Waiter.lend): a nested operation waits on a spare record of the same thread and can
   * neither restamp the Cond's wait nor relink its queued node.
   *
   * *** Cancellation ***
   *
   * An interrupt (CANCELLED) or the done channel (SyncWait.DONE) claims the wait first, or loses
   * to the signal's claim. If it wins, a signaller's claim fails and the signaller claims the
   * next node, so a cancelled waiter never swallows a signal; the waiter unlinks its node. If
   * the signal's claim wins, the waiter returns normally (interrupt status set).
   *
   * *** Departures from Go ***
   *
   * - Tickets are replaced by queue order (they exist in Go so that the sudog is acquired only
   *   after L is unlocked; here the per-thread record is reused, lent during L.unlock, and the
   *   queue makes cancellation possible).
   * - signal/broadcast with no waiter is one volatile read (Go: wait == notify).
   */

  private final Locker l;
  private final PrimitiveLock lock = new PrimitiveLock();
  private final WaitQueue waiters = new WaitQueue(); // guarded by lock

  /** The outcome of a signal or broadcast (Waiter.index of the claim). */
  private static final int SIGNALLED = 0;

  /** Mirrors waiters.size(): written under lock, read without it by signal and broadcast. */
  private volatile int count;

  /**
   * Go's {@code sync.NewCond(l)}.
   *
   * @param l the locker that guards the condition (Go's field {@code c.L})
   * @throws NullPointerException if {@code l} is null
   */
  public Cond(Locker l) {
    this.l = Objects.requireNonNull(l, "locker l must not be null");
  }

  /**
   * Go's field {@code c.L}: the locker held while observing or changing the condition.
   *
   * @return the locker
   */
  public Locker locker() {
    return l;
  }

  /**
   * Go's {@code c.Wait()}: unlocks the locker, waits for a {@link #signal()} or {@link
   * #broadcast()}, and locks the locker again before returning. The caller must hold the locker.
   *
   * @throws InterruptedException if interrupted while waiting (the locker is locked again)
   * @throws IllegalStateException from the locker's {@code unlock} if it was not held
   */
  public void await() throws InterruptedException {
    await0(null);
  }

  /**
   * Like {@link #await()}, but also returns when {@code done} is ready (closed, or a value can be
   * received from it). The locker is locked again in every case.
   *
   * @param done a signal channel, e.g. a context's {@code done()}: ready when closed, or when a
   *     value can be received from it, and then that value is consumed (as by a Go select's case)
   * @return {@code true} if woken by a signal or broadcast, {@code false} if {@code done} was ready
   *     first
   * @throws InterruptedException if interrupted while waiting (the locker is locked again)
   * @throws NullPointerException if {@code done} is null
   * @throws IllegalArgumentException if {@code done} is not a go4j channel (another implementation
   *     of {@code ReceiveChannel})
   */
  public boolean await(ReceiveChannel<?> done) throws InterruptedException {
    SyncWait.checkDone(done); // before anything is queued: a foreign channel fails here
    return await0(done);
  }

  private boolean await0(ReceiveChannel<?> done) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (done != null && done.tryReceive().isPresent()) {
      return false;
    }
    Waiter w = Waiter.current();
    int stamp = w.begin();
    Node node = w.node().prepare(stamp, 0, null);
    lock.lock();
    try {
      waiters.add(node);
      count = waiters.size();
      boolean waiting = false;
      try {
        if (done != null && SyncWait.registerDone(w, stamp, done)) {
          return false; // done became ready: leave before L was ever unlocked
        }
        waiting = true;
      } finally {
        if (!waiting) { // done was ready, or registerDone threw: no signal may land on the node
          waiters.remove(node);
          count = waiters.size();
        }
      }
    } finally {
      lock.unlock();
    }
    w.lend(); // L.unlock() may block on go4j in turn: not on this record
    try {
      l.unlock();
    } catch (Throwable e) { // e.g. the caller did not hold the locker
      w.unlend();
      boolean signalled = !w.tryCancel() && !SyncWait.isDone(w.status());
      if (done != null) {
        SyncWait.withdrawDone(w, done, w.status());
      }
      withdraw(node);
      if (signalled) {
        signal(); // a signal claimed this wait meanwhile: pass it on rather than lose it
      }
      throw e;
    }
    w.unlend();
    int r = w.await(false, WaitReason.COND_WAIT, this);
    if (done != null) {
      SyncWait.withdrawDone(w, done, r);
    }
    if (r == Waiter.CANCELLED) {
      withdraw(node);
      l.lock();
      throw new InterruptedException();
    }
    if (SyncWait.isDone(r)) {
      withdraw(node);
      l.lock();
      return false;
    }
    l.lock(); // SIGNALLED: the signaller unlinked the node
    return true;
  }

  private void withdraw(Node node) {
    lock.lock();
    try {
      waiters.remove(node); // a no-op if a signaller unlinked it and failed to claim it
      count = waiters.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code c.Signal()}: wakes the goroutine that has waited longest, if there is one. The
   * caller need not hold the locker.
   */
  public void signal() {
    if (count == 0) {
      return;
    }
    Node h;
    lock.lock();
    try {
      do {
        h = waiters.poll();
      } while (h != null && !h.grant(SIGNALLED)); // skip cancelled waiters
      count = waiters.size();
    } finally {
      lock.unlock();
    }
    if (h != null) {
      h.wake();
    }
  }

  /**
   * Go's {@code c.Broadcast()}: wakes every goroutine waiting now; goroutines that start waiting
   * afterwards are not woken. The caller need not hold the locker.
   */
  public void broadcast() {
    if (count == 0) {
      return;
    }
    Object wake = null;
    lock.lock();
    try {
      for (Node n; (n = waiters.poll()) != null; ) {
        if (n.grant(SIGNALLED)) { // fails for cancelled waiters
          wake = Wakeups.add(wake, n);
        }
      }
      count = 0;
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
  }

  /** Test hook: the number of registered waiters. */
  int waiters() {
    return count;
  }

  @Override
  public String toString() {
    return "Cond[waiters=" + count + ", L=" + l + "]";
  }
}
