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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim (UnbufferedChan's overview, "Moving the slots"): a move of an unbuffered channel's wait
 * slots to a new block loses no waiter and no value. A goroutine started with the state sends 1 (it
 * stands in the send slot, or queues); actor 1 receives twice, and its first lock-free take of the
 * send slot ends an epoch that moves the slots (primed: primeMoveForTest); actor 2 sends 2, racing
 * the move (it may publish into the old block before the move, find the old block retired and go to
 * the locked path, or publish into the new block). {@code r1, r2}: the values actor 1 received;
 * {@code r3}: the moves made.
 *
 * <p>Hazard: a block retired with a waiter in it (the waiter then stands where nobody looks again:
 * the run hangs), a publication into a retired block that succeeds, or a take whose value the move
 * drops.
 */
@JCStressTest
@Outcome(
    id = {"1, 2, 1", "2, 1, 1"},
    expect = ACCEPTABLE_INTERESTING,
    desc = "Both values arrived once; the slots moved.")
@Outcome(
    id = {"1, 2, 0", "2, 1, 0"},
    expect = ACCEPTABLE,
    desc =
        "Both values arrived once; no move (the take went through the lock, or the move found"
            + " the lock busy or a receiver standing).")
@Outcome(expect = FORBIDDEN, desc = "Lost or duplicated, or more than one move.")
@State
public class SlotMoveRaceTest {
  final Channel<Integer> ch = Channel.make();
  final UnbufferedChan<?> engine = primed(ch);
  final Thread first = go(() -> Ops.send(ch, 1));

  private static UnbufferedChan<?> primed(Channel<Integer> ch) {
    UnbufferedChan<?> e = (UnbufferedChan<?>) Chan.of(ch, "ch");
    e.primeMoveForTest();
    return e;
  }

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
