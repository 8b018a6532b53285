package io.github.go4j.sync;

import io.github.go4j.internal.Node;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.WaitQueue;
import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.Mutex}: {@code var mu sync.Mutex; mu.Lock(); defer mu.Unlock()}.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * mu.lock();
 * try {
 *   balance += amount;
 * } finally {
 *   mu.unlock();
 * }
 * }</pre>
 *
 * <p>A mutual exclusion lock with Go's rules: a new Mutex is unlocked; it is not owned by a thread,
 * so one goroutine may lock it and another unlock it; it is <em>not reentrant</em> (a goroutine
 * that locks a Mutex it holds deadlocks, as in Go); unlocking an unlocked Mutex throws {@link
 * IllegalStateException} "sync: unlock of unlocked mutex" (Go's fatal error).
 *
 * <p>Fairness is Go's: in <em>normal mode</em> a woken waiter competes with newly arriving
 * goroutines, which usually win (they are already running), and a waiter that loses goes back to
 * the front of the queue; this gives the best throughput. A waiter that has waited longer than 1 ms
 * switches the Mutex to <em>starvation mode</em>: the unlocker then hands the lock directly to the
 * waiter at the front of the queue, new arrivals queue at the back without trying (and {@link
 * #tryLock()} fails), until a waiter that receives the lock has waited less than 1 ms or is the
 * last one. Every waiter thus acquires the lock eventually.
 *
 * <p><b>Blocking and interruption:</b> {@link #lock()} blocks until the lock is acquired and cannot
 * be interrupted, like Go's {@code Lock} and Java's {@code Lock.lock()}: an interrupt that arrives
 * while it waits is kept in the interrupt status. {@link #lockInterruptibly()} is the Java-style
 * variant: interrupted while it waits, it leaves the queue and throws {@link InterruptedException};
 * if the interrupt races with the lock being handed to it, it returns holding the lock with the
 * interrupt status set. {@link #tryLock()} and {@link #unlock()} never block.
 *
 * <p><b>Memory consistency effects:</b> as in Go's memory model, the n-th call to {@code unlock()}
 * happens-before the return of the m-th successful {@code lock()}, {@code lockInterruptibly()} or
 * {@code tryLock()} for n &lt; m. A {@code tryLock()} that returns false creates no happens-before
 * edge.
 */
public final class Mutex implements Locker {
  /*
   * *** Overview ***
   *
   * Go's sync.Mutex algorithm (sync/mutex.go, "Mutex fairness"), with the runtime semaphore
   * replaced by an explicit FIFO queue (WaitQueue) of the waiting goroutines' reusable nodes
   * (Waiter.node()). The state word, changed only by CAS:
   *
   *   bit 0  LOCKED    the mutex is held (in starvation mode, also while being handed off)
   *   bit 1  WOKEN     a waiter was woken (or a spinner volunteered) and is competing; unlock
   *                    need not wake another one. Owned by that goroutine, which clears it in
   *                    its next successful CAS.
   *   bit 2  STARVING  starvation mode: unlock hands the lock to the queue's head
   *   bit 3  WAITERS   the queue is not empty (changed only with `qlock` held)
   *
   * Invariant: STARVING implies LOCKED (LOCKED is cleared only by a normal unlock, whose CAS
   * requires STARVING clear, or by a hand-off that finds no waiter and clears both).
   *
   * lock: CAS 0 -> LOCKED; else lockSlow. lockSlow: acquire if !LOCKED (clearing WOKEN if this
   * goroutine owns it); else spin a little in normal mode (volunteering as WOKEN so that unlock
   * does not wake a sleeper); else, under qlock, re-check and CAS in WAITERS (and STARVING if
   * this goroutine has waited more than 1 ms), queue the node under a fresh stamp of its
   * Waiter (a goroutine that was woken and lost goes to the front, Go's LIFO re-queue; its
   * first-enqueue time `since` is kept in a local and copied into the node's `arg` each time) and park
   * in Waiter.await without spinning (lockSlow has spun already). The unlocker unlinks the node
   * and claims the wait with an outcome: woken in normal mode (WOKEN_UP), the goroutine loops
   * owning the WOKEN bit; granted in starvation mode (GRANTED), it owns the lock already.
   *
   * unlock: CAS LOCKED -> 0; else unlockSlow. Normal mode: clear LOCKED first (so a running
   * goroutine can take the lock at once), then, if there are waiters and nobody holds WOKEN or
   * the lock, take WOKEN and claim the queue's head (unlinked and claimed under qlock, woken
   * after unlocking). Starvation mode: keep LOCKED, grant the head under qlock and update
   * STARVING/WAITERS in the same step; the head's `since` is read before the grant, because a
   * granted goroutine may reuse its node at once.
   *
   * *** Cancellation (lockInterruptibly) ***
   *
   * The interrupted goroutine wins the claim CAS on its Waiter (CANCELLED) or loses it to the
   * unlocker's claim. If it wins, the unlocker's claim fails and the unlocker moves on to the
   * next node; the goroutine unlinks itself under qlock and clears WAITERS (and STARVING) if the queue is now
   * empty. If it loses to WOKEN, it loops as a woken goroutine: it acquires (and returns with
   * the interrupt status set) or re-queues, which clears WOKEN, and then cancels at once. If it
   * loses to GRANTED, it owns the lock and returns. So no wake-up and no hand-off is lost.
   *
   * *** Departures from Go ***
   *
   * - Go counts waiters in the state word and wakes them through a runtime semaphore; here the
   *   queue is explicit (a WAITERS bit plus a list under a per-mutex lock used only on the slow
   *   paths), which makes cancellation possible.
   * - In starvation mode Go's unlock clears LOCKED and the woken waiter sets it again; here the
   *   lock stays LOCKED across the hand-off, which keeps the invariant above simple.
   * - Misuse never corrupts the state: unlock validates before its CAS.
   * - Spinning uses Thread.onSpinWait (Go's procyield), at most SPINS rounds and only with more
   *   than one CPU; Go additionally checks that other Ps are running.
   */

  static final int LOCKED = 1;
  static final int WOKEN = 2;
  static final int STARVING = 4;
  static final int WAITERS = 8;

  /** Go's {@code starvationThresholdNs}: 1 ms. */
  static final long STARVATION_THRESHOLD_NANOS = 1_000_000L;

  /**
   * Spin rounds before queueing: Go's {@code active_spin} (4), only on a multicore machine, where
   * the holder may be running on another core and release the lock within a few hundred
   * nanoseconds; spinning longer would delay the holder on a loaded machine.
   */
  static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 4 : 0;

  /** Pauses per spin round: Go's {@code active_spin_cnt} (30). */
  static final int SPIN_PAUSES = 30;

  /** LOCKED | WOKEN | STARVING | WAITERS; accessed through STATE. */
  private volatile int state;

  /** Guards the queue; taken only on the slow paths. */
  private final PrimitiveLock qlock = new PrimitiveLock();

  private final WaitQueue queue = new WaitQueue(); // guarded by qlock

  /** Claim outcome: handed the lock in starvation mode (LOCKED kept for the waiter). */
  private static final int GRANTED = 0;

  /** Claim outcome: woken in normal mode to compete again; the WOKEN bit is the waiter's. */
  private static final int WOKEN_UP = 1;

  /** Creates an unlocked Mutex (Go's zero value). */
  public Mutex() {}

  private boolean casState(int expect, int update) {
    return STATE.compareAndSet(this, expect, update);
  }

  /**
   * Go's {@code mu.Lock()}: acquires the lock, blocking until it is available. Not interruptible;
   * see the class comment.
   */
  @Override
  public void lock() {
    if (!casState(0, LOCKED)) {
      try {
        lockSlow(false);
      } catch (InterruptedException e) {
        throw new AssertionError(e); // not thrown when not interruptible
      }
    }
  }

  /**
   * Acquires the lock unless the thread is interrupted: Java's {@code Lock.lockInterruptibly()},
   * for which Go has no counterpart.
   *
   * @throws InterruptedException if interrupted before or while waiting; the lock was not acquired
   *     and the goroutine left the queue
   */
  public void lockInterruptibly() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (!casState(0, LOCKED)) {
      lockSlow(true);
    }
  }

  /**
   * Go's {@code mu.TryLock()}: acquires the lock if it is free and the Mutex is not in starvation
   * mode. Never blocks. (Go notes that correct uses of TryLock are rare.)
   *
   * @return whether the lock was acquired
   */
  public boolean tryLock() {
    for (; ; ) {
      int s = state;
      if ((s & (LOCKED | STARVING)) != 0) {
        return false;
      }
      if (casState(s, s | LOCKED)) {
        return true;
      }
    }
  }

  /**
   * Go's {@code mu.Unlock()}: releases the lock. Any goroutine may call it, not only the one that
   * locked.
   *
   * @throws IllegalStateException "sync: unlock of unlocked mutex" if the Mutex is not locked
   */
  @Override
  public void unlock() {
    if (!casState(LOCKED, 0)) {
      unlockSlow();
    }
  }

  private void lockSlow(boolean interruptible) throws InterruptedException {
    // First, before anything changes: the first call may allocate the record, and a failure (an
    // OutOfMemoryError) after this goroutine volunteered WOKEN would leave the bit set for good, so
    // that no unlock woke a waiter again.
    Waiter w = Waiter.current();
    boolean queuedBefore = false;
    long since = 0; // System.nanoTime() of the first enqueue, valid once queuedBefore
    boolean awoke = false; // this goroutine owns the WOKEN bit
    boolean starving = false;
    int spins = 0;
    for (; ; ) {
      int s = state;
      if ((s & LOCKED) == 0) { // STARVING implies LOCKED
        if (casState(s, awoke ? (s | LOCKED) & ~WOKEN : s | LOCKED)) {
          return;
        }
        continue;
      }
      if ((s & STARVING) == 0 && spins < SPINS) {
        // Volunteer as the woken goroutine so that unlock does not wake a sleeper (Go).
        if (!awoke && (s & (WOKEN | WAITERS)) == WAITERS && casState(s, s | WOKEN)) {
          awoke = true;
        }
        for (int i = 0; i < SPIN_PAUSES; i++) {
          Thread.onSpinWait();
        }
        spins++;
        continue;
      }
      Node node = w.node();
      qlock.lock();
      try {
        s = state;
        if ((s & LOCKED) == 0) {
          continue; // freed meanwhile: try again (the finally block unlocks)
        }
        int ns = s | WAITERS;
        if (awoke) {
          ns &= ~WOKEN;
        }
        if (starving) {
          ns |= STARVING; // s is LOCKED here, as Go requires for the switch
        }
        if (!casState(s, ns)) {
          continue;
        }
        awoke = false;
        boolean requeue = queuedBefore; // Go: queueLifo := waitStartTime != 0
        if (!queuedBefore) {
          queuedBefore = true;
          since = System.nanoTime();
        }
        node.prepare(w.begin(), 0, null).arg = since; // read by handOff under qlock
        if (requeue) {
          queue.addFirst(node); // Go: a goroutine that already waited re-queues at the front
        } else {
          queue.add(node);
        }
      } finally {
        qlock.unlock();
      }
      int r =
          interruptible
              ? w.await(false, WaitReason.MUTEX_LOCK, this)
              : w.awaitUninterruptibly(WaitReason.MUTEX_LOCK, this);
      if (r == Waiter.CANCELLED) {
        withdraw(node);
        throw new InterruptedException();
      }
      if (Waiter.index(r) == GRANTED) {
        return; // handed off in starvation mode: LOCKED was kept for this goroutine
      }
      // WOKEN_UP: the unlocker unlinked the node and set WOKEN on this goroutine's behalf.
      awoke = true;
      spins = 0;
      starving = starving || System.nanoTime() - since > STARVATION_THRESHOLD_NANOS;
    }
  }

  /** An interrupted waiter that won the cancel CAS leaves the queue. */
  private void withdraw(Node node) {
    qlock.lock();
    try {
      queue.remove(node); // a no-op if an unlocker unlinked it and then failed to claim it
      if (queue.isEmpty()) {
        clearBits(WAITERS | STARVING);
      }
    } finally {
      qlock.unlock();
    }
  }

  private void clearBits(int bits) {
    int s;
    do {
      s = state;
    } while ((s & bits) != 0 && !casState(s, s & ~bits));
  }

  private void unlockSlow() {
    int s;
    for (; ; ) {
      s = state;
      if ((s & LOCKED) == 0) {
        throw new IllegalStateException("sync: unlock of unlocked mutex");
      }
      if ((s & STARVING) != 0) {
        handOff();
        return;
      }
      if (casState(s, s & ~LOCKED)) {
        break;
      }
    }
    s &= ~LOCKED;
    for (; ; ) {
      // No waiters, or a goroutine was already woken or took the lock, or the mutex went into
      // starvation mode (its new holder hands off): nobody to wake (Go's unlockSlow).
      if ((s & WAITERS) == 0 || (s & (LOCKED | WOKEN | STARVING)) != 0) {
        return;
      }
      if (casState(s, s | WOKEN)) {
        break;
      }
      s = state;
    }
    Node h;
    qlock.lock();
    try {
      do {
        h = queue.poll();
      } while (h != null && !h.grant(WOKEN_UP)); // skip interrupted waiters
      int clear = 0;
      if (queue.isEmpty()) {
        clear |= WAITERS | STARVING;
      }
      if (h == null) {
        clear |= WOKEN; // everybody cancelled: give the WOKEN bit back
      }
      if (clear != 0) {
        clearBits(clear);
      }
    } finally {
      qlock.unlock();
    }
    if (h != null) {
      h.wake();
    }
  }

  /** Starvation mode: the lock stays LOCKED and passes to the queue's head. */
  private void handOff() {
    Node h;
    long since = 0;
    qlock.lock();
    try {
      for (; ; ) {
        h = queue.poll();
        if (h == null) {
          break;
        }
        since = h.arg; // read before the grant: a granted waiter reuses its node at once
        if (h.grant(GRANTED)) {
          break;
        }
        // interrupted: skip it (its owner withdraws under qlock, a no-op now)
      }
      boolean empty = queue.isEmpty();
      // Go leaves starvation mode when the new owner is the last waiter or waited < 1 ms.
      boolean leave =
          empty || (h != null && System.nanoTime() - since < STARVATION_THRESHOLD_NANOS);
      for (; ; ) {
        int s = state;
        int ns = s;
        if (h == null) {
          ns &= ~(LOCKED | STARVING | WAITERS); // nobody left: a plain unlock
        } else if (empty) {
          ns &= ~(STARVING | WAITERS);
        } else if (leave) {
          ns &= ~STARVING;
        }
        if (ns == s || casState(s, ns)) {
          break;
        }
      }
    } finally {
      qlock.unlock();
    }
    if (h != null) {
      h.wake();
    }
  }

  /** Test hook: the number of queued goroutines. */
  int queued() {
    qlock.lock();
    try {
      return queue.size();
    } finally {
      qlock.unlock();
    }
  }

  /** Test hook: the state word. */
  int state() {
    return state;
  }

  @Override
  public String toString() {
    int s = state;
    return "Mutex["
        + ((s & LOCKED) != 0 ? "locked" : "unlocked")
        + ((s & STARVING) != 0 ? ", starving" : "")
        + ((s & WAITERS) != 0 ? ", waiters" : "")
        + "]";
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Mutex.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
