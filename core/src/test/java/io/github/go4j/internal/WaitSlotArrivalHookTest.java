package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain send and a plain receive that arrive together at an unbuffered channel's empty wait slots
 * meet without the lock (UnbufferedChan's overview, "Arriving together"). Both may publish; the one
 * whose re-check finds the other withdraws and then takes the other from its slot, instead of going
 * to Go's locked path; and a receive that finds a sender publishing waits the few instructions
 * until it stands in the slot. Before, each of these went to the lock: in lockstep pairs (spsc),
 * 0.2 locked hand-offs per message in some runs (ADR 0004).
 *
 * <p>UnbufferedChan's hooks hold each party in its window (publishing and published around a slot's
 * CAS, publishingValue inside a sender's publication, publisherSeen where a receive found it);
 * lockedPathHook counts the plain operations that went to the locked path.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class WaitSlotArrivalHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  private final HookGate publishing = new HookGate();
  private final HookGate published = new HookGate();
  private final HookGate publishingValue = new HookGate();
  private final HookGate publisherSeen = new HookGate();
  private final AtomicInteger locked = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    UnbufferedChan.publishingHook = publishing;
    UnbufferedChan.publishedHook = published;
    UnbufferedChan.publishingValueHook = publishingValue;
    UnbufferedChan.publisherSeenHook = publisherSeen;
    UnbufferedChan.lockedPathHook = locked::incrementAndGet;
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.publishingHook = null;
    UnbufferedChan.publishedHook = null;
    UnbufferedChan.publishingValueHook = null;
    UnbufferedChan.publisherSeenHook = null;
    UnbufferedChan.lockedPathHook = null;
    publishing.releaseAll();
    published.releaseAll();
    publishingValue.releaseAll();
    publisherSeen.releaseAll();
    c.close(); // releases whatever a failed test left waiting
  }

  /**
   * Both publish; the receive's re-check finds the sender and withdraws, then takes the sender,
   * which still stands in the send slot; the sender's re-check then finds the receive slot empty
   * and waits, already served.
   */
  @Test
  void aReceiveThatWithdrawsForASenderArrivingTogetherTakesIt() throws Exception {
    // S: past its checks (both slots empty), held before its publishing CAS.
    Goroutine<Void> s = HookGate.start(() -> send(7), publishing, published);
    publishing.awaitHeld(s.thread());
    // R: publishes in the receive slot; held before its re-check.
    Goroutine<Integer> r = HookGate.start(c::receive, published);
    published.awaitHeld(r.thread());
    // S publishes in the send slot; held before its re-check.
    publishing.release(s.thread());
    published.awaitHeld(s.thread());
    assertThat(engine.slotted(DualQueue.SENDQ)).as("S in the send slot").isEqualTo(1);
    assertThat(engine.slotted(DualQueue.RECVQ)).as("R in the receive slot").isEqualTo(1);
    // R's re-check sees S: it withdraws and takes S (S still held).
    published.release(r.thread());
    assertThat(r.join()).as("R receives S's value").isEqualTo(7);
    assertThat(engine.slotted(DualQueue.SENDQ)).as("S taken from the send slot").isZero();
    published.release(s.thread());
    s.join();
    assertThat(locked.get()).as("plain operations that went to the locked path").isZero();
    HookGate.assertIdle(engine);
  }

  /** The mirror image: the send withdraws for the receiver that published beside it, and gives. */
  @Test
  void aSendThatWithdrawsForAReceiverArrivingTogetherGivesToIt() throws Exception {
    // R: past its checks, held before its publishing CAS.
    Goroutine<Integer> r = HookGate.start(c::receive, publishing, published);
    publishing.awaitHeld(r.thread());
    // S: publishes in the send slot; held before its re-check.
    Goroutine<Void> s = HookGate.start(() -> send(8), published);
    published.awaitHeld(s.thread());
    // R publishes in the receive slot; held before its re-check.
    publishing.release(r.thread());
    published.awaitHeld(r.thread());
    // S's re-check sees R: it withdraws and gives R its value (R still held).
    published.release(s.thread());
    s.join();
    assertThat(engine.slotted(DualQueue.RECVQ)).as("R taken from the receive slot").isZero();
    // R's withdrawal fails: it was served.
    published.release(r.thread());
    assertThat(r.join()).as("R receives S's value").isEqualTo(8);
    assertThat(locked.get()).as("plain operations that went to the locked path").isZero();
    HookGate.assertIdle(engine);
  }

  /** A receive that finds a sender publishing waits until it stands in the slot, and takes it. */
  @Test
  void aReceiveThatFindsASenderPublishingTakesItOnceItStands() throws Exception {
    // S: holds the send slot with the publishing marker, its value not written yet.
    Goroutine<Void> s = HookGate.start(() -> send(9), publishingValue);
    publishingValue.awaitHeld(s.thread());
    // R: finds the marker; held at its first look.
    Goroutine<Integer> r = HookGate.start(c::receive, publisherSeen);
    publisherSeen.awaitHeld(r.thread());
    // S writes its value and stands in the slot (its re-check finds the receive slot empty).
    publishingValue.release(s.thread());
    awaitTrue("S in the send slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    publisherSeen.release(r.thread());
    assertThat(r.join()).as("R receives S's value").isEqualTo(9);
    s.join();
    assertThat(locked.get()).as("plain operations that went to the locked path").isZero();
    HookGate.assertIdle(engine);
  }

  private Void send(int v) throws InterruptedException {
    c.send(v);
    return null;
  }
}
