package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitTrue;
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
 * next lock-free take of the slot end an epoch whose policy answers with a new block; the
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
   * A take of the slot that ends an epoch retires its block and hands off through the new one from
   * then on: the retired block's slots hold CLOSED_SLOT for good, so a party that read the old
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
    assertThat(old.slot)
        .as("the old block's slot: the closed-slot marker")
        .isInstanceOf(Waiter.class);
    assertThat(((Waiter) old.slot).thread).as("the marker is nobody's record").isNull();
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
   * A receiver that passed its checks before a move publishes after it: its CAS reads the field
   * again and lands in the new block, where the next send finds it. (With a slot per direction a
   * receiver could stand in the old block during the move; the one slot is held by the mover.)
   */
  @Test
  void aReceiverThatPassedItsChecksBeforeAMoveWaitsInTheNewBlock() throws Exception {
    // A: past its checks (the slot empty), held before its publishing CAS.
    Goroutine<Integer> a = HookGate.start(c::receive, publishing);
    publishing.awaitHeld(a.thread());
    // S publishes in the slot; B takes it at the end of an epoch and moves the slot.
    Goroutine<Void> s = HookGate.start(() -> send(7));
    awaitSender();
    UnbufferedChan.SlotBlock old = engine.blockForTest();
    UnbufferedChan.moveAtNextTakeHook = true;
    assertThat(c.receive()).as("B receives S's value").isEqualTo(7);
    s.join();
    assertThat(engine.movesForTest()).as("moves").isEqualTo(1);
    // A publishes in the new block and waits there.
    publishing.release(a.thread());
    awaitTrue("A in the slot", () -> engine.slotted(DualQueue.RECVQ) == 1);
    assertThat(engine.blockForTest().slot).as("A's stand-in, in the new block").isNotNull();
    assertThat(old.slot).as("the old block stays closed").isInstanceOf(Waiter.class);
    Goroutine<Void> d = HookGate.start(() -> send(8));
    assertThat(a.join()).as("A receives the next value").isEqualTo(8);
    d.join();
    HookGate.assertIdle(engine);
  }

  private void awaitSender() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!(engine.blockForTest().slot instanceof Waiter)) {
      assertThat(System.nanoTime() - deadline).as("a sender in the slot in 10 s").isNegative();
      Thread.onSpinWait();
    }
  }

  private Void send(int v) throws InterruptedException {
    c.send(v);
    return null;
  }
}
