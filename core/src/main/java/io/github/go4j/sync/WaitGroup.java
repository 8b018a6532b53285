package io.github.go4j.sync;

import io.github.go4j.Go;
import io.github.go4j.Task;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Node;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.SyncWait;
import io.github.go4j.internal.TestHooks;
import io.github.go4j.internal.WaitQueue;
import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Go's {@code sync.WaitGroup}: {@code var wg sync.WaitGroup; wg.Add(1); go func() { defer
 * wg.Done(); ... }(); wg.Wait()}.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *   wg.go(() -> fetch(url));   // Go 1.25's wg.Go(f): add(1), go f(), done() when f ends
 * }
 * wg.await();                  // Go's wg.Wait(): `wait` is taken by Object
 * }</pre>
 *
 * <p>A counter of outstanding tasks: {@link #add(int)} changes it, {@link #done()} decrements it,
 * and {@link #await()} blocks until it is zero. When the counter reaches zero every blocked {@code
 * await} returns; an {@code await} on a zero counter returns at once. A WaitGroup is reusable: a
 * new round may start (with {@code add}) as soon as the counter is zero.
 *
 * <p>Go's misuse checks are kept: a negative counter throws {@link IllegalStateException} "sync:
 * negative WaitGroup counter" (and, unlike Go, the counter is left unchanged); an {@code add} with
 * a positive delta that races with the release of blocked waiters (the counter went to zero, the
 * waiters are not released yet) throws "sync: WaitGroup misuse: Add called concurrently with Wait",
 * at the same point as Go. Go also panics when a WaitGroup "is reused before previous Wait has
 * returned"; go4j does not need that restriction (each round's waiters are released by claiming
 * their own registered wait, so a new round cannot disturb them) and does not raise it.
 *
 * <p><b>Blocking and interruption:</b> {@link #await()} blocks while the counter is positive. If it
 * is interrupted while it waits, it throws {@link InterruptedException} and no longer counts as a
 * waiter; if the release and the interrupt race, it returns normally with the interrupt status set.
 * {@link #await(ReceiveChannel)} also returns {@code false} when its done channel is ready first.
 * {@code add}, {@code done} and {@code go} never block.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to calling {@code done()} (or an
 * {@code add} with a negative delta) happen-before the return of any {@code await} that it unblocks
 * or that observes the counter at zero afterwards. For {@link #go(Task)}, the task's actions, and
 * the panic handler's if the task throws, happen-before such an {@code await} returns; actions
 * prior to {@code go(task)} happen-before the task starts.
 */
public final class WaitGroup {
  /*
   * *** Overview ***
   *
   * Go's packed 64-bit state (sync/waitgroup.go), changed only by CAS:
   *
   *   bits 32-63  counter   (signed int: the number of outstanding tasks)
   *   bits  0-31  waiters   (unsigned: await calls blocked in the current round)
   *
   * add/done: a CAS loop validates the new counter before publishing it (negative -> throw,
   * nothing changed). When a CAS takes the counter to 0 while waiters > 0, that thread is the
   * releaser: under `lock` it resets the state to 0, unlinks every queued node and grants it
   * (a claim CAS on the owner's Waiter), and wakes the granted goroutines after unlocking.
   * Grants happen under the lock: a waiter withdraws its node only under the lock, so until
   * then the node is that waiter's current wait (a granted waiter reuses its node at once for
   * its next wait). Uncontended add/done and a zero-counter await take no lock and allocate
   * nothing; neither does a blocking await.
   *
   * await: under `lock`, re-read the state; counter 0 -> return; else CAS waiters+1 and queue
   * the thread's reusable node (Waiter.node()) under a fresh stamp (both under the lock, so a
   * releaser that saw waiters > 0 finds every counted node queued once it gets the lock); with
   * a done channel, also register the wait on done (SyncWait), still under the lock. Waiters
   * are registered only while the counter is positive, so a new round's waiters can never be
   * released by an earlier round.
   *
   * *** Cancellation ***
   *
   * An interrupted or done waiter's wait is claimed by CANCELLED or by done (SyncWait.DONE), so
   * the releaser's grant fails; the waiter then, under the lock, unlinks the node and
   * decrements `waiters` -- only if the node is still queued. If a releaser had unlinked it
   * already, the state was reset and nothing is decremented. The releaser therefore re-reads the
   * state under the lock instead of expecting the exact value it produced (a canceller may have
   * lowered `waiters` in between).
   *
   * *** Departures from Go ***
   *
   * - Go wakes waiters through a runtime semaphore (permits that may be posted before the
   *   waiter parks); here each waiter registers its own wait record (a claim may likewise come
   *   before the waiter parks), which also makes cancellation possible.
   * - The "reused before previous Wait has returned" panic is not needed and not raised.
   * - A negative counter does not corrupt the state: the CAS is not done.
   */

  private static final long WAITER_MASK = 0xFFFF_FFFFL;

  /** Counter (bits 32-63) and waiters (bits 0-31); see the overview. Accessed through STATE. */
  private volatile long state;

  /** Guards the waiter list and the registration and release of waiters. */
  private final PrimitiveLock lock = new PrimitiveLock();

  private final WaitQueue waiters = new WaitQueue(); // guarded by lock

  /** The outcome of a release (Waiter.index of the claim). */
  private static final int RELEASED = 0;

  /** Creates a WaitGroup with a zero counter (Go's zero value). */
  public WaitGroup() {}

  private static int counter(long s) {
    return (int) (s >> 32);
  }

  private static int waiterCount(long s) {
    return (int) s;
  }

  private boolean casState(long expect, long update) {
    return STATE.compareAndSet(this, expect, update);
  }

  /**
   * Go's {@code wg.Add(delta)}: adds {@code delta}, which may be negative, to the counter. If the
   * counter becomes zero, every goroutine blocked in {@code await} is released.
   *
   * <p>As in Go, calls with a positive delta that start a round should happen before the {@code
   * await} they are meant for, typically before the goroutine they count is started.
   *
   * @param delta the change
   * @throws IllegalStateException "sync: negative WaitGroup counter" if the counter would become
   *     negative (the counter is unchanged); "sync: WaitGroup misuse: Add called concurrently with
   *     Wait" if a positive delta races with the release of waiters
   * @throws ArithmeticException if the counter would exceed {@link Integer#MAX_VALUE}
   */
  public void add(int delta) {
    if (delta == 0) {
      return;
    }
    for (; ; ) {
      long s = state;
      int v = counter(s);
      long nv = (long) v + delta;
      if (nv < 0) {
        throw new IllegalStateException("sync: negative WaitGroup counter");
      }
      if (nv > Integer.MAX_VALUE) {
        throw new ArithmeticException("sync: WaitGroup counter overflow");
      }
      int w = waiterCount(s);
      if (w != 0 && delta > 0 && v == 0) {
        // Waiters are registered only while the counter is positive: the counter just went to
        // zero and those waiters are being released (Go's check).
        throw new IllegalStateException(
            "sync: WaitGroup misuse: Add called concurrently with Wait");
      }
      long ns = (nv << 32) | (s & WAITER_MASK);
      if (casState(s, ns)) {
        if (nv == 0 && w != 0) {
          releaseWaiters();
        }
        return;
      }
    }
  }

  /**
   * Go's {@code wg.Done()}: decrements the counter by one.
   *
   * @throws IllegalStateException "sync: negative WaitGroup counter" if the counter is zero
   */
  public void done() {
    add(-1);
  }

  /**
   * Go 1.25's {@code wg.Go(f)}: adds one to the counter and runs {@code task} in a new goroutine
   * that calls {@link #done()} when the task ends, whether it returns or throws.
   *
   * <p>An exception that escapes the task is reported to {@link Go#panicHandler()} (Go's panic is
   * not swallowed) <em>before</em> {@code done()}, so the handler has run when {@code await}
   * returns. (Go 1.26 leaves the counter up when {@code f} panics, because the panic ends the
   * program; a Java program goes on, so go4j still counts the task as done.) The task may itself
   * call {@code go} on the same WaitGroup.
   *
   * @param task the body of the goroutine
   * @return the goroutine's thread
   * @throws NullPointerException if {@code task} is null
   */
  public Thread go(Task task) {
    Objects.requireNonNull(task, "task must not be null");
    add(1);
    try {
      return Go.go(
          () -> {
            try {
              Go.runReportingPanic(task);
            } finally {
              done();
            }
          });
    } catch (Throwable e) { // the goroutine did not start (e.g. OutOfMemoryError)
      done();
      throw e;
    }
  }

  /**
   * Go's {@code wg.Wait()}: blocks until the counter is zero. ({@code wait} is final in {@link
   * Object}, hence the name.)
   *
   * @throws InterruptedException if interrupted while waiting; it no longer counts as a waiter
   */
  public void await() throws InterruptedException {
    await0(null);
  }

  /**
   * Go's {@code wg.Wait()} with a way out: blocks until the counter is zero or {@code done} is
   * ready (closed, or a value can be received from it), whichever comes first.
   *
   * <pre>{@code
   * if (!wg.await(ctx.done())) { return ctx.err(); }
   * }</pre>
   *
   * @param done a signal channel, e.g. a context's {@code done()}: ready when closed, or when a
   *     value can be received from it, and then that value is consumed (as by a Go select's case)
   * @return {@code true} if the counter is zero, {@code false} if {@code done} was ready first (a
   *     zero counter wins over a ready {@code done} at entry)
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if {@code done} is null
   * @throws IllegalArgumentException if {@code done} is not a go4j channel (another implementation
   *     of {@code ReceiveChannel})
   */
  public boolean await(ReceiveChannel<?> done) throws InterruptedException {
    SyncWait.checkDone(done); // before anything is queued: a foreign channel fails here
    return await0(done);
  }

  private boolean await0(ReceiveChannel<?> done) throws InterruptedException {
    if (counter(state) == 0) {
      return true; // volatile read: pairs with the CAS that took the counter to zero
    }
    if (done != null && done.tryReceive().isPresent()) {
      return false;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Waiter w = Waiter.current();
    int stamp = w.begin();
    Node node = w.node().prepare(stamp, 0, null);
    lock.lock();
    try {
      for (; ; ) {
        long s = state;
        if (counter(s) == 0) {
          return true;
        }
        if (waiterCount(s) == -1) {
          throw new IllegalStateException("sync: too many WaitGroup waiters");
        }
        if (casState(s, s + 1)) {
          break;
        }
      }
      waiters.add(node);
      boolean waiting = false;
      try {
        if (done != null && SyncWait.registerDone(w, stamp, done)) {
          return false; // done became ready: leave at once
        }
        waiting = true;
      } finally {
        if (!waiting) { // done was ready, or registerDone threw: neither queued nor counted
          withdrawLocked(node);
        }
      }
    } finally {
      lock.unlock();
    }
    int r = w.await(false, WaitReason.WAITGROUP_WAIT, this);
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
    return true; // RELEASED
  }

  /** A cancelled waiter leaves: unlink and uncount it unless a releaser already unlinked it. */
  private void withdraw(Node node) {
    lock.lock();
    try {
      withdrawLocked(node);
    } finally {
      lock.unlock();
    }
  }

  private void withdrawLocked(Node node) {
    if (waiters.remove(node)) {
      long s;
      do {
        s = state;
      } while (!casState(s, s - 1));
    }
  }

  /**
   * Called by the thread whose add took the counter to zero with waiters registered. Until it has
   * the lock, the only changes the state can see are waiters leaving (done or an interrupt: their
   * count drops) and, once none is left, a new round's add: an add while waiters are registered and
   * the counter is zero is Go's misuse, which add itself reports. So a counter that is no longer
   * zero here means every waiter of this round has left, and the new round's waiters are not this
   * thread's to release. (Go's releaser panics on any change, since its waiters cannot leave.)
   */
  private void releaseWaiters() {
    if (TestHooks.ON) {
      TestHooks.run(releaseHook);
    }
    Object wake = null;
    lock.lock();
    try {
      for (; ; ) {
        long s = state;
        if (counter(s) != 0) {
          return; // every waiter of the round left before this release (see above)
        }
        if (casState(s, 0L)) {
          break;
        }
      }
      for (Node n; (n = waiters.poll()) != null; ) {
        if (n.grant(RELEASED)) { // fails if done or an interrupt won: that waiter leaves
          wake = Wakeups.add(wake, n);
        }
      }
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
  }

  /*
   * Test hook, for WaitGroupReleaseHookTest only (see TestHooks): the thread whose add took the
   * counter to zero runs releaseHook (if set) before it takes the lock to release the waiters, the
   * window in which they may leave and a new round may begin.
   */
  static volatile Runnable releaseHook;

  /** Test hook: the number of registered waiters. */
  int waiters() {
    return waiterCount(state);
  }

  /** Test hook: the counter. */
  int counter() {
    return counter(state);
  }

  @Override
  public String toString() {
    long s = state;
    return "WaitGroup[counter=" + counter(s) + ", waiters=" + waiterCount(s) + "]";
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
