package io.github.go4j.stress;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import io.github.go4j.internal.Chan;
import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Shared helpers of the JUnit stress tests: the size scale, joins and waits with generous deadlines
 * (a hang fails the test with a message instead of stalling the build), the wait-queue test hooks
 * and count formatting.
 */
public final class StressSupport {
  /**
   * How much work each stress test does: {@code -Dgo4j.stress.scale=N} (1 in {@code mvn verify}, 10
   * under {@code -Pstress-long}).
   */
  public static final int SCALE = Math.max(1, Integer.getInteger("go4j.stress.scale", 1));

  /** Deadline for any wait: generous, as CI machines are loaded; only a hang reaches it. */
  public static final Duration DEADLINE = Duration.ofMinutes(3).multipliedBy(SCALE);

  private StressSupport() {}

  /**
   * Joins every thread, failing if one is still alive at the deadline.
   *
   * @param threads the goroutines
   * @param what what they are, for the failure message
   */
  public static void joinAll(Collection<Thread> threads, String what) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Duration.ofNanos(left));
      }
      assertThat(t.isAlive()).as("%s still running after %s (hang?)", what, DEADLINE).isFalse();
    }
  }

  /**
   * Bounded polling: waits until {@code condition} holds, checking every 10 ms, failing at the
   * deadline.
   *
   * @param condition the condition
   * @param what a description for the failure message
   */
  public static void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for: %s", what).isNegative();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /**
   * The test hook {@code queuedReceivers()} of a channel.
   *
   * @param ch the channel
   * @return the length of its receive wait queue
   */
  public static int queuedReceivers(Channel<?> ch) {
    return Chan.of(ch, "ch").queuedReceivers();
  }

  /**
   * The test hook {@code queuedSenders()} of a channel.
   *
   * @param ch the channel
   * @return the length of its send wait queue
   */
  public static int queuedSenders(Channel<?> ch) {
    return Chan.of(ch, "ch").queuedSenders();
  }

  /**
   * A count with thousands separators: {@code 2,000,000}.
   *
   * @param n the count
   * @return the formatted count
   */
  public static String n(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Merges {@code part} into {@code union} and returns how many of its bits were already there.
   *
   * @param union the accumulated set
   * @param part the set to add
   * @return the number of bits set in both (duplicates)
   */
  public static int mergeCountingOverlap(BitSet union, BitSet part) {
    BitSet both = (BitSet) part.clone();
    both.and(union);
    union.or(part);
    return both.cardinality();
  }
}
