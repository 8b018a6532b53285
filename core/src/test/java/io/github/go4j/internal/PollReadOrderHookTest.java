package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read order of an unbuffered channel's lock-free "not ready" answer to a poll (tryReceive, a
 * select's poll), pinned through UnbufferedChan's poll hook, which runs between the poll's read of
 * the wait slot and its read of the send queue. Go's rule (chanrecv's fast path, and the bug of
 * Go's TestNonblockRecvRace): a non-blocking receive reads "empty" before "not closed". Read the
 * other way round, a poll that read "not closed" while a sender waited, and "empty" after close()
 * had failed that sender, answers "not ready" although at every instant a sender waited or the
 * channel was closed: the poll must report the close (or take the sender) instead.
 *
 * <p>In each test a sender is queued (not in the wait slot: a select with a default turned the
 * slots off first, so the sender took the locked path), and the hook closes the channel once, in
 * the poll's window. Kills mutant M13 (tools/mutation), which reads "not closed" first; no jcstress
 * run hit that window of two reads, and Lincheck's specification accepts an unbuffered "not ready"
 * while a sender is parked.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class PollReadOrderHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");
  private final AtomicInteger closes = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.pollSlotReadHook = null;
  }

  /**
   * Queues a sender of 1 on {@code c} (the slots off, so it does not wait in the slot), then sets
   * the hook: the test thread's first poll of {@code c} closes {@code c} between its two reads.
   */
  private Goroutine<Void> queuedSenderThenCloseInThePollsWindow() throws InterruptedException {
    Channel<Integer> other = Channel.make();
    assertThat(
            Select.select(c.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0)))
        .isZero();
    assertThat(engine.slotsOff()).as("the select with a default turned the slots off").isTrue();
    Goroutine<Void> sender = Goroutine.run(() -> c.send(1));
    GoTesting.awaitQueuedSenders(c, 1);
    assertThat(engine.slotted(DualQueue.SENDQ)).as("queued, not in the slot").isZero();
    Thread poller = Thread.currentThread();
    UnbufferedChan.pollSlotReadHook =
        () -> {
          if (Thread.currentThread() == poller && closes.getAndIncrement() == 0) {
            c.close();
          }
        };
    return sender;
  }

  @Test
  void aTryReceiveThatAClosePassesBetweenItsReadsReportsTheClose() throws Exception {
    Goroutine<Void> sender = queuedSenderThenCloseInThePollsWindow();
    Optional<Received<Integer>> r = c.tryReceive();
    assertThat(closes.get()).as("the hook ran in the poll").isPositive();
    assertThat(r).as("not 'not ready': a sender waited until the close").isPresent();
    assertThat(r.get().ok()).as("the close, which failed the sender").isFalse();
    assertThat(sender.failure()).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void aSelectWithADefaultThatAClosePassesBetweenItsReadsRunsTheReceiveCase() throws Exception {
    Goroutine<Void> sender = queuedSenderThenCloseInThePollsWindow();
    int r = Select.select(c.onReceiveOk((v, ok) -> ok ? 1 : 2), Select.onDefault(() -> 0));
    assertThat(closes.get()).as("the hook ran in the poll").isPositive();
    assertThat(r).as("the receive case, closed; not the default").isEqualTo(2);
    assertThat(sender.failure()).isInstanceOf(ChannelClosedException.class);
  }

  /**
   * The other window's outcome: a partner takes the queued sender between the poll's two reads (the
   * channel stays open). "Not ready" is then a right answer (at the queue's read the channel was
   * empty and open), and the value reached the partner.
   */
  @Test
  void aTryReceiveWhoseSenderAPartnerTakesBetweenItsReadsMayReportNotReady() throws Exception {
    Channel<Integer> other = Channel.make();
    assertThat(
            Select.select(c.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0)))
        .isZero();
    Goroutine<Void> sender = Goroutine.run(() -> c.send(1));
    GoTesting.awaitQueuedSenders(c, 1);
    Thread poller = Thread.currentThread();
    AtomicInteger taken = new AtomicInteger();
    UnbufferedChan.pollSlotReadHook =
        () -> {
          if (Thread.currentThread() == poller && closes.getAndIncrement() == 0) {
            try {
              taken.set(Goroutine.start(c::receive).join());
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          }
        };
    Optional<Received<Integer>> r = c.tryReceive();
    assertThat(taken.get()).as("the partner took the sender's value").isEqualTo(1);
    assertThat(r).as("empty and open at the queue's read: not ready").isEmpty();
    sender.join();
  }
}
