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
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: a send racing a close either delivers its value (and returns normally) or throws {@code
 * ChannelClosedException} ("send on closed channel"): never both, never neither. {@code r1} is the
 * send's outcome (1 = returned, 0 = threw), {@code r2} is whether a receiver got the value.
 *
 * <p>Hazard: a sender parked in {@code sendq} when close runs: if close woke it with "closed" after
 * a receiver had taken its item (or the receiver took the item of a node close had claimed), the
 * value would be delivered and the send would still throw; if the buffer write and the closed check
 * were not atomic, a send could return while its value was dropped. With a lock-free buffered path
 * (a send reserves a slot by advancing a position word that also carries the closed flag, then
 * writes the value): a reservation that close does not see, or a drain that skips a reserved slot
 * whose value is not written yet, loses a value that its send reported sent; a close that lands
 * between the sender's "closed?" read and its reservation lets a value in after the close.
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

  /**
   * Two slots, one already holding 1: the send (of 2) reserves the second slot (a position past the
   * start of the ring) while close races it. {@code r2} is the arbiter's drain after the close, in
   * order: 1 then 2 ({@code 12}) exactly when the send returned.
   */
  @JCStressTest
  @Outcome(
      id = "1, 12",
      expect = ACCEPTABLE,
      desc = "Sent before the close; both drained in order.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The send threw: closed first.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Lost: the send returned, its value is gone.")
  @Outcome(id = "0, 12", expect = FORBIDDEN, desc = "The send threw, yet its value arrived.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (out of order, or not ready once closed).")
  @State
  public static class BufferedSecondSlot {
    final Channel<Integer> ch = Ops.ring(2);

    public BufferedSecondSlot() {
      ch.trySend(1);
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.send(ch, 2);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = Ops.drainClosed(ch);
    }
  }

  /**
   * Two slots, the ring wrapped (1 and 2 sent, 1 received: the next send goes to slot 0): {@code
   * trySend(3)} then {@code trySend(4)} race close. 3 takes the last free slot unless closed first;
   * 4 finds the buffer full: "not ready" before the close, a throw after it (a closed channel is
   * always ready: Go's select panics on a send case of a closed channel). Once one call threw,
   * every later one throws. {@code r1}, {@code r2}: the two results (1 sent, -1 not ready, 0
   * threw); {@code r3}: the drain after the close.
   */
  @JCStressTest
  @Outcome(id = "1, -1, 23", expect = ACCEPTABLE, desc = "3 sent, 4 found it full, then close.")
  @Outcome(id = "1, 0, 23", expect = ACCEPTABLE, desc = "3 sent, then close; 4 threw.")
  @Outcome(id = "0, 0, 2", expect = ACCEPTABLE, desc = "Closed first: both threw.")
  @Outcome(id = "1, -1, 2", expect = FORBIDDEN, desc = "Lost: 3 was reported sent, never drained.")
  @Outcome(id = "0, 0, 23", expect = FORBIDDEN, desc = "3 threw, yet its value arrived.")
  @Outcome(id = "0, -1, 2", expect = FORBIDDEN, desc = "Closed, yet 4 was reported not ready.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (4 over capacity, reopened, 3 not ready).")
  @State
  public static class WrappedTrySends {
    final Channel<Integer> ch = Ops.ring(2);

    public WrappedTrySends() {
      ch.trySend(1);
      ch.trySend(2);
      ch.tryReceive();
    }

    @Actor
    public void sender(III_Result r) {
      r.r1 = Ops.trySend(ch, 3);
      r.r2 = Ops.trySend(ch, 4);
    }

    @Actor
    public void closer() {
      ch.close();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = Ops.drainClosed(ch);
    }
  }
}
