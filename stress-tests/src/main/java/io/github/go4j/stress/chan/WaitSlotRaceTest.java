package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.stress.Ops;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.time.Instant;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claim: a plain send or receive on an unbuffered channel that waits in the channel's lock-free
 * wait slot meets exactly one partner, whichever way that partner comes (taking the slot lock-free,
 * through Go's locked path, as a select, or as close()), and an interrupt racing the partner either
 * cancels the operation or lets it complete, never both.
 *
 * <p>Hazard: a waiter in a slot and a waiter in the opposite queue that each missed the other (the
 * publisher checks the queues after its CAS, a queuing operation checks the slot after a fence):
 * both park and the hand-off never happens; close() or a select's all-locks poll missing a waiter
 * that published just then; an interrupted slot waiter cancelling while a partner that took it from
 * the slot is about to claim it (a value lost, or written into the record's next operation).
 * Blocking outcomes are bounded: a lost hand-off shows as a timeout result, not a hung run.
 */
public final class WaitSlotRaceTest {
  private WaitSlotRaceTest() {}

  /** How long a bounded wait gives a partner that must already be there. */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  /** Result of a bounded wait that timed out: the hand-off was lost. */
  static final int TIMED_OUT = -7;

  /**
   * Two plain senders and two plain receives: a goroutine started with the state receives, another
   * sends 2; actor 1 sends 1, actor 2 receives. Any two may publish at once, one may stand in a
   * slot while another queues under the lock, and a receive may take the slot or poll the queue;
   * each value arrives exactly once ({@code r1}: actor 2's value, {@code r2}: the goroutine's).
   * Each actor can complete on its own (jcstress also runs them one at a time).
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2", "2, 1"},
      expect = ACCEPTABLE,
      desc = "Each receive got one value.")
  @Outcome(expect = FORBIDDEN, desc = "Lost or duplicated.")
  @State
  public static class TwoSendersTwoReceives {
    final Channel<Integer> ch = Channel.make();
    volatile int received = -9;
    final Thread receiver = go(() -> received = Ops.receive(ch));
    final Thread sender = go(() -> ch.send(2));

    @Actor
    public void sender1() {
      Ops.send(ch, 1);
    }

    @Actor
    public void receiver2(II_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver);
      Ops.join(sender);
      r.r2 = received;
    }
  }

  /**
   * Two plain senders and two plain receivers, two operations each: actor 1 sends 1 and 2, a
   * goroutine sends 3 and 4, actor 2 and another goroutine receive two values each. A second waiter
   * of one direction turns the slots off, and the locked operation that empties the queues turns
   * them on again, while the other parties publish, take, queue (skipping the post-queuing fence
   * while the slots read off) and poll. Every value arrives exactly once, and each sender's values
   * in order ({@code r1}: actor 2's two values as digits, {@code r2}: the goroutine's).
   */
  @JCStressTest
  @Outcome(
      id = {
        "12, 34", "13, 24", "13, 42", "14, 23", "14, 32", "23, 14", "23, 41", "24, 13", "24, 31",
        "31, 24", "31, 42", "32, 14", "32, 41", "34, 12", "41, 23", "41, 32", "42, 13", "42, 31"
      },
      expect = ACCEPTABLE,
      desc = "Each value once, each sender's in order.")
  @Outcome(expect = FORBIDDEN, desc = "Lost, duplicated or reordered.")
  @State
  public static class TwoPairsTwice {
    final Channel<Integer> ch = Channel.make();
    volatile int received = -9;
    final Thread receiver = go(() -> received = 10 * Ops.receive(ch) + Ops.receive(ch));
    final Thread sender =
        go(
            () -> {
              Ops.send(ch, 3);
              Ops.send(ch, 4);
            });

    @Actor
    public void sender1() {
      Ops.send(ch, 1);
      Ops.send(ch, 2);
    }

    @Actor
    public void receiver2(II_Result r) {
      r.r1 = 10 * Ops.receive(ch) + Ops.receive(ch);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver);
      Ops.join(sender);
      r.r2 = received;
    }
  }

  /**
   * A send and a receive that arrive together, in both directions: actor 1 sends 1, then receives;
   * actor 2 receives, then sends 2. Both may publish at once; the one whose re-check finds the
   * other withdraws and takes the other from its slot with the ordinary take, a CAS that the
   * other's own withdrawal races for (one wins), or both withdraw and meet under the lock; a
   * receive may also find the sender publishing and wait until it stands in the slot. Each value
   * arrives exactly once ({@code r1}: what actor 1 received, {@code r2}: what actor 2 received).
   */
  @JCStressTest
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "Both hand-offs happened.")
  @Outcome(expect = FORBIDDEN, desc = "Lost or duplicated.")
  @State
  public static class ArrivingTogether {
    final Channel<Integer> ch = Channel.make();

    @Actor
    public void sendsThenReceives(II_Result r) {
      Ops.send(ch, 1);
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void receivesThenSends(II_Result r) {
      r.r2 = Ops.receive(ch);
      Ops.send(ch, 2);
    }
  }

  /**
   * A plain send (which may publish in the slot) against a blocking select (a goroutine started
   * with the state) receiving from the channel or from a channel nobody sends on: the select's
   * all-locks poll turns the slots off and absorbs a sender that published before, and a sender
   * that publishes after sees that.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The select received the value.")
  @Outcome(expect = FORBIDDEN, desc = "Lost (timed out), or the wrong case ran.")
  @State
  public static class SendMeetsSelect {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    final ReceiveChannel<Instant> timeout = Time.after(PATIENCE);
    volatile int selected = -9;
    final Thread selector =
        go(
            () ->
                selected =
                    Ops.select(
                        ch.onReceive(v -> v),
                        never.onReceive(v -> -2),
                        timeout.onReceive(t -> TIMED_OUT)));

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.send(ch, 1);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(selector);
      r.r2 = selected;
    }
  }

  /**
   * A plain receive (which may publish in the slot) against {@code trySend(1)} and then close():
   * the value is received exactly when trySend reported it sent; a receive that saw no value sees
   * the close.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Handed over, then closed.")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "trySend found no receiver; closed.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: trySend true, the receive saw close.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Phantom: a value nobody sent.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the receive hung past the close).")
  @State
  public static class ReceiveMeetsTrySendThenClose {
    final Channel<Integer> ch = Channel.make();
    final Thread receiver;
    volatile int received = -9;

    public ReceiveMeetsTrySendThenClose() {
      receiver = go(() -> received = Ops.receive(ch)); // plain: it may publish in the slot
    }

    @Actor
    public void senderCloser(II_Result r) {
      r.r1 = Ops.trySend(ch, 1);
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver);
      r.r2 = received;
    }
  }

  /**
   * A receive waiting (in the slot, as a rule) vs a plain blocking send, which takes a waiter from
   * the slot without the lock, vs an interrupt. An interrupted receive then receives again
   * (bounded), so the send always completes: {@code r1} is the first receive (1: got the value, 0:
   * interrupted), {@code r2} the second (1: got the value, 0: not needed).
   */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Received before the interrupt.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Interrupted; the retry got the value.")
  @Outcome(id = "0, -7", expect = FORBIDDEN, desc = "Lost: sent, yet the receive was cancelled.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class InterruptVsTake {
    final Channel<Integer> ch = Channel.make();
    final Thread receiver;
    volatile int first = -9;
    volatile int second = -9;

    public InterruptVsTake() {
      receiver =
          go(
              () -> {
                try {
                  first = ch.receive() == 1 ? 1 : -8;
                  second = 0;
                } catch (InterruptedException e) {
                  first = 0;
                  second = boundedReceive(ch);
                }
              });
    }

    @Actor
    public void sender() {
      Ops.send(ch, 1);
    }

    @Actor
    public void interrupter() {
      receiver.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver);
      r.r1 = first;
      r.r2 = second;
    }
  }

  /**
   * A send waiting in the slot vs close() vs an interrupt: the send either threw
   * InterruptedException (1) or saw the close (0); it never returns as sent (nobody receives).
   */
  @JCStressTest
  @Outcome(
      id = {"0", "1"},
      expect = ACCEPTABLE,
      desc = "Closed, or interrupted first.")
  @Outcome(expect = FORBIDDEN, desc = "Sent to nobody, or hung.")
  @State
  public static class SendVsCloseVsInterrupt {
    final Channel<Integer> ch = Channel.make();
    final Thread sender;
    volatile int outcome = -9;

    public SendVsCloseVsInterrupt() {
      sender =
          go(
              () -> {
                try {
                  outcome = Ops.send(ch, 1) == Ops.CLOSED ? 0 : -8;
                } catch (IllegalStateException e) { // Ops.send: InterruptedException
                  outcome = 1;
                }
              });
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Actor
    public void interrupter() {
      sender.interrupt();
    }

    @Arbiter
    public void arbiter(I_Result r) {
      Ops.join(sender);
      r.r1 = outcome;
    }
  }

  /**
   * Two plain receives (goroutines started with the state, either of which may publish in the slot
   * while the other takes the locked path) against close(): both see the close. A receive that
   * checked the channel open and published after close() had read the slot used to be absorbed into
   * the queue by the other receive's locked path, which then returned "closed": the first stayed
   * queued on the closed channel for good (WaitSlotPublishHookTest pins that interleaving; here it
   * is left to the scheduler). A receive still blocked after {@link #PATIENCE} counts as {@link
   * #TIMED_OUT}.
   */
  @JCStressTest
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Both receives saw the close.")
  @Outcome(expect = FORBIDDEN, desc = "A receive left blocked on the closed channel (-7).")
  @State
  public static class TwoReceivesVsClose {
    final Channel<Integer> ch = Channel.make();
    volatile int first = -9;
    volatile int second = -9;
    final Thread receiver1 = go(() -> first = Ops.receive(ch));
    final Thread receiver2 = go(() -> second = Ops.receive(ch));

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r1 = boundedJoin(receiver1) ? first : TIMED_OUT;
      r.r2 = boundedJoin(receiver2) ? second : TIMED_OUT;
    }
  }

  /**
   * Two plain sends and a plain receive (goroutines started with the state) against two tryReceive
   * calls (the actors, each a locked receive when a sender waits): every value arrives exactly once
   * and nobody is left blocked. A locked receive used to absorb the slot's waiter as well as the
   * slot's: a receive that published late, beside a sender in the slot and one queued behind it,
   * was moved into recvq while the locked receive took the first sender, and it and the second
   * sender then waited for each other for good (WaitSlotPublishHookTest pins that interleaving;
   * here it is left to the scheduler). The arbiter completes whatever the actors left open: it
   * sends 9 if both took a value (the goroutine's receive still waits), and receives the value left
   * over if neither did. {@code r1}, {@code r2}: the actors' tryReceive (-1: nothing); {@code r3}:
   * the goroutine's receive; {@code r4}: the arbiter's receive (-1: not needed); -7: a party still
   * blocked after {@link #PATIENCE}.
   */
  @JCStressTest
  @Outcome(
      id = {
        "-1, -1, 1, 2",
        "-1, -1, 2, 1",
        "1, -1, 2, -1",
        "2, -1, 1, -1",
        "-1, 1, 2, -1",
        "-1, 2, 1, -1",
        "1, 2, 9, -1",
        "2, 1, 9, -1"
      },
      expect = ACCEPTABLE,
      desc = "Each value once; nobody left blocked.")
  @Outcome(expect = FORBIDDEN, desc = "Lost, duplicated, or a party left blocked (-7).")
  @State
  public static class TwoSendsOneReceiveVsTwoTryReceives {
    final Channel<Integer> ch = Channel.make();
    volatile int received = -9;
    final Thread receiver = go(() -> received = Ops.receive(ch));
    final Thread sender1 = go(() -> ch.send(1));
    final Thread sender2 = go(() -> ch.send(2));

    @Actor
    public void taker1(IIII_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void taker2(IIII_Result r) {
      r.r2 = Ops.tryReceive(ch);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      int taken = (r.r1 > 0 ? 1 : 0) + (r.r2 > 0 ? 1 : 0);
      r.r4 = -1;
      if (taken == 2) {
        boundedSend(ch, 9); // a timeout shows in r3: the receive still blocked
      } else if (taken == 0) {
        r.r4 = boundedReceive(ch);
      }
      boolean done = boundedJoin(sender1) & boundedJoin(sender2);
      r.r3 = boundedJoin(receiver) ? received : TIMED_OUT;
      if (!done) {
        r.r4 = TIMED_OUT;
      }
    }
  }

  /** Waits up to {@link #PATIENCE} for a goroutine; false if it is still running. */
  static boolean boundedJoin(Thread goroutine) {
    try {
      return goroutine.join(PATIENCE);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A send bounded by {@link #PATIENCE}: 1 if sent, or TIMED_OUT. */
  static int boundedSend(Channel<Integer> ch, int v) {
    return Ops.select(ch.onSend(v, () -> 1), Time.after(PATIENCE).onReceive(t -> TIMED_OUT));
  }

  /**
   * A send waiting in the slot (as a rule) vs a plain receive, which takes it without the lock (the
   * taker leaves the sender's thread in the slot while it reads the value beside it, and the sender
   * learns its outcome from the slot: ADR 0004, stop 39), vs an interrupt of the sender. An
   * interrupted send sends again (bounded), so the receive always completes: {@code r1} is the
   * first send (1: sent, 0: interrupted), {@code r2} the second (1: sent, 0: not needed, -7: timed
   * out, i.e. the first send had been received although it reported the interrupt), {@code r3} what
   * the receive got.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Sent before the interrupt.")
  @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Interrupted; the second send was received.")
  @Outcome(id = "0, -7, 1", expect = FORBIDDEN, desc = "Received, yet the send was cancelled.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class InterruptedSenderVsTake {
    final Channel<Integer> ch = Channel.make();
    final Thread sender;
    volatile int first = -9;
    volatile int second = -9;

    public InterruptedSenderVsTake() {
      sender =
          go(
              () -> {
                try {
                  ch.send(1);
                  first = 1;
                  second = 0;
                } catch (InterruptedException e) {
                  first = 0;
                  second = boundedSend(ch, 1);
                }
              });
    }

    @Actor
    public void receiver(III_Result r) {
      r.r3 = Ops.receive(ch);
    }

    @Actor
    public void interrupter() {
      sender.interrupt();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Ops.join(sender);
      r.r1 = first;
      r.r2 = second;
    }
  }

  /**
   * A send waiting in the slot (as a rule) vs a receive vs close(): the send and the receive agree,
   * whatever the order. A sender that a receive took, and that looks at the slot only after close()
   * has closed it, has sent (the first version of the slot's lock-free take reported "send on
   * closed channel" there for a value that had been received): {@code r1} the send (1: sent, 0:
   * closed), {@code r2} the receive (1: the value, 0: closed).
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Handed over, then closed.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Closed first: both saw it.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Received, yet the send saw the close.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Sent, yet the receive saw the close: lost.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class WaitingSenderVsReceiveVsClose {
    final Channel<Integer> ch = Channel.make();
    final Thread sender;
    volatile int sent = -9;

    public WaitingSenderVsReceiveVsClose() {
      sender = go(() -> sent = Ops.send(ch, 1));
    }

    @Actor
    public void receiver(II_Result r) {
      r.r2 = Ops.receive(ch);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(sender);
      r.r1 = sent;
    }
  }

  /** A receive bounded by {@link #PATIENCE}: the value, {@link Ops#CLOSED}, or TIMED_OUT. */
  static int boundedReceive(Channel<Integer> ch) {
    return Ops.select(
        ch.onReceiveOk((v, ok) -> ok ? v : Ops.CLOSED),
        Time.after(PATIENCE).onReceive(t -> TIMED_OUT));
  }
}
