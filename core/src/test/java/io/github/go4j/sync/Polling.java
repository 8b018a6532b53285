package io.github.go4j.sync;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling for tests: waits until a condition holds (for instance "the goroutine is queued
 * on the mutex"), failing after a generous deadline. Used only to reach a state that has no event
 * to wait on; it asserts nothing about timing.
 */
final class Polling {
  /**
   * Shorter than the default JUnit timeout (30 s), so that a stuck poll fails with its own message
   * (what was awaited) rather than as a bare timeout of the test.
   */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private Polling() {}

  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting until " + what);
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /** Waits until {@code t} is parked (WAITING), i.e. blocked in a primitive. */
  static void parked(Thread t) {
    eventually(t + " is parked", () -> t.getState() == Thread.State.WAITING);
  }
}
