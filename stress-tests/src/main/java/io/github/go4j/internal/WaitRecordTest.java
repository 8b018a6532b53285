package io.github.go4j.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the engine's per-thread wait record ({@link Waiter}) itself, below the channel
 * API: the stamped claim against the owner's reuse of its record, the interrupt against a claim
 * while the owner spins or parks, and the publication of the claimer's writes to the owner. (The
 * channel-level forms of these races are in {@code io.github.go4j.stress.chan}:
 * SelectStaleClaimTest, InterruptRaceTest.) This class lives in the engine's package to reach its
 * package-private claim; the stress tests run on the class path.
 */
public final class WaitRecordTest {
  private WaitRecordTest() {}

  /**
   * Claim || withdraw-and-reuse: a claimer holding the node of the owner's first wait races the
   * owner, which gives that wait up (as an interrupted operation or a select claimed elsewhere
   * does) and begins its next wait on the same record. {@code r1}: the owner's cancel succeeded;
   * {@code r2}: the stale claim succeeded; {@code r3}: the record's final status is WAITING (the
   * second wait untouched) = 1, else 0.
   *
   * <p>Hazard: without the stamp in the claim CAS (expected value WAITING only), a claim that
   * arrives after the owner's {@code begin()} would claim the second wait: a value sent to a
   * finished select would complete the thread's next, unrelated operation.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Cancelled first; the stale claim failed.")
  @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Claimed first; the owner's cancel failed.")
  @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "Both won the first wait.")
  @Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "The second wait was claimed (stale).")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class StaleClaim {
    // A record of its own per state (jcstress builds many states on one thread; Waiter.current()
    // would share one record between them). No thread parks on it here.
    final Waiter w = new Waiter();
    final int first = w.begin();

    @Actor
    public void owner(III_Result r) {
      r.r1 = w.tryCancel() ? 1 : 0;
      w.begin(); // the next wait, on the same record
    }

    @Actor
    public void staleClaimer(III_Result r) {
      r.r2 = w.tryClaim(first, 0, false) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = w.status() == Waiter.WAITING ? 1 : 0;
    }
  }

  /**
   * Interrupt || claim, with the owner spinning or parked: actor 1 waits on its own record ({@link
   * Waiter#await} with spinning allowed, a platform thread on a multi-CPU machine: it spins up to
   * its spin budget, then parks); actor 2 interrupts it and then claims its wait. {@code r1}: 1 if
   * the wait returned the claim, 0 if CANCELLED; {@code r2}: the owner's interrupt status after the
   * wait; {@code r3}: the claim succeeded.
   *
   * <p>Hazard: a waiter that spins must let the interrupt and the claim race through the same CAS:
   * if the spin returned the claim but dropped the interrupt, or the park cancelled after a claim
   * had completed the operation, a value would be lost or the interrupt swallowed.
   */
  @JCStressTest
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Claimed; the interrupt status is kept.")
  @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Cancelled by the interrupt; claim failed.")
  @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "Claimed, but the interrupt was swallowed.")
  @Outcome(id = "0, .*, 1", expect = FORBIDDEN, desc = "Both the cancel and the claim won.")
  @Outcome(id = "1, .*, 0", expect = FORBIDDEN, desc = "Returned a claim nobody made.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class InterruptVersusClaim {
    volatile Waiter w;
    volatile int stamp;
    volatile Thread owner;

    @Actor
    public void waiter(III_Result r) {
      Waiter me = Waiter.current();
      stamp = me.begin();
      w = me;
      owner = Thread.currentThread(); // published last: the claimer reads it first
      int s = me.await(true);
      r.r1 = s == Waiter.CANCELLED ? 0 : (Waiter.index(s) == 7 ? 1 : -1);
      r.r2 = Thread.interrupted() ? 1 : 0; // and clears it: jcstress reuses its threads
    }

    @Actor
    public void interruptThenClaim(III_Result r) {
      Thread t;
      for (int k = 0; (t = owner) == null; k++) {
        if ((k & 1023) == 1023) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
      t.interrupt(); // before the claim: the owner always consumes it (cancel or r2 above)
      boolean claimed = w.tryClaim(stamp, 7, false);
      r.r3 = claimed ? 1 : 0;
      if (claimed) {
        w.wake();
      }
    }
  }

  /**
   * Claim publishes: the claimer writes two plain fields and then claims the owner's wait (as a
   * sender hands its value to a parked receiver: item first, claim CAS second); the owner reads
   * them once {@link Waiter#await} has returned the claim. {@code r1, r2}: what the owner read.
   *
   * <p>Forbidden reordering: the owner's loads of {@code x} and {@code y} performed before its load
   * of the claim in {@code Waiter.state}. The claim CAS is a release; the owner's read of the state
   * must be an acquire, which is what makes every value a blocked receiver gets (its node's item)
   * and every write made before a claim visible to the woken goroutine. If {@code state} were a
   * plain field (the CAS still going through its VarHandle), nothing would keep the later loads
   * after it: AArch64 and POWER may satisfy them early and the owner would see the claim with
   * {@code 0, 0}, {@code 1, 0} or {@code 0, 2}. On x86 (TSO: a load is never reordered with an
   * older load) only the JIT could hoist them, so this test passes there on such a broken Waiter (a
   * mutation run saw it survive every test on x86): it is meant to bite on a weak-memory CPU (not
   * yet run on one). The same field read before parking also pairs with {@code parked} (Dekker): on
   * AArch64 a plain load of the state could move before the store of {@code parked}, the claimer
   * would read {@code parked == false} and not unpark, and this test would hang rather than fail.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The owner saw the claimer's writes.")
  @Outcome(expect = FORBIDDEN, desc = "The claim was seen before the writes made before it.")
  @State
  public static class ClaimPublishes {
    volatile Waiter w;
    volatile int stamp;
    int x;
    int y;

    @Actor
    public void owner(II_Result r) {
      Waiter me = Waiter.current();
      stamp = me.begin();
      w = me; // published last: the claimer reads it first
      me.await(true); // spins up to the spin budget (2 CPUs), then parks
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void claimer() {
      Waiter t;
      for (int k = 0; (t = w) == null; k++) {
        if ((k & 1023) == 1023) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
      x = 1;
      y = 2;
      if (t.tryClaim(stamp, 0, false)) {
        t.wake();
      }
    }
  }

  /**
   * The channel lock's mutual exclusion and publication: two actors each take a channel's lock and
   * do a plain read-modify-write of a shared counter twice (a lost update needs two holders at
   * once); the second actor also reads what the first wrote under the lock. {@code r1}: the final
   * count (4 = no update lost); {@code r2}: 1 if the second holder saw the first holder's writes
   * completely or not at all, 0 if it saw one of its two writes only.
   *
   * <p>Hazard: a lock whose release is not a release store, or whose contended path lets two
   * threads in (the spin phase and the parked queue must hand over the same word).
   */
  @JCStressTest
  @Outcome(id = "4, 1", expect = ACCEPTABLE, desc = "Mutual exclusion held.")
  @Outcome(id = "4, 0", expect = FORBIDDEN, desc = "A holder saw half of the other's section.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: two holders at once.")
  @State
  public static class ChannelLock {
    final Chan<Integer> ch = Chan.make(0);
    int count; // guarded by ch's lock
    int a; // guarded by ch's lock
    int b; // guarded by ch's lock

    @Actor
    public void first() {
      ch.lockForTest();
      count++;
      a = 1;
      b = 1;
      count++;
      ch.unlockForTest();
    }

    @Actor
    public void second(II_Result r) {
      ch.lockForTest();
      int x = a;
      int y = b;
      count++;
      count++;
      ch.unlockForTest();
      r.r2 = x == y ? 1 : 0;
    }

    @Arbiter
    public void arbiter(II_Result r) {
      ch.lockForTest();
      r.r1 = count;
      ch.unlockForTest();
    }
  }
}
