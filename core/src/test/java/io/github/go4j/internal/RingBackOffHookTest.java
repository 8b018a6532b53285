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
 * operation must then see what happened (complete lock-free, or report the close). A select without
 * a default backs off at its send cases as a plain send does, never at its receive cases; the
 * non-blocking operations (trySend, tryReceive, a select with a default) must never back off: they
 * report at once. A plain operation whose claim of a position loses to another operation of its
 * side backs off too (on a virtual thread its carrier runs another goroutine meanwhile); the claim
 * hook, run just before each claim, lets a test make that happen: an operation in the hook claims
 * the position first. A plain operation backs off at most once, whatever it meets.
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
    BufferedChan.claimHook = null;
  }

  /** A ring channel (capacity 4 and up: smaller ones are SmallChans, which have no ring). */
  private static Channel<Integer> ring(int capacity) {
    Channel<Integer> ch = Channel.make(capacity);
    assertThat(ch).isInstanceOf(BufferedChan.class);
    return ch;
  }

  /** A full ring(4) holding 0..3. */
  private static Channel<Integer> fullRing() {
    Channel<Integer> ch = ring(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ch.trySend(i)).isTrue();
    }
    return ch;
  }

  /** A closed full ring(4) still yields 0..3 in order, then reports closed. */
  private static void assertDrainsThenReportsClosed(Channel<Integer> ch)
      throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      assertThat(ch.receive()).as("the buffer drains after close").isEqualTo(i);
    }
    assertThat(ch.receiveOk().ok()).isFalse();
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
    Channel<Integer> ch = fullRing();
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
    Channel<Integer> ch = fullRing();
    onBackOff(ch::close);
    Goroutine<Void> sender = Goroutine.run(() -> ch.send(4));
    assertThatThrownBy(sender::join).isInstanceOf(ChannelClosedException.class);
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    assertDrainsThenReportsClosed(ch);
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
    Channel<Integer> ch = fullRing();
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

  /**
   * A select without a default backs off at a send case whose slot is in use, once, and then uses
   * room made meanwhile: through the fixed-arity path and through the array (scratch) path.
   */
  @Test
  void aBlockingSelectsSendBacksOffOnceAndUsesRoomMadeMeanwhile() throws Exception {
    Channel<Integer> idle = Channel.make(); // never ready: nobody sends on it
    for (boolean array : new boolean[] {false, true}) {
      backOffs.set(0);
      Channel<Integer> ch = fullRing();
      AtomicInteger taken = new AtomicInteger(-1);
      onBackOff(() -> taken.set(ch.tryReceive().orElseThrow().value()));
      Goroutine<Integer> selector =
          Goroutine.start(
              () ->
                  array
                      ? Select.<Integer>select(
                          java.util.List.of(ch.onSend(4, () -> 1), idle.onReceive(v -> 2)))
                      : Select.select(ch.onSend(4, () -> 1), idle.onReceive(v -> 2)));
      assertThat(selector.join()).as("the send case, array=" + array).isEqualTo(1);
      assertThat(backOffs.get()).as("back-offs, array=" + array).isEqualTo(1);
      assertThat(taken.get()).as("the value taken in the window").isZero();
      for (int i = 1; i <= 4; i++) {
        assertThat(ch.tryReceive().orElseThrow().value()).as("FIFO").isEqualTo(i);
      }
    }
  }

  /** A select's send case that backs off sees a close made meanwhile: it panics, as Go's does. */
  @Test
  void aBlockingSelectsSendThatBacksOffSeesACloseMadeMeanwhile() throws Exception {
    Channel<Integer> idle = Channel.make();
    Channel<Integer> ch = fullRing();
    onBackOff(ch::close);
    Goroutine<Integer> selector =
        Goroutine.start(() -> Select.select(ch.onSend(4, () -> 1), idle.onReceive(v -> 2)));
    assertThatThrownBy(selector::join).isInstanceOf(ChannelClosedException.class);
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    assertDrainsThenReportsClosed(ch);
  }

  /** A select with a default answers at once: no back-off at a full ring, either path. */
  @Test
  void aSelectWithADefaultNeverBacksOff() throws Exception {
    Channel<Integer> idle = Channel.make();
    Channel<Integer> ch = fullRing();
    onBackOff(() -> {});
    assertThat(
            Select.select(
                ch.onSend(4, () -> 1), idle.onReceive(v -> 2), Select.onDefault(() -> -1)))
        .isEqualTo(-1);
    assertThat(
            Select.<Integer>select(
                java.util.List.of(
                    ch.onSend(4, () -> 1), idle.onReceive(v -> 2), Select.onDefault(() -> -1))))
        .isEqualTo(-1);
    assertThat(backOffs.get()).as("back-offs").isZero();
    assertThat(ch.len()).isEqualTo(4);
  }

  /**
   * A select without a default does not back off at a receive case (another case may be ready): it
   * blocks on the empty ring and takes a value sent later.
   */
  @Test
  void aBlockingSelectsReceiveDoesNotBackOff() throws Exception {
    Channel<Integer> idle = Channel.make();
    for (boolean array : new boolean[] {false, true}) {
      Channel<Integer> ch = ring(8);
      onBackOff(() -> {});
      Goroutine<Integer> selector =
          Goroutine.start(
              () ->
                  array
                      ? Select.<Integer>select(
                          java.util.List.of(ch.onReceive(v -> v), idle.onReceive(v -> -2)))
                      : Select.select(ch.onReceive(v -> v), idle.onReceive(v -> -2)));
      GoTesting.awaitTrue("the select queued", () -> ((Chan<?>) ch).waitingBitsSet());
      ch.send(7);
      assertThat(selector.join()).isEqualTo(7);
      assertThat(backOffs.get()).as("back-offs, array=" + array).isZero();
    }
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

  /** Whether the claim hook is running its steal (the steal's own claim must not steal again). */
  private boolean stealing;

  /**
   * Sets the claim hook so that the first {@code times} claims (outside the steal itself) are lost
   * to {@code steal}, an operation of the same side made just before the claim's CAS.
   */
  private void loseClaims(int times, Runnable steal) {
    AtomicInteger stolen = new AtomicInteger();
    BufferedChan.claimHook =
        () -> {
          if (!stealing && stolen.getAndIncrement() < times) {
            stealing = true;
            try {
              steal.run();
            } finally {
              stealing = false;
            }
          }
        };
  }

  @Test
  void aSendThatLosesItsClaimBacksOffOnceAndSendsAtTheNextPosition() throws Exception {
    Channel<Integer> ch = ring(8);
    onBackOff(() -> {});
    loseClaims(1, () -> assertThat(ch.trySend(1)).isTrue());
    Goroutine<Void> sender = Goroutine.run(() -> ch.send(2));
    sender.join();
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    assertThat(ch.tryReceive().orElseThrow().value()).as("the claim that won").isEqualTo(1);
    assertThat(ch.tryReceive().orElseThrow().value()).as("the send that lost").isEqualTo(2);
    assertThat(ch.tryReceive()).isEmpty();
  }

  @Test
  void aReceiveThatLosesItsClaimBacksOffOnceAndTakesTheNextValue() throws Exception {
    Channel<Integer> ch = ring(8);
    assertThat(ch.trySend(1)).isTrue();
    assertThat(ch.trySend(2)).isTrue();
    onBackOff(() -> {});
    AtomicInteger stolen = new AtomicInteger(-1);
    loseClaims(1, () -> stolen.set(ch.tryReceive().orElseThrow().value()));
    Goroutine<Integer> receiver = Goroutine.start(ch::receive);
    assertThat(receiver.join()).as("the value after the one taken first").isEqualTo(2);
    assertThat(stolen.get()).isEqualTo(1);
    assertThat(backOffs.get()).as("back-offs").isEqualTo(1);
    assertThat(ch.len()).isZero();
  }

  /** However often its claim is lost, a plain operation backs off once, then retries at once. */
  @Test
  void plainOperationsThatLoseSeveralClaimsBackOffOnce() throws Exception {
    Channel<Integer> ch = ring(8);
    onBackOff(() -> {});
    AtomicInteger next = new AtomicInteger(10);
    loseClaims(3, () -> assertThat(ch.trySend(next.getAndIncrement())).isTrue());
    Goroutine.run(() -> ch.send(1)).join();
    assertThat(backOffs.get()).as("back-offs of the send").isEqualTo(1);
    assertThat(ch.len()).isEqualTo(4);
    backOffs.set(0);
    loseClaims(2, () -> assertThat(ch.tryReceive()).isPresent()); // takes 10, then 11
    assertThat(Goroutine.start(ch::receive).join()).as("the third value").isEqualTo(12);
    assertThat(backOffs.get()).as("back-offs of the receive").isEqualTo(1);
    assertThat(ch.tryReceive().orElseThrow().value()).as("the send's value, last").isEqualTo(1);
    assertThat(ch.len()).isZero();
  }

  /** trySend and tryReceive retry a lost claim at once: they never back off. */
  @Test
  void nonBlockingOperationsThatLoseTheirClaimDoNotBackOff() throws Exception {
    Channel<Integer> ch = ring(8);
    onBackOff(() -> {});
    loseClaims(1, () -> assertThat(ch.trySend(1)).isTrue());
    assertThat(ch.trySend(2)).isTrue();
    loseClaims(1, () -> assertThat(ch.tryReceive().orElseThrow().value()).isEqualTo(1));
    assertThat(ch.tryReceive().orElseThrow().value()).isEqualTo(2);
    assertThat(backOffs.get()).as("back-offs").isZero();
  }
}
