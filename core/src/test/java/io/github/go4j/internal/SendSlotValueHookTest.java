package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The value of a sender waiting in an unbuffered channel's wait slot lives beside the slot ({@code
 * sendItem}, see UnbufferedChan's overview): written before the sender's Waiter is published,
 * cleared by its taker before the taker empties the slot. Each test holds one party in the window a
 * broken order would open (UnbufferedChan's hooks) and lets another party use the slot meanwhile: a
 * value written only after the publication is read as missing by a receiver that takes the sender
 * at once; a value cleared only after the slot emptied erases the next sender's. Races that no race
 * test hits reliably (the windows are a few instructions); mutants N01 and U09.
 *
 * <p>Runs in the surefire execution {@code test-hooks}; elsewhere it is skipped.
 */
class SendSlotValueHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  /** The thread the hooks hold (the other parties run through them untouched). */
  private final AtomicReference<Thread> held = new AtomicReference<>();

  private final Pause published = new Pause();
  private final Pause taken = new Pause();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    UnbufferedChan.publishedHook = published;
    UnbufferedChan.takenHook = taken;
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.publishedHook = null;
    UnbufferedChan.takenHook = null;
    published.release();
    taken.release();
  }

  /** Holds the held thread at its point once, until released. */
  private final class Pause implements Runnable {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public void run() {
      if (Thread.currentThread() != held.get() || reached.getCount() == 0) {
        return;
      }
      reached.countDown();
      try {
        if (!released.await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new AssertionError("the test never released the held thread");
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    void awaitReached() {
      GoTesting.awaitTrue("the held thread at its hook", () -> reached.getCount() == 0);
    }

    void release() {
      released.countDown();
    }
  }

  @Test
  void aSenderTakenRightAfterItsPublicationHandsOverItsValue() throws Exception {
    Goroutine<Void> sender =
        Goroutine.run(
            () -> {
              held.set(Thread.currentThread());
              c.send(5);
            });
    published.awaitReached(); // its Waiter stands in the slot; it has not re-checked yet
    assertThat(engine.slotted(DualQueue.SENDQ)).isEqualTo(1);
    assertThat(c.receive()).as("the value of the sender taken from the slot").isEqualTo(5);
    published.release();
    sender.join();
    assertThat(engine.slotted(DualQueue.SENDQ)).isZero();
  }

  @Test
  void aTakerThatEmptiedTheSlotLeavesTheNextSendersValueAlone() throws Exception {
    Goroutine<Void> first = Goroutine.run(() -> c.send(1));
    GoTesting.awaitTrue("the first sender in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    Goroutine<Integer> taker =
        Goroutine.start(
            () -> {
              held.set(Thread.currentThread());
              return c.receive();
            });
    taken.awaitReached(); // it took the first sender and emptied the slot; it has not returned
    Goroutine<Void> second = Goroutine.run(() -> c.send(2));
    GoTesting.awaitTrue(
        "the second sender in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    taken.release();
    assertThat(taker.join()).isEqualTo(1);
    first.join();
    assertThat(c.receive()).as("the second sender's value").isEqualTo(2);
    second.join();
  }
}
