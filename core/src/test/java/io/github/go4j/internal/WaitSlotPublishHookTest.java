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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * close() and locked partners against a plain send or receive that is publishing itself in an
 * unbuffered channel's wait slot, pinned through UnbufferedChan's publishing hooks (run by the
 * publisher after its checks and before its publishing CAS, and right after a successful CAS).
 *
 * <p>The first bug these tests pin: a receiver that had checked the channel open, then published
 * after close() had read the slots, found the channel closed on its re-check and tried to withdraw;
 * a second receiver's locked path absorbed it into the queue first and returned "closed", and the
 * first receiver stayed queued on the closed channel, parked forever (seen in CI as
 * SyncWaitRaceTest's "the racers did not finish": a goroutine blocked in {@code start.receive()}
 * after {@code start.close()}). A lock-free partner could likewise take such a waiter and complete
 * a hand-off after close() had returned. close() now swaps each slot to a marker for good, so a
 * publish after close fails and the locked path reports the close.
 *
 * <p>The second (when the channel had a slot per direction): a locked operation absorbed the
 * waiters of both slots, its own direction's too. A receive that published (late) while two senders
 * stood queued was absorbed by another receive's locked path, which then took the first sender; the
 * absorbed receive in recvq and the second sender in sendq each waited for a partner that never
 * came. A locked operation now absorbs only a waiter of the opposite direction, whose wait it
 * serves at once, and a publisher that finds the opposite queue occupied on its re-check withdraws
 * (the tests of a publisher beside a queued partner).
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class WaitSlotPublishHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  /** The publisher whose hooks pause it (the other parties run through the hooks untouched). */
  private final AtomicReference<Thread> publisher = new AtomicReference<>();

  private final Pause beforePublishing = new Pause();
  private final Pause afterPublishing = new Pause();
  private final Pause beforePairsRule = new Pause();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    UnbufferedChan.publishingHook = beforePublishing;
    UnbufferedChan.publishedHook = afterPublishing;
    UnbufferedChan.pairsHook = beforePairsRule;
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.publishingHook = null;
    UnbufferedChan.publishedHook = null;
    UnbufferedChan.pairsHook = null;
    beforePublishing.release();
    afterPublishing.release();
    beforePairsRule.release();
  }

  /**
   * A hook that holds the publisher at its point once: {@link #reached()} tells that it got there,
   * {@link #release()} lets it go on.
   */
  private final class Pause implements Runnable {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public void run() {
      if (Thread.currentThread() != publisher.get() || reached.getCount() == 0) {
        return;
      }
      reached.countDown();
      try {
        if (!released.await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new AssertionError("the test never released the publisher");
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    boolean reached() {
      return reached.getCount() == 0;
    }

    void awaitReached() {
      GoTesting.awaitTrue("the publisher at its hook", this::reached);
    }

    void release() {
      released.countDown();
    }
  }

  private Goroutine<Received<Integer>> receiver() {
    return Goroutine.start(
        () -> {
          publisher.set(Thread.currentThread());
          return c.receiveOk();
        });
  }

  private Goroutine<Void> sender(int value) {
    return Goroutine.run(
        () -> {
          publisher.set(Thread.currentThread());
          c.send(value);
        });
  }

  /**
   * Lets the publisher held before its CAS go on after close(), and waits until it either finished
   * or published (which it must not: the hook after the CAS holds it then, for the partner).
   */
  private void closeThenLetThePublisherGoOn(Goroutine<?> first) {
    beforePublishing.awaitReached();
    c.close();
    beforePublishing.release();
    GoTesting.awaitTrue(
        "the publisher finished, or published after close",
        () -> first.isDone() || afterPublishing.reached());
  }

  @Test
  void aReceiverThatReachesItsSlotAfterCloseIsNotLeftBehindByASecondReceiver() throws Exception {
    Goroutine<Received<Integer>> first = receiver();
    closeThenLetThePublisherGoOn(first);
    // The second receiver's locked path used to absorb the late publisher and return "closed",
    // leaving the first queued on the closed channel.
    assertThat(c.receiveOk().ok()).as("the second receive sees the close").isFalse();
    afterPublishing.release();
    assertThat(first.join().ok()).as("the first receive sees the close").isFalse();
    assertThat(afterPublishing.reached()).as("published in a closed channel's slot").isFalse();
    HookGate.assertIdle(engine);
  }

  /**
   * close() swaps a receiver standing in the slot out for the closed marker, never for an empty
   * slot: a second receiver that passed its checks while the slot was still empty, held before its
   * CAS until close() has returned, must find the slot closed and see the close, not publish in the
   * closed channel's slot (where nobody would ever serve it).
   */
  @Test
  void aReceiverThatReachesTheSlotAfterCloseTookAnotherOutSeesTheClose() throws Exception {
    Goroutine<Received<Integer>> late = receiver(); // held before its CAS: the slot empty
    beforePublishing.awaitReached();
    Goroutine<Received<Integer>> first = Goroutine.start(c::receiveOk); // publishes in the slot
    GoTesting.awaitTrue(
        "the first receiver in the slot", () -> engine.slotted(DualQueue.RECVQ) == 1);
    GoTesting.awaitParked(first.thread());
    closeThenLetThePublisherGoOn(late); // close() swaps the first receiver out
    assertThat(first.join().ok()).as("the first receive sees the close").isFalse();
    assertThat(afterPublishing.reached()).as("published in a closed channel's slot").isFalse();
    assertThat(late.join().ok()).as("the late receive sees the close").isFalse();
    HookGate.assertIdle(engine);
  }

  @Test
  void aReceiverThatReachesItsSlotAfterCloseIsNotTakenByASender() throws Exception {
    Goroutine<Received<Integer>> first = receiver();
    closeThenLetThePublisherGoOn(first);
    assertThatThrownBy(() -> c.send(2))
        .as("a send after close() returned")
        .isInstanceOf(ChannelClosedException.class);
    afterPublishing.release();
    assertThat(first.join().ok()).as("the receive sees the close").isFalse();
    assertThat(afterPublishing.reached()).as("published in a closed channel's slot").isFalse();
    HookGate.assertIdle(engine);
  }

  @Test
  void aSenderThatReachesItsSlotAfterCloseIsNotTakenByAReceiver() throws Exception {
    Goroutine<Void> first = sender(1);
    closeThenLetThePublisherGoOn(first);
    assertThat(c.receiveOk().ok()).as("a receive after close() returned").isFalse();
    afterPublishing.release();
    assertThat(first.failure())
        .as("a send racing with close either completes before it or fails")
        .isInstanceOf(ChannelClosedException.class);
    assertThat(afterPublishing.reached()).as("published in a closed channel's slot").isFalse();
    HookGate.assertIdle(engine);
  }

  /**
   * A receiver that passed its checks while the channel was idle publishes after a sender came to
   * stand in the queue meanwhile: its re-check after the CAS sees the queued sender and withdraws,
   * and its locked path takes that sender. Waiting in the slot instead, it and the queued sender
   * would wait for each other for good (a waiter in the slot and one in the opposite queue never
   * both stand).
   */
  @Test
  void aReceiverThatPublishesBesideAQueuedSenderWithdrawsAndTakesIt() throws Exception {
    Goroutine<Received<Integer>> first = receiver(); // held before its CAS: both queues empty
    beforePublishing.awaitReached();
    Goroutine<Void> sender1 = Goroutine.run(() -> c.send(1)); // publishes in the slot
    GoTesting.awaitTrue("the first sender in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    GoTesting.awaitParked(sender1.thread());
    Goroutine<Void> sender2 = Goroutine.run(() -> c.send(2)); // a second sender: queues
    GoTesting.awaitTrue("two senders waiting", () -> engine.queuedSenders() == 2);
    GoTesting.awaitParked(sender2.thread());
    // A locked receive takes the first sender from the slot: the slot is empty, sendq is not.
    assertThat(c.tryReceive()).map(Received::value).contains(1);
    sender1.join();
    beforePublishing.release();
    afterPublishing.awaitReached(); // published beside the queued sender, its re-check not run yet
    assertThat(engine.slotted(DualQueue.RECVQ)).as("published").isEqualTo(1);
    afterPublishing.release();
    assertThat(first.join().value()).as("the publisher meets the queued sender").isEqualTo(2);
    sender2.join();
    HookGate.assertIdle(engine);
  }

  /** The mirror image: a sender that publishes beside a queued receiver withdraws and gives. */
  @Test
  void aSenderThatPublishesBesideAQueuedReceiverWithdrawsAndGivesToIt() throws Exception {
    Goroutine<Void> first = sender(3); // held before its CAS: both queues empty
    beforePublishing.awaitReached();
    Goroutine<Integer> receiver1 = Goroutine.start(c::receive); // publishes in the slot
    GoTesting.awaitTrue(
        "the first receiver in the slot", () -> engine.slotted(DualQueue.RECVQ) == 1);
    GoTesting.awaitParked(receiver1.thread());
    Goroutine<Integer> receiver2 = Goroutine.start(c::receive); // a second receiver: queues
    GoTesting.awaitTrue("two receivers waiting", () -> engine.queuedReceivers() == 2);
    GoTesting.awaitParked(receiver2.thread());
    // A locked send serves the first receiver from the slot: the slot is empty, recvq is not.
    assertThat(c.trySend(9)).isTrue();
    assertThat(receiver1.join()).as("the first receiver, first served").isEqualTo(9);
    beforePublishing.release();
    afterPublishing.awaitReached(); // published beside the queued receiver
    assertThat(engine.slotted(DualQueue.SENDQ)).as("published").isEqualTo(1);
    afterPublishing.release();
    assertThat(receiver2.join()).as("the queued receiver meets the publisher").isEqualTo(3);
    first.join();
    HookGate.assertIdle(engine);
  }

  @Test
  void aReceiverThatPublishedBeforeCloseIsClaimedByClose() throws Exception {
    Goroutine<Received<Integer>> first = receiver();
    beforePublishing.release(); // only the hook after the CAS holds it
    afterPublishing.awaitReached();
    assertThat(engine.slotted(DualQueue.RECVQ)).as("published").isEqualTo(1);
    c.close(); // swaps it out of the slot and claims it, before its re-check
    assertThat(c.receiveOk().ok()).as("a second receive sees the close").isFalse();
    afterPublishing.release();
    assertThat(first.join().ok()).as("the first receive sees the close").isFalse();
    HookGate.assertIdle(engine);
  }

  @Test
  void aSenderThatPublishedBeforeCloseIsClaimedByClose() throws Exception {
    Goroutine<Void> first = sender(1);
    beforePublishing.release();
    afterPublishing.awaitReached();
    assertThat(engine.slotted(DualQueue.SENDQ)).as("published").isEqualTo(1);
    c.close();
    assertThat(c.receiveOk().ok()).as("a receive after close() returned").isFalse();
    afterPublishing.release();
    assertThat(first.failure())
        .as("a send blocked when close() ran")
        .isInstanceOf(ChannelClosedException.class);
    HookGate.assertIdle(engine);
  }

  /**
   * A select's all-locks poll and the pairs rule both turn the slots off, in either order, and they
   * stay off while a waiter stands queued. A second receiver that read the slots on and found the
   * first in the slot turns them off for the pairs rule; a select's all-locks poll turned them off
   * meanwhile. The queued receiver keeps them off until the locked send that serves it leaves both
   * queues empty, and only then does the next receiver wait in the slot again.
   */
  @Test
  void aSelectsPollAndThePairsRuleKeepTheSlotsOffWhileAWaiterIsQueued() throws Exception {
    Goroutine<Received<Integer>> first = Goroutine.start(c::receiveOk); // not the publisher
    GoTesting.awaitTrue(
        "the first receiver in its slot", () -> engine.slotted(DualQueue.RECVQ) == 1);
    Goroutine<Received<Integer>> second = receiver(); // the publisher: held at the pairs rule
    beforePairsRule.awaitReached();
    Channel<Integer> other = Channel.make();
    assertThat(
            Select.select(c.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0)))
        .isZero();
    assertThat(engine.slotsOff()).as("off after the select's all-locks poll").isTrue();
    beforePairsRule.release();
    GoTesting.awaitQueuedReceivers(c, 2); // the slot's receiver and the queued second
    assertThat(engine.slotsOff()).as("the pairs rule left them off").isTrue();
    c.send(1);
    assertThat(first.join().value()).as("the older receiver first").isEqualTo(1);
    assertThat(engine.slotsOff()).as("the second receiver is still queued").isTrue();
    c.send(2);
    assertThat(second.join().value()).isEqualTo(2);
    assertThat(engine.slotsOff()).as("on again: the queues are empty").isFalse();
  }
}
