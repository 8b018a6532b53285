package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: an interrupt racing the completion of a blocked operation never loses or duplicates a
 * value: an interrupted receive received nothing, an interrupted send did not send, an interrupted
 * select ran no case; if the partner won, the operation completed (and the interrupt status stays
 * set). {@code r1}: the partner's non-blocking operation (1 = done, -1 = not ready); {@code r2}:
 * the blocked goroutine's outcome (1 = completed, 0 = threw {@code InterruptedException}).
 *
 * <p>The blocked party is a goroutine started with the state (actors are jcstress's own threads and
 * must not be interrupted); actor 1 is its partner, actor 2 interrupts it; the arbiter joins it.
 *
 * <p>Hazard: the parked thread gives up on interrupt while a partner claims it at the same moment:
 * if cancelling were not the same CAS as claiming, a receiver could throw after a sender's {@code
 * trySend} returned true (lost value), or a sender could throw after its value was taken (the value
 * delivered, and then sent again by a retrying caller).
 */
public final class InterruptRaceTest {
  private InterruptRaceTest() {}

  /** A receive parked on an unbuffered channel vs {@code trySend} vs an interrupt. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Handed over before the interrupt.")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "Interrupted; trySend found no receiver.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: trySend true, the receive threw.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Phantom: a value nobody sent.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Receive {
    final Channel<Integer> ch = Channel.make();
    final Thread receiver;
    volatile int outcome = -9;

    public Receive() {
      receiver =
          go(
              () -> {
                try {
                  Received<Integer> r = ch.receiveOk();
                  outcome = r.ok() && r.value() == 1 ? 1 : -8;
                } catch (InterruptedException e) {
                  outcome = 0;
                }
              });
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.trySend(ch, 1);
    }

    @Actor
    public void interrupter() {
      receiver.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver);
      r.r2 = outcome;
    }
  }

  /** A send parked on an unbuffered channel vs {@code tryReceive} vs an interrupt. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Taken before the interrupt.")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "Interrupted; tryReceive found no sender.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Duplicate risk: received, yet the send threw.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Lost: the send returned, nothing received.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Send {
    final Channel<Integer> ch = Channel.make();
    final Thread sender;
    volatile int outcome = -9;

    public Send() {
      sender =
          go(
              () -> {
                try {
                  ch.send(1);
                  outcome = 1;
                } catch (InterruptedException e) {
                  outcome = 0;
                }
              });
    }

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void interrupter() {
      sender.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(sender);
      r.r2 = outcome;
    }
  }

  /**
   * A select parked on a receive and a send (on two unbuffered channels) vs {@code trySend} to its
   * receive case vs an interrupt: the select ran its receive case exactly when {@code trySend}
   * succeeded, and never ran its send case (nobody receives there).
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The receive case ran before the interrupt.")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "Interrupted: no case ran; trySend failed.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: trySend true, the select threw.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Phantom: a value nobody sent.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the never-ready send case ran).")
  @State
  public static class Select {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    final Thread selector;
    volatile int outcome = -9;

    public Select() {
      selector =
          go(
              () -> {
                try {
                  outcome =
                      io.github.go4j.chan.Select.select(
                          ch.onReceive(v -> v == 1 ? 1 : -8), never.onSend(2, () -> -7));
                } catch (InterruptedException e) {
                  outcome = 0;
                }
              });
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.trySend(ch, 1);
    }

    @Actor
    public void interrupter() {
      selector.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(selector);
      r.r2 = outcome;
    }
  }
}
