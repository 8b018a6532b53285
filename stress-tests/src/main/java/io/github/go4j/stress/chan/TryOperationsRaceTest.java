package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claim: {@code trySend} and {@code tryReceive} (Go's {@code select} with {@code default}) are
 * linearizable: each either completes its operation exactly once or reports "not ready", and
 * "ready" is judged on the state the operation really met.
 *
 * <p>Hazard: a lock-free "is it ready?" pre-check that reads stale state (a full buffer that was
 * just drained, a parked partner that was just claimed by someone else), so a non-blocking
 * operation fails while it should succeed, succeeds twice, or reports success for a value that a
 * parked partner never got.
 */
public final class TryOperationsRaceTest {
  private TryOperationsRaceTest() {}

  /**
   * Two {@code trySend}s into one free slot: exactly one succeeds, and the slot holds one value.
   */
  @JCStressTest
  @Outcome(
      id = {"1, -1, 1", "-1, 1, 1"},
      expect = ACCEPTABLE,
      desc = "Exactly one was sent.")
  @Outcome(expect = FORBIDDEN, desc = "Both or neither succeeded, or len() disagrees.")
  @State
  public static class TwoTrySends {
    final Channel<Integer> ch = Ops.ring(1);

    @Actor
    public void sender1(III_Result r) {
      r.r1 = Ops.trySend(ch, 1);
    }

    @Actor
    public void sender2(III_Result r) {
      r.r2 = Ops.trySend(ch, 2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = ch.len();
    }
  }

  /** {@code trySend} vs {@code tryReceive} on an empty one-slot buffer. */
  @JCStressTest
  @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Sent, then received.")
  @Outcome(id = "1, -1, 1", expect = ACCEPTABLE, desc = "Receive first (empty); value buffered.")
  @Outcome(expect = FORBIDDEN, desc = "Lost, phantom or duplicated value.")
  @State
  public static class TrySendTryReceive {
    final Channel<Integer> ch = Channel.make(1);

    @Actor
    public void sender(III_Result r) {
      r.r1 = Ops.trySend(ch, 1);
    }

    @Actor
    public void receiver(III_Result r) {
      r.r2 = Ops.tryReceive(ch);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = ch.len();
    }
  }

  /**
   * Unbuffered {@code trySend} vs a select parked on the channel and on {@code done}, which the
   * sender closes right after its attempt: {@code trySend} returns true exactly when the select
   * received its value.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Handed to the parked select.")
  @Outcome(id = "-1, 2", expect = ACCEPTABLE, desc = "No receiver yet (or done won): not sent.")
  @Outcome(id = "1, 2", expect = FORBIDDEN, desc = "Lost: trySend true, the select saw done.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Phantom: trySend false, value received.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class UnbufferedTrySendToSelect {
    final Channel<Integer> ch = Channel.make();
    final Channel<Unit> done = Channel.make();

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.trySend(ch, 1);
      done.close();
    }

    @Actor
    public void receiver(II_Result r) {
      r.r2 = Ops.select(ch.onReceive(v -> v), done.onReceive(v -> 2));
    }
  }

  /**
   * Unbuffered {@code tryReceive} vs a select parked offering a value and waiting on {@code done},
   * which the receiver closes right after its attempt: {@code tryReceive} gets the value exactly
   * when the select's send case ran.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Taken from the parked select.")
  @Outcome(id = "-1, 2", expect = ACCEPTABLE, desc = "No sender yet (or done won): nothing.")
  @Outcome(id = "1, 2", expect = FORBIDDEN, desc = "Phantom: received, the select saw done.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Lost: the send case ran, nothing received.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class UnbufferedTryReceiveFromSelect {
    final Channel<Integer> ch = Channel.make();
    final Channel<Unit> done = Channel.make();

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.tryReceive(ch);
      done.close();
    }

    @Actor
    public void sender(II_Result r) {
      r.r2 = Ops.select(ch.onSend(1, () -> 1), done.onReceive(v -> 2));
    }
  }

  /**
   * Unbuffered {@code tryReceive} vs a plain send, which the receiver fails with close() right
   * after its attempt: the receive gets the value exactly when the send completed, and then sees
   * what the sender wrote before it sent (r3). A plain sender waits in the channel's wait slot, and
   * a {@code tryReceive} takes it from there without the lock (since stop 52).
   */
  @JCStressTest
  @Outcome(id = "1, 1, 42", expect = ACCEPTABLE, desc = "Taken from the waiting sender.")
  @Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "No sender yet: the close failed it.")
  @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "Received, the sender's write unseen.")
  @Outcome(expect = FORBIDDEN, desc = "Lost, phantom or duplicated value.")
  @State
  public static class UnbufferedTryReceiveFromPlainSender {
    final Channel<Integer> ch = Channel.make();
    int x;

    @Actor
    public void receiver(III_Result r) {
      r.r1 = Ops.tryReceive(ch);
      r.r3 = r.r1 == 1 ? x : 0;
      ch.close();
    }

    @Actor
    public void sender(III_Result r) {
      x = 42;
      r.r2 = Ops.send(ch, 1);
    }
  }

  /**
   * Unbuffered {@code trySend} vs a plain receive, which the sender ends with close() right after
   * its attempt: {@code trySend} returns true exactly when the receive got its value, and the
   * receiver then sees what the sender wrote before (r3). A plain receiver waits in the wait slot,
   * and a {@code trySend} gives to it there without the lock (since stop 52).
   */
  @JCStressTest
  @Outcome(id = "1, 1, 42", expect = ACCEPTABLE, desc = "Given to the waiting receiver.")
  @Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "No receiver yet: it saw the close.")
  @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "Received, the sender's write unseen.")
  @Outcome(expect = FORBIDDEN, desc = "Lost, phantom or duplicated value.")
  @State
  public static class UnbufferedTrySendToPlainReceiver {
    final Channel<Integer> ch = Channel.make();
    int x;

    @Actor
    public void sender(III_Result r) {
      x = 42;
      r.r1 = Ops.trySend(ch, 1);
      ch.close();
    }

    @Actor
    public void receiver(III_Result r) {
      r.r2 = Ops.receive(ch);
      r.r3 = r.r2 == 1 ? x : 0;
    }
  }

  /**
   * {@code tryReceive} vs close on a channel holding one value: the value is received whatever the
   * order (values buffered before a close are still delivered), never "closed" or "not ready".
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "The buffered value was received.")
  @Outcome(id = "0", expect = FORBIDDEN, desc = "Lost: close hid a buffered value.")
  @Outcome(id = "-1", expect = FORBIDDEN, desc = "Not ready while a value was buffered.")
  @State
  public static class TryReceiveCloseBuffered {
    final Channel<Integer> ch = Channel.make(1);

    public TryReceiveCloseBuffered() {
      ch.trySend(1);
    }

    @Actor
    public void receiver(I_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void closer() {
      ch.close();
    }
  }

  /**
   * {@code tryReceive} vs close on an empty channel: "not ready" or "closed", never a value, and
   * {@code r2} (a second {@code tryReceive} after both) always sees the close.
   */
  @JCStressTest
  @Outcome(id = "-1, 0", expect = ACCEPTABLE_INTERESTING, desc = "Before the close: not ready.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "After the close: closed.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class TryReceiveCloseEmpty {
    final Channel<Integer> ch = Channel.make();

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = Ops.tryReceive(ch);
    }
  }
}
