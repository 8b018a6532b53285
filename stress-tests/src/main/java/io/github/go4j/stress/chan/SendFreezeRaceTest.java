package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.stress.Goroutine;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim: a select that blocks sending on a full lock-free ring (4 slots and more) never misses the
 * room a racing receive frees while it registers. A goroutine runs {@code select { case ch <- 9:
 * case <-never: }} on a ring holding 1, 2, 3, 4; the actor receives once without blocking. The room
 * it frees must take the 9, at once or by moving the blocked select in: the goroutine completes
 * ({@code r2} = 1) and the ring then holds 2, 3, 4, 9 ({@code r3} = 2349). {@code r1}: the actor's
 * receive.
 *
 * <p>Hazard: the select finds the ring full under its lock and queues itself; a lock-free receive
 * that claimed its position before the "senders waiting" bits were set frees a slot without looking
 * at the queue. If the select does not set the bits and look at the ring again before it parks, it
 * waits with room in the buffer (and newcomers are refused: blocked senders go first) until some
 * later receive happens to move it in; here none comes, and the arbiter's join reports the lost
 * wake-up as an error.
 */
@JCStressTest
@Outcome(id = "1, 1, 2349", expect = ACCEPTABLE, desc = "Received 1; the select's 9 went in.")
@Outcome(expect = FORBIDDEN, desc = "Something else.")
@State
public class SendFreezeRaceTest {
  final Channel<Integer> ch = Channel.make(4);
  final Channel<Integer> never = Channel.make();
  final Goroutine selector;
  volatile int sent = -7;

  public SendFreezeRaceTest() {
    for (int i = 1; i <= 4; i++) {
      ch.trySend(i);
    }
    selector =
        Goroutine.start(self -> sent = Ops.select(ch.onSend(9, () -> 1), never.onReceive(v -> 7)));
  }

  @Actor
  public void receiver(III_Result r) {
    r.r1 = Ops.tryReceive(ch);
  }

  @Arbiter
  public void arbiter(III_Result r) {
    selector.join(); // throws (a test error) if the select was never woken
    r.r2 = sent;
    ch.close();
    r.r3 = Ops.drainClosed(ch);
  }
}
