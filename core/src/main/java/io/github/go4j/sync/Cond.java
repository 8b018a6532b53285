package io.github.go4j.sync;

import io.github.go4j.chan.ReceiveChannel;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

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
   * registered (ticket taken) before L is unlocked and parked after. Here registration is a
   * node appended to a FIFO list under the Cond's own lock, still before L is unlocked, which
   * keeps Go's guarantees directly: signal takes the list's head (the longest waiter), and
   * broadcast detaches exactly the nodes registered before it, so later waiters are not woken.
   *
   * *** Cancellation ***
   *
   * An interrupted (or done) waiter wins the CAS on its node, then unlinks it; a signaller that
   * meets a cancelled node skips it and claims the next, so a cancelled waiter never swallows a
   * signal. If the signal's claim wins, the waiter returns normally (interrupt status set).
   *
   * *** Departures from Go ***
   *
   * - Tickets are replaced by list order (they exist in Go to avoid allocation and locking in
   *   the runtime; a node per wait is cheap here and makes cancellation possible).
   * - signal/broadcast with no waiter is one volatile read (Go: wait == notify).
   */

  private final Locker l;
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList waiters = new WaitList(); // guarded by lock

  /** Mirrors waiters.size(): written under lock, read without it by signal and broadcast. */
  private volatile int count;

  /**
   * Go's {@code sync.NewCond(l)}.
   *
   * @param l the locker that guards the condition (Go's field {@code c.L})
   * @throws NullPointerException if {@code l} is null
   */
  public Cond(Locker l) {
    this.l = Objects.requireNonNull(l, "l");
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
   * @param done the cancellation channel, e.g. a context's {@code done()}
   * @return {@code true} if woken by a signal or broadcast, {@code false} if {@code done} was ready
   *     first
   * @throws InterruptedException if interrupted while waiting (the locker is locked again)
   * @throws NullPointerException if {@code done} is null
   */
  public boolean await(ReceiveChannel<?> done) throws InterruptedException {
    Objects.requireNonNull(done, "done");
    return await0(done);
  }

  private boolean await0(ReceiveChannel<?> done) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (done != null && done.tryReceive().isPresent()) {
      return false;
    }
    WaitNode node = new WaitNode(Thread.currentThread(), done != null);
    lock.lock();
    try {
      waiters.addLast(node);
      count = waiters.size();
    } finally {
      lock.unlock();
    }
    try {
      l.unlock();
    } catch (RuntimeException e) { // the caller did not hold the locker
      node.casCancel();
      withdraw(node);
      throw e;
    }
    int r;
    try {
      r = node.await(done);
    } catch (InterruptedException e) {
      withdraw(node);
      l.lock();
      throw e;
    }
    if (r == WaitNode.CANCELLED) {
      withdraw(node);
      l.lock();
      return false;
    }
    l.lock();
    return true;
  }

  private void withdraw(WaitNode node) {
    lock.lock();
    try {
      waiters.remove(node);
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
    WaitNode h;
    lock.lock();
    try {
      do {
        h = waiters.pollFirst();
      } while (h != null && !h.casGrant(WaitNode.GRANTED)); // skip cancelled waiters
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
    WaitNode chain;
    lock.lock();
    try {
      chain = waiters.drain();
      count = 0;
    } finally {
      lock.unlock();
    }
    while (chain != null) {
      WaitNode next = chain.wakeNext;
      chain.wakeNext = null;
      if (chain.casGrant(WaitNode.GRANTED)) {
        chain.wake();
      }
      chain = next;
    }
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
