package io.github.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.internal.TestHooks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WaitGroup's release after its waiters left, pinned through its release hook (run by the thread
 * whose done() took the counter to zero, before it takes the lock to release the waiters). A waiter
 * with a done channel may leave in that window, and with nobody waiting any more a new round may
 * begin with add(1), which is no misuse. The late releaser used to find the counter non-zero and
 * throw Go's "Add called concurrently with Wait" from its done(), although every Wait had returned.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hook is compiled out and the test is skipped.
 */
class WaitGroupReleaseHookTest {
  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void noHook() {
    WaitGroup.releaseHook = null;
  }

  @Test
  void aReleaseThatFindsItsWaitersGoneAndANewRoundBegunIsNoMisuse() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Channel<Unit> done = Channel.make();
    Goroutine<Boolean> waiter = Goroutine.start(() -> wg.await(done));
    GoTesting.awaitTrue("the waiter registered", () -> wg.waiters() == 1);

    AtomicReference<Thread> releaser = new AtomicReference<>();
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    WaitGroup.releaseHook =
        () -> {
          if (Thread.currentThread() == releaser.get()) {
            reached.countDown();
            try {
              goOn.await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    Goroutine<Void> worker =
        Goroutine.run(
            () -> {
              releaser.set(Thread.currentThread());
              wg.done(); // the counter reaches zero with one waiter registered: releases it
            });
    assertThat(reached.await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS))
        .as("the releaser at its hook")
        .isTrue();

    done.close(); // the waiter leaves before the release
    assertThat(waiter.join()).as("the wait ended by done").isFalse();
    assertThat(wg.waiters()).isZero();
    wg.add(1); // a new round: nobody waits, so no misuse
    goOn.countDown();

    worker.join(); // used to throw "sync: WaitGroup misuse: Add called concurrently with Wait"
    assertThat(wg.counter()).as("the new round's counter").isEqualTo(1);
    wg.done();
    assertThat(wg.counter()).isZero();
  }
}
