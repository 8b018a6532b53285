package io.github.go4j.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Converts between the monotonic clock ({@link System#nanoTime()}) that timers run on and the
 * wall-clock {@link Instant}s they deliver, and saturates durations as Go does.
 */
public final class Clock {
  private static final long BASE_NANOS = System.nanoTime();
  private static final Instant BASE_INSTANT = Instant.now();

  /** Delays at or beyond this never fire (Go clamps overflowing deadlines to "never"). */
  public static final long FOREVER = Long.MAX_VALUE / 4;

  private Clock() {}

  /**
   * The wall-clock time of a monotonic instant.
   *
   * @param nanoTime a {@link System#nanoTime()} value
   * @return the corresponding instant
   */
  public static Instant instantOf(long nanoTime) {
    return BASE_INSTANT.plusNanos(nanoTime - BASE_NANOS);
  }

  /**
   * A duration in nanoseconds, negative ones as 0 and huge ones as {@link #FOREVER}.
   *
   * @param d the duration
   * @return nanoseconds in {@code [0, FOREVER]}
   */
  public static long saturatedNanos(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return 0;
    }
    if (d.getSeconds() >= FOREVER / 1_000_000_000L) {
      return FOREVER;
    }
    return Math.min(FOREVER, d.toNanos());
  }
}
