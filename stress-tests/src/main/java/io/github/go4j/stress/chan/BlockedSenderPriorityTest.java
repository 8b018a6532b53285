package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.stress.Goroutine;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Claim: a receive from a full buffer on which a sender is blocked moves that sender's value into
 * the freed slot in the same step (Go's {@code chanrecv}: "the queue is full: take the item at the
 * head of the queue, make the sender enqueue its item at the tail"), so the buffer stays full: a
 * newcomer's {@code trySend} racing the receive always finds it full, and the blocked sender's
 * value comes out before any later one (blocked senders keep their FIFO place).
 *
 * <p>The state fills the buffer and starts a goroutine blocked in {@code send(x)}; both actors
 * first wait until it is parked ({@link Goroutine#awaitBlocked}). Actor 1 receives one value, actor
 * 2 calls {@code trySend(y)}. The arbiter closes the channel (releasing the goroutine if it is
 * still blocked: its send then throws), joins it and drains. {@code r1}: the value actor 1
 * received; {@code r2}: {@code trySend(y)} (1 sent, -1 not ready); {@code r3}: the goroutine's send
 * (1 returned, 0 threw "send on closed channel"); {@code r4}: the drain, as digits. The only
 * correct result is "received the oldest value, y refused, x sent, x drained" ({@code -9}
 * everywhere: the goroutine was not seen parked in time, see {@link Goroutine}).
 *
 * <p>Hazard: an engine whose receive takes the value on a lock-free fast path, which frees the
 * slot, and only then wakes the blocked sender to write its own value (or lets the sender retry):
 * in between, a racing {@code trySend(y)} finds a free slot, y overtakes x (the drain shows y
 * first, or x is refused by the close that y's extra value made room for), and the buffer has held
 * a value more than a Go channel would allow at that instant.
 */
public final class BlockedSenderPriorityTest {
  private BlockedSenderPriorityTest() {}

  /** One slot holding 1; the goroutine is blocked in {@code send(2)}; actor 2 tries to send 3. */
  @JCStressTest
  @Outcome(
      id = "1, -1, 1, 2",
      expect = ACCEPTABLE,
      desc = "2 moved in with the receive; 3 refused.")
  @Outcome(
      id = {"1, 1, 1, 32", "1, 1, 0, 3"},
      expect = FORBIDDEN,
      desc = "3 took the freed slot before the blocked 2.")
  @Outcome(id = "1, -1, 1, 0", expect = FORBIDDEN, desc = "Lost: the blocked send returned, no 2.")
  @Outcome(
      id = "1, -1, 0, 0",
      expect = FORBIDDEN,
      desc = "2 not moved in with the receive: still blocked at the close.")
  @Outcome(id = "-9, -9, -9, -9", expect = ACCEPTABLE_INTERESTING, desc = "Setup missed: skipped.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class OneSlot {
    final Channel<Integer> ch = Ops.ring(1);
    final Goroutine sender;
    volatile int sent = -7;

    public OneSlot() {
      ch.trySend(1);
      sender = Goroutine.start(self -> sent = send(self, ch, 2));
    }

    @Actor
    public void receiver(IIII_Result r) {
      if (sender.awaitBlocked(1)) {
        r.r1 = Ops.tryReceive(ch);
      }
    }

    @Actor
    public void newcomer(IIII_Result r) {
      if (sender.awaitBlocked(1)) {
        r.r2 = Ops.trySend(ch, 3);
      }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      ch.close();
      sender.join();
      r.r3 = sent;
      r.r4 = Ops.drainClosed(ch);
      int f = sender.failure();
      if (f != 0) {
        r.r1 = r.r2 = r.r3 = r.r4 = f;
      }
    }
  }

  /**
   * Two slots holding 1 and 2 with the ring wrapped (the blocked sender's value goes to slot 0);
   * the goroutine is blocked in {@code send(3)}; actor 1 receives with a blocking {@code receive}
   * (the buffer is full, so it does not block), actor 2 tries to send 4.
   */
  @JCStressTest
  @Outcome(
      id = "1, -1, 1, 23",
      expect = ACCEPTABLE,
      desc = "3 moved in with the receive; 4 refused.")
  @Outcome(
      id = {"1, 1, 1, 243", "1, 1, 0, 24"},
      expect = FORBIDDEN,
      desc = "4 took the freed slot before the blocked 3.")
  @Outcome(id = "1, -1, 1, 2", expect = FORBIDDEN, desc = "Lost: the blocked send returned, no 3.")
  @Outcome(
      id = "1, -1, 0, 2",
      expect = FORBIDDEN,
      desc = "3 not moved in with the receive: still blocked at the close.")
  @Outcome(id = "-9, -9, -9, -9", expect = ACCEPTABLE_INTERESTING, desc = "Setup missed: skipped.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class TwoSlotsWrapped {
    final Channel<Integer> ch = Ops.ring(2);
    final Goroutine sender;
    volatile int sent = -7;

    public TwoSlotsWrapped() {
      ch.trySend(9);
      ch.tryReceive(); // positions advanced by one: 1 lands in slot 1, 2 in slot 0, 3 in slot 1
      ch.trySend(1);
      ch.trySend(2);
      sender = Goroutine.start(self -> sent = send(self, ch, 3));
    }

    @Actor
    public void receiver(IIII_Result r) {
      if (sender.awaitBlocked(1)) {
        r.r1 = Ops.receive(ch);
      }
    }

    @Actor
    public void newcomer(IIII_Result r) {
      if (sender.awaitBlocked(1)) {
        r.r2 = Ops.trySend(ch, 4);
      }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      ch.close();
      sender.join();
      r.r3 = sent;
      r.r4 = Ops.drainClosed(ch);
      int f = sender.failure();
      if (f != 0) {
        r.r1 = r.r2 = r.r3 = r.r4 = f;
      }
    }
  }

  /** The goroutine's blocking send: 1 if it returned, 0 if it threw "send on closed channel". */
  static int send(Goroutine self, Channel<Integer> ch, int v) throws InterruptedException {
    self.blocking(1);
    try {
      ch.send(v);
      return 1;
    } catch (ChannelClosedException e) {
      return 0;
    }
  }
}
