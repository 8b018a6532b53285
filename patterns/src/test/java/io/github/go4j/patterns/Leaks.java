package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.fail;

import io.github.go4j.Go;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Leak checks for pattern tests: after a pattern is cancelled or finished, every goroutine it
 * started exits. A goroutine stops being counted by {@link Go#numGoroutine()} a moment after its
 * last action (closing its output), so the check polls with a generous bound; it asserts nothing
 * about timing.
 */
final class Leaks {
  private Leaks() {}

  /** The goroutine count now, to compare with at the end of a test. */
  static int baseline() {
    return Go.numGoroutine();
  }

  /**
   * Waits until no more goroutines run than at {@code baseline}, failing after 20 s with the count
   * still running (less than the default JUnit timeout, 30 s, so that this message reports it).
   */
  static void assertNoGoroutineLeft(int baseline) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int n;
    while ((n = Go.numGoroutine()) > baseline) {
      if (System.nanoTime() - deadline > 0) {
        fail("%d goroutine(s) still running 20 s after the pattern ended", n - baseline);
      }
      LockSupport.parkNanos(200_000);
    }
  }
}
