package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Clock#instantOf} reads the monotonic clock and then the wall clock: a thread descheduled
 * between the two reads (a loaded machine) sees a wall clock that ran ahead by the delay, which is
 * no step of the system clock. The hook delays the thread there.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class ClockHookTest {
  private static final Duration DESCHEDULED = Duration.ofMillis(20);

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    Clock.readHook = null;
  }

  @Test
  void aThreadDescheduledBetweenTheTwoClockReadsDoesNotShiftTheValues() {
    long due = System.nanoTime();
    Instant undelayed = Clock.instantOf(due);
    Clock.readHook =
        () -> {
          Clock.readHook = null;
          long until = System.nanoTime() + DESCHEDULED.toNanos();
          while (System.nanoTime() - until < 0) {
            Thread.onSpinWait(); // the thread is held here, as if descheduled
          }
        };
    Instant delayed = Clock.instantOf(due);
    assertThat(Duration.between(undelayed, delayed).abs())
        .as("the same monotonic instant, read with a delay between the clock reads")
        .isLessThan(Duration.ofNanos(Clock.RESYNC_NANOS).plusMillis(1));
  }
}
