package io.github.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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
   * local queue non-empty. go4j's waits yield now and then: Waiter.FAIR_PARKS.)
   */
  @Test
  void testAfterFuncStarvation() throws Exception {
    AtomicBoolean abandon = new AtomicBoolean(); // frees the carrier if the test fails
    try {
      for (int round = 0; round < 20; round++) {
        AtomicBoolean stop = new AtomicBoolean();
        Channel<Boolean> c = Channel.make(1);
        Goroutine<Void> sender =
            Goroutine.run(
                () -> {
                  while (!stop.get() && !abandon.get()) {
                    c.send(true);
                  }
                  c.close();
                });
        Goroutine<Void> receiver =
            Goroutine.run(
                () -> {
                  for (Boolean b : c) {
                    assertThat(b).isTrue();
                  }
                });
        Time.afterFunc(Duration.ofNanos(1000), () -> stop.set(true));
        sender.join();
        receiver.join();
        assertThat(stop).as("round %d ended by the AfterFunc", round).isTrue();
      }
    } finally {
      abandon.set(true);
    }
  }
}
