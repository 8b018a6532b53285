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
 * A plain send and a plain receive that arrive together at an unbuffered channel's empty wait slot
 * meet without the lock (UnbufferedChan's overview, "Arriving together"). Both pass their checks
 * and try to publish in the one slot; one CAS wins, and the loser takes the winner from the slot
 * instead of going to Go's locked path; and a receive that finds a sender publishing waits the few
 * instructions until it stands in the slot. Before, with a slot per direction, both could publish
 * and one had to withdraw; before that, each went to the lock: in lockstep pairs (spsc), 0.2 locked
 * hand-offs per message in some runs (ADR 0004).
 *
 * <p>UnbufferedChan's hooks hold each party in its window (publishing and published around the
 * slot's CAS, publishingValue inside a sender's publication, publisherSeen where a receive found
 * it); lockedPathHook counts the plain operations that went to the locked path.
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
   * The sender stands in the slot first; the receive's publishing CAS fails, and it takes the
   * sender, whose re-check then finds nothing changed and waits, already served.
   */
  @Test
  void aReceiveThatLosesTheSlotToASenderArrivingTogetherTakesIt() throws Exception {
    // R: past its checks (the slot empty), held before its publishing CAS.
    Goroutine<Integer> r = HookGate.start(c::receive, publishing);
    publishing.awaitHeld(r.thread());
    // S: publishes in the slot; held before its re-check.
    Goroutine<Void> s = HookGate.start(() -> send(7), published);
    published.awaitHeld(s.thread());
    assertThat(engine.slotted(DualQueue.SENDQ)).as("S in the slot").isEqualTo(1);
    // R's CAS fails: it takes S (S still held).
    publishing.release(r.thread());
    assertThat(r.join()).as("R receives S's value").isEqualTo(7);
    assertThat(engine.slotted(DualQueue.SENDQ)).as("S taken from the slot").isZero();
    published.release(s.thread());
    s.join();
    assertThat(locked.get()).as("plain operations that went to the locked path").isZero();
    HookGate.assertIdle(engine);
  }

  /** The mirror image: the receiver stands in the slot first, and the send gives to it. */
  @Test
  void aSendThatLosesTheSlotToAReceiverArrivingTogetherGivesToIt() throws Exception {
    // S: past its checks, held before its publishing CAS.
    Goroutine<Void> s = HookGate.start(() -> send(8), publishing);
    publishing.awaitHeld(s.thread());
    // R: publishes in the slot; held before its re-check.
    Goroutine<Integer> r = HookGate.start(c::receive, published);
    published.awaitHeld(r.thread());
    assertThat(engine.slotted(DualQueue.RECVQ)).as("R in the slot").isEqualTo(1);
    // S's CAS fails: it gives R its value (R still held).
    publishing.release(s.thread());
    s.join();
    assertThat(engine.slotted(DualQueue.RECVQ)).as("R taken from the slot").isZero();
    // R's re-check finds the queues empty: it waits, already served.
    published.release(r.thread());
    assertThat(r.join()).as("R receives S's value").isEqualTo(8);
    assertThat(locked.get()).as("plain operations that went to the locked path").isZero();
    HookGate.assertIdle(engine);
  }

  /** A receive that finds a sender publishing waits until it stands in the slot, and takes it. */
  @Test
  void aReceiveThatFindsASenderPublishingTakesItOnceItStands() throws Exception {
    // S: holds the slot with the publishing marker, its value not written yet.
    Goroutine<Void> s = HookGate.start(() -> send(9), publishingValue);
    publishingValue.awaitHeld(s.thread());
    // R: finds the marker; held at its first look.
    Goroutine<Integer> r = HookGate.start(c::receive, publisherSeen);
    publisherSeen.awaitHeld(r.thread());
    // S writes its value and stands in the slot (its re-check finds the queues empty).
    publishingValue.release(s.thread());
    awaitTrue("S in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
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
