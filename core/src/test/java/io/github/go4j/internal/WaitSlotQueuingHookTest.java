package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitParked;
import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Dekker pair between an unbuffered channel's wait slots and Go's locked queues, pinned through
 * UnbufferedChan's queuing hook (run by a plain locked operation with the lock held, after its poll
 * found nothing ready and before it queues its node). A partner that publishes in the opposite slot
 * inside that window is missed by the poll, and its own re-check after publishing still sees the
 * queue empty; only the locked operation's fence and slot read after queuing (absorbedAfterQueuing)
 * bring the two together. The window is a few instructions long, which no race test hits reliably
 * (jcstress's WaitSlotRaceTest and Lincheck both missed a slot read left out there); the hook holds
 * it open while the partner publishes and parks, every time.
 *
 * <p>The locked operation takes the locked path although the slots are on because spinning on the
 * channel is backed off (a waiter publishes in a slot only while spinning pays); the hook opens
 * spinning again, so the partner publishes.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hook is compiled out and the tests are skipped.
 */
class WaitSlotQueuingHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  /** What went wrong inside the hook (it must not throw: it runs with the channel's lock held). */
  private final AtomicReference<Throwable> hookFailure = new AtomicReference<>();

  @AfterEach
  void noHook() {
    UnbufferedChan.queuingHook = null;
    c.close(); // releases whatever a failed test left waiting
    assertThat(hookFailure.get()).as("the hook's failure").isNull();
  }

  /**
   * Sets the hook for one run, by the thread {@code locked}'s value: the partner {@code partner}
   * starts inside the window and the hook returns once it stands in the opposite slot {@code slot}
   * and is parked there (its re-check done: it saw the queue empty).
   */
  private AtomicReference<Goroutine<?>> holdTheWindowOpen(
      AtomicReference<Thread> locked, PartnerStart partner, int slot) {
    AtomicReference<Goroutine<?>> started = new AtomicReference<>();
    UnbufferedChan.queuingHook =
        () -> {
          if (Thread.currentThread() != locked.get() || started.get() != null) {
            return;
          }
          try {
            engine.spinOutcome(true, false); // spinning pays again: the partner may publish
            Goroutine<?> g = partner.start();
            started.set(g);
            awaitTrue("the partner stands in the slot", () -> engine.slotted(slot) == 1);
            awaitParked(g.thread());
          } catch (Throwable e) {
            hookFailure.set(e);
          }
        };
    return started;
  }

  /** Starts the partner goroutine. */
  private interface PartnerStart {
    Goroutine<?> start();
  }

  @Test
  void aSenderThatPublishesWhileAReceiverQueuesIsFoundByThatReceiver() throws Exception {
    engine.backOffSpinningForTest();
    AtomicReference<Thread> receiverThread = new AtomicReference<>();
    AtomicReference<Goroutine<?>> sender =
        holdTheWindowOpen(receiverThread, () -> Goroutine.run(() -> c.send(42)), DualQueue.SENDQ);
    Goroutine<Integer> receiver =
        Goroutine.start(
            () -> {
              receiverThread.set(Thread.currentThread());
              return c.receive();
            });
    assertThat(receiver.join()).as("the receive met the sender in the slot").isEqualTo(42);
    assertThat(sender.get()).as("the hook ran inside the window").isNotNull();
    sender.get().join();
    assertThat(engine.slotted(DualQueue.SENDQ)).isZero();
    assertThat(engine.queuedReceivers()).isZero();
  }

  @Test
  void aReceiverThatPublishesWhileASenderQueuesIsFoundByThatSender() throws Exception {
    engine.backOffSpinningForTest();
    AtomicReference<Thread> senderThread = new AtomicReference<>();
    AtomicReference<Goroutine<?>> receiver =
        holdTheWindowOpen(senderThread, () -> Goroutine.start(c::receive), DualQueue.RECVQ);
    Goroutine<Void> sender =
        Goroutine.run(
            () -> {
              senderThread.set(Thread.currentThread());
              c.send(43);
            });
    sender.join();
    assertThat(receiver.get()).as("the hook ran inside the window").isNotNull();
    assertThat(receiver.get().join()).as("the send met the receiver in the slot").isEqualTo(43);
    assertThat(engine.slotted(DualQueue.RECVQ)).isZero();
    assertThat(engine.queuedSenders()).isZero();
  }
}
