package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockTest {
  /** The drift instantOf tolerates before it follows the wall clock, plus read-to-read slack. */
  private static final Duration GRAIN = Duration.ofNanos(Clock.RESYNC_NANOS).plusMillis(1);

  /**
   * A timer's value follows the wall clock (Go 1.23 sends {@code Now().Add(-delta)}): it lies
   * between two wall-clock reads around the firing, within the drift instantOf tolerates, even when
   * the system clock was stepped since the JVM started (an offset taken once at start drifted 44-85
   * ms from Instant.now() within a minute on a CI machine, and timer tests failed).
   */
  @Test
  void instantOfNowLiesBetweenTwoWallClockReads() {
    for (int i = 0; i < 1000; i++) {
      Instant before = Instant.now();
      Instant got = Clock.instantOf(System.nanoTime());
      Instant after = Instant.now();
      assertThat(got).isBetween(before.minus(GRAIN), after.plus(GRAIN));
    }
  }

  @Test
  void instantOfThePastIsThatLongAgo() {
    long tenMsAgo = System.nanoTime() - Duration.ofMillis(10).toNanos();
    Instant upper = Instant.now().minusMillis(10);
    Instant got = Clock.instantOf(tenMsAgo);
    assertThat(got).isBeforeOrEqualTo(upper.plus(GRAIN));
    assertThat(got).isAfter(upper.minusSeconds(60)); // bounded by how long this test took
  }

  /** While the wall clock keeps step, one offset serves: gaps are the monotonic gaps, exactly. */
  @Test
  void instantsOfOneOffsetDifferByTheMonotonicGap() {
    for (int i = 0; i < 100; i++) {
      int resyncs = Clock.resyncs();
      long t = System.nanoTime();
      Instant a = Clock.instantOf(t);
      Instant b = Clock.instantOf(t + 12_345_678L);
      if (Clock.resyncs() == resyncs) {
        assertThat(Duration.between(a, b).toNanos()).isEqualTo(12_345_678L);
        return;
      }
    }
    throw new AssertionError("the wall clock was stepped in each of 100 tries");
  }

  @Test
  void saturatedNanosClampsLikeGo() {
    assertThat(Clock.saturatedNanos(Duration.ofSeconds(-1))).isZero();
    assertThat(Clock.saturatedNanos(Duration.ZERO)).isZero();
    assertThat(Clock.saturatedNanos(Duration.ofMillis(3))).isEqualTo(3_000_000L);
    assertThat(Clock.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Clock.FOREVER);
  }

  /**
   * The "never" threshold (docs/differences.md, "Very long durations") is exactly {@code
   * Long.MAX_VALUE / 4} ns, about 73 years: one nanosecond less is kept as a finite delay, that
   * much or more saturates to FOREVER, including around the whole-second boundary where the
   * conversion switches from the seconds check to toNanos.
   */
  @Test
  void saturatedNanosKeepsEveryDelayBelowTheSeventyThreeYearThreshold() {
    long forever = Long.MAX_VALUE / 4;
    assertThat(Clock.FOREVER).isEqualTo(forever);
    assertThat(Duration.ofNanos(forever).toDays() / 365).as("about 73 years").isEqualTo(73);
    assertThat(Clock.saturatedNanos(Duration.ofNanos(forever - 1))).isEqualTo(forever - 1);
    assertThat(Clock.saturatedNanos(Duration.ofNanos(forever))).isEqualTo(forever);
    assertThat(Clock.saturatedNanos(Duration.ofNanos(forever + 1))).isEqualTo(forever);
    long wholeSeconds = forever / 1_000_000_000L;
    assertThat(Clock.saturatedNanos(Duration.ofSeconds(wholeSeconds)))
        .isEqualTo(wholeSeconds * 1_000_000_000L);
    assertThat(Clock.saturatedNanos(Duration.ofSeconds(wholeSeconds, 999_999_999)))
        .isEqualTo(forever);
    assertThat(Clock.saturatedNanos(Duration.ofSeconds(wholeSeconds + 1))).isEqualTo(forever);
    assertThat(Clock.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
        .isEqualTo(forever);
  }
}
