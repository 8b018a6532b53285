package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitParked;
import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A waiter that a plain locked operation absorbs from the slot after queuing (UnbufferedChan's
 * absorbedAfterQueuing) is served by that operation before anything else can be absorbed. The
 * engine once polled again instead, with an absorb: a newer partner of the absorbed waiter's
 * direction, which had published in the slot the absorb emptied and not yet re-checked, was moved
 * in front of it and served, and the absorbed waiter stayed queued beside an older waiter of the
 * other direction standing in its slot. Two sends and two receives on one unbuffered channel then
 * left a sender and a receiver waiting for each other for good (found in review).
 *
 * <p>The interleaving needs four parties and three windows of a few instructions each, which no
 * race test hits reliably; UnbufferedChan's hooks hold each party in its window in turn (publishing
 * and published around a slot's CAS, queuing and absorbed around the locked operation's queuing,
 * all run with the lock held where the locked operation holds it). Each test runs the scenario in
 * one direction: the locked operation a receive (the absorbed waiters are senders) or a send.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class WaitSlotAbsorbHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  private final HookGate publishing = new HookGate();
  private final HookGate published = new HookGate();
  private final HookGate queuing = new HookGate();
  private final HookGate absorbed = new HookGate();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    UnbufferedChan.publishingHook = publishing;
    UnbufferedChan.publishedHook = published;
    UnbufferedChan.queuingHook = queuing;
    UnbufferedChan.absorbedHook = absorbed;
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.publishingHook = null;
    UnbufferedChan.publishedHook = null;
    UnbufferedChan.queuingHook = null;
    UnbufferedChan.absorbedHook = null;
    publishing.releaseAll();
    published.releaseAll();
    queuing.releaseAll();
    absorbed.releaseAll();
    c.close(); // releases whatever a failed test left waiting
  }

  /**
   * The receive direction since the slot's lock-free take (ADR 0004, stop 39): a locked receive
   * that finds a sender in the slot after queuing takes it at once, as a lock-free receiver does,
   * so there is no absorbed-but-not-served window for a newer sender to overtake in. L gets to its
   * locked path with the slots on because its publishing CAS fails (R3 stands in the slot); R3 then
   * leaves (interrupted) so that S1 can publish unseen by L's poll.
   */
  @Test
  void aReceiveTakesTheSenderInTheSlotAfterQueuingAtOnce() throws Exception {
    // S1 sends, past its checks (the slot empty) and held before publishing.
    Goroutine<Void> s1 = HookGate.start(() -> send(1), publishing, published);
    publishing.awaitHeld(s1.thread());
    // L receives: past its checks, held before publishing.
    Goroutine<Integer> l = HookGate.start(c::receive, publishing, queuing, absorbed);
    publishing.awaitHeld(l.thread());
    // R3 receives: publishes in the slot first and waits there.
    Goroutine<Integer> r3 = Goroutine.start(c::receive);
    awaitTrue("R3 in the slot", () -> engine.slotted(DualQueue.RECVQ) == 1);
    awaitParked(r3.thread());
    // L's CAS fails (R3 holds the slot): the locked path, slots on; held before it queues.
    publishing.release(l.thread());
    queuing.awaitHeld(l.thread());
    // R3 withdraws (interrupted): the slot is empty again.
    r3.thread().interrupt();
    assertThat(r3.failure()).isInstanceOf(InterruptedException.class);
    // S1 publishes in the slot; held before its re-check.
    publishing.release(s1.thread());
    published.awaitHeld(s1.thread());
    assertThat(engine.slotted(DualQueue.SENDQ)).as("S1 in the slot").isEqualTo(1);
    // L queues, fences and takes S1 from the slot at once.
    queuing.release(l.thread());
    assertThat(l.join()).as("L receives from the sender in the slot").isEqualTo(1);
    assertThat(engine.slotted(DualQueue.SENDQ)).as("S1 taken from the slot").isZero();
    // S1 was taken: its withdrawal fails and it completes.
    published.release(s1.thread());
    s1.join();
    HookGate.assertIdle(engine);
  }

  /**
   * The send direction: L, a locked send, absorbs R1 from the slot after queuing and serves it
   * before R2, a newer receiver that published in the slot R1 left, even though R2 is in the slot
   * when L serves. L gets to its locked path with the slots on because its publishing CAS fails (S3
   * stands in the slot); S3 then leaves (interrupted).
   */
  @Test
  void aSendServesTheReceiverItAbsorbedAfterQueuingNotANewerOne() throws Exception {
    Goroutine<Integer> r1 = HookGate.start(c::receive, publishing, published);
    publishing.awaitHeld(r1.thread());
    Goroutine<Integer> r2 = HookGate.start(c::receive, publishing, published);
    publishing.awaitHeld(r2.thread());
    Goroutine<Void> l = HookGate.start(() -> send(1), publishing, queuing, absorbed);
    publishing.awaitHeld(l.thread());
    Goroutine<Void> s3 = Goroutine.start(() -> send(3));
    awaitTrue("S3 in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    awaitParked(s3.thread());
    publishing.release(l.thread());
    queuing.awaitHeld(l.thread());
    s3.thread().interrupt();
    assertThat(s3.failure()).isInstanceOf(InterruptedException.class);
    publishing.release(r1.thread());
    published.awaitHeld(r1.thread());
    queuing.release(l.thread());
    absorbed.awaitHeld(l.thread());
    assertThat(engine.slotted(DualQueue.RECVQ)).as("R1 absorbed from the slot").isZero();
    publishing.release(r2.thread());
    published.awaitHeld(r2.thread());
    assertThat(engine.slotted(DualQueue.RECVQ)).as("R2 in the slot R1 left").isEqualTo(1);
    absorbed.release(l.thread());
    l.join();
    published.release(r1.thread());
    assertThat(r1.join()).as("R1, absorbed by L, receives L's value").isEqualTo(1);
    published.release(r2.thread());
    c.send(4);
    assertThat(r2.join()).as("R2 receives the next send").isEqualTo(4);
    HookGate.assertIdle(engine);
  }

  private Void send(int v) throws InterruptedException {
    c.send(v);
    return null;
  }
}
