package io.github.go4j.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claims (Channel Javadoc, from Go's memory model): on an unbuffered channel the receive of a value
 * happens-before the completion of its send; on a channel of capacity C the k-th receive
 * happens-before the (k+C)-th send completes. Go's "channel as semaphore" idiom rests on these.
 *
 * <p>Hazard: a sender released (hand-off claimed, or a freed buffer slot refilled with its value)
 * through a path that does not publish the receiver's earlier writes: the sender would continue
 * before seeing what the receiver did before it received.
 */
public final class ChannelOrderHbTest {
  private ChannelOrderHbTest() {}

  /** Unbuffered: the receiver's writes before receive are seen once send returns. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "send returned after the receive; write visible.")
  @Outcome(expect = FORBIDDEN, desc = "send completed without the receiver's prior write.")
  @State
  public static class Unbuffered {
    final Channel<Unit> ch = Channel.make();
    int x;

    @Actor
    public void receiver() {
      x = 1;
      try {
        ch.receive();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    @Actor
    public void sender(I_Result r) {
      try {
        ch.send(Unit.VALUE);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = x;
    }
  }

  /**
   * Capacity 1, already full: the 1st receive happens-before the 2nd send completes. The sender
   * blocks on the full buffer until the receiver frees the slot.
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "2nd send completed after the 1st receive.")
  @Outcome(expect = FORBIDDEN, desc = "2nd send completed without the receiver's prior write.")
  @State
  public static class CapacityOne {
    final Channel<Unit> ch = Channel.make(1);
    int x;

    {
      if (!ch.trySend(Unit.VALUE)) {
        throw new AssertionError("empty buffer must accept");
      }
    }

    @Actor
    public void receiver() {
      x = 1;
      try {
        ch.receive();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    @Actor
    public void sender(I_Result r) {
      try {
        ch.send(Unit.VALUE);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = x;
    }
  }
}
