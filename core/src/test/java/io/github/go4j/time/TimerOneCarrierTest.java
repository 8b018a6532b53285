package io.github.go4j.time;

import io.github.go4j.GoTesting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timer conformance on one carrier thread, where Go's test runs with {@code GOMAXPROCS(1)}. Runs in
 * the surefire execution {@code one-carrier} ({@code -Djdk.virtualThreadScheduler.parallelism=1});
 * TimerTest runs the same test with every carrier.
 */
class TimerOneCarrierTest {
  @BeforeAll
  static void oneCarrier() {
    GoTesting.oneCarrierOnly();
  }

  /**
   * TestAfterFuncStarvation (rule 59), as Go runs it: with one processor, two goroutines ping-pong
   * on a channel of capacity 1, so one of them is always runnable; the AfterFunc that stops them
   * still gets to run. (The JDK's scheduler alone would never run it: the pair keep their carrier's
   * local queue non-empty. go4j's waits pause now and then: Waiter.FAIR_PARKS.)
   */
  @Test
  void testAfterFuncStarvation() throws Exception {
    TimerTest.afterFuncStarvation();
  }
}
