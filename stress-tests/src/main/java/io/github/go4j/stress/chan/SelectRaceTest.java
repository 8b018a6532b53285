package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: two selects racing for one value: exactly one wins it; the other runs another case.
 *
 * <p>Hazard: a select is registered on several channels at once, so several counterparts may try to
 * complete it. If the claim were not a single CAS on the select's waiter (Go's {@code selectDone}),
 * a select could run two cases (a value taken and the value lost, or two sends done for one
 * receive), or a value handed to a select that had already been claimed elsewhere would vanish
 * instead of going to the other select.
 */
public final class SelectRaceTest {
  private SelectRaceTest() {}

  /** Non-blocking selects (with default) over one buffered value: exactly one gets it. */
  @JCStressTest
  @Outcome(
      id = {"1, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "Exactly one select got the value.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both selects got it.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: both took default over a ready case.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the never-ready case ran).")
  @State
  public static class NonBlocking {
    final Channel<Integer> ch = Channel.make(1);
    final Channel<Integer> never = Channel.make();

    public NonBlocking() {
      ch.trySend(1);
    }

    @Actor
    public void select1(II_Result r) {
      r.r1 = select();
    }

    @Actor
    public void select2(II_Result r) {
      r.r2 = select();
    }

    private int select() {
      return Ops.select(
          ch.onReceive(v -> 1), never.onReceive(v -> 2), Select.onDefault(() -> Ops.CLOSED));
    }
  }

  /**
   * Blocking selects on an unbuffered channel and a {@code done} channel; a sender goroutine
   * (started with the state) sends one value, then closes {@code done}. The send completes only
   * when a select took the value, so exactly one select reports it (1) and the other is released by
   * {@code done} (2).
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2", "2, 1"},
      expect = ACCEPTABLE,
      desc = "One got the value, one saw done.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both selects got the value.")
  @Outcome(id = "2, 2", expect = FORBIDDEN, desc = "Lost: the send completed, no select got it.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class BlockingReceivers {
    final Channel<Integer> ch = Channel.make();
    final Channel<Unit> done = Channel.make();

    public BlockingReceivers() {
      go(
          () -> {
            ch.send(1);
            done.close();
          });
    }

    @Actor
    public void select1(II_Result r) {
      r.r1 = select();
    }

    @Actor
    public void select2(II_Result r) {
      r.r2 = select();
    }

    private int select() {
      return Ops.select(ch.onReceive(v -> v), done.onReceive(v -> 2));
    }
  }

  /**
   * Blocking selects offering values 1 and 2 on an unbuffered channel, with a {@code done} case; a
   * receiver goroutine (started with the state) takes one value, then closes {@code done}. Exactly
   * one select's send case runs (1), the other sees done (2), and {@code r3} is the value received:
   * the winner's.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 1", "2, 1, 2"},
      expect = ACCEPTABLE,
      desc = "One select sent (its value arrived), one saw done.")
  @Outcome(
      id = {"1, 1, 1", "1, 1, 2"},
      expect = FORBIDDEN,
      desc = "Two sends for one receive.")
  @Outcome(
      id = {"2, 2, 1", "2, 2, 2"},
      expect = FORBIDDEN,
      desc = "Received from no sender.")
  @Outcome(expect = FORBIDDEN, desc = "The value received is not the winning select's.")
  @State
  public static class BlockingSenders {
    final Channel<Integer> ch = Channel.make();
    final Channel<Unit> done = Channel.make();
    final Thread receiver;
    int received;

    public BlockingSenders() {
      receiver =
          go(
              () -> {
                received = ch.receive();
                done.close();
              });
    }

    @Actor
    public void select1(III_Result r) {
      r.r1 = Ops.select(ch.onSend(1, () -> 1), done.onReceive(v -> 2));
    }

    @Actor
    public void select2(III_Result r) {
      r.r2 = Ops.select(ch.onSend(2, () -> 1), done.onReceive(v -> 2));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Ops.join(receiver);
      r.r3 = received;
    }
  }
}
