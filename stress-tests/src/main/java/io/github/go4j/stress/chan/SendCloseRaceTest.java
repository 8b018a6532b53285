package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
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
 * Claim: a send racing a close either delivers its value (and returns normally) or throws {@code
 * ChannelClosedException} ("send on closed channel"): never both, never neither. {@code r1} is the
 * send's outcome (1 = returned, 0 = threw), {@code r2} is whether a receiver got the value.
 *
 * <p>Hazard: a sender parked in {@code sendq} when close runs: if close woke it with "closed" after
 * a receiver had taken its item (or the receiver took the item of a node close had claimed), the
 * value would be delivered and the send would still throw; if the buffer write and the closed check
 * were not atomic, a send could return while its value was dropped.
 */
public final class SendCloseRaceTest {
  private SendCloseRaceTest() {}

  /** Buffered: the value lands in the buffer and stays receivable after the close, or it throws. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Sent before the close; still buffered.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The send threw: closed first.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: the send returned, nothing received.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The send threw, yet its value arrived.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Buffered {
    final Channel<Integer> ch = Channel.make(1);

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.send(ch, 1);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = Ops.tryReceive(ch) == 1 ? 1 : 0;
    }
  }

  /** Buffered, {@code trySend}: the non-blocking path must be just as atomic with close. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Sent before the close; still buffered.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "trySend threw: closed first.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: trySend returned true, nothing received.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "trySend threw, yet its value arrived.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (trySend on an empty buffer said not ready).")
  @State
  public static class BufferedTrySend {
    final Channel<Integer> ch = Channel.make(1);

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.trySend(ch, 1);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = Ops.tryReceive(ch) == 1 ? 1 : 0;
    }
  }

  /**
   * Unbuffered, with a receiver goroutine (started with the state, so usually parked already): the
   * send's hand-off to the parked receiver races close's claim of it. The rendezvous happens (both
   * succeed) or the close wins (the send throws and the receiver sees the close).
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Rendezvous before the close.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Closed first: send threw, receive saw close.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: the send returned, nothing received.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The send threw, yet its value arrived.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Unbuffered {
    final Channel<Integer> ch = Channel.make();
    final Thread receiver;
    int received;

    public Unbuffered() {
      receiver = go(() -> received = Ops.receive(ch));
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.send(ch, 1);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver); // the close surely released it
      r.r2 = received == 1 ? 1 : 0;
    }
  }

  /**
   * Unbuffered, the send is a case of a select that also waits on a never-ready channel; a receiver
   * goroutine as above. Close claims the select's send node or the receiver's node; the select must
   * throw exactly when its value was not delivered.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Rendezvous before the close.")
  @Outcome(
      id = "0, 0",
      expect = ACCEPTABLE,
      desc = "Closed first: select threw, receive saw close.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: the send case ran, nothing received.")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The select threw, yet its value arrived.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (the never-ready case ran).")
  @State
  public static class UnbufferedSelect {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    final Thread receiver;
    int received;

    public UnbufferedSelect() {
      receiver = go(() -> received = Ops.receive(ch));
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.select(ch.onSend(1, () -> 1), never.onReceive(v -> 2));
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(receiver); // the close surely released it
      r.r2 = received == 1 ? 1 : 0;
    }
  }
}
