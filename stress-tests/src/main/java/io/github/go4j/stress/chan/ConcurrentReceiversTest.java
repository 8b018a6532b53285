package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: two concurrent receivers never get the same element, and no element is lost between them.
 *
 * <p>Hazard: a buffer slot read by two receivers before either advances {@code recvx}; a blocked
 * sender's node claimed twice (two receivers both taking its item); a value handed to a parked
 * receiver whose claim CAS failed and not offered to the next one; a receiver woken by close while
 * a value it should have taken is still buffered.
 */
public final class ConcurrentReceiversTest {
  private ConcurrentReceiversTest() {}

  /** One buffered element, two {@code tryReceive}s: exactly one gets it. */
  @JCStressTest
  @Outcome(
      id = {"1, -1", "-1, 1"},
      expect = ACCEPTABLE,
      desc = "Exactly one receiver got it.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both got the element.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "Lost: neither got the element.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class BufferedTry {
    final Channel<Integer> ch = Ops.ring(2);

    public BufferedTry() {
      ch.trySend(1);
    }

    @Actor
    public void receiver1(II_Result r) {
      r.r1 = Ops.tryReceive(ch);
    }

    @Actor
    public void receiver2(II_Result r) {
      r.r2 = Ops.tryReceive(ch);
    }
  }

  /** Two buffered elements, two blocking receives: each gets a different one. */
  @JCStressTest
  @Outcome(
      id = {"1, 2", "2, 1"},
      expect = ACCEPTABLE,
      desc = "Each receiver got one element.")
  @Outcome(expect = FORBIDDEN, desc = "Duplicated or lost.")
  @State
  public static class Buffered {
    final Channel<Integer> ch = Channel.make(2);

    public Buffered() {
      ch.trySend(1);
      ch.trySend(2);
    }

    @Actor
    public void receiver1(II_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void receiver2(II_Result r) {
      r.r2 = Ops.receive(ch);
    }
  }

  /**
   * Unbuffered: a sender goroutine (started with the state) sends 1 then 2 to two blocking
   * receivers; hand-offs go both ways (to a parked receiver, or from a parked sender's node, which
   * both receivers may try to take).
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2", "2, 1"},
      expect = ACCEPTABLE,
      desc = "Each receiver got one element.")
  @Outcome(expect = FORBIDDEN, desc = "Duplicated or lost.")
  @State
  public static class Unbuffered {
    final Channel<Integer> ch = Channel.make();

    public Unbuffered() {
      go(
          () -> {
            ch.send(1);
            ch.send(2);
          });
    }

    @Actor
    public void receiver1(II_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void receiver2(II_Result r) {
      r.r2 = Ops.receive(ch);
    }
  }

  /**
   * Receive vs send-close-receive: actor 1 blocks in a receive on an empty one-slot channel; actor
   * 2 sends 1 (into the buffer, or straight to the parked actor 1), closes, and receives. Exactly
   * one of them gets the element (it stays receivable after the close); the other observes the
   * close.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "One got it, one saw the close.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: both got the element.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Lost: the close hid the element.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Close {
    final Channel<Integer> ch = Channel.make(1);

    @Actor
    public void receiver(II_Result r) {
      r.r1 = Ops.receive(ch);
    }

    @Actor
    public void senderCloserReceiver(II_Result r) {
      Ops.send(ch, 1);
      ch.close();
      r.r2 = Ops.receive(ch);
    }
  }
}
