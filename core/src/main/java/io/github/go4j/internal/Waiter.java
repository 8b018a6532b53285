package io.github.go4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked operation: a plain send or receive, or a whole select. The parked thread waits for
 * exactly one counterpart to <em>claim</em> it with a CAS on {@link #state}; whoever wins the CAS
 * completes the operation on the waiter's behalf (Go's {@code selectDone} flag and direct
 * hand-off). Every other would-be claimer fails the CAS and moves on, so a select parked on many
 * channels runs exactly one case.
 *
 * <p>State encoding: {@link #WAITING} until claimed; then {@code (caseIndex << 1) | closedBit},
 * where {@code closedBit} says the claim came from {@code close()}; or {@link #CANCELLED} if the
 * waiter itself gave up (interrupt) before anyone claimed it.
 *
 * <p>Parking: the waiter spins briefly ({@link #SPINS}) if it is first in line, and then parks. To
 * spare the claimer an {@code unpark} when the waiter is still spinning, the waiter sets {@link
 * #parked} and re-checks the state before it parks, and the claimer unparks only if it sees {@code
 * parked} after its CAS. Both are volatile, so one of the two always sees the other's write
 * (Dekker).
 */
public class Waiter {
  /** Not claimed yet. */
  public static final int WAITING = -1;

  /** Gave up (interrupted) before being claimed. */
  public static final int CANCELLED = -2;

  /**
   * Spins before parking. A partner that runs on another core usually arrives within a few
   * microseconds on a hand-off workload, and an unpark/park pair of a virtual thread costs about as
   * much as this many {@link Thread#onSpinWait()} calls, so spinning longer only burns the core. On
   * one core spinning cannot help (the partner needs the core), so it is off.
   */
  static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

  final Thread thread;

  /** WAITING, CANCELLED or the claim; CAS'd by claimers and the owner. */
  volatile int state = WAITING;

  /** Set by the owner just before it parks; read by a claimer after a successful claim. */
  volatile boolean parked;

  Waiter(Thread thread) {
    this.thread = thread;
  }

  /**
   * Claims this waiter for one case. At most one call ever succeeds; a successful claim publishes
   * every write the claimer made before it (the CAS is volatile).
   */
  final boolean tryClaim(int caseIndex, boolean closed) {
    return STATE.compareAndSet(this, WAITING, (caseIndex << 1) | (closed ? 1 : 0));
  }

  /** Wakes the owner after a successful claim; call after releasing any lock. */
  final void wake() {
    if (parked) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Waits until claimed, spinning first if {@code spin} (the caller is the first waiter in its
   * queue: a later one will wait at least as long as those ahead of it, so it parks at once, as
   * LinkedTransferQueue does). Returns the claim, or {@link #CANCELLED} if the thread was
   * interrupted first; then the interrupt status is cleared and the caller must withdraw and throw
   * {@link InterruptedException}. If the interrupt loses the race against a claim, the operation
   * completed: the claim is returned and the interrupt status is set again.
   */
  final int await(boolean spin) {
    int s;
    for (int spins = spin && !thread.isVirtual() ? SPINS : 0; (s = state) == WAITING; ) {
      if (spins > 0) {
        --spins;
        Thread.onSpinWait();
      } else if (!parked) {
        parked = true; // then re-check state before parking
      } else {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
            return CANCELLED;
          }
          Thread.currentThread().interrupt(); // claimed concurrently: completed, keep the status
        }
      }
    }
    return s;
  }

  static int caseIndex(int claim) {
    return claim >> 1;
  }

  static boolean closedClaim(int claim) {
    return (claim & 1) != 0;
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
