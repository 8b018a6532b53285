package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The deadlock detector survives a check that fails: an exception while it builds a report (an
 * OutOfMemoryError making a large goroutine dump) ended its thread, and no deadlock was reported
 * again for the life of the JVM (raised in review). Run in a child JVM with the registry and the
 * test hooks on, which no surefire execution has together.
 */
class DeadlockDetectorFailureTest {

  @Test
  void theDetectorReportsTheNextDeadlockAfterAFailedCheck() throws Exception {
    GoTesting.ChildJvm child = GoTesting.runWithRegistryAndHooks(Child.class, 50);
    String out = child.output();
    assertThat(out)
        .as(out)
        .contains("the check failed: 1")
        .contains("a report after the failed check: true")
        .contains("the detector thread alive: true");
  }

  /** Two deadlocks in a row; building the first one's report fails. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      AtomicInteger failures = new AtomicInteger();
      CountDownLatch failed = new CountDownLatch(1);
      GoroutineRegistry.reportHook =
          () -> {
            if (failures.getAndIncrement() == 0) {
              failed.countDown();
              throw new OutOfMemoryError("test: building the report failed");
            }
          };
      BlockingQueue<String> reports = new LinkedBlockingQueue<>();
      Goroutines.setDeadlockHandler(reports::add);
      Channel<String> c = Channel.make();
      Go.go(c::receive); // deadlock 1: its report fails
      failed.await(20, TimeUnit.SECONDS); // the detector's first check, after its quiescence
      System.out.println("the check failed: " + failures.get());
      Go.go(c::receive); // deadlock 2: the counts change, the detector checks again
      String report = reports.poll(20, TimeUnit.SECONDS);
      System.out.println("a report after the failed check: " + (report != null));
      boolean alive =
          Thread.getAllStackTraces().keySet().stream()
              .anyMatch(t -> t.getName().equals("go4j-deadlock-detector") && t.isAlive());
      System.out.println("the detector thread alive: " + alive);
      System.exit(0);
    }
  }
}
