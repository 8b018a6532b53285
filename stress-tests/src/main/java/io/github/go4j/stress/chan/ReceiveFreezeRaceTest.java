package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: a receive that blocks on an empty lock-free ring (4 slots and more) never misses a value
 * sent while it registers: actor A receives (blocking, or in a select); actor B sends 1 without
 * blocking and then closes. The send comes before the close, so A must get 1 ({@code r1}), and
 * nothing is left for the arbiter's drain ({@code r2}: the values left, 0 if none).
 *
 * <p>Hazard: the receiver finds the ring empty under the lock and sets the "receivers waiting" bit
 * that sends lock-free sends to the locked path; a lock-free send that claimed its position just
 * before the bit was set still lands in the ring. If the receiver parks without looking at the ring
 * again after setting the bit, nobody wakes it for that value: the close then releases it with
 * "closed" while the value is still buffered (or a later send hands it a newer value first).
 */
public final class ReceiveFreezeRaceTest {
  private ReceiveFreezeRaceTest() {}

  /** A blocking receive. */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "A got the value; nothing left.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "A saw the close while the value was buffered.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Plain {
    final Channel<Integer> ch = Channel.make(4);

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void senderCloser() {
      ch.trySend(1);
      ch.close();
    }

    @Arbiter
    public void drain(II_Result r) {
      r.r2 = Ops.drainClosed(ch);
    }
  }

  /** A select over the ring and a channel that is never ready. */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "A got the value; nothing left.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "A saw the close while the value was buffered.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the never-ready case ran).")
  @State
  public static class InSelect {
    final Channel<Integer> ch = Channel.make(4);
    final Channel<Integer> never = Channel.make();

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.select(ch.onReceiveOk((v, ok) -> ok ? v : Ops.CLOSED), never.onReceive(v -> 7));
    }

    @Actor
    public void senderCloser() {
      ch.trySend(1);
      ch.close();
    }

    @Arbiter
    public void drain(II_Result r) {
      r.r2 = Ops.drainClosed(ch);
    }
  }
}
