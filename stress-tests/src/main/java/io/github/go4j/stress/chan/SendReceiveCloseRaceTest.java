package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Claim: sends, receives and a close racing on one channel deliver every value reported sent
 * exactly once, in FIFO order, whether it is received before the close or drained after it; once
 * the channel is closed and drained, every receive reports "closed" (never "not ready"), and a
 * receive never reports "closed" while a value is still buffered. Actor 1 sends and then closes;
 * actor 2 receives meanwhile; the arbiter drains what is left ({@link Ops#drainClosed}: the values
 * as digits, 0 for none).
 *
 * <p>Hazard: with a lock-free buffered path, the sender's reservation of a slot, its write of the
 * value, the receiver's claim of the slot and the closed flag live in different words. A receiver
 * that claims a reserved slot whose value is not written yet and skips it, or reads the closed flag
 * and the positions out of order (and sees "closed and empty" while a value sits in the buffer),
 * loses a value; a drain that counts a slot twice duplicates it; a "not ready" from a closed
 * channel breaks every {@code for (v, ok := <-ch; ok; ...)} loop written with {@code tryReceive}.
 */
public final class SendReceiveCloseRaceTest {
  private SendReceiveCloseRaceTest() {}

  /**
   * One slot: {@code trySend(1)} (always succeeds: the slot is free) then close, against two {@code
   * tryReceive}s. The value is received by exactly one of them or by the drain; the second {@code
   * tryReceive} reports "closed" only after the first took the value.
   */
  @JCStressTest
  @Outcome(id = "1, -1, -1, 1", expect = ACCEPTABLE, desc = "Both receives ran first; drained.")
  @Outcome(id = "1, -1, 1, 0", expect = ACCEPTABLE, desc = "The second receive got it.")
  @Outcome(id = "1, 1, -1, 0", expect = ACCEPTABLE, desc = "First got it, second before close.")
  @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "First got it, second saw the close.")
  @Outcome(id = "1, -1, 0, 0", expect = FORBIDDEN, desc = "Lost: closed while still buffered.")
  @Outcome(
      id = {"1, -1, 0, 1", "1, 0, 1, 0", "1, 0, -1, 1", "1, 0, 0, 1"},
      expect = FORBIDDEN,
      desc = "Closed reported while the value was still buffered.")
  @Outcome(id = "1, 1, 1, 0", expect = FORBIDDEN, desc = "Duplicated: received twice.")
  @Outcome(id = "1, 1, -1, 1", expect = FORBIDDEN, desc = "Duplicated: received, then drained.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (not ready once closed, trySend failed).")
  @State
  public static class OneSlot {
    final Channel<Integer> ch = Ops.ring(1);

    @Actor
    public void senderCloser(IIII_Result r) {
      r.r1 = Ops.trySend(ch, 1);
      ch.close();
    }

    @Actor
    public void receiver(IIII_Result r) {
      r.r2 = Ops.tryReceive(ch);
      r.r3 = Ops.tryReceive(ch);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r4 = Ops.drainClosed(ch);
    }
  }

  /**
   * Two slots: {@code trySend(1)}, {@code trySend(2)} (both succeed: {@code r1 = 11}) then close,
   * against two {@code tryReceive}s. Across {@code r2}, {@code r3} and the drain, 1 and 2 appear
   * exactly once each, 1 first; the second {@code tryReceive} cannot report "closed" (one receive
   * cannot have drained two values).
   */
  @JCStressTest
  @Outcome(id = "11, -1, -1, 12", expect = ACCEPTABLE, desc = "Both receives ran first; drained.")
  @Outcome(id = "11, -1, 1, 2", expect = ACCEPTABLE, desc = "The second receive got 1.")
  @Outcome(id = "11, 1, -1, 2", expect = ACCEPTABLE, desc = "1 received, then empty; 2 drained.")
  @Outcome(id = "11, 1, 2, 0", expect = ACCEPTABLE, desc = "Both received, in order.")
  @Outcome(
      id = {"11, -1, 0, 12", "11, 1, 0, 2"},
      expect = FORBIDDEN,
      desc = "Closed reported while a value was buffered.")
  @Outcome(
      id = {"11, -1, 2, 1", "11, 2, 1, 0"},
      expect = FORBIDDEN,
      desc = "Out of order.")
  @Outcome(
      id = {"11, 1, -1, 0", "11, -1, 1, 0", "11, -1, -1, 1"},
      expect = FORBIDDEN,
      desc = "Lost: 2 was sent, never received.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "Something else (closed while buffered, duplicated, not ready once closed).")
  @State
  public static class TwoSlots {
    final Channel<Integer> ch = Ops.ring(2);

    @Actor
    public void senderCloser(IIII_Result r) {
      r.r1 = 10 * Ops.trySend(ch, 1) + Ops.trySend(ch, 2);
      ch.close();
    }

    @Actor
    public void receiver(IIII_Result r) {
      r.r2 = Ops.tryReceive(ch);
      r.r3 = Ops.tryReceive(ch);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r4 = Ops.drainClosed(ch);
    }
  }

  /**
   * Unbuffered: {@code trySend(1)} then close, against a blocking receive (released by the hand-off
   * or by the close) and then a {@code tryReceive}. {@code trySend} returns true exactly when the
   * receive got the value; the arbiter's {@code tryReceive} ({@code r4}) sees the close.
   */
  @JCStressTest
  @Outcome(id = "1, 1, -1, 0", expect = ACCEPTABLE, desc = "Handed over; tryReceive before close.")
  @Outcome(id = "1, 1, 0, 0", expect = ACCEPTABLE, desc = "Handed over; tryReceive saw the close.")
  @Outcome(id = "-1, 0, 0, 0", expect = ACCEPTABLE, desc = "No receiver parked yet; closed.")
  @Outcome(
      id = {"1, 0, 0, 0", "1, 0, -1, 0"},
      expect = FORBIDDEN,
      desc = "Lost: trySend true.")
  @Outcome(id = "-1, 1, 0, 0", expect = FORBIDDEN, desc = "Phantom: trySend false, value arrived.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (not ready once closed).")
  @State
  public static class Unbuffered {
    final Channel<Integer> ch = Channel.make();

    @Actor
    public void senderCloser(IIII_Result r) {
      r.r1 = Ops.trySend(ch, 1);
      ch.close();
    }

    @Actor
    public void receiver(IIII_Result r) {
      r.r2 = Ops.receive(ch);
      r.r3 = Ops.tryReceive(ch);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r4 = Ops.tryReceive(ch);
    }
  }
}
