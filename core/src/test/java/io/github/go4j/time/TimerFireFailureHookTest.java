package io.github.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.internal.TestHooks;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A timer's fire, or a ticker's tick, that fails to make what it delivers (an OutOfMemoryError
 * allocating the value or the afterFunc's goroutine on the timer thread, which the scheduler
 * swallows) loses nothing for good. Before the fix (found in review) a timer went inactive before
 * it made its value, so the value never came and {@code stop()} returned false as if it had been
 * received: Go's {@code if !t.Stop() { <-t.C }} then waited for good; an afterFunc's function never
 * ran; and a ticker whose tick failed was never scheduled again.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class TimerFireFailureHookTest {
  private final AtomicInteger failures = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    Timer.fireHook = null;
    Ticker.tickHook = null;
  }

  /** A hook that fails once, as an allocation would. */
  private Runnable failingOnce() {
    return () -> {
      if (failures.getAndIncrement() == 0) {
        throw new OutOfMemoryError("test: the timer thread's allocation failed");
      }
    };
  }

  @Test
  void aChannelTimerWhoseFireFailedStillDeliversItsValue() throws Exception {
    Timer.fireHook = failingOnce();
    Timer t = Time.newTimer(Duration.ofMillis(1));
    Goroutine<Instant> r = Goroutine.start(() -> t.channel().receive());
    assertThat(r.join()).as("the value, delivered by the fire after the failed one").isNotNull();
    assertThat(failures.get()).as("the first fire failed, the next delivered").isEqualTo(2);
    assertThat(t.stop()).as("received: stop has nothing to stop").isFalse();
  }

  @Test
  void aChannelTimerWhoseFireFailedIsStillActiveUntilItDelivers() throws Exception {
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Timer.fireHook =
        () -> {
          if (failures.getAndIncrement() == 0) {
            failed.countDown();
            throw new OutOfMemoryError("test: the timer thread's allocation failed");
          }
          try { // the next fire waits until the test stopped the timer (or gave up)
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Timer t = Time.newTimer(Duration.ofMillis(1));
    assertThat(failed.await(20, TimeUnit.SECONDS)).as("the first fire ran").isTrue();
    // The next fire is scheduled; it may already wait in the hook, holding the timer's lock, so
    // stop() runs in a goroutine and the hook is released once it is blocked or done.
    Goroutine<Boolean> stop = Goroutine.start(t::stop);
    GoTesting.awaitTrue(
        "stop() waits for the timer's lock or returned",
        () -> stop.isDone() || stop.thread().getState() == Thread.State.WAITING);
    release.countDown();
    boolean stopped = stop.join();
    if (stopped) {
      assertThat(t.channel().tryReceive()).as("stopped: no value follows").isEmpty();
    } else {
      assertThat(t.channel().tryReceive()).as("stop lost the race: the value is there").isPresent();
    }
  }

  @Test
  void anAfterFuncWhoseGoroutineFailedToStartStillRuns() throws Exception {
    Timer.fireHook = failingOnce();
    CountDownLatch ran = new CountDownLatch(1);
    Timer t = Time.afterFunc(Duration.ofMillis(1), ran::countDown);
    assertThat(ran.await(20, TimeUnit.SECONDS)).as("the function ran").isTrue();
    assertThat(t.stop()).as("started: stop has nothing to stop").isFalse();
  }

  @Test
  void aTickerWhoseTickFailedGoesOnTicking() throws Exception {
    Ticker.tickHook = failingOnce();
    Ticker t = Time.newTicker(Duration.ofMillis(1));
    try {
      Goroutine<Instant> first = Goroutine.start(() -> t.channel().receive());
      assertThat(first.join()).isNotNull();
      Goroutine<Instant> second = Goroutine.start(() -> t.channel().receive());
      assertThat(second.join()).isNotNull();
      assertThat(failures.get()).as("the first tick failed").isGreaterThanOrEqualTo(3);
    } finally {
      t.stop();
    }
  }
}
