package io.github.go4j.time;

import io.github.go4j.Task;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package functions: {@code time.After}, {@code time.Tick}, {@code time.Sleep},
 * {@code time.AfterFunc}, {@code time.NewTimer} and {@code time.NewTicker}.
 *
 * <pre>{@code
 * Select.select(
 *     results.onReceive(r -> r),
 *     Time.after(Duration.ofSeconds(1)).onReceive(t -> timeout()));
 * }</pre>
 *
 * <p>Durations follow Go: a zero or negative duration means "now" (it fires at once), and a very
 * long one never fires. go4j's "never" starts at {@code Long.MAX_VALUE / 4} nanoseconds, about 73
 * years (Go's at an overflowing deadline, about 292 years): such a timer or ticker stays active but
 * is never scheduled. Timers run on a shared scheduler (no thread per timer) and follow Go 1.23
 * semantics: see {@link Timer}.
 *
 * <p><b>Memory consistency effects:</b> those of the timer or ticker behind each function: actions
 * prior to {@link #after}, {@link #newTimer} or {@link #afterFunc} happen-before the receive of the
 * timer's value or the start of its function ({@link Timer}); actions prior to {@link #tick} or
 * {@link #newTicker} happen-before the receive of each tick ({@link Ticker}). {@link #sleep} has
 * none.
 */
public final class Time {
  private Time() {}

  /**
   * Go's {@code time.After(d)}: a channel that receives the time once, after {@code d}. The same as
   * {@code newTimer(d).channel()}; the timer is collected once nobody references the channel.
   *
   * @param d the delay
   * @return the channel on which the time is delivered
   */
  public static ReceiveChannel<Instant> after(Duration d) {
    return new Timer(d, null).channel();
  }

  /**
   * Go's {@code time.NewTimer(d)}: a timer that sends the time on its channel after {@code d}.
   *
   * @param d the delay
   * @return the running timer
   */
  public static Timer newTimer(Duration d) {
    return new Timer(d, null);
  }

  /**
   * Go's {@code time.AfterFunc(d, f)}: runs {@code f} in its own goroutine after {@code d}. The
   * returned timer's channel is nil; use its {@link Timer#stop() stop} to cancel the call. An
   * exception from {@code f} goes to the goroutine panic handler ({@link
   * io.github.go4j.Go#panicHandler()}).
   *
   * @param d the delay
   * @param f the function
   * @return the timer, to stop or reset
   */
  public static Timer afterFunc(Duration d, Task f) {
    return new Timer(d, Objects.requireNonNull(f, "function f must not be null"));
  }

  /**
   * Go's {@code time.Tick(d)}: the channel of a new ticker, for callers that never stop it. As in
   * Go, {@code d <= 0} returns a nil channel (one that never delivers). The ticker is collected
   * once nobody references the channel.
   *
   * @param d the period
   * @return the tick channel, or a nil channel if {@code d <= 0}
   */
  public static ReceiveChannel<Instant> tick(Duration d) {
    Objects.requireNonNull(d, "duration d must not be null");
    if (d.isNegative() || d.isZero()) {
      return Channel.nil();
    }
    return new Ticker(d).channel();
  }

  /**
   * Go's {@code time.NewTicker(d)}.
   *
   * @param d the period
   * @return the running ticker
   * @throws IllegalArgumentException "non-positive interval for NewTicker" if {@code d <= 0}
   */
  public static Ticker newTicker(Duration d) {
    return new Ticker(d);
  }

  /**
   * Go's {@code time.Sleep(d)}: pauses the current goroutine for at least {@code d}; returns at
   * once if {@code d <= 0}. On a virtual thread the carrier is released while sleeping.
   *
   * @param d the duration
   * @throws InterruptedException if interrupted while sleeping (Go has no counterpart)
   */
  public static void sleep(Duration d) throws InterruptedException {
    Objects.requireNonNull(d, "duration d must not be null");
    long nanos = Clock.saturatedNanos(d);
    if (nanos == 0) {
      return;
    }
    Thread.sleep(Duration.ofNanos(nanos));
  }
}
