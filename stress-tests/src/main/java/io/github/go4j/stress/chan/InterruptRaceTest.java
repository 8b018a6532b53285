package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.SelectCase;
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
 * delivered, and then sent again by a retrying caller). An engine whose waiters spin before they
 * park must let the interrupt cancel a spinning waiter with the same CAS; one that reuses a
 * per-thread wait record must not let a stale claim on a cancelled select's registration complete
 * the thread's next operation.
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

  /**
   * A select parked on two unbuffered channels {@code a} and {@code b} vs {@code trySend(a, 1)} vs
   * an interrupt; right after the select (returned or interrupted) the goroutine blocks in {@code
   * c.receiveOk()}, which the arbiter releases by closing {@code c} (and {@code a}, {@code b}).
   * {@code r2}: the select (11: 1 received through {@code a}; 0: threw {@code
   * InterruptedException}; 10, 20: saw the arbiter's close of {@code a} or {@code b}, when the
   * goroutine was scheduled only after the arbiter ran); {@code r3}: the receive on {@code c} (0:
   * the close; 9: threw {@code InterruptedException}, as an interrupt that lost the race to the
   * claim stays pending; a value: a stale claim reached it).
   */
  @JCStressTest
  @Outcome(
      id = {"1, 11, 9", "1, 11, 0"},
      expect = ACCEPTABLE,
      desc = "Received through a; the interrupt stayed pending for the next receive.")
  @Outcome(id = "-1, 0, 0", expect = ACCEPTABLE, desc = "Interrupted: no case ran; a refused.")
  @Outcome(
      id = {"-1, 10, 0", "-1, 20, 0", "-1, 10, 9", "-1, 20, 9"},
      expect = ACCEPTABLE,
      desc = "The goroutine ran only after the arbiter closed a and b.")
  @Outcome(
      id = {"1, 0, 0", "1, 0, 9"},
      expect = FORBIDDEN,
      desc = "Lost: trySend true, the select threw.")
  @Outcome(
      id = "1, 0, 1",
      expect = FORBIDDEN,
      desc = "Stale claim: a's value went to the receive on c after the select was interrupted.")
  @Outcome(id = "-1, 11, 9", expect = FORBIDDEN, desc = "Phantom: a value nobody sent.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class SelectThenReceive {
    final Channel<Integer> a = Channel.make();
    final Channel<Integer> b = Channel.make();
    final Channel<Integer> c = Channel.make();
    final Goroutine selector;
    volatile int selected = -7;
    volatile int next = -7;

    public SelectThenReceive() {
      selector =
          Goroutine.start(
              self -> {
                SelectCase<Integer> ca = a.onReceiveOk((v, ok) -> ok ? 10 + v : 10);
                SelectCase<Integer> cb = b.onReceiveOk((v, ok) -> ok ? 20 + v : 20);
                try {
                  selected = io.github.go4j.chan.Select.select(ca, cb);
                } catch (InterruptedException e) {
                  selected = 0;
                }
                try {
                  Received<Integer> got = c.receiveOk();
                  next = got.ok() ? got.value() : 0;
                } catch (InterruptedException e) {
                  next = 9;
                }
              });
    }

    @Actor
    public void sender(III_Result r) {
      r.r1 = Ops.trySend(a, 1);
    }

    @Actor
    public void interrupter() {
      selector.thread().interrupt();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      c.close(); // first: a goroutine that starts only now sees its receive on c closed
      a.close();
      b.close();
      selector.join();
      r.r2 = selected;
      r.r3 = next;
    }
  }

  /**
   * A send parked on a full one-slot buffer (holding 1) vs a {@code tryReceive}, which takes 1 and
   * moves the parked sender's 2 into the freed slot, vs an interrupt. {@code r1}: the {@code
   * tryReceive} (always 1: the buffer is full); {@code r2}: the send (1 returned, 0 threw {@code
   * InterruptedException}); {@code r3}: a {@code tryReceive} after both (2, or -1: empty).
   */
  @JCStressTest
  @Outcome(
      id = "1, 1, 2",
      expect = ACCEPTABLE,
      desc = "2 moved into the buffer; the send returned.")
  @Outcome(id = "1, 0, -1", expect = ACCEPTABLE, desc = "Interrupted first: 2 never sent.")
  @Outcome(id = "1, 1, -1", expect = FORBIDDEN, desc = "Lost: the send returned, no 2 buffered.")
  @Outcome(id = "1, 0, 2", expect = FORBIDDEN, desc = "Duplicate risk: 2 buffered, the send threw.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class BufferedFullSender {
    final Channel<Integer> ch = Ops.ring(1);
    final Goroutine sender;
    volatile int outcome = -9;

    public BufferedFullSender() {
      ch.trySend(1);
      sender =
          Goroutine.start(
              self -> {
                try {
                  ch.send(2);
                  outcome = 1;
                } catch (InterruptedException e) {
                  outcome = 0;
                }
              });
    }

    @Actor
    public void receiver(III_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void interrupter() {
      sender.thread().interrupt();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      sender.join();
      r.r2 = outcome;
      r.r3 = Ops.tryReceive(ch);
    }
  }
}
