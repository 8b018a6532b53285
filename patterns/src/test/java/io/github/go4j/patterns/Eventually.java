package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for an event that has no channel to announce it (callers joining a single flight), with
 * bounded polling: it decides no outcome and asserts nothing about timing, it only fails a test
 * whose event never comes.
 */
final class Eventually {
  private Eventually() {}

  /**
   * Waits until {@code condition} holds, failing with {@code what} after 20 s: less than the
   * default JUnit timeout (30 s), so that this message, not a bare timeout, reports the stuck wait.
   */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("still waiting after 20 s: %s", what);
      }
      LockSupport.parkNanos(100_000);
    }
  }
}
