package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The back-off of a buffered channel's ring (BufferedChan.backOff), through its hook: a plain send
 * that finds its slot still in use, or a plain receive that finds its slot not written, runs the
 * hook once before it waits and looks again. The hook runs on the operation's own thread, so a test
 * can act inside that window deterministically: make room, send a value, close the channel. The
 * operation must then see what happened (complete lock-free, or report the close), and the
 * non-blocking operations (trySend, tryReceive, a select's poll) must never back off: they report
 * at once.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hook is compiled out and the test is skipped. Each operation that could block runs
 * in a goroutine joined with a bound, so a broken window fails instead of hanging.
 */
class RingBackOffHookTest {
  private final AtomicInteger backOffs = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void noHook() {
    BufferedChan.backOffHook = null;
  }

  /** A ring channel (capacity 4 and up: smaller ones are SmallChans, which have no ring). */
  private static Channel<Integer> ring(int capacity) {
    Channel<Integer> ch = Channel.make(capacity);
    assertThat(ch).isInstanceOf(BufferedChan.class);
    return ch;
  }

  /** Sets the hook to count back-offs and then run {@code inWindow} once, at the first. */
  private void onBackOff(Runnable inWindow) {
    BufferedChan.backOffHook =
        () -> {
          if (backOffs.incrementAndGet() == 1) {
            inWindow.run();
          }
        };
  }

  @Test
  void aReceiveAtAnEmptySlotBacksOffOnceAndTakesAValueSentMeanwhile() throws Exception {
    Channel<Integer> ch = ring(8);
    onBackOff(() -> assertThat(ch.trySend(42)).isTrue());
    Goroutine<Integer> receiver = Goroutine.start(ch::receive);
    assertThat(receiver.join()).isEqualTo(42);
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    assertThat(ch.len()).isZero();
    assertThat(((Chan<?>) ch).waitingBitsSet()).as("nobody waited").isFalse();
  }

  @Test
  void aSendAtAFullSlotBacksOffOnceAndUsesRoomMadeMeanwhile() throws Exception {
    Channel<Integer> ch = ring(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    AtomicInteger taken = new AtomicInteger(-1);
    onBackOff(() -> taken.set(ch.tryReceive().orElseThrow().value()));
    Goroutine<Void> sender = Goroutine.run(() -> ch.send(4));
    sender.join();
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    assertThat(taken.get()).as("the value taken in the window").isZero();
    assertThat(((Chan<?>) ch).waitingBitsSet()).as("nobody waited").isFalse();
    for (int i = 1; i <= 4; i++) {
      assertThat(ch.tryReceive().orElseThrow().value()).as("FIFO after the back-off").isEqualTo(i);
    }
    assertThat(ch.tryReceive()).isEmpty();
  }

  @Test
  void aSendThatBacksOffAtAFullSlotSeesACloseMadeMeanwhile() throws Exception {
    Channel<Integer> ch = ring(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    onBackOff(ch::close);
    Goroutine<Void> sender = Goroutine.run(() -> ch.send(4));
    assertThatThrownBy(sender::join).isInstanceOf(ChannelClosedException.class);
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(ch.receive()).as("the buffer drains after close").isEqualTo(i);
    }
    assertThat(ch.receiveOk().ok()).isFalse();
  }

  @Test
  void aReceiveThatBacksOffAtAnEmptySlotSeesACloseMadeMeanwhile() throws Exception {
    Channel<Integer> ch = ring(8);
    onBackOff(ch::close);
    Goroutine<Received<Integer>> receiver = Goroutine.start(ch::receiveOk);
    Received<Integer> r = receiver.join();
    assertThat(r.ok()).as("closed and empty").isFalse();
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
  }

  @Test
  void aReceiveThatBacksOffAndFindsNothingStillBlocksUntilASend() throws Exception {
    Channel<Integer> ch = ring(8);
    onBackOff(() -> {});
    Goroutine<Integer> receiver = Goroutine.start(ch::receive);
    GoTesting.awaitTrue("the receiver queued", () -> ((Chan<?>) ch).waitingBitsSet());
    ch.send(7); // handed to the queued receiver
    assertThat(receiver.join()).isEqualTo(7);
    assertThat(backOffs.get()).as("one back-off, at the first look only").isEqualTo(1);
  }

  @Test
  void aSendThatBacksOffAndFindsNoRoomStillBlocksUntilAReceive() throws Exception {
    Channel<Integer> ch = ring(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    onBackOff(() -> {});
    Goroutine<Void> sender = Goroutine.run(() -> ch.send(4));
    GoTesting.awaitTrue("the sender queued", () -> ((Chan<?>) ch).waitingBitsSet());
    assertThat(ch.receive()).isEqualTo(0); // moves the blocked sender's value into the buffer
    sender.join();
    assertThat(backOffs.get()).as("one back-off, at the first look only").isEqualTo(1);
    for (int i = 1; i <= 4; i++) {
      assertThat(ch.receive()).isEqualTo(i);
    }
  }

  @Test
  void operationsThatFindTheirSlotReadyDoNotBackOff() throws Exception {
    Channel<Integer> ch = ring(4);
    onBackOff(() -> {});
    ch.send(1);
    ch.send(2);
    assertThat(ch.receive()).isEqualTo(1);
    assertThat(ch.receive()).isEqualTo(2);
    assertThat(backOffs.get()).as("back-offs").isZero();
  }

  @Test
  void nonBlockingOperationsNeverBackOff() throws Exception {
    Channel<Integer> ch = ring(4);
    onBackOff(() -> {});
    assertThat(ch.tryReceive()).as("empty").isEmpty();
    assertThat(Select.select(ch.onReceive(v -> 0), Select.onDefault(() -> -1))).isEqualTo(-1);
    for (int i = 0; i < 4; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    assertThat(ch.trySend(4)).as("full").isFalse();
    assertThat(Select.select(ch.onSend(4, () -> 0), Select.onDefault(() -> -1))).isEqualTo(-1);
    assertThat(backOffs.get()).as("back-offs").isZero();
  }
}
