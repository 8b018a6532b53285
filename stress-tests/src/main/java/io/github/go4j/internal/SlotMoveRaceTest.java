package io.github.go4j.internal;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim (UnbufferedChan's overview, "Moving the slot"): a move of an unbuffered channel's wait slot
 * to a new block loses no waiter and no value, whatever races it: a second sender, a second
 * receiver, close() or an interrupt of the sender being taken. In each test a goroutine started
 * with the state sends (it stands in the slot, or queues), and the channel is primed
 * (primeMoveForTest) so that the first lock-free take of a sender from the slot ends an epoch that
 * moves the slot; the last result is the moves made (0 or 1).
 *
 * <p>Hazard: a block retired with a waiter in it (the waiter then stands where nobody looks again:
 * the run hangs), a publication into a retired block that succeeds, a take whose value the move
 * drops, or a close() that misses a waiter because it looked at the retired block.
 */
public final class SlotMoveRaceTest {
  private SlotMoveRaceTest() {}

  private static UnbufferedChan<?> primed(Channel<Integer> ch) {
    UnbufferedChan<?> e = (UnbufferedChan<?>) Chan.of(ch, "ch");
    e.primeMoveForTest();
    return e;
  }

  /**
   * The goroutine sends 1; actor 1 receives twice, its first take moving the slot; actor 2 sends 2,
   * racing the move (it may publish into the old block before the move, find the old block retired
   * and go to the locked path, or publish into the new block). {@code r1, r2}: the values actor 1
   * received; {@code r3}: the moves.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 1", "2, 1, 1"},
      expect = ACCEPTABLE_INTERESTING,
      desc = "Both values arrived once; the slot moved.")
  @Outcome(
      id = {"1, 2, 0", "2, 1, 0"},
      expect = ACCEPTABLE,
      desc =
          "Both values arrived once; no move (the take went through the lock, or the move found"
              + " the lock busy or a receiver standing).")
  @Outcome(expect = FORBIDDEN, desc = "Lost or duplicated, or more than one move.")
  @State
  public static class SecondSender {
    final Channel<Integer> ch = Channel.make();
    final UnbufferedChan<?> engine = primed(ch);
    final Thread first = go(() -> Ops.send(ch, 1));

    @Actor
    public void receiver(III_Result r) {
      r.r1 = Ops.receive(ch);
      r.r2 = Ops.receive(ch);
    }

    @Actor
    public void sender(III_Result r) {
      Ops.send(ch, 2);
    }

    @Arbiter
    public void moves(III_Result r) {
      r.r3 = engine.movesForTest();
    }
  }

  /**
   * The goroutine sends 1, then 2; actors 1 and 2 receive once each, so that actor 2's receive
   * races actor 1's take and its move (it may find the slot held by the take and go to the locked
   * path, find the old block retired and go to the locked path, or stand in the new block; with a
   * slot per direction it could also stand in the old block's receive slot, which stopped the
   * move). {@code r1}: actor 1's value; {@code r2}: actor 2's; {@code r3}: the moves.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 1", "2, 1, 1"},
      expect = ACCEPTABLE_INTERESTING,
      desc = "Each value arrived once; the slot moved.")
  @Outcome(
      id = {"1, 2, 0", "2, 1, 0"},
      expect = ACCEPTABLE,
      desc = "Each value arrived once; no move.")
  @Outcome(expect = FORBIDDEN, desc = "Lost or duplicated, or more than one move.")
  @State
  public static class SecondReceiver {
    final Channel<Integer> ch = Channel.make();
    final UnbufferedChan<?> engine = primed(ch);
    final Thread sender =
        go(
            () -> {
              Ops.send(ch, 1);
              Ops.send(ch, 2);
            });

    @Actor
    public void first(III_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = Ops.receive(ch);
    }

    @Arbiter
    public void moves(III_Result r) {
      Ops.join(sender);
      r.r3 = engine.movesForTest();
    }
  }

  /**
   * The goroutine sends 1; actor 1 receives twice (its first take may move the slot); actor 2
   * closes the channel, racing the take and the move. {@code r1, r2}: actor 1's receives (0: saw
   * the close); {@code r3}: the goroutine's send (1: sent, 0: the close made it panic); {@code r4}:
   * the moves. A close() that looked at the retired block only would leave a waiter of the new
   * block standing: the goroutine or actor 1 would hang.
   */
  @JCStressTest
  @Outcome(
      id = "1, 0, 1, 1",
      expect = ACCEPTABLE_INTERESTING,
      desc = "Received, the slot moved, then closed.")
  @Outcome(
      id = {"1, 0, 1, 0", "0, 0, 0, 0"},
      expect = ACCEPTABLE,
      desc = "Received then closed without a move, or closed before the take (the send panicked).")
  @Outcome(
      id = {"1, 0, 0, 0", "1, 0, 0, 1"},
      expect = FORBIDDEN,
      desc = "Duplicate risk: received, yet the send panicked.")
  @Outcome(
      id = {"0, 0, 1, 0", "0, 0, 1, 1"},
      expect = FORBIDDEN,
      desc = "Lost: the send returned, nobody received.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Close {
    final Channel<Integer> ch = Channel.make();
    final UnbufferedChan<?> engine = primed(ch);
    volatile int sent = -9;
    final Thread sender = go(() -> sent = Ops.send(ch, 1));

    @Actor
    public void receiver(IIII_Result r) {
      r.r1 = Ops.receive(ch);
      r.r2 = Ops.receive(ch);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      Ops.join(sender);
      r.r3 = sent;
      r.r4 = engine.movesForTest();
    }
  }

  /**
   * The goroutine sends 1 and, if that send is interrupted, 2 (the interrupt consumed); actor 1
   * receives once (its take may move the slot); actor 2 interrupts the goroutine, racing the take
   * and the move. {@code r1}: the value received; {@code r2}: the first send (1: sent, 0: threw
   * InterruptedException); {@code r3}: the moves.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 1, 1", "2, 0, 1"},
      expect = ACCEPTABLE_INTERESTING,
      desc = "Taken before the interrupt, or interrupted and the second value taken; moved.")
  @Outcome(
      id = {"1, 1, 0", "2, 0, 0"},
      expect = ACCEPTABLE,
      desc = "The same without a move.")
  @Outcome(
      id = {"1, 0, 0", "1, 0, 1"},
      expect = FORBIDDEN,
      desc = "Duplicate risk: received, yet the send was cancelled.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Interrupt {
    final Channel<Integer> ch = Channel.make();
    final UnbufferedChan<?> engine = primed(ch);
    volatile int first = -9;
    final Thread sender =
        go(
            () -> {
              try {
                ch.send(1);
                first = 1;
              } catch (InterruptedException e) {
                first = 0;
                Ops.send(ch, 2);
              }
            });

    @Actor
    public void receiver(III_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void interrupter() {
      sender.interrupt();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Ops.join(sender);
      r.r2 = first;
      r.r3 = engine.movesForTest();
    }
  }
}
