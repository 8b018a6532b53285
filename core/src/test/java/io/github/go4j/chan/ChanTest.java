package io.github.go4j.chan;

import static io.github.go4j.Go.go;
import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitQueuedSenders;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Go;
import io.github.go4j.GoTesting.Goroutine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channel conformance: Go's rules A1-A24 (docs/conformance.md), ported from runtime/chan_test.go,
 * test/chan/*.go, test/closedchan.go, test/chancap.go and test/makechan.go.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChanTest {

  // --- bad input (rules 1, 9, 11, 12; null elements) ----------------------------------------

  /** test/chancap.go, test/makechan.go: a negative or too large size panics. */
  @Test
  void testMakeChanSizeOutOfRange() {
    assertThatThrownBy(() -> Channel.make(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("makechan: size out of range");
    assertThatThrownBy(() -> Channel.make(Integer.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("makechan: size out of range");
    assertThatThrownBy(() -> Channel.make(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("makechan: size out of range");
    // the ring's sequence numbers bound the capacity at 2^30 (a larger ring, accepted before, spun
    // for good in a send to its full buffer instead of reporting full)
    assertThatThrownBy(() -> Channel.make((1 << 30) + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("makechan: size out of range");
  }

  @TestWithCapacities
  void testNullElementsRefused(int cap) {
    Channel<Integer> c = Channel.make(cap);
    assertThatThrownBy(() -> c.send(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.trySend(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.onSend(null, () -> 1)).isInstanceOf(NullPointerException.class);
    assertThat(c.len()).isZero();
  }

  /**
   * Go's {@code ==}: a channel equals its views ({@code var r <-chan int = c; r == c}), so a map
   * keyed by channels finds a channel through its view; other channels are not equal (found in
   * review: the views compared by identity).
   */
  @TestWithCapacities
  void aChannelEqualsItsViews(int cap) {
    Channel<Integer> c = Channel.make(cap);
    ReceiveChannel<Integer> r = c.receiveOnly();
    SendChannel<Integer> s = c.sendOnly();
    assertThat(r).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(s).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c).isEqualTo(r).isEqualTo(s);
    assertThat(r).isEqualTo(s);
    Map<Object, String> names = new HashMap<>();
    names.put(c, "c");
    assertThat(names.get(r)).isEqualTo("c");
    assertThat(names.get(s)).isEqualTo("c");
    Channel<Integer> other = Channel.make(cap);
    assertThat(r).isNotEqualTo(other).isNotEqualTo(other.receiveOnly());
    assertThat(c).isNotEqualTo(other.sendOnly()).isNotEqualTo("c").isNotEqualTo(null);
    assertThat(Channel.<Integer>nil().receiveOnly()).isEqualTo(Channel.<Integer>nil());
  }

  /**
   * poll(): the value when one is ready, null when not ready or closed and drained; on the channel
   * and on its receive-only view; a nil channel polls null.
   */
  @TestWithCapacities
  void pollTakesAReadyValueAndOtherwiseReturnsNull(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    ReceiveChannel<Integer> view = c.receiveOnly();
    assertThat(c.poll()).isNull();
    assertThat(view.poll()).isNull();
    if (cap > 0) {
      c.send(1);
      assertThat(view.poll()).isEqualTo(1);
      c.send(2);
      c.close(); // buffered values are still received after close
      assertThat(c.poll()).isEqualTo(2);
    } else {
      Thread sender = Go.go(() -> c.send(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Integer got;
      while ((got = c.poll()) == null) { // bounded polling until the sender is queued
        assertThat(System.nanoTime() - deadline).isNegative();
        Thread.onSpinWait();
      }
      assertThat(got).isEqualTo(1); // handed over from the blocked sender
      sender.join();
      c.close();
    }
    assertThat(c.poll()).isNull(); // closed and drained
    assertThat(view.poll()).isNull();
    assertThat(c.receiveOk().ok()).isFalse();
    assertThat(Channel.<Integer>nil().poll()).isNull();
  }

  /** Rule 9: a send on a closed channel panics, in every form, and enqueues nothing. */
  @TestWithCapacities
  void testClosedChanSendPanics(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    c.close();
    assertThatThrownBy(() -> c.send(1))
        .isInstanceOf(ChannelClosedException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("send on closed channel");
    // Rule 15: a non-blocking send panics rather than taking default.
    assertThatThrownBy(() -> c.trySend(1))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessage("send on closed channel");
    assertThatThrownBy(() -> Select.select(c.onSend(1, () -> "sent"), Select.onDefault(() -> "d")))
        .isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> Select.select(c.onSend(1, () -> "sent")))
        .isInstanceOf(ChannelClosedException.class);
    assertThat(c.len()).isZero();
    assertThat(c.receiveOk()).isEqualTo(new Received<Integer>(null, false));
  }

  /** test/closedchan.go: closing a closed channel panics. */
  @TestWithCapacities
  void testClosedChanCloseTwice(int cap) {
    Channel<Integer> c = Channel.make(cap);
    c.close();
    assertThatThrownBy(c::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("close of closed channel");
  }

  /** test/closedchan.go: closing a nil channel panics. */
  @Test
  void testClosedChanCloseNil() {
    Channel<Integer> c = Channel.nil();
    assertThatThrownBy(c::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("close of nil channel");
  }

  // --- TestChan (rules 3-6, 8, 13, 14, 17) ---------------------------------------------------

  /** TestChan: a receive from an empty channel blocks, in both forms; non-blocking ones don't. */
  @TestWithCapacities
  void testChanReceiveFromEmptyBlocks(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    AtomicBoolean recv1 = new AtomicBoolean();
    AtomicBoolean recv2 = new AtomicBoolean();
    Goroutine<Integer> g1 =
        Goroutine.start(
            () -> {
              Integer v = c.receive();
              recv1.set(true);
              return v;
            });
    Goroutine<Received<Integer>> g2 =
        Goroutine.start(
            () -> {
              Received<Integer> r = c.receiveOk();
              recv2.set(true);
              return r;
            });
    awaitQueuedReceivers(c, 2);
    assertThat(recv1).isFalse();
    assertThat(recv2).isFalse();
    assertThat(c.tryReceive()).isEmpty();
    assertThat(Select.select(c.onReceive(v -> "received"), Select.onDefault(() -> "default")))
        .isEqualTo("default");
    assertThat(
            Select.select(c.onReceiveOk((v, ok) -> "received"), Select.onDefault(() -> "default")))
        .isEqualTo("default");
    c.send(0);
    c.send(0);
    assertThat(g1.join()).isZero();
    assertThat(g2.join()).isEqualTo(new Received<>(0, true));
    assertThat(recv1).isTrue();
    assertThat(recv2).isTrue();
  }

  /** TestChan: a send to a full channel blocks; a non-blocking one doesn't (rule 5). */
  @TestWithCapacities
  void testChanSendToFullBlocks(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      assertThat(c.trySend(i)).as("free buffer space never blocks").isTrue();
    }
    AtomicBoolean sent = new AtomicBoolean();
    Goroutine<Void> g =
        Goroutine.run(
            () -> {
              c.send(cap);
              sent.set(true);
            });
    awaitQueuedSenders(c, 1);
    assertThat(sent).isFalse();
    assertThat(c.trySend(-1)).isFalse();
    assertThat(Select.select(c.onSend(-1, () -> "sent"), Select.onDefault(() -> "default")))
        .isEqualTo("default");
    assertThat(c.len()).isEqualTo(cap);
    assertThat(c.receive()).isZero();
    g.join();
    assertThat(sent).isTrue();
    for (int i = 1; i <= cap; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    assertThat(c.len()).isZero();
  }

  /** TestChan, rule 13: after close, buffered values drain in order, then (zero, false). */
  @TestWithCapacities
  void testChanReceiveZeroFromClosed(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    c.close();
    assertThat(c.len()).isEqualTo(cap);
    for (int i = 0; i < cap; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    for (int k = 0; k < 3; k++) {
      assertThat(c.receive()).isNull();
      assertThat(c.receiveOk()).isEqualTo(Received.closed());
      assertThat(c.tryReceive()).contains(new Received<>(null, false));
    }
  }

  /**
   * Go's {@code v := <-c} on a closed {@code chan int} gives 0; {@code receive()} gives null, which
   * {@code int v = c.receive()} unboxes into a NullPointerException. {@code receiveOr(0)} and
   * {@code Received.valueOr(0)} give Go's zero value.
   */
  @TestWithCapacities
  void receiveOrGivesGosZeroValue(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i + 1);
    }
    c.close();
    for (int i = 0; i < cap; i++) {
      int v = c.receiveOr(0);
      assertThat(v).isEqualTo(i + 1);
    }
    int zero = c.receiveOr(0);
    assertThat(zero).isZero();
    assertThat(c.receiveOnly().receiveOr(-1)).isEqualTo(-1);
    assertThat((int) c.receiveOk().valueOr(0)).isZero();
    assertThat(new Received<>(5, true).valueOr(0)).isEqualTo(5);
    assertThat(Channel.<String>make(0).tryReceive().map(r -> r.valueOr("")).orElse("none"))
        .isEqualTo("none");
    assertThatThrownBy(
            () -> {
              int v = c.receive(); // the trap: unboxing null
              assertThat(v).isZero();
            })
        .isInstanceOf(NullPointerException.class);
  }

  /** TestChan "close unblocks receive" (rule 14). */
  @TestWithCapacities
  void testChanCloseUnblocksReceive(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    Goroutine<Received<Integer>> g = Goroutine.start(c::receiveOk);
    awaitQueuedReceivers(c, 1);
    c.close();
    assertThat(g.join()).isEqualTo(new Received<Integer>(null, false));
  }

  /** TestChan: 100 values arrive uncorrupted in FIFO order, in both receive forms (rule 6). */
  @TestWithCapacities
  void testChanFifo(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    go(
        () -> {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
        });
    for (int i = 0; i < 100; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    go(
        () -> {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
        });
    for (int i = 0; i < 100; i++) {
      assertThat(c.receiveOk()).isEqualTo(new Received<>(i, true));
    }
  }

  /** TestChan: 4 senders and 4 receivers, 1000 values each; each is received exactly once. */
  @TestWithCapacities
  void testChanMultiSenderReceiver(int cap) throws Exception {
    final int p = 4;
    final int l = 1000;
    Channel<Integer> c = Channel.make(cap);
    for (int k = 0; k < p; k++) {
      go(
          () -> {
            for (int i = 0; i < l; i++) {
              c.send(i);
            }
          });
    }
    Channel<Map<Integer, Integer>> done = Channel.make();
    for (int k = 0; k < p; k++) {
      go(
          () -> {
            Map<Integer, Integer> recv = new HashMap<>();
            for (int i = 0; i < l; i++) {
              recv.merge(c.receive(), 1, Integer::sum);
            }
            done.send(recv);
          });
    }
    Map<Integer, Integer> recv = new HashMap<>();
    for (int k = 0; k < p; k++) {
      done.receive().forEach((key, v) -> recv.merge(key, v, Integer::sum));
    }
    assertThat(recv).hasSize(l);
    assertThat(recv.values()).allMatch(v -> v == p);
  }

  /** TestChan "len/cap"; test/chancap.go (rule 17). */
  @TestWithCapacities
  void testChanLenCap(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    assertThat(c.len()).isZero();
    assertThat(c.cap()).isEqualTo(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    assertThat(c.len()).isEqualTo(cap);
    assertThat(c.cap()).isEqualTo(cap);
    assertThat(c.sendOnly().len()).isEqualTo(cap);
    assertThat(c.receiveOnly().cap()).isEqualTo(cap);
  }

  @Test
  void testChanLenCapNil() {
    Channel<Integer> c = Channel.nil();
    assertThat(c.len()).isZero();
    assertThat(c.cap()).isZero();
  }

  /**
   * TestChanSendInterface (runtime/chan_test.go): values of an interface type (Java: a channel of
   * Object) sent plainly and as select cases, one value per case and two cases on the same channel,
   * on a full buffer: every select runs its default, and the buffer keeps the one value sent first.
   */
  @Test
  void testChanSendInterface() throws Exception {
    record Mt() {}
    Object m = new Mt();
    Channel<Object> c = Channel.make(1);
    c.send(m);
    assertThat(Select.select(c.onSend(m, () -> "sent"), Select.onDefault(() -> "default")))
        .isEqualTo("default");
    assertThat(
            Select.select(
                c.onSend(m, () -> "sent m"),
                c.onSend(new Mt(), () -> "sent a new one"),
                Select.onDefault(() -> "default")))
        .isEqualTo("default");
    assertThat(c.len()).isEqualTo(1);
    assertThat(c.receive()).isSameAs(m);
  }

  /** TC/zerosize.go (rule 2): channels of Go's struct{} work, buffered or not. */
  @TestWithCapacities
  void testZeroSize(int cap) throws Exception {
    Channel<Unit> c = Channel.make(cap);
    go(() -> c.send(Unit.VALUE));
    assertThat(c.receive()).isSameAs(Unit.VALUE);
    c.close();
    assertThat(c.receiveOk()).isEqualTo(new Received<Unit>(null, false));
  }

  // --- rendezvous (rule 3) ---------------------------------------------------------------------

  /** An unbuffered send returns only after a receiver has taken the value. */
  @Test
  void testUnbufferedSendIsRendezvous() throws Exception {
    Channel<String> c = Channel.make();
    AtomicBoolean returned = new AtomicBoolean();
    Goroutine<Void> sender =
        Goroutine.run(
            () -> {
              c.send("v");
              returned.set(true);
            });
    awaitQueuedSenders(c, 1);
    assertThat(returned).as("send returned with nobody receiving").isFalse();
    assertThat(c.len()).isZero();
    assertThat(c.receive()).isEqualTo("v");
    sender.join();
    assertThat(returned).isTrue();
  }

  /** A waiting receiver gets the value handed over directly; the send then does not block. */
  @TestWithCapacities
  void testSendHandsOffToWaitingReceiver(int cap) throws Exception {
    Channel<String> c = Channel.make(cap);
    Goroutine<String> receiver = Goroutine.start(c::receive);
    awaitQueuedReceivers(c, 1);
    assertThat(c.trySend("v")).isTrue();
    assertThat(receiver.join()).isEqualTo("v");
    assertThat(c.len()).as("handed over, not buffered").isZero();
  }

  // --- FIFO (rules 6, 7; TC/fifo.go) ---------------------------------------------------------

  /** TC/fifo.go AsynchFifo: buffered values come out in the order they were sent. */
  @TestWithCapacities
  void testAsynchFifo(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    for (int i = 0; i < cap; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
  }

  /** TC/fifo.go SynchFifo: a daisy chain of goroutines reads the values in sequence. */
  @Test
  void testSynchFifo() throws Exception {
    final int n = 10;
    Channel<Integer> ch = Channel.make();
    Channel<Integer> in = Channel.make();
    Channel<Integer> start = in;
    Channel<Throwable> errors = Channel.make(n);
    for (int i = 0; i < n; i++) {
      Channel<Integer> out = Channel.make();
      Channel<Integer> myIn = in;
      int val = i;
      go(
          () -> {
            myIn.receive();
            Integer got = ch.receive();
            if (got != val) {
              errors.send(new AssertionError("chain " + val + " received " + got));
            }
            out.send(1);
          });
      in = out;
    }
    start.send(0);
    for (int i = 0; i < n; i++) {
      ch.send(i);
    }
    in.receive();
    assertThat(errors.tryReceive()).isEmpty();
  }

  /**
   * Rule 7 (TC/fifo.go SynchFifo, made exact): receivers that queued one after another are served
   * in arrival order. Each receiver is known to be queued before the next one starts.
   */
  @TestWithCapacities
  void testSynchFifoReceivers(int cap) throws Exception {
    final int n = 20;
    Channel<Integer> c = Channel.make(cap);
    List<Goroutine<Integer>> receivers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      receivers.add(Goroutine.start(c::receive));
      awaitQueuedReceivers(c, i + 1);
    }
    for (int i = 0; i < n; i++) {
      c.send(i);
    }
    for (int i = 0; i < n; i++) {
      assertThat(receivers.get(i).join()).as("receiver %d", i).isEqualTo(i);
    }
  }

  /**
   * Rule 7: senders blocked on a full channel are served in arrival order; with a buffer, a receive
   * moves the first blocked sender's value into the freed slot (Go's P4), so the values still come
   * out in the order they were offered.
   */
  @TestWithCapacities
  void testSynchFifoSenders(int cap) throws Exception {
    final int n = 20;
    Channel<Integer> c = Channel.make(cap);
    List<Goroutine<Void>> senders = fillAndQueueSenders(c, cap, n);
    for (int i = 0; i < cap + n; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    for (Goroutine<Void> s : senders) {
      s.join();
    }
    assertThat(c.len()).isZero();
    assertThat(queuedSenders(c)).isZero();
  }

  /**
   * Fills {@code c} with 0..cap-1, then queues {@code n} senders of cap..cap+n-1, one at a time,
   * each parked before the next starts (so they queue in order).
   */
  private static List<Goroutine<Void>> fillAndQueueSenders(Channel<Integer> c, int cap, int n)
      throws Exception {
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    List<Goroutine<Void>> senders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int v = cap + i;
      senders.add(Goroutine.run(() -> c.send(v)));
      awaitQueuedSenders(c, i + 1);
    }
    return senders;
  }

  /**
   * Rule 24 (Go's chan.go invariants for a buffered channel): a buffered count below the capacity
   * implies no waiting senders, and a buffered count above zero implies no waiting receivers. Both
   * are checked at the instant they could break, right after each operation, with the other side
   * parked: a receive from a full buffer with senders queued must leave the buffer full again, the
   * first blocked sender's value moved into the freed slot by the receive itself (Go's P4), and one
   * sender fewer queued; a send to an empty buffer with receivers queued must hand its value to the
   * first receiver and leave the buffer empty. (testSynchFifoSenders only checks the order, which a
   * receive that frees a slot and lets the woken sender refill it later keeps.)
   */
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 10, 100})
  void testBufferedInvariants(int cap) throws Exception {
    final int n = 5;
    Channel<Integer> c = Channel.make(cap);
    List<Goroutine<Void>> senders = fillAndQueueSenders(c, cap, n);
    for (int i = 0; i < n; i++) {
      assertThat(c.receive()).as("receive %d", i).isEqualTo(i);
      assertThat(c.len()).as("len after receive %d, senders still queued", i).isEqualTo(cap);
      assertThat(queuedSenders(c)).as("senders queued after receive %d", i).isEqualTo(n - i - 1);
    }
    for (int i = n; i < n + cap; i++) {
      assertThat(c.receive()).as("receive %d", i).isEqualTo(i);
      assertThat(c.len()).as("len after receive %d", i).isEqualTo(n + cap - i - 1);
    }
    for (Goroutine<Void> s : senders) {
      s.join();
    }

    List<Goroutine<Integer>> receivers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      receivers.add(Goroutine.start(c::receive));
      awaitQueuedReceivers(c, i + 1);
    }
    for (int i = 0; i < n; i++) {
      c.send(100 + i);
      assertThat(c.len()).as("len after send %d, receivers still queued", i).isZero();
      assertThat(queuedReceivers(c)).as("receivers queued after send %d", i).isEqualTo(n - i - 1);
    }
    for (int i = 0; i < n; i++) {
      assertThat(receivers.get(i).join()).as("receiver %d", i).isEqualTo(100 + i);
    }
    assertThat(c.len()).isZero();
    assertThat(queuedSenders(c)).isZero();
    assertThat(queuedReceivers(c)).isZero();
  }

  // --- close (rules 10, 13, 14) --------------------------------------------------------------

  /** Close wakes every blocked receiver with (null, false). */
  @TestWithCapacities
  void testCloseWakesAllReceivers(int cap) throws Exception {
    final int n = 10;
    Channel<Integer> c = Channel.make(cap);
    List<Goroutine<Received<Integer>>> receivers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      receivers.add(Goroutine.start(c::receiveOk));
    }
    awaitQueuedReceivers(c, n);
    c.close();
    for (Goroutine<Received<Integer>> r : receivers) {
      assertThat(r.join()).isEqualTo(Received.closed());
    }
    assertThat(queuedReceivers(c)).isZero();
  }

  /**
   * Rule 10: close wakes every blocked sender, which panics "send on closed channel"; the buffered
   * values are still received after close, and none of the blocked senders' values is.
   */
  @TestWithCapacities
  void testCloseWakesAllSenders(int cap) throws Exception {
    final int n = 10;
    Channel<Integer> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    List<Goroutine<Void>> senders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      senders.add(Goroutine.run(() -> c.send(-1)));
    }
    awaitQueuedSenders(c, n);
    c.close();
    for (Goroutine<Void> s : senders) {
      assertThat(s.failure())
          .isInstanceOf(ChannelClosedException.class)
          .hasMessage("send on closed channel");
    }
    assertThat(queuedSenders(c)).isZero();
    assertThat(c.len()).isEqualTo(cap);
    for (int i = 0; i < cap; i++) {
      assertThat(c.receiveOk()).isEqualTo(new Received<>(i, true));
    }
    assertThat(c.receiveOk()).isEqualTo(Received.closed());
  }

  // --- test/closedchan.go (rules 13, 15, 44) ---------------------------------------------------

  /**
   * The operations of test/closedchan.go's Chan interface, implemented three ways as in Go: plain
   * operations (XChan), one-case selects (SChan), and selects with an extra never-ready case
   * (SSChan).
   */
  interface Ops {
    Integer recv() throws Exception;

    Received<Integer> recv2() throws Exception;

    /** Non-blocking receive: empty if it took default. */
    Optional<Integer> nbrecv() throws Exception;

    Optional<Received<Integer>> nbrecv2() throws Exception;

    void send(Integer v) throws Exception;

    boolean nbsend(Integer v) throws Exception;
  }

  static Ops plainOps(Channel<Integer> c) {
    return new Ops() {
      @Override
      public Integer recv() throws Exception {
        return c.receive();
      }

      @Override
      public Received<Integer> recv2() throws Exception {
        return c.receiveOk();
      }

      @Override
      public Optional<Integer> nbrecv() {
        return c.tryReceive().map(r -> r.value() == null ? 0 : r.value());
      }

      @Override
      public Optional<Received<Integer>> nbrecv2() {
        return c.tryReceive();
      }

      @Override
      public void send(Integer v) throws Exception {
        c.send(v);
      }

      @Override
      public boolean nbsend(Integer v) {
        return c.trySend(v);
      }

      @Override
      public String toString() {
        return "XChan";
      }
    };
  }

  static Ops selectOps(Channel<Integer> c, boolean extraCase) {
    Channel<Integer> never = Channel.make();
    return new Ops() {
      private <R> R select(SelectCase<R> c1, SelectCase<R> dflt) throws InterruptedException {
        List<SelectCase<R>> cases = new ArrayList<>();
        cases.add(c1);
        if (extraCase) {
          cases.add(never.onReceive(v -> fail()));
        }
        if (dflt != null) {
          cases.add(dflt);
        }
        return Select.select(cases);
      }

      private <R> R fail() {
        throw new AssertionError("never-ready case chosen");
      }

      @Override
      public Integer recv() throws Exception {
        return select(c.onReceive(v -> v), null);
      }

      @Override
      public Received<Integer> recv2() throws Exception {
        return select(c.onReceiveOk((v, ok) -> new Received<>(v, ok)), null);
      }

      @Override
      public Optional<Integer> nbrecv() throws Exception {
        return select(
            c.onReceive(v -> Optional.of(v == null ? 0 : v)),
            Select.onDefault(Optional::<Integer>empty));
      }

      @Override
      public Optional<Received<Integer>> nbrecv2() throws Exception {
        return select(
            c.onReceiveOk((v, ok) -> Optional.of(new Received<>(v, ok))),
            Select.onDefault(Optional::<Received<Integer>>empty));
      }

      @Override
      public void send(Integer v) throws Exception {
        select(c.onSend(v, () -> true), null);
      }

      @Override
      public boolean nbsend(Integer v) throws Exception {
        return select(c.onSend(v, () -> true), Select.onDefault(() -> false));
      }

      @Override
      public String toString() {
        return extraCase ? "SSChan" : "SChan";
      }
    };
  }

  static List<java.util.function.Function<Channel<Integer>, Ops>> impls() {
    return List.of(ChanTest::plainOps, c -> selectOps(c, false), c -> selectOps(c, true));
  }

  /** closedchan.go test1: a closed, drained channel yields zero values and panics on send. */
  private static void closedTest1(Ops c) throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(c.recv()).as("recv on closed, %s", c).isNull();
      assertThat(c.recv2()).as("recv2 on closed, %s", c).isEqualTo(Received.closed());
      assertThat(c.nbrecv()).as("nbrecv on closed is selected, %s", c).contains(0);
      assertThat(c.nbrecv2()).as("nbrecv2 on closed, %s", c).contains(Received.closed());
    }
    assertThatThrownBy(() -> c.nbsend(1))
        .as("nbsend on closed, %s", c)
        .isInstanceOf(ChannelClosedException.class);
    assertThat(c.recv()).as("the value was discarded, %s", c).isNull();
    assertThatThrownBy(() -> c.send(2))
        .as("send on closed, %s", c)
        .isInstanceOf(ChannelClosedException.class);
    assertThat(c.recv()).as("the value was discarded, %s", c).isNull();
  }

  private static Channel<Integer> closedSync() {
    Channel<Integer> c = Channel.make();
    c.close();
    return c;
  }

  private static Channel<Integer> closedAsync() throws InterruptedException {
    Channel<Integer> c = Channel.make(2);
    c.send(1);
    c.close();
    return c;
  }

  /** test/closedchan.go: closedsync with test1, for every implementation. */
  @Test
  void testClosedChanSync() throws Exception {
    for (var mk : impls()) {
      closedTest1(mk.apply(closedSync()));
    }
  }

  /** test/closedchan.go testasync1-4: the last buffered value first, then test1. */
  @Test
  void testClosedChanAsync() throws Exception {
    for (var mk : impls()) {
      Ops c = mk.apply(closedAsync());
      assertThat(c.recv()).as("testasync1 %s", c).isEqualTo(1);
      closedTest1(c);

      c = mk.apply(closedAsync());
      assertThat(c.recv2()).as("testasync2 %s", c).isEqualTo(new Received<>(1, true));
      closedTest1(c);

      c = mk.apply(closedAsync());
      assertThat(c.nbrecv()).as("testasync3 %s", c).contains(1);
      closedTest1(c);

      c = mk.apply(closedAsync());
      assertThat(c.nbrecv2()).as("testasync4 %s", c).contains(new Received<>(1, true));
      closedTest1(c);
    }
  }

  // --- TestNonblockRecvRace (rule 21) --------------------------------------------------------

  /**
   * A non-blocking receive is linearizable against close: a channel that holds a value and is then
   * closed is ready all along, so a concurrent non-blocking receive never takes default.
   */
  @Test
  void testNonblockRecvRace() throws Exception {
    final int n = 2000;
    Channel<Boolean> results = Channel.make(n);
    for (int i = 0; i < n; i++) {
      Channel<Integer> c = Channel.make(1);
      c.send(1);
      boolean viaSelect = (i & 1) == 0;
      go(
          () -> {
            boolean ready =
                viaSelect
                    ? Select.select(c.onReceive(v -> true), Select.onDefault(() -> false))
                    : c.tryReceive().isPresent();
            results.send(ready);
          });
      c.close();
      c.receive();
    }
    for (int i = 0; i < n; i++) {
      assertThat(results.receive()).as("chan is not ready").isTrue();
    }
  }

  // --- TestMultiConsumer, TC/goroutines.go, TC/nonblock.go ------------------------------------

  /** TestMultiConsumer: 23 workers range over a queue; every value is forwarded exactly once. */
  @Test
  void testMultiConsumer() throws Exception {
    final int nwork = 23;
    final int niter = 271828;
    final int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
    Channel<Integer> q = Channel.make(nwork * 3);
    Channel<Integer> r = Channel.make(nwork * 3);
    CountDownLatch wg = new CountDownLatch(nwork);
    for (int i = 0; i < nwork; i++) {
      int w = i;
      go(
          () -> {
            for (int v : q) {
              if (pn[w % pn.length] == v) {
                Thread.yield(); // mess with the fifo-ish nature of range (Go: runtime.Gosched)
              }
              r.send(v);
            }
            wg.countDown();
          });
    }
    AtomicLong expect = new AtomicLong();
    go(
        () -> {
          long e = 0;
          for (int i = 0; i < niter; i++) {
            int v = pn[i % pn.length];
            e += v;
            q.send(v);
          }
          expect.set(e);
          q.close();
          wg.await();
          r.close();
        });
    long n = 0;
    long s = 0;
    for (int v : r) {
      n++;
      s += v;
    }
    assertThat(n).isEqualTo(niter);
    assertThat(s).isEqualTo(expect.get());
  }

  /** TC/goroutines.go (rule 22): a 10,000-link pipeline of goroutines. */
  @Test
  void testGoroutines() throws Exception {
    final int n = 10_000;
    Channel<Integer> leftmost = Channel.make();
    Channel<Integer> left = leftmost;
    Channel<Integer> right = leftmost;
    for (int i = 0; i < n; i++) {
      right = Channel.make();
      Channel<Integer> l = left;
      Channel<Integer> r = right;
      go(() -> l.send(r.receive() + 1));
      left = right;
    }
    Channel<Integer> last = right;
    go(() -> last.send(1));
    assertThat(leftmost.receive()).isEqualTo(n + 1);
  }

  /**
   * TC/nonblock.go (rule 23): a non-blocking send or receive succeeds once its partner is ready,
   * for buffer sizes 0 and 1 and several element types. Where Go retries with sleeps, the test
   * waits until the partner is queued (the engine's hooks) and then needs one try.
   */
  @Test
  void testNonblock() throws Exception {
    nonblock(123, 234);
    nonblock(123L, 234L);
    nonblock("hello", "hello again");
    nonblock(true, false);
    nonblock(Unit.VALUE, Unit.VALUE);
  }

  private static <T> void nonblock(T toReceiver, T fromSender) throws Exception {
    for (int buffer = 0; buffer < 2; buffer++) {
      Channel<T> c = Channel.make(buffer);
      assertThat(c.tryReceive()).as("blocked sender, buffer %d", buffer).isEmpty();
      assertThat(Select.select(c.onReceive(v -> "recv"), Select.onDefault(() -> "default")))
          .isEqualTo("default");

      Goroutine<T> receiver = Goroutine.start(c::receive);
      awaitQueuedReceivers(c, 1);
      assertThat(c.trySend(toReceiver)).as("receiver buffer=%d", buffer).isTrue();
      assertThat(receiver.join()).isEqualTo(toReceiver);

      Goroutine<Void> sender = Goroutine.run(() -> c.send(fromSender));
      if (buffer > 0) {
        sender.join();
      } else {
        awaitQueuedSenders(c, 1);
      }
      assertThat(c.tryReceive())
          .as("sender buffer=%d", buffer)
          .contains(new Received<>(fromSender, true));
      sender.join();
    }
  }

  // --- range and stream (rule 19) -------------------------------------------------------------

  /** {@code for v := range c} receives until c is closed and drained. */
  @TestWithCapacities
  void testRangeEndsAtClose(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    go(
        () -> {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
          c.close();
        });
    List<Integer> got = new ArrayList<>();
    for (Integer v : c) {
      got.add(v);
    }
    assertThat(got).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(got.get(i)).isEqualTo(i);
    }
    assertThat(c.iterator().hasNext()).isFalse();
  }

  @TestWithCapacities
  void testStreamSums(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    go(
        () -> {
          for (int i = 1; i <= 1000; i++) {
            c.send(i);
          }
          c.close();
        });
    assertThat(c.stream().mapToLong(Integer::longValue).sum()).isEqualTo(500_500L);
  }

  /**
   * A stream over a channel takes exactly the values it delivers, sequential or parallel (a
   * splitting source once took 1,024 values for a parallel findFirst and delivered one).
   */
  @ParameterizedTest(name = "parallel={0}")
  @ValueSource(booleans = {false, true})
  void streamShortCircuitTakesOnlyWhatItDelivers(boolean parallel) throws Exception {
    Channel<Integer> c = Channel.make(5000);
    for (int i = 0; i < 5000; i++) {
      c.send(i);
    }
    c.close();
    assertThat(maybeParallel(c.stream(), parallel).findFirst()).contains(0);
    assertThat(c.len()).isEqualTo(4999);
    assertThat(maybeParallel(c.stream(), parallel).anyMatch(v -> v == 10)).isTrue();
    assertThat(c.len()).isEqualTo(4989);
    assertThat(maybeParallel(c.stream(), parallel).limit(3).toList()).containsExactly(11, 12, 13);
    assertThat(c.len()).isEqualTo(4986);
    assertThat(maybeParallel(c.stream(), parallel).count()).isEqualTo(4986);
    assertThat(maybeParallel(c.stream(), parallel).findAny()).isEmpty();
  }

  /** On an open channel a short-circuiting stream ends once it has its answer. */
  @ParameterizedTest(name = "parallel={0}")
  @ValueSource(booleans = {false, true})
  void streamShortCircuitEndsOnAnOpenChannel(boolean parallel) throws Exception {
    Channel<Integer> c = Channel.make(16);
    for (int i = 0; i < 8; i++) {
      c.send(i);
    }
    assertThat(maybeParallel(c.stream(), parallel).anyMatch(v -> v == 2)).isTrue();
    assertThat(c.len()).isEqualTo(5);
    assertThat(maybeParallel(c.stream(), parallel).findFirst()).contains(3);
    assertThat(maybeParallel(c.stream(), parallel).limit(2).toList()).containsExactly(4, 5);
    assertThat(c.len()).isEqualTo(2);
    Channel<Integer> unbuffered = Channel.make();
    go(
        () -> {
          for (int i = 0; i < 6; i++) {
            unbuffered.send(i);
          }
        });
    assertThat(maybeParallel(unbuffered.stream(), parallel).limit(4).toList())
        .containsExactly(0, 1, 2, 3);
    assertThat(unbuffered.receive()).isEqualTo(4); // the stream took nothing more
    assertThat(unbuffered.receive()).isEqualTo(5);
    assertThat(c.spliterator().trySplit()).isNull();
  }

  private static <T> java.util.stream.Stream<T> maybeParallel(
      java.util.stream.Stream<T> s, boolean parallel) {
    return parallel ? s.parallel() : s;
  }
}
