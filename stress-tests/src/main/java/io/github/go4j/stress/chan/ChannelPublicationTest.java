package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.stress.Ops;
import java.util.Optional;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: a value sent on a channel is seen fully constructed by its receiver (Go: "a send on a
 * channel is synchronized before the completion of the corresponding receive").
 *
 * <p>Hazard: the element is published through a data race. {@link Payload} has only non-final
 * fields, so the JMM gives no initialization-safety guarantee of its own: if the hand-off (a buffer
 * slot written under the channel lock, or a receiver node's item published by the claim CAS) did
 * not order the constructor's writes before the receiver's reads, the receiver could see the
 * default {@code 0}s.
 *
 * <p>Forbidden reorderings: the receiver's loads of the fields moved before the load that gave it
 * the element. For a parked (or spinning) receiver that load is its read of the claim in the wait
 * record ({@code Waiter.state}); the sender wrote the constructor's fields, then the node's item,
 * then the claim (a release CAS). The read of the claim must be an acquire: read plainly, AArch64
 * or POWER may load the item (null: a NullPointerException in the actor) or the fields (0s) before
 * it. x86 never reorders a load with an older load, so there only a JIT reordering shows such a
 * bug: {@link Unbuffered} and {@link Buffered} (whenever the receiver blocks first) are the tests
 * that would catch a plain {@code Waiter.state} read on a weak-memory CPU (not yet run on one); on
 * x86 such a read survives them. For {@link BufferedTry} the edge is the ring slot's sequence
 * number (release store, acquire load).
 */
public final class ChannelPublicationTest {
  private ChannelPublicationTest() {}

  /** An element with non-final fields, written in the constructor and never again. */
  public static final class Payload {
    int x;
    int y;

    Payload() {
      x = 1;
      y = 2;
    }
  }

  /**
   * Unbuffered rendezvous, both sides blocking: the value goes either from a parked sender's node
   * to the receiver or straight into a parked receiver's node. A publication bug shows as 0s.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receiver sees the constructed payload.")
  @Outcome(expect = FORBIDDEN, desc = "A partly constructed payload was received.")
  @State
  public static class Unbuffered {
    final Channel<Payload> ch = Channel.make();

    @Actor
    public void sender() {
      Ops.send(ch, new Payload());
    }

    @Actor
    public void receiver(II_Result r) {
      Payload p = receive(ch);
      r.r1 = p.x;
      r.r2 = p.y;
    }
  }

  /**
   * Buffered, blocking receiver: the value goes through the ring buffer, or straight into the
   * receiver's node when it is already parked.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receiver sees the constructed payload.")
  @Outcome(expect = FORBIDDEN, desc = "A partly constructed payload was received.")
  @State
  public static class Buffered {
    final Channel<Payload> ch = Channel.make(1);

    @Actor
    public void sender() {
      Ops.send(ch, new Payload());
    }

    @Actor
    public void receiver(II_Result r) {
      Payload p = receive(ch);
      r.r1 = p.x;
      r.r2 = p.y;
    }
  }

  /**
   * Buffered, non-blocking on both sides: {@code trySend} and {@code tryReceive} race, so the
   * receiver reads the buffer slot at the closest possible moment after the sender filled it.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receiver sees the constructed payload.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryReceive ran first: empty.")
  @Outcome(expect = FORBIDDEN, desc = "A partly constructed payload was received.")
  @State
  public static class BufferedTry {
    final Channel<Payload> ch = Ops.ring(1);

    @Actor
    public void sender() {
      ch.trySend(new Payload());
    }

    @Actor
    public void receiver(II_Result r) {
      Optional<Received<Payload>> o = ch.tryReceive();
      if (o.isPresent()) {
        Payload p = o.get().value();
        r.r1 = p.x;
        r.r2 = p.y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /**
   * {@code poll()} ({@link io.github.go4j.chan.ReceiveChannel#poll}: "a non-null result is a
   * receive like any other, with the same memory consistency effects") racing a {@code trySend}, on
   * Go's locked ring ({@code Channel.make(1)}): a payload it returns must be fully constructed.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receiver sees the constructed payload.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "poll ran first: null.")
  @Outcome(expect = FORBIDDEN, desc = "A partly constructed payload was received.")
  @State
  public static class LockedBufferedPoll {
    final Channel<Payload> ch = Channel.make(1);

    @Actor
    public void sender() {
      ch.trySend(new Payload());
    }

    @Actor
    public void receiver(II_Result r) {
      Payload p = ch.poll();
      if (p != null) {
        r.r1 = p.x;
        r.r2 = p.y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /** {@code poll()} racing a {@code trySend} on the lock-free ring ({@link Ops#ring}). */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The receiver sees the constructed payload.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "poll ran first: null.")
  @Outcome(expect = FORBIDDEN, desc = "A partly constructed payload was received.")
  @State
  public static class RingPoll {
    final Channel<Payload> ch = Ops.ring(1);

    @Actor
    public void sender() {
      ch.trySend(new Payload());
    }

    @Actor
    public void receiver(II_Result r) {
      Payload p = ch.poll();
      if (p != null) {
        r.r1 = p.x;
        r.r2 = p.y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  static Payload receive(Channel<Payload> ch) {
    try {
      return ch.receive();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
