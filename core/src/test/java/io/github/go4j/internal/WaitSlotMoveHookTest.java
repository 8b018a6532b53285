package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An unbuffered channel's slots moving to a new block (UnbufferedChan's overview, "Moving the
 * slots"), a move placed between other parties' steps: UnbufferedChan.moveAtNextTakeHook makes the
 * next lock-free take of the send slot end an epoch whose policy answers with a new block; the
 * publishing hooks hold parties in their windows.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class WaitSlotMoveHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  private final HookGate publishing = new HookGate();
  private final HookGate published = new HookGate();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    UnbufferedChan.publishingHook = publishing;
    UnbufferedChan.publishedHook = published;
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.publishingHook = null;
    UnbufferedChan.publishedHook = null;
    UnbufferedChan.moveAtNextTakeHook = false;
    publishing.releaseAll();
    published.releaseAll();
    c.close(); // releases whatever a failed test left waiting
  }

  /**
   * A take of the send slot that ends an epoch retires its block and hands off through the new one
   * from then on: the retired block's slots hold CLOSED_SLOT for good, so a party that read the old
   * block finds no slot there to publish in or take from.
   */
  @Test
  void aMoveRetiresTheBlockAndLaterHandOffsUseTheNewOne() throws Exception {
    Goroutine<Void> s = HookGate.start(() -> send(1));
    awaitSender();
    UnbufferedChan.SlotBlock old = engine.blockForTest(); // made by the sender's publication
    UnbufferedChan.moveAtNextTakeHook = true;
    assertThat(c.receive()).isEqualTo(1);
    s.join();
    assertThat(engine.movesForTest()).as("moves").isEqualTo(1);
    UnbufferedChan.SlotBlock now = engine.blockForTest();
    assertThat(now).as("the current block").isNotSameAs(old);
    assertThat(old.sendSlot)
        .as("the old block's slots: both the closed-slot marker")
        .isNotNull()
        .isSameAs(old.recvSlot);
    for (int i = 2; i < 5; i++) {
      int v = i;
      Goroutine<Void> next = HookGate.start(() -> send(v));
      assertThat(c.receive()).isEqualTo(v);
      next.join();
    }
    assertThat(engine.movesForTest()).as("moves").isEqualTo(1);
    HookGate.assertIdle(engine);
  }

  /**
   * A receiver stands in the receive slot while a third party takes the sender from the send slot
   * at the end of an epoch: the move must not retire the block under the receiver (it would wait in
   * a block that nobody looks at again). The move fails; the receiver is served by the next send.
   */
  @Test
  void noMoveRetiresAReceiverStandingInTheReceiveSlot() throws Exception {
    // S: past its checks, held before its publishing CAS.
    Goroutine<Void> s = HookGate.start(() -> send(7), publishing, published);
    publishing.awaitHeld(s.thread());
    // A: publishes in the receive slot; held before its re-check.
    Goroutine<Integer> a = HookGate.start(c::receive, published);
    published.awaitHeld(a.thread());
    // S publishes in the send slot; held before its re-check.
    publishing.release(s.thread());
    published.awaitHeld(s.thread());
    // B takes S from the send slot, at the end of an epoch.
    UnbufferedChan.moveAtNextTakeHook = true;
    assertThat(c.receive()).as("B receives S's value").isEqualTo(7);
    assertThat(engine.movesForTest()).as("moves with A in the receive slot").isZero();
    published.release(s.thread());
    s.join();
    // A's re-check finds the send slot empty: it waits in the receive slot, and the next send finds
    // it there.
    published.release(a.thread());
    Goroutine<Void> d = HookGate.start(() -> send(8));
    assertThat(a.join()).as("A receives the next value").isEqualTo(8);
    d.join();
    HookGate.assertIdle(engine);
  }

  private void awaitSender() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!(engine.blockForTest().sendSlot instanceof Waiter)) {
      assertThat(System.nanoTime() - deadline).as("a sender in the send slot in 10 s").isNegative();
      Thread.onSpinWait();
    }
  }

  private Void send(int v) throws InterruptedException {
    c.send(v);
    return null;
  }
}
