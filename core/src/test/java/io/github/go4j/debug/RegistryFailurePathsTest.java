package io.github.go4j.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The goroutine registry's counts on paths that fail or have not run yet (both found in review):
 * {@code Go.go} counted a goroutine as running before registering it, outside the block that undoes
 * the count when the goroutine does not start, so an error while registering (a StackOverflowError
 * here, an OutOfMemoryError alike) left {@code Go.numGoroutine()} one too high for good; and the
 * deadlock check reported a goroutine whose wait an interrupt had already ended but which had not
 * run yet to leave it.
 */
class RegistryFailurePathsTest {

  /** Recurses to the stack's end, then calls go() at each depth on the way back up. */
  private static void deep(AtomicInteger overflowsInGo) {
    try {
      deep(overflowsInGo);
    } catch (StackOverflowError e) {
      try {
        Go.go(() -> {});
      } catch (StackOverflowError e2) {
        overflowsInGo.incrementAndGet();
        throw e2;
      }
    }
  }

  @Test
  void aGoroutineThatFailsToStartLeavesNumGoroutineAsItWas() throws Exception {
    assumeTrue(Goroutines.enabled(), "runs in the registry-on execution");
    GoTesting.awaitTrue(
        "no goroutines of earlier tests",
        () -> Go.numGoroutine() == 0 && Goroutines.list().isEmpty());
    // load and link everything go() uses, so that an overflow lands in go4j's code and not in a
    // class's initialisation (VirtualThread's, say)
    for (int i = 0; i < 1000; i++) {
      Go.go(() -> {}).join();
    }
    AtomicInteger overflowsInGo = new AtomicInteger();
    for (int round = 0; round < 20; round++) {
      Thread t = new Thread(null, () -> deep(overflowsInGo), "deep", 256 * 1024);
      t.start();
      t.join();
    }
    assertThat(overflowsInGo.get()).as("overflows inside go()").isPositive();
    // every goroutine that did start has an empty body
    GoTesting.awaitTrue(
        "no goroutine running or registered",
        () -> Go.numGoroutine() == 0 && Goroutines.list().isEmpty());
  }

  @Test
  void anInterruptedGoroutineThatHasNotRunYetIsNotReportedAsAsleep() throws Exception {
    assumeTrue(Goroutines.enabled(), "runs in the registry-on execution");
    Goroutines.setDeadlockHandler(r -> {}); // the goroutine alone in a receive is a deadlock
    Channel<String> ch = Channel.make();
    CountDownLatch woke = new CountDownLatch(1);
    Thread g =
        Go.go(
            () -> {
              try {
                ch.receive();
              } catch (InterruptedException e) {
                woke.countDown();
              }
            });
    Blocking.awaitState(g, "chan receive");
    // Every carrier busy with virtual threads not started through Go.go (untracked), so that the
    // goroutine, once interrupted, cannot run yet.
    int carriers =
        Integer.getInteger(
            "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    AtomicInteger spinning = new AtomicInteger();
    AtomicBoolean release = new AtomicBoolean();
    Thread[] spinners = new Thread[carriers];
    for (int i = 0; i < carriers; i++) {
      spinners[i] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    spinning.incrementAndGet();
                    while (!release.get()) {
                      Thread.onSpinWait();
                    }
                  });
    }
    Optional<String> report;
    try {
      GoTesting.awaitTrue("every carrier busy", () -> spinning.get() == carriers);
      g.interrupt(); // its wait is over: it throws InterruptedException once it runs
      report = Goroutines.checkDeadlock();
    } finally {
      release.set(true);
      for (Thread s : spinners) {
        s.join();
      }
      Goroutines.setDeadlockHandler(null);
    }
    assertThat(woke.await(20, TimeUnit.SECONDS)).as("the goroutine ran and ended").isTrue();
    assertThat(report).as("a report about a goroutine whose wait an interrupt ended").isEmpty();
  }
}
