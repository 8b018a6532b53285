package io.github.go4j.chan;

import static io.github.go4j.GoTesting.awaitParked;
import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitQueuedSenders;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.UncheckedInterruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interruption, Java's extra way out of every blocking call (README, "Channels"): an interrupted
 * send did not send, an interrupted receive received nothing, an interrupted select ran no case and
 * left nothing queued; never a loss, never a duplicate. An operation that is ready completes even
 * if the thread is interrupted, and the interrupt status is kept.
 */
class InterruptTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted(); // never leak a status into the next test
  }

  private static Channel<Integer> full(int cap) throws InterruptedException {
    Channel<Integer> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    return c;
  }

  /** The channel holds exactly 0..cap-1 and nothing else. */
  private static void assertHoldsOnly(Channel<Integer> c, int cap) {
    assertThat(c.len()).isEqualTo(cap);
    for (int i = 0; i < cap; i++) {
      assertThat(c.tryReceive()).contains(new Received<>(i, true));
    }
    assertThat(c.tryReceive()).as("nothing else was sent").isEmpty();
  }

  // --- send ------------------------------------------------------------------------------------

  @TestWithCapacities
  void testInterruptedSendBeforeCallDidNotSend(int cap) throws Exception {
    Channel<Integer> c = full(cap);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> c.send(-1)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).as("status cleared when thrown").isFalse();
    assertThat(queuedSenders(c)).isZero();
    assertHoldsOnly(c, cap);
  }

  @TestWithCapacities
  void testInterruptedSendWhileBlockedDidNotSend(int cap) throws Exception {
    Channel<Integer> c = full(cap);
    Goroutine<Void> g = Goroutine.run(() -> c.send(-1));
    awaitQueuedSenders(c, 1);
    awaitParked(g.thread());
    g.interrupt();
    assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queuedSenders(c)).isZero();
    assertHoldsOnly(c, cap);
  }

  // --- receive ---------------------------------------------------------------------------------

  /**
   * After an interrupted receive, a value sent later is still there (or, unbuffered, no one is).
   */
  private static void assertNobodyReceiving(Channel<Integer> c, int cap) throws Exception {
    assertThat(queuedReceivers(c)).isZero();
    if (cap == 0) {
      assertThat(c.trySend(42)).as("no receiver is left waiting").isFalse();
    } else {
      c.send(42);
      assertThat(c.tryReceive()).as("the value was not taken").contains(new Received<>(42, true));
    }
  }

  @TestWithCapacities
  void testInterruptedReceiveBeforeCallTookNothing(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    Thread.currentThread().interrupt();
    assertThatThrownBy(c::receive).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    Thread.currentThread().interrupt();
    assertThatThrownBy(c::receiveOk).isInstanceOf(InterruptedException.class);
    assertNobodyReceiving(c, cap);
  }

  @TestWithCapacities
  void testInterruptedReceiveWhileBlockedTookNothing(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    Goroutine<Integer> g = Goroutine.start(c::receive);
    Goroutine<Received<Integer>> h = Goroutine.start(c::receiveOk);
    awaitQueuedReceivers(c, 2);
    awaitParked(g.thread());
    awaitParked(h.thread());
    g.interrupt();
    h.interrupt();
    assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    assertThat(h.failure()).isInstanceOf(InterruptedException.class);
    assertNobodyReceiving(c, cap);
  }

  // --- select ----------------------------------------------------------------------------------

  @TestWithCapacities
  void testInterruptedSelectBeforeCallRanNoCase(int cap) throws Exception {
    Channel<Integer> in = Channel.make(cap);
    Channel<Integer> out = full(cap);
    AtomicBoolean ran = new AtomicBoolean();
    Thread.currentThread().interrupt();
    assertThatThrownBy(
            () ->
                Select.select(
                    in.onReceive(v -> ran.getAndSet(true)),
                    out.onSend(-1, () -> ran.getAndSet(true))))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(ran).isFalse();
    assertThat(queuedSenders(out)).isZero();
    assertHoldsOnly(out, cap);
    assertNobodyReceiving(in, cap);
  }

  @TestWithCapacities
  void testInterruptedSelectWhileBlockedRanNoCase(int cap) throws Exception {
    Channel<Integer> in = Channel.make(cap);
    Channel<Integer> out = full(cap);
    AtomicBoolean ran = new AtomicBoolean();
    Goroutine<Boolean> g =
        Goroutine.start(
            () ->
                Select.select(
                    in.onReceive(v -> ran.getAndSet(true)),
                    out.onSend(-1, () -> ran.getAndSet(true))));
    awaitQueuedReceivers(in, 1);
    awaitQueuedSenders(out, 1);
    awaitParked(g.thread());
    g.interrupt();
    assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    assertThat(ran).isFalse();
    assertThat(queuedSenders(out)).isZero();
    assertHoldsOnly(out, cap);
    assertNobodyReceiving(in, cap);
  }

  // --- nil channels (rule 16) ------------------------------------------------------------------

  /** A nil channel blocks forever: interrupted, it throws and nothing happened. */
  @Test
  void testNilChannelBlocksUntilInterrupted() throws Exception {
    Channel<Integer> nil = Channel.nil();
    List<Goroutine<?>> gs = new ArrayList<>();
    gs.add(Goroutine.run(() -> nil.send(1)));
    gs.add(Goroutine.start(nil::receive));
    gs.add(Goroutine.start(nil::receiveOk));
    gs.add(Goroutine.start(() -> Select.select(nil.onReceive(v -> 1), nil.onSend(1, () -> 2))));
    for (Goroutine<?> g : gs) {
      awaitParked(g.thread());
    }
    for (Goroutine<?> g : gs) {
      assertThat(g.isDone()).isFalse();
      g.interrupt();
      assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    }
    assertThat(nil.len()).isZero();
    assertThat(nil.tryReceive()).isEmpty();
  }

  @Test
  void testNilChannelInterruptedBeforeCall() {
    Channel<Integer> nil = Channel.nil();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> nil.send(1)).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(nil::receive).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Select.select()).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  // --- ready operations complete despite the interrupt -----------------------------------------

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 10, 100, 1000})
  void testReadyBufferedOperationsCompleteWhenInterrupted(int cap) throws Exception {
    Channel<Integer> c = Channel.make(cap);
    Thread.currentThread().interrupt();
    c.send(1);
    assertThat(Thread.currentThread().isInterrupted()).as("status kept").isTrue();
    assertThat(c.receive()).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    c.send(2);
    assertThat(c.receiveOk()).isEqualTo(new Received<>(2, true));
    assertThat(Select.select(c.onSend(3, () -> "sent"), Channel.make().onReceive(v -> "x")))
        .isEqualTo("sent");
    assertThat(Select.<Object>select(c.onReceive(v -> v), Channel.make().onReceive(v -> "x")))
        .isEqualTo(3);
    assertThat(c.trySend(4)).isTrue();
    assertThat(c.tryReceive()).contains(new Received<>(4, true));
    c.close();
    assertThat(c.receiveOk()).isEqualTo(Received.closed());
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void testRendezvousWithWaitingPartnerCompletesWhenInterrupted() throws Exception {
    Channel<Integer> c = Channel.make();
    Goroutine<Integer> receiver = Goroutine.start(c::receive);
    awaitQueuedReceivers(c, 1);
    Thread.currentThread().interrupt();
    c.send(7);
    assertThat(Thread.interrupted()).as("status kept (and cleared here)").isTrue();
    assertThat(receiver.join()).isEqualTo(7);

    Goroutine<Void> sender = Goroutine.run(() -> c.send(8));
    awaitQueuedSenders(c, 1);
    Thread.currentThread().interrupt();
    assertThat(c.receive()).isEqualTo(8);
    assertThat(Thread.interrupted()).as("status kept (and cleared here)").isTrue();
    sender.join();
  }

  // --- races between interrupt and completion: never a loss, never a duplicate -----------------

  /** Outcome of a goroutine's operation: the value, or null if it was interrupted. */
  private record Outcome(Integer value, boolean interruptStatus) {}

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 1})
  void testInterruptRacesReceive(int cap) throws Exception {
    for (int i = 0; i < 500; i++) {
      Channel<Integer> c = Channel.make(cap);
      Goroutine<Outcome> g =
          Goroutine.start(
              () -> {
                try {
                  return new Outcome(c.receive(), Thread.currentThread().isInterrupted());
                } catch (InterruptedException e) {
                  return new Outcome(null, false);
                }
              });
      awaitQueuedReceivers(c, 1);
      boolean interruptFirst = (i & 1) == 0;
      boolean sent;
      if (interruptFirst) {
        g.interrupt();
        sent = c.trySend(7);
      } else {
        sent = c.trySend(7);
        g.interrupt();
      }
      Outcome o = g.join();
      if (o.value() != null) {
        assertThat(o.value()).isEqualTo(7);
        assertThat(sent).isTrue();
        assertThat(c.len()).as("received and still buffered").isZero();
        if (interruptFirst) {
          assertThat(o.interruptStatus()).as("completed despite interrupt: status kept").isTrue();
        }
      } else {
        assertThat(c.len()).as("lost value").isEqualTo(sent ? 1 : 0);
        assertThat(sent).isEqualTo(cap > 0);
      }
      assertThat(queuedReceivers(c)).isZero();
    }
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 1})
  void testInterruptRacesSend(int cap) throws Exception {
    for (int i = 0; i < 500; i++) {
      Channel<Integer> c = full(cap);
      Goroutine<Boolean> g =
          Goroutine.start(
              () -> {
                try {
                  c.send(7);
                  return true;
                } catch (InterruptedException e) {
                  return false;
                }
              });
      awaitQueuedSenders(c, 1);
      List<Integer> got = new ArrayList<>();
      if ((i & 1) == 0) {
        g.interrupt();
        c.tryReceive().ifPresent(r -> got.add(r.value()));
      } else {
        c.tryReceive().ifPresent(r -> got.add(r.value()));
        g.interrupt();
      }
      boolean sent = g.join();
      c.tryReceive().ifPresent(r -> got.add(r.value()));
      List<Integer> expected = new ArrayList<>();
      for (int k = 0; k < cap; k++) {
        expected.add(k);
      }
      if (sent) {
        expected.add(7);
      }
      assertThat(got).as("sent=%s", sent).isEqualTo(expected);
      assertThat(c.tryReceive()).isEmpty();
      assertThat(queuedSenders(c)).isZero();
    }
  }

  @Test
  void testInterruptRacesSelect() throws Exception {
    for (int i = 0; i < 500; i++) {
      Channel<Integer> a = Channel.make(1);
      Channel<Integer> b = Channel.make(1);
      AtomicInteger runs = new AtomicInteger();
      Goroutine<Integer> g =
          Goroutine.start(
              () -> {
                try {
                  return Select.select(
                      a.onReceive(
                          v -> {
                            runs.incrementAndGet();
                            return v;
                          }),
                      b.onReceive(
                          v -> {
                            runs.incrementAndGet();
                            return v;
                          }));
                } catch (InterruptedException e) {
                  return null;
                }
              });
      awaitQueuedReceivers(a, 1);
      if ((i & 1) == 0) {
        g.interrupt();
      }
      assertThat(a.trySend(1)).isTrue();
      assertThat(b.trySend(2)).isTrue();
      g.interrupt();
      Integer got = g.join();
      int left = a.len() + b.len();
      if (got == null) {
        assertThat(runs).hasValue(0);
        assertThat(left).isEqualTo(2);
      } else {
        assertThat(runs).hasValue(1);
        assertThat(left).isEqualTo(1);
        assertThat((got == 1 ? a : b).len()).as("the received value is gone").isZero();
      }
      assertThat(queuedReceivers(a) + queuedReceivers(b)).isZero();
    }
  }

  // --- range and stream ------------------------------------------------------------------------

  /**
   * An interrupt while ranging over a channel ends the loop with UncheckedInterruptedException and
   * leaves the interrupt status set.
   */
  @Test
  void testRangeInterrupted() throws Exception {
    Channel<Integer> c = Channel.make();
    AtomicInteger seen = new AtomicInteger();
    Goroutine<Boolean> g =
        Goroutine.start(
            () -> {
              try {
                for (int v : c) {
                  seen.addAndGet(v);
                }
                return null;
              } catch (UncheckedInterruptedException e) {
                assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
                return Thread.currentThread().isInterrupted();
              }
            });
    c.send(1);
    c.send(2);
    awaitQueuedReceivers(c, 1);
    g.interrupt();
    assertThat(g.join()).as("interrupt status set").isTrue();
    assertThat(seen).hasValue(3);
    assertThat(queuedReceivers(c)).isZero();
  }

  @Test
  void testStreamInterrupted() throws Exception {
    Channel<Integer> c = Channel.make(1);
    Goroutine<Long> g = Goroutine.start(() -> c.stream().mapToLong(Integer::longValue).sum());
    c.send(1);
    awaitQueuedReceivers(c, 1);
    g.interrupt();
    assertThat(g.failure()).isInstanceOf(UncheckedInterruptedException.class);
    assertThat(queuedReceivers(c)).isZero();
  }
}
