package io.github.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.HeldTimerShard;
import io.github.go4j.internal.TestHooks;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receive that found its timer overdue, and a stop or reset that comes before it takes the
 * timer's lock: the receive must not fire the timer's new schedule (or a stopped timer) early. The
 * hook runs the stop or reset in that window.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class TimerRunIfDueHookTest {
  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    Timer.runNowHook = null;
  }

  @Test
  void aResetBetweenTheDueCheckAndTheLockIsNotFiredEarly() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Timer t = Time.newTimer(Duration.ZERO);
      Timer.runNowHook =
          () -> {
            Timer.runNowHook = null;
            assertThat(t.reset(Duration.ofHours(1))).as("the old schedule was pending").isTrue();
          };
      assertThat(t.channel().tryReceive()).as("the reset's fire is an hour away").isEmpty();
      held.releaseAndDrain();
      assertThat(t.channel().tryReceive()).as("the old fire was dropped by the reset").isEmpty();
      assertThat(t.stop()).as("the new schedule is still pending").isTrue();
    }
  }

  @Test
  void aStopBetweenTheDueCheckAndTheLockWins() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Timer t = Time.newTimer(Duration.ZERO);
      Timer.runNowHook =
          () -> {
            Timer.runNowHook = null;
            assertThat(t.stop()).as("stopped before the receive fired it").isTrue();
          };
      assertThat(t.channel().tryReceive()).as("stopped: never fires").isEmpty();
      held.releaseAndDrain();
      assertThat(t.channel().tryReceive()).isEmpty();
    }
  }
}
