package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The registry's bookkeeping of a wait is best effort, but all or nothing: a wait whose park made
 * the running count 0 and whose signal to the detector then failed (a StackOverflowError: a
 * goroutine parking near the end of its stack) was counted as blocked but never as woken again, so
 * the count stayed one too low for the rest of the JVM's life and no deadlock was ever reported
 * again (raised in review). Run in a child JVM with the registry and the test hooks on, which no
 * surefire execution has together.
 */
class RegistrySignalFailureTest {

  @Test
  void aWaitWhoseSignalFailedStillLeavesTheCountsRight() throws Exception {
    GoTesting.ChildJvm child = GoTesting.runWithRegistryAndHooks(Child.class, 50);
    String out = child.output();
    assertThat(out)
        .as(out)
        .contains("signals failed: 1")
        .contains("checkDeadlock of the next deadlock: true")
        .contains("a report of the next deadlock: true");
  }

  /** A wait whose signal fails, then a deadlock. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      AtomicInteger failures = new AtomicInteger();
      GoroutineRegistry.signalHook =
          () -> {
            if (failures.getAndIncrement() == 0) {
              throw new StackOverflowError("test: signalling the detector overflowed");
            }
          };
      BlockingQueue<String> reports = new LinkedBlockingQueue<>();
      Goroutines.setDeadlockHandler(reports::add);
      Channel<String> c = Channel.make();
      Thread first = Go.go(c::receive); // alone in its wait: running 0, the signal fails
      GoTesting.awaitTrue("the first wait signalled", () -> failures.get() > 0);
      c.send("x"); // the wait goes on, and ends, as if nothing had failed
      first.join();
      System.out.println("signals failed: " + failures.get());
      Channel<String> d = Channel.make();
      Thread second = Go.go(d::receive); // alone in its wait: a deadlock
      GoTesting.awaitTrue(
          "the second goroutine waits",
          () ->
              Goroutines.list().stream()
                  .anyMatch(g -> g.thread() == second && "chan receive".equals(g.waitReason())));
      System.out.println(
          "checkDeadlock of the next deadlock: " + Goroutines.checkDeadlock().isPresent());
      String report = reports.poll(GoTesting.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      System.out.println("a report of the next deadlock: " + (report != null));
      System.exit(0);
    }
  }
}
