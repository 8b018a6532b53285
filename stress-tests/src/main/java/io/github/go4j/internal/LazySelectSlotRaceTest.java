package io.github.go4j.internal;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim (UnbufferedChan's overview, "A select's spin case"): a blocking select that stands in an
 * unbuffered channel's wait slot under its stand-in, spins there and withdraws when the spin ends
 * completes exactly once, with the outcome its counterpart saw, whatever races it: a plain partner
 * that takes it from the slot (or meets it in the queue after its withdrawal) and close() of the
 * channel, which swaps it out of the slot. Actor 1 runs the select over {@code s} and {@code d}
 * ({@code d} never ready) with {@code s} as its spin channel (the thread's last select, as far as
 * the select knows, completed through {@code s}); actor 2 closes {@code s}; the plain partner is a
 * goroutine started with the state (two actors: the build's jcstress runs on two CPUs), which
 * arrives before the select (the select takes it from the slot) or after it (it takes the select
 * from the slot, or from the queues after the select's withdrawal), or finds the channel closed.
 *
 * <p>Hazard: a withdrawal that lost to a take but let the select go on to register (the value taken
 * twice, or lost), a take that lost to close()'s swap but completed the hand-off anyway, a sender's
 * stand-in that close() missed (the select would report a send that nobody received), or a select
 * left standing in a closed slot (the run hangs).
 */
public final class LazySelectSlotRaceTest {
  private LazySelectSlotRaceTest() {}

  /** Makes {@code ch} the current thread's spin channel for its next select (Selector, 1b). */
  private static void spinOn(Channel<?> ch) {
    Waiter.current().extras().lastWon = Chan.of(ch, "ch").id;
  }

  /**
   * The select receives; the goroutine sends 1. {@code r1}: the select's result (1: the value, 0: s
   * closed); {@code r2}: the send's (1: sent, 0: it threw ChannelClosedException).
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The select took the value (before the close).")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Closed first: both saw the close.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Phantom: the send failed, the select got 1.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Lost: sent, the select saw the close.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class ReceivingSelect {
    final Channel<Integer> s = Channel.make();
    final Channel<Unit> d = Channel.make();
    volatile int sent = -9;
    final Thread sender = go(() -> sent = Ops.send(s, 1));

    @Actor
    public void select(II_Result r) {
      spinOn(s);
      r.r1 = Ops.select(s.onReceiveOk((v, ok) -> ok ? v : 0), d.onReceive(u -> -7));
    }

    @Actor
    public void closer() {
      s.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(sender);
      r.r2 = sent;
    }
  }

  /**
   * The select sends 1; the goroutine receives. {@code r1}: the select's result (1: sent, 0: it
   * threw ChannelClosedException); {@code r2}: the receive's (1: the value, 0: s closed).
   */
  @JCStressTest
  @Outcome(
      id = "1, 1",
      expect = ACCEPTABLE,
      desc = "The receive took the value (before the close).")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Closed first: both saw the close.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: the select sent, the receive saw close.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Phantom: received a send that failed.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class SendingSelect {
    final Channel<Integer> s = Channel.make();
    final Channel<Unit> d = Channel.make();
    volatile int received = -9;
    final Thread receiver = go(() -> received = Ops.receive(s));

    @Actor
    public void select(II_Result r) {
      spinOn(s);
      try {
        r.r1 = Select.select(s.onSend(1, () -> 1), d.onReceive(u -> -7));
      } catch (ChannelClosedException e) {
        r.r1 = 0;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    @Actor
    public void closer() {
      s.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver);
      r.r2 = received;
    }
  }
}
