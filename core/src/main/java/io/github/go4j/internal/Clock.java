package io.github.go4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Converts between the monotonic clock ({@link System#nanoTime()}) that timers run on and the
 * wall-clock {@link Instant}s they deliver, and saturates durations as Go does.
 */
public final class Clock {
  /**
   * Delays at or beyond this never fire (Go clamps overflowing deadlines to "never"): {@code
   * Long.MAX_VALUE / 4} nanoseconds, about 73 years; one nanosecond less is still scheduled.
   */
  public static final long FOREVER = Long.MAX_VALUE / 4;

  /** How far the wall clock may drift from the monotonic one before the offset follows it. */
  static final long RESYNC_NANOS = 1_000_000;

  /**
   * Wall-clock nanoseconds since the epoch minus {@link System#nanoTime()}: the offset that turns a
   * monotonic instant into an {@link Instant}. Racy updates are harmless: every value written is a
   * fresh reading.
   */
  private static volatile long offset = epochNanos(Instant.now()) - System.nanoTime();

  /** How often the offset followed the wall clock (tests read it to tell a clock step). */
  private static final AtomicInteger RESYNCS = new AtomicInteger();

  private Clock() {}

  /**
   * The wall-clock time of a monotonic instant: {@code nanoTime} plus an offset between the two
   * clocks. The offset stays fixed while the wall clock keeps within {@link #RESYNC_NANOS} of it,
   * so values of one timer or ticker differ by exactly the monotonic time between them (as Go's
   * {@code Time.Sub} does with its monotonic readings); when the system clock is stepped or slewed
   * further (seen on virtual machines: 40-85 ms within seconds), the offset follows it, so a value
   * is never more than about a millisecond from what {@link Instant#now()} said at that instant.
   *
   * @param nanoTime a {@link System#nanoTime()} value
   * @return the corresponding instant
   */
  public static Instant instantOf(long nanoTime) {
    long before = System.nanoTime();
    if (TestHooks.ON) {
      TestHooks.run(readHook);
    }
    long wall = epochNanos(Instant.now());
    long window = System.nanoTime() - before;
    long o = offset;
    // A reading is as exact as the time between its monotonic reads: one that the thread was
    // descheduled in (a loaded machine) would move the offset by that delay, so it moves nothing.
    if (window <= RESYNC_NANOS / 2) {
      long fresh = wall - (before + window / 2);
      if (Math.abs(fresh - o) > RESYNC_NANOS) {
        offset = o = fresh;
        RESYNCS.incrementAndGet();
      }
    }
    return Instant.ofEpochSecond(0, nanoTime + o);
  }

  /*
   * Test hook, for ClockHookTest only (see TestHooks): instantOf runs readHook (if set) between its
   * monotonic and its wall-clock read, so that a test can delay the thread there, as a descheduling
   * would.
   */
  static volatile Runnable readHook;

  /**
   * How many times {@link #instantOf} has moved its offset to follow the wall clock.
   *
   * @return the count so far
   */
  public static int resyncs() {
    return RESYNCS.get();
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
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
    // Whole seconds past FOREVER's saturate at once (toNanos would overflow for the largest);
    // up to FOREVER's whole seconds toNanos cannot overflow, and min() clamps the last fraction of
    // a second exactly, so FOREVER - 1 ns stays a finite delay.
    if (d.getSeconds() > FOREVER / 1_000_000_000L) {
      return FOREVER;
    }
    return Math.min(FOREVER, d.toNanos());
  }
}
