package io.github.go4j.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Select}): the memory consistency effects of a select are those of the channel
 * operation of the chosen case, and that operation happens-before its case body runs.
 *
 * <p>Unlike the other select tests, which read after {@code select} returned, these read inside the
 * case body: the edge must be in place before the body runs, not only by the time the select
 * returns. Each select has a second case on a channel that is never ready, so it takes the select
 * path (first pass, then a wait registered on both channels) rather than a single-case shortcut.
 *
 * <p>Hazard: a select that runs the chosen body on the strength of a plain read of its claim (or of
 * the case index the claimer stored), and acquires the partner's writes only afterwards (for
 * instance when it withdraws from the other channels).
 */
public final class SelectHappensBeforeTest {
  private SelectHappensBeforeTest() {}

  /**
   * A receive case, unbuffered: the sender writes, then sends; the receive case's body reads the
   * writes (send happens-before the receive completes).
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receive body saw the sender's writes.")
  @Outcome(expect = FORBIDDEN, desc = "The receive body ran without the sender's prior writes.")
  @State
  public static class ReceiveCaseBody {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    int x;
    int y;

    @Actor
    public void sender() {
      x = 1;
      y = 2;
      Ops.send(ch, 1);
    }

    @Actor
    public void receiver(II_Result r) {
      Ops.select(
          ch.onReceive(
              v -> {
                r.r1 = x;
                r.r2 = y;
                return v;
              }),
          never.onReceive(v -> -1));
    }
  }

  /**
   * A receive case on a buffered channel (capacity 1): the value goes through the buffer, or
   * straight to the select's wait if it registered first; the body reads the sender's writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receive body saw the sender's writes.")
  @Outcome(expect = FORBIDDEN, desc = "The receive body ran without the sender's prior writes.")
  @State
  public static class BufferedReceiveCaseBody {
    final Channel<Integer> ch = Channel.make(1);
    final Channel<Integer> never = Channel.make();
    int x;
    int y;

    @Actor
    public void sender() {
      x = 1;
      y = 2;
      Ops.send(ch, 1);
    }

    @Actor
    public void receiver(II_Result r) {
      Ops.select(
          ch.onReceive(
              v -> {
                r.r1 = x;
                r.r2 = y;
                return v;
              }),
          never.onReceive(v -> -1));
    }
  }

  /**
   * A send case, unbuffered: the receiver writes, then receives; the send case's body reads the
   * writes (on an unbuffered channel the receive happens-before the send completes).
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The send body saw the receiver's writes.")
  @Outcome(expect = FORBIDDEN, desc = "The send body ran without the receiver's prior writes.")
  @State
  public static class SendCaseBody {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    int x;
    int y;

    @Actor
    public void receiver() {
      x = 1;
      y = 2;
      Ops.receive(ch);
    }

    @Actor
    public void sender(II_Result r) {
      Ops.select(
          ch.onSend(
              1,
              () -> {
                r.r1 = x;
                r.r2 = y;
                return 1;
              }),
          never.onReceive(v -> -1));
    }
  }

  /**
   * A receive case that returns because the channel is closed: the closer writes, then closes; the
   * body, called with {@code ok == false}, reads the writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The body saw the closer's writes.")
  @Outcome(expect = FORBIDDEN, desc = "The body saw the close without the closer's writes.")
  @State
  public static class ClosedCaseBody {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    int x;
    int y;

    @Actor
    public void closer() {
      x = 1;
      y = 2;
      ch.close();
    }

    @Actor
    public void receiver(II_Result r) {
      Ops.select(
          ch.onReceiveOk(
              (v, ok) -> {
                r.r1 = ok ? -2 : x;
                r.r2 = ok ? -2 : y;
                return 0;
              }),
          never.onReceive(v -> -1));
    }
  }
}
