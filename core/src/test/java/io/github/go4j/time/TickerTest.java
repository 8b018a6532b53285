package io.github.go4j.time;

import static io.github.go4j.GoTesting.awaitParked;
import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.internal.Chan;
import io.github.go4j.internal.Clock;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Ticker conformance: Go's rules C60-C64 and C66 (docs/conformance.md), ported from
 * time/tick_test.go. Tick values are the scheduled times, so their spacing is asserted exactly
 * (unless the system clock was stepped meanwhile: see {@link #assertWholePeriods}); elapsed time
 * only with lower bounds.
 *
 * <p>"No tick after Stop" waits for an event, not a fixed time: a witness timer that this thread
 * schedules after the Stop, due one period or more later ({@link #awaitWitness}). A thread's timers
 * and tickers share one scheduler shard, a single thread running its entries in due order, so when
 * the witness has delivered, any tick due by then has been delivered too.
 */
class TickerTest {

  private static long nanosBetween(Instant a, Instant b) {
    return Duration.between(a, b).toNanos();
  }

  /**
   * Asserts that tick b came a positive whole number of periods after tick a, and returns the gap.
   * Exactly: tick values are their scheduled monotonic times plus one offset to the wall clock.
   * Only when the system clock was stepped since {@code resyncsBefore} was read ({@link
   * Clock#resyncs()} moved: the offset followed the wall clock by an unknown amount) is the
   * remainder left unchecked.
   */
  private static long assertWholePeriods(Instant a, Instant b, Duration period, int resyncsBefore) {
    long gap = nanosBetween(a, b);
    assertThat(gap).as("gap").isPositive();
    if (Clock.resyncs() == resyncsBefore) {
      assertThat(gap % period.toNanos()).as("gap %d ns", gap).isZero();
    }
    return gap;
  }

  /** Lets at least d pass (a slow receiver). */
  private static void elapse(Duration d) throws InterruptedException {
    Time.after(d).receive();
  }

  /**
   * Waits until a timer created now, on this thread, fires: every tick this thread's tickers were
   * due to deliver up to now + d has been delivered when this returns (same scheduler shard, due
   * order).
   */
  private static void awaitWitness(Duration d) throws InterruptedException {
    Time.after(d).receive();
  }

  /** TestNewTickerLtZeroDuration. */
  @Test
  void testNewTickerLtZeroDuration() {
    assertThatThrownBy(() -> Time.newTicker(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("non-positive interval for NewTicker");
    assertThatThrownBy(() -> Time.newTicker(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("non-positive interval for NewTicker");
  }

  /**
   * The exact "never" threshold for tickers (docs/differences.md, "Very long durations"): a period
   * of {@code Long.MAX_VALUE / 4} ns (about 73 years) or more schedules no tick; one nanosecond
   * less is scheduled like any period, from newTicker and from reset.
   */
  @Test
  void periodsFromSeventyThreeYearsOnAreNeverScheduled() {
    Duration threshold = Duration.ofNanos(Long.MAX_VALUE / 4);
    Duration below = threshold.minusNanos(1);
    Ticker finite = Time.newTicker(below);
    Ticker never = Time.newTicker(threshold);
    Ticker beyond = Time.newTicker(threshold.plusNanos(1));
    Ticker reset = Time.newTicker(Duration.ofHours(1));
    try {
      assertThat(finite.scheduled()).as("threshold - 1 ns ticks").isTrue();
      assertThat(never.scheduled()).as("the threshold never ticks").isFalse();
      assertThat(beyond.scheduled()).as("beyond the threshold never ticks").isFalse();
      reset.reset(threshold);
      assertThat(reset.scheduled()).as("reset to the threshold never ticks").isFalse();
      reset.reset(below);
      assertThat(reset.scheduled()).as("reset to threshold - 1 ns ticks").isTrue();
    } finally {
      for (Ticker t : List.of(finite, never, beyond, reset)) {
        t.stop();
      }
    }
    assertThat(finite.scheduled()).as("stopped").isFalse();
  }

  /** TestTickerResetLtZeroDuration. */
  @Test
  void testTickerResetLtZeroDuration() {
    Ticker t = Time.newTicker(Duration.ofHours(1));
    assertThatThrownBy(() -> t.reset(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("non-positive interval for Ticker.Reset");
    assertThatThrownBy(() -> t.reset(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("non-positive interval for Ticker.Reset");
    t.stop();
  }

  /** TestTick (rule 64): Tick(d <= 0) returns a nil channel: never ready, blocks forever. */
  @Test
  void testTickNonPositiveIsNil() throws Exception {
    for (Duration d : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      ReceiveChannel<Instant> c = Time.tick(d);
      assertThat(c.cap()).isZero();
      assertThat(c.tryReceive()).isEmpty();
      assertThat(Select.select(c.onReceive(x -> "tick"), Select.onDefault(() -> "default")))
          .isEqualTo("default");
      Goroutine<Instant> g = Goroutine.start(c::receive);
      awaitParked(g.thread());
      g.interrupt();
      assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    }
  }

  /**
   * TestTicker, TestTickTimes (rules 62, 64): ticks come every period, at least one period apart,
   * and carry their scheduled times: consecutive values differ by a positive multiple of the period
   * (more than one when ticks were dropped).
   */
  @Test
  void testTicker() throws Exception {
    Duration period = Duration.ofMillis(20);
    final int count = 5;
    long t0 = System.nanoTime();
    int resyncs = Clock.resyncs();
    Ticker ticker = Time.newTicker(period);
    Instant prev = ticker.channel().receive();
    for (int i = 1; i < count; i++) {
      Instant next = ticker.channel().receive();
      assertWholePeriods(prev, next, period, resyncs);
      prev = next;
    }
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(count * period.toNanos());
    ticker.stop();
  }

  /** Rule 18: a ticker's channel reports len == cap == 0, even with a tick waiting. */
  @Test
  void testTickerChannelLenCap() throws Exception {
    Ticker ticker = Time.newTicker(Duration.ofMillis(1));
    assertThat(ticker.channel().cap()).isZero();
    awaitTrue("tick waiting", () -> Chan.of(ticker.channel(), "c").hasBuffered());
    assertThat(ticker.channel().len()).isZero();
    assertThat(ticker.channel().cap()).isZero();
    ticker.stop();
  }

  /** Rule 65: an unreferenced ticker that was never stopped is garbage-collected. */
  @Test
  void testUnreferencedTickerIsCollected() throws Exception {
    WeakReference<Ticker> ticker = new WeakReference<>(Time.newTicker(Duration.ofMillis(1)));
    WeakReference<ReceiveChannel<Instant>> tick =
        new WeakReference<>(Time.tick(Duration.ofMillis(1)));
    awaitTrue(
        "tickers collected",
        () -> {
          System.gc();
          return ticker.get() == null && tick.get() == null;
        });
  }

  /**
   * Time.tick delivers ticks like a ticker, each carrying the time it was scheduled for (rule 64's
   * second half; Go's TestTick, the nil channel for {@code d <= 0}, is testTickNonPositiveIsNil).
   */
  @Test
  void tickDeliversTicksLikeATicker() throws Exception {
    int resyncs = Clock.resyncs();
    ReceiveChannel<Instant> c = Time.tick(Duration.ofMillis(10));
    Instant a = c.receive();
    Instant b = c.receive();
    assertWholePeriods(a, b, Duration.ofMillis(10), resyncs);
  }

  /**
   * Rule 62: for a slow receiver the channel holds one pending tick at most; the others are
   * dropped, so the tick after the pending one is several periods later.
   */
  @Test
  void testTickerDropsTicksForSlowReceiver() throws Exception {
    Duration period = Duration.ofMillis(20);
    int resyncs = Clock.resyncs();
    Ticker ticker = Time.newTicker(period);
    elapse(period.multipliedBy(10));
    Instant pending = ticker.channel().receive();
    Instant next = ticker.channel().receive();
    long gap = assertWholePeriods(pending, next, period, resyncs);
    assertThat(gap)
        .as("ticks were queued instead of dropped")
        .isGreaterThanOrEqualTo(2 * period.toNanos());
    ticker.stop();
  }

  /**
   * Go's runtime re-arms a late ticker at the first multiple of its period after now: a ticker
   * whose period is shorter than one tick's own cost never falls behind the clock, and so never
   * keeps the other timers of its scheduler shard waiting. With catch-up (fixed-rate) scheduling a
   * 1 ns ticker falls behind at nearly the clock's own rate, and the witness below waits seconds
   * behind it.
   */
  @Test
  void aLateTickerSkipsThePeriodsItMissed() throws Exception {
    Ticker ticker = Time.newTicker(Duration.ofNanos(1));
    try {
      awaitWitness(Duration.ofMillis(300));
      ticker.channel().receive(); // the pending tick, of any age
      Instant before = Clock.instantOf(System.nanoTime());
      Instant next = ticker.channel().receive(); // scheduled by a run after the one above
      assertThat(Duration.between(next, before))
          .as("how far the ticker's schedule lags behind the clock")
          .isLessThan(Duration.ofSeconds(1)); // generous: only a descheduled timer thread lags
    } finally {
      ticker.stop();
    }
  }

  /**
   * TestTicker, TestTeardown (rule 63): Stop does not close C, discards a waiting tick, and no tick
   * arrives afterwards. Stopping twice is a no-op.
   */
  @Test
  void testTickerStop() throws Exception {
    Duration period = Duration.ofMillis(10);
    Ticker ticker = Time.newTicker(period);
    ticker.channel().receive();
    awaitTrue("a tick waiting", () -> Chan.of(ticker.channel(), "c").hasBuffered());
    ticker.stop();
    assertThat(ticker.channel().tryReceive()).as("tick after Stop").isEmpty();
    awaitWitness(period.multipliedBy(2)); // past the next two ticks the ticker would have sent
    assertThat(ticker.channel().tryReceive())
        .as("not closed (a closed channel is ready), and no tick after Stop")
        .isEmpty();
    ticker.stop();
  }

  /** Rule 62: Reset changes the period; the next tick comes at least one new period later. */
  @Test
  void testTickerReset() throws Exception {
    Ticker ticker = Time.newTicker(Duration.ofHours(1));
    Duration period = Duration.ofMillis(25);
    long resetAt = System.nanoTime();
    ticker.reset(period);
    int resyncs = Clock.resyncs();
    Instant a = ticker.channel().receive();
    assertThat(System.nanoTime() - resetAt).isGreaterThanOrEqualTo(period.toNanos());
    Instant b = ticker.channel().receive();
    assertWholePeriods(a, b, period, resyncs);
    ticker.reset(Duration.ofHours(1));
    awaitWitness(period.multipliedBy(2)); // past the next two ticks of the old period
    assertThat(ticker.channel().tryReceive()).as("tick of the old period").isEmpty();
    ticker.stop();
  }

  /**
   * TestMultiWakeupTicker (rule 66): goroutines share a fast ticker, each selecting between it and
   * a short After; each tick goes to exactly one receiver.
   */
  @Test
  void testMultiWakeupTicker() throws Exception {
    final int goroutines = 4;
    final int iterations = 1000;
    Ticker ticker = Time.newTicker(Duration.ofNanos(1000));
    Set<Instant> ticks = ConcurrentHashMap.newKeySet();
    AtomicLong duplicates = new AtomicLong();
    List<Goroutine<Void>> gs = new ArrayList<>();
    for (int k = 0; k < goroutines; k++) {
      gs.add(
          Goroutine.run(
              () -> {
                for (int i = 0; i < iterations; i++) {
                  Select.select(
                      ticker
                          .channel()
                          .onReceive(
                              t -> {
                                if (!ticks.add(t)) {
                                  duplicates.incrementAndGet();
                                }
                                return null;
                              }),
                      Time.after(Duration.ofMillis(1)).onReceive(t -> null));
                }
              }));
    }
    for (Goroutine<Void> g : gs) {
      g.join();
    }
    ticker.stop();
    assertThat(duplicates).as("a tick delivered twice").hasValue(0);
    assertThat(ticks).isNotEmpty();
  }
}
