package io.github.go4j.stress.core;

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
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link Channel}, Go's memory model): on an unbuffered channel the receive of a value
 * happens-before the completion of its send; on a channel of capacity C the k-th receive
 * happens-before the (k+C)-th send completes; actions prior to {@code close()} happen-before a
 * blocked send throws {@code ChannelClosedException}.
 *
 * <p>These are the edges from the <em>receiver</em> back to the sender, the ones that make a
 * channel usable as a semaphore ({@code sem <- token; work(); <-sem}) and make {@code done <-
 * struct{}{}} a rendezvous. The receiver writes {@code x = 1; y = 2} before its receive; the
 * sender, once its send has completed, must read {@code 1, 2}.
 *
 * <p>Hazard: the sender's completion not synchronizing with the receiver: a parked sender woken by
 * a claim CAS or unpark that is ordered before the receiver's writes, a sender that returns after
 * handing its item to a parked receiver without an acquire on the receiver's side, or (buffered) a
 * slot freed by a receive and reused by a {@code trySend} that reads the ring buffer's indices
 * without the channel lock's ordering.
 *
 * <p>Forbidden reordering: the woken sender's loads of {@code x} and {@code y} moved before its
 * load of the claim that completed its send (the receiver's CAS on the sender's wait record, {@code
 * Waiter.state}, in {@link Unbuffered}, {@link UnbufferedSelect}, {@link Buffered}, {@link
 * BufferedSelect}, and close's claim in {@link CloseBeforeSendThrows}). That read must be an
 * acquire. Read plainly (a {@code state} field without {@code volatile}, its CAS still through the
 * VarHandle), it lets AArch64 or POWER satisfy the later loads first: {@code 0, 0} and friends. On
 * x86 a load is never reordered with an older load, so such a bug survives these tests there (a
 * mutation run saw it survive) and would show only on a weak-memory CPU (not yet run on one).
 */
public final class ChannelHappensBeforeTest {
  private ChannelHappensBeforeTest() {}

  /** Unbuffered, both sides blocking: one parks, the other completes the rendezvous. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The send completed after the receive.")
  @Outcome(expect = FORBIDDEN, desc = "The send completed without the receiver's prior writes.")
  @State
  public static class Unbuffered {
    final Channel<Integer> ch = Channel.make();
    int x;
    int y;

    @Actor
    public void receiver() {
      x = 1;
      y = 2;
      Ops.receive(ch);
    }

    @Actor
    public void sender(II_Result r) {
      Ops.send(ch, 1);
      r.r1 = x;
      r.r2 = y;
    }
  }

  /**
   * Unbuffered, both sides in a select with a never-ready second case: the rendezvous claims a
   * select waiter on one side or both.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The send completed after the receive.")
  @Outcome(expect = FORBIDDEN, desc = "The send completed without the receiver's prior writes.")
  @State
  public static class UnbufferedSelect {
    final Channel<Integer> ch = Channel.make();
    final Channel<Integer> never = Channel.make();
    int x;
    int y;

    @Actor
    public void receiver() {
      x = 1;
      y = 2;
      Ops.select(ch.onReceive(v -> v), never.onReceive(v -> -1));
    }

    @Actor
    public void sender(II_Result r) {
      int sent = Ops.select(ch.onSend(1, () -> 1), never.onReceive(v -> -1));
      r.r1 = sent == 1 ? x : -2;
      r.r2 = sent == 1 ? y : -2;
    }
  }

  /**
   * Unbuffered, {@code trySend} to a receiver goroutine started with the state (it writes, then
   * receives): a successful {@code trySend} handed its value to the parked receiver and must see
   * the receiver's writes; -1 means the receiver was not parked yet. The arbiter closes the channel
   * to release a receiver that got nothing.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "trySend completed after the receive.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "No receiver parked yet.")
  @Outcome(expect = FORBIDDEN, desc = "trySend completed without the receiver's prior writes.")
  @State
  public static class UnbufferedTrySend {
    final Channel<Integer> ch = Channel.make();
    final Thread receiver;
    int x;
    int y;

    public UnbufferedTrySend() {
      receiver =
          go(
              () -> {
                x = 1;
                y = 2;
                Ops.receive(ch);
              });
    }

    @Actor
    public void sender(II_Result r) {
      if (ch.trySend(1)) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }

    @Arbiter
    public void arbiter() {
      ch.close();
      Ops.join(receiver);
    }
  }

  /**
   * Capacity 1, filled by the state (send 1): the receiver's receive is receive 1, the sender's
   * send is send 2, which completes only after receive 1 (parked while the buffer is full, then
   * claimed by the receiver, which moves its value into the freed slot).
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Send 2 completed after receive 1.")
  @Outcome(expect = FORBIDDEN, desc = "Send 2 completed without receive 1's prior writes.")
  @State
  public static class Buffered {
    final Channel<Integer> ch = Channel.make(1);
    int x;
    int y;

    public Buffered() {
      ch.trySend(1);
    }

    @Actor
    public void receiver() {
      x = 1;
      y = 2;
      Ops.receive(ch);
    }

    @Actor
    public void sender(II_Result r) {
      Ops.send(ch, 2);
      r.r1 = x;
      r.r2 = y;
    }
  }

  /**
   * Capacity 1, full; {@code tryReceive} vs {@code trySend}: a {@code trySend} that succeeds found
   * the slot freed by the receive and must see the receiver's writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "trySend succeeded after the receive.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "trySend found it still full.")
  @Outcome(expect = FORBIDDEN, desc = "trySend succeeded without the receiver's prior writes.")
  @State
  public static class BufferedTry {
    final Channel<Integer> ch = Ops.ring(1);
    int x;
    int y;

    public BufferedTry() {
      ch.trySend(1);
    }

    @Actor
    public void receiver() {
      x = 1;
      y = 2;
      Ops.tryReceive(ch);
    }

    @Actor
    public void sender(II_Result r) {
      if (ch.trySend(2)) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /** Capacity 1, full; both sides in a select with a never-ready second case. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Send 2 completed after receive 1.")
  @Outcome(expect = FORBIDDEN, desc = "Send 2 completed without receive 1's prior writes.")
  @State
  public static class BufferedSelect {
    final Channel<Integer> ch = Channel.make(1);
    final Channel<Integer> never = Channel.make();
    int x;
    int y;

    public BufferedSelect() {
      ch.trySend(1);
    }

    @Actor
    public void receiver() {
      x = 1;
      y = 2;
      Ops.select(ch.onReceive(v -> v), never.onReceive(v -> -1));
    }

    @Actor
    public void sender(II_Result r) {
      int sent = Ops.select(ch.onSend(2, () -> 1), never.onReceive(v -> -1));
      r.r1 = sent == 1 ? x : -2;
      r.r2 = sent == 1 ? y : -2;
    }
  }

  /**
   * A send on an unbuffered channel that nobody receives from blocks until the close, then throws
   * ({@code r1} = 0), and must see the closer's writes; a send that starts after the close throws
   * at once, with the same guarantee.
   */
  @JCStressTest
  @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "The send threw: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "The send threw without the closer's writes, or succeeded.")
  @State
  public static class CloseBeforeSendThrows {
    final Channel<Integer> ch = Channel.make();
    int x;
    int y;

    @Actor
    public void closer() {
      x = 1;
      y = 2;
      ch.close();
    }

    @Actor
    public void sender(III_Result r) {
      r.r1 = Ops.send(ch, 1);
      r.r2 = x;
      r.r3 = y;
    }
  }
}
