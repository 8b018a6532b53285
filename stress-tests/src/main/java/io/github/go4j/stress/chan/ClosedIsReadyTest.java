package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Select;
import io.github.go4j.stress.Goroutine;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: a non-blocking receive never reports "not ready" on a channel that, at every instant of
 * the race, either holds a value (or a blocked sender) or is closed: Go's lock-free {@code empty(c)
 * && !closed} check must read "empty" first. Actor A receives without blocking; actor B closes the
 * channel and then receives without blocking. Whoever receives second sees the close. {@code r1}:
 * A's result, {@code r2}: B's (a value, 0 for "closed", -1 for "not ready").
 *
 * <p>Hazard: a lock-free "not ready" check that reads "not closed" first and "empty" second: A
 * reads "open", B closes and takes the value, A reads "empty" and reports "not ready", although the
 * channel was never open and empty. A select with {@code default} that decides "nothing ready" from
 * such reads takes the default; a loop {@code for { select { case v, ok := <-ch: ... default: } }}
 * then misses the close or the last value.
 */
public final class ClosedIsReadyTest {
  private ClosedIsReadyTest() {}

  /** One slot holding 1. */
  @JCStressTest
  @Outcome(
      id = {"1, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "One got the value, the other saw the close.")
  @Outcome(
      id = {"-1, 0", "-1, 1"},
      expect = FORBIDDEN,
      desc = "Not ready while the channel held a value or was closed.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both got the value.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: both saw the close.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Buffered {
    final Channel<Integer> ch = Ops.ring(1);

    public Buffered() {
      ch.trySend(1);
    }

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void closerReceiver(II_Result r) {
      ch.close();
      r.r2 = Ops.tryReceive(ch);
    }
  }

  /**
   * As {@link Buffered}, A being a select with {@code default} over the channel and a channel that
   * is never ready: the select's "none ready" decision must not rest on such reads either.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "One got the value, the other saw the close.")
  @Outcome(
      id = {"-1, 0", "-1, 1"},
      expect = FORBIDDEN,
      desc = "Default taken while the channel held a value or was closed.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both got the value.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: both saw the close.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the never-ready case ran).")
  @State
  public static class BufferedSelect {
    final Channel<Integer> ch = Ops.ring(1);
    final Channel<Integer> never = Channel.make();

    public BufferedSelect() {
      ch.trySend(1);
    }

    @Actor
    public void receiver(II_Result r) {
      r.r1 =
          Ops.select(
              ch.onReceiveOk((v, ok) -> ok ? v : Ops.CLOSED),
              never.onReceive(v -> 7),
              Select.onDefault(() -> Ops.NOT_READY));
    }

    @Actor
    public void closerReceiver(II_Result r) {
      ch.close();
      r.r2 = Ops.tryReceive(ch);
    }
  }

  /**
   * As {@link Buffered}, on the channel {@code Channel.make(1)} gives: Go's locked ring, whose
   * lock-free "not ready" check is a separate piece of code (a mutant reading "closed" before
   * "empty" there survived every other test).
   */
  @JCStressTest
  @Outcome(
      id = {"1, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "One got the value, the other saw the close.")
  @Outcome(
      id = {"-1, 0", "-1, 1"},
      expect = FORBIDDEN,
      desc = "Not ready while the channel held a value or was closed.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both got the value.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: both saw the close.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Small {
    final Channel<Integer> ch = Channel.make(1);

    public Small() {
      ch.trySend(1);
    }

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void closerReceiver(II_Result r) {
      ch.close();
      r.r2 = Ops.tryReceive(ch);
    }
  }

  /** As {@link BufferedSelect}, on {@code Channel.make(1)}'s locked ring (see {@link Small}). */
  @JCStressTest
  @Outcome(
      id = {"1, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "One got the value, the other saw the close.")
  @Outcome(
      id = {"-1, 0", "-1, 1"},
      expect = FORBIDDEN,
      desc = "Default taken while the channel held a value or was closed.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both got the value.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: both saw the close.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the never-ready case ran).")
  @State
  public static class SmallSelect {
    final Channel<Integer> ch = Channel.make(1);
    final Channel<Integer> never = Channel.make();

    public SmallSelect() {
      ch.trySend(1);
    }

    @Actor
    public void receiver(II_Result r) {
      r.r1 =
          Ops.select(
              ch.onReceiveOk((v, ok) -> ok ? v : Ops.CLOSED),
              never.onReceive(v -> 7),
              Select.onDefault(() -> Ops.NOT_READY));
    }

    @Actor
    public void closerReceiver(II_Result r) {
      ch.close();
      r.r2 = Ops.tryReceive(ch);
    }
  }

  /**
   * Unbuffered, a goroutine blocked in {@code send(1)} (both actors first wait until it is parked):
   * A's {@code tryReceive} takes its value unless the close came first (then the send throws "send
   * on closed channel"); B, after its close, always sees "closed". {@code r3}: the goroutine's send
   * (1 returned, 0 threw).
   */
  @JCStressTest
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "A took the value before the close.")
  @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Closed first: the send threw.")
  @Outcome(
      id = "-1, 0, 0",
      expect = FORBIDDEN,
      desc = "Not ready while a sender was blocked or the channel was closed.")
  @Outcome(id = "1, 0, 0", expect = FORBIDDEN, desc = "Received, yet the send threw.")
  @Outcome(id = "0, 0, 1", expect = FORBIDDEN, desc = "Lost: the send returned, nobody got it.")
  @Outcome(id = "-9, -9, -9", expect = ACCEPTABLE_INTERESTING, desc = "Setup missed: skipped.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class UnbufferedBlockedSender {
    final Channel<Integer> ch = Channel.make();
    final Goroutine sender;
    volatile int sent = -7;

    public UnbufferedBlockedSender() {
      sender =
          Goroutine.start(
              self -> {
                self.blocking(1);
                try {
                  ch.send(1);
                  sent = 1;
                } catch (ChannelClosedException e) {
                  sent = 0;
                }
              });
    }

    @Actor
    public void receiver(III_Result r) {
      if (sender.awaitBlocked(1)) {
        r.r1 = Ops.tryReceive(ch);
      }
    }

    @Actor
    public void closerReceiver(III_Result r) {
      if (sender.awaitBlocked(1)) {
        ch.close();
        r.r2 = Ops.tryReceive(ch);
      }
    }

    @Arbiter
    public void arbiter(III_Result r) {
      int f = sender.failure();
      if (f != 0) { // an actor skipped its operation: release the goroutine
        try {
          ch.close();
        } catch (IllegalStateException closedByTheOtherActor) {
          // the other actor saw the goroutine parked after all
        }
        sender.join();
        r.r1 = r.r2 = r.r3 = f;
        return;
      }
      sender.join();
      r.r3 = sent;
    }
  }
}
