package io.github.go4j.patterns;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.RateLimiter.Reservation;
import io.github.go4j.patterns.RateLimiter.WouldExceedDeadlineException;
import io.github.go4j.sync.WaitGroup;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * x/time/rate's rate_test.go, ported: the tests are named after Go's. Time is a {@link FakeClock}
 * whose sleepers wake when a test advances it, so no test sleeps or measures time; where Go's test
 * measures how long {@code WaitN} took, the port checks the delay the limiter asked its clock for.
 */
class RateLimiterTest {
  private static final Duration D = Duration.ofMillis(100);

  /**
   * Go's t0: a fixed start, a day ahead of the real clock, so that a real context deadline set
   * relative to it (testWaitTimeout) does not pass while a test runs.
   */
  private static final Instant T0 =
      Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

  private static final Instant T1 = t(1);
  private static final Instant T2 = t(2);
  private static final Instant T3 = t(3);
  private static final Instant T4 = t(4);
  private static final Instant T5 = t(5);
  private static final Instant T9 = t(9);

  private static Instant t(int k) {
    return T0.plus(D.multipliedBy(k));
  }

  /**
   * A deterministic clock: its time moves only by {@link #advance}, which wakes the sleepers that
   * are due. Each sleep announces its duration on {@link #sleeps} once it is registered, so a test
   * knows the limiter is waiting (and for how long) before it advances the clock.
   */
  static final class FakeClock implements RateLimiter.Clock {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Sleeper> sleepers = new ArrayList<>();
    private long now;

    /** The duration of each sleep, in nanoseconds, sent when the sleeper is registered. */
    final Channel<Long> sleeps = Channel.make(100);

    private record Sleeper(long due, Channel<Unit> fire) {}

    FakeClock(Instant start) {
      now = RateLimiter.toNanos(start, "start");
    }

    @Override
    public long nanos() {
      lock.lock();
      try {
        return now;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean sleep(long nanos, ReceiveChannel<?> done) throws InterruptedException {
      Sleeper s;
      lock.lock();
      try {
        s = new Sleeper(now + nanos, Channel.make());
        sleepers.add(s);
      } finally {
        lock.unlock();
      }
      try {
        sleeps.send(nanos);
        return Select.<Boolean>select(
            s.fire().onReceive(x -> Boolean.TRUE), done.onReceive(x -> Boolean.FALSE));
      } finally {
        lock.lock();
        try {
          sleepers.remove(s);
        } finally {
          lock.unlock();
        }
      }
    }

    void advance(Duration d) {
      lock.lock();
      try {
        now += d.toNanos();
        for (Sleeper s : sleepers) {
          if (s.due() <= now) {
            s.fire().close();
          }
        }
        sleepers.removeIf(s -> s.due() <= now);
      } finally {
        lock.unlock();
      }
    }
  }

  private static RateLimiter limiter(double limit, int burst) {
    return RateLimiter.of(limit, burst, new FakeClock(T0));
  }

  // ---- AllowN

  private record Allow(Instant t, int n, boolean ok) {}

  private static void run(RateLimiter lim, Allow... allows) {
    for (int i = 0; i < allows.length; i++) {
      Allow a = allows[i];
      assertThat(lim.allowN(a.t(), a.n()))
          .as("step %d: allowN(t%d, %d)", i, dSince(a.t()), a.n())
          .isEqualTo(a.ok());
    }
  }

  /** Rule 141: a finite limit is not Inf. */
  @Test
  void testLimit() {
    assertThat(RateLimiter.of(10, 1).limit()).isNotEqualTo(RateLimiter.INF);
    assertThat(RateLimiter.INF).isEqualTo(Double.MAX_VALUE);
    assertThat(RateLimiter.of(Double.POSITIVE_INFINITY, 0).limit()).isEqualTo(RateLimiter.INF);
  }

  /** Rule 141: Every(interval) is 1/interval per second, and Inf for interval <= 0. */
  @Test
  void testEvery() {
    assertThat(RateLimiter.every(Duration.ZERO)).isEqualTo(RateLimiter.INF);
    assertThat(RateLimiter.every(Duration.ofNanos(-1))).isEqualTo(RateLimiter.INF);
    Object[][] cases = {
      {Duration.ofNanos(1), 1e9},
      {Duration.ofNanos(1_000), 1e6},
      {Duration.ofMillis(1), 1e3},
      {Duration.ofMillis(10), 100.0},
      {Duration.ofMillis(100), 10.0},
      {Duration.ofSeconds(1), 1.0},
      {Duration.ofSeconds(2), 0.5},
      {Duration.ofMillis(2_500), 0.4},
      {Duration.ofSeconds(4), 0.25},
      {Duration.ofSeconds(10), 0.1},
      {Duration.ofNanos(Long.MAX_VALUE), 1e9 / Long.MAX_VALUE},
    };
    for (Object[] c : cases) {
      assertThat(RateLimiter.every((Duration) c[0]))
          .as("every(%s)", c[0])
          .isCloseTo((Double) c[1], withinPercentage(1e-7));
    }
  }

  /** Rule 142: a bucket of 1 refilled every d. */
  @Test
  void testLimiterBurst1() {
    run(
        limiter(10, 1),
        new Allow(T0, 1, true),
        new Allow(T0, 1, false),
        new Allow(T0, 1, false),
        new Allow(T1, 1, true),
        new Allow(T1, 1, false),
        new Allow(T1, 1, false),
        new Allow(T2, 2, false), // burst size is 1, so n=2 always fails
        new Allow(T2, 1, true),
        new Allow(T2, 1, false));
  }

  /** Rule 142: a bucket of 3; AllowN takes tokens only when all n are there. */
  @Test
  void testLimiterBurst3() {
    run(
        limiter(10, 3),
        new Allow(T0, 2, true),
        new Allow(T0, 2, false),
        new Allow(T0, 1, true),
        new Allow(T0, 1, false),
        new Allow(T1, 4, false),
        new Allow(T2, 1, true),
        new Allow(T3, 1, true),
        new Allow(T4, 1, true),
        new Allow(T4, 1, true),
        new Allow(T4, 1, false),
        new Allow(T4, 1, false),
        new Allow(T9, 3, true),
        new Allow(T9, 0, true));
  }

  /** Rule 144: time going backwards counts as no elapsed time. */
  @Test
  void testLimiterJumpBackwards() {
    run(
        limiter(10, 3),
        new Allow(T1, 1, true), // start at t1
        new Allow(T0, 1, true), // jump back to t0, two tokens remain
        new Allow(T0, 1, true),
        new Allow(T0, 1, false),
        new Allow(T0, 1, false),
        new Allow(T1, 1, true), // got a token
        new Allow(T1, 1, false),
        new Allow(T1, 1, false),
        new Allow(T2, 1, true), // got another token
        new Allow(T2, 1, false),
        new Allow(T2, 1, false));
  }

  /** Rule 142: concurrent Allow calls take exactly the burst when no time passes. */
  @Test
  void testSimultaneousRequests() throws InterruptedException {
    int baseline = Leaks.baseline();
    RateLimiter lim = limiter(1, 5); // time is frozen: the bucket never refills
    AtomicInteger numOk = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 15; i++) {
      wg.go(
          () -> {
            if (lim.allow()) {
              numOk.incrementAndGet();
            }
          });
    }
    wg.await();
    assertThat(numOk.get()).isEqualTo(5);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /** Rule 141 (Go's newer TestZeroLimit): a zero limit allows the initial burst, then nothing. */
  @Test
  void testZeroLimit() {
    RateLimiter lim = limiter(0, 1);
    assertThat(lim.allow()).as("first use").isTrue();
    assertThat(lim.allow()).as("already used").isFalse();
    assertThat(lim.allowN(T9, 1)).as("never refilled").isFalse();
    assertThat(lim.burst()).as("the burst is not consumed (difference from Go)").isEqualTo(1);
  }

  /**
   * The difference of {@link #testZeroLimit} seen later (docs/differences.md, "RateLimiter at a
   * zero limit"): a limit set after a zero limit's burst was used refills the bucket of the burst
   * as set. Go's bucket has shrunk to the unused part of the burst (nothing here), so its limiter
   * would refuse every event from then on.
   */
  @Test
  void aLimitSetAfterAZeroLimitsBurstWasUsedRefillsTheBurstAsSet() {
    RateLimiter lim = limiter(0, 2);
    assertThat(lim.allowN(T0, 2)).as("the initial burst").isTrue();
    assertThat(lim.allowN(T1, 1)).as("never refilled at a zero limit").isFalse();
    lim.setLimitAt(T1, 10);
    assertThat(lim.allowN(T9, 2)).as("refilled to the burst of 2").isTrue();
    assertThat(lim.allowN(T9, 1)).as("and used").isFalse();
  }

  // ---- ReserveN

  private record Request(Instant t, int n, Instant act, boolean ok) {}

  /** Go's dSince: whole multiples of d since t0, rounding away sub-millisecond error. */
  private static long dSince(Instant t) {
    return Duration.between(T0, t).plusMillis(1).toNanos() / D.toNanos();
  }

  private static Reservation runReserve(RateLimiter lim, Request req) {
    return runReserveMax(lim, req, RateLimiter.INF_DURATION);
  }

  private static Reservation runReserveMax(RateLimiter lim, Request req, Duration maxReserve) {
    Reservation r = lim.reserveN(req.t(), req.n(), maxReserve);
    assertThat(r.ok()).as("reserveN(t%d, %d).ok()", dSince(req.t()), req.n()).isEqualTo(req.ok());
    if (r.ok()) {
      long act = (r.delayFrom(T0).plusMillis(1).toNanos()) / D.toNanos();
      assertThat(act)
          .as("reserveN(t%d, %d): time to act", dSince(req.t()), req.n())
          .isEqualTo(dSince(req.act()));
    } else {
      assertThat(r.delayFrom(req.t())).isEqualTo(RateLimiter.INF_DURATION);
    }
    return r;
  }

  /** Rule 142: reservations book future tokens and say when to act. */
  @Test
  void testSimpleReserve() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    runReserve(lim, new Request(T0, 2, T2, true));
    runReserve(lim, new Request(T3, 2, T4, true));
  }

  /** Rule 142: reservations and AllowN share the bucket; n > burst is never OK. */
  @Test
  void testMix() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 3, T1, false)); // n > burst
    runReserve(lim, new Request(T0, 2, T0, true));
    run(lim, new Allow(T1, 2, false)); // not enough tokens
    runReserve(lim, new Request(T1, 2, T2, true));
    run(lim, new Allow(T1, 1, false)); // negative tokens
    run(lim, new Allow(T3, 1, true));
  }

  /** Rule 142: cancelling a reservation that is not OK gives nothing back. */
  @Test
  void testCancelInvalid() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 3, T3, false));
    r.cancelAt(T0); // no effect
    runReserve(lim, new Request(T0, 2, T2, true)); // did not get extra tokens
  }

  /** Rule 142: cancelling the latest reservation gives all its tokens back. */
  @Test
  void testCancelLast() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
    r.cancelAt(T1); // got 2 tokens back
    runReserve(lim, new Request(T1, 2, T2, true));
  }

  /** Rule 142: a cancel after the time to act has no effect. */
  @Test
  void testCancelTooLate() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
    r.cancelAt(T3); // too late
    runReserve(lim, new Request(T3, 2, T4, true));
  }

  /** Rule 142: tokens that a later reservation counts on are not restored. */
  @Test
  void testCancel0Tokens() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 1, T1, true));
    runReserve(lim, new Request(T0, 1, T2, true));
    r.cancelAt(T0); // got 0 tokens back
    runReserve(lim, new Request(T0, 1, T3, true));
  }

  /** Rule 142: only the tokens not re-reserved come back. */
  @Test
  void testCancel1Token() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
    runReserve(lim, new Request(T0, 1, T3, true));
    r.cancelAt(T2); // got 1 token back
    runReserve(lim, new Request(T2, 2, T4, true));
  }

  /** Rule 142: cancelling the latest first lets an earlier cancel restore more. */
  @Test
  void testCancelMulti() {
    RateLimiter lim = limiter(10, 4);
    runReserve(lim, new Request(T0, 4, T0, true));
    Reservation rA = runReserve(lim, new Request(T0, 3, T3, true));
    runReserve(lim, new Request(T0, 1, T4, true));
    Reservation rC = runReserve(lim, new Request(T0, 1, T5, true));
    rC.cancelAt(T1); // get 1 token back
    rA.cancelAt(T1); // get 2 tokens back, as if C was never reserved
    runReserve(lim, new Request(T1, 3, T5, true));
  }

  /** Rule 142, a deliberate difference: a second cancel restores nothing more (Go's does). */
  @Test
  void cancelActsOnce() {
    RateLimiter lim = limiter(10, 4);
    runReserve(lim, new Request(T0, 4, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
    r.cancelAt(T0);
    assertThat(lim.tokensAt(T0)).isCloseTo(0, offset(1e-9));
    r.cancelAt(T0);
    r.cancel();
    assertThat(lim.tokensAt(T0)).isCloseTo(0, offset(1e-9));
  }

  /** Rule 144: a reservation at an earlier time sees no elapsed time. */
  @Test
  void testReserveJumpBack() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T1, 2, T1, true)); // start at t1
    runReserve(lim, new Request(T0, 1, T1, true)); // should violate Limit,Burst
    runReserve(lim, new Request(T2, 2, T3, true));
  }

  /** Rules 142 and 144: a cancel at an earlier time restores what it can. */
  @Test
  void testReserveJumpBackCancel() {
    RateLimiter lim = limiter(10, 2);
    runReserve(lim, new Request(T1, 2, T1, true)); // start at t1
    Reservation r = runReserve(lim, new Request(T1, 2, T3, true));
    runReserve(lim, new Request(T1, 1, T4, true));
    r.cancelAt(T0); // cancel at t0, get 1 token back
    runReserve(lim, new Request(T1, 2, T4, true)); // should violate Limit,Burst
  }

  /** A new limit applies from the time it is set. */
  @Test
  void testReserveSetLimit() {
    RateLimiter lim = limiter(5, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    runReserve(lim, new Request(T0, 2, T4, true));
    lim.setLimitAt(T2, 10);
    runReserve(lim, new Request(T2, 1, T4, true)); // violates Limit and Burst
    assertThat(lim.limit()).isEqualTo(10);
  }

  /** A new burst applies from the time it is set. */
  @Test
  void testReserveSetBurst() {
    RateLimiter lim = limiter(5, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    runReserve(lim, new Request(T0, 2, T4, true));
    lim.setBurstAt(T3, 4);
    runReserve(lim, new Request(T0, 4, T9, true)); // violates Limit and Burst
    assertThat(lim.burst()).isEqualTo(4);
  }

  /** Rule 142: a cancel restores at the limit the reservation was made with. */
  @Test
  void testReserveSetLimitCancel() {
    RateLimiter lim = limiter(5, 2);
    runReserve(lim, new Request(T0, 2, T0, true));
    Reservation r = runReserve(lim, new Request(T0, 2, T4, true));
    lim.setLimitAt(T2, 10);
    r.cancelAt(T2); // 2 tokens back
    runReserve(lim, new Request(T2, 2, T3, true));
  }

  /** A reservation beyond the maximum wait is not OK and books nothing. */
  @Test
  void testReserveMax() {
    RateLimiter lim = limiter(10, 2);
    runReserveMax(lim, new Request(T0, 2, T0, true), D);
    runReserveMax(lim, new Request(T0, 1, T1, true), D); // reserve for close future
    runReserveMax(lim, new Request(T0, 1, T2, false), D); // time to act too far in the future
  }

  // ---- WaitN

  private record Outcome(Throwable error) {}

  /** Runs awaitN on a goroutine; its outcome arrives on the returned channel. */
  private static ReceiveChannel<Outcome> startAwait(RateLimiter lim, Context ctx, int n) {
    Channel<Outcome> out = Channel.make(1);
    go(
        () -> {
          Throwable error = null;
          try {
            lim.awaitN(ctx, n);
          } catch (Throwable e) {
            error = e;
          }
          out.send(new Outcome(error));
        });
    return out;
  }

  /** Rule 143: each way WaitN ends without waiting, and a wait for tokens to come. */
  @Test
  void testWaitSimple() throws InterruptedException {
    int baseline = Leaks.baseline();
    FakeClock clock = new FakeClock(T0);
    RateLimiter lim = RateLimiter.of(10, 3, clock);

    CancelableContext cancelled = Context.withCancel(Context.background());
    cancelled.cancel();
    assertThatThrownBy(() -> lim.awaitN(cancelled, 1))
        .as("already-cancelled")
        .isSameAs(Context.CANCELED);

    assertThatThrownBy(() -> lim.awaitN(Context.background(), 4))
        .as("exceed-burst-error")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate: Wait(n=4) exceeds limiter's burst 3");

    lim.awaitN(Context.background(), 2); // act-now
    assertThat(clock.sleeps.poll()).as("act-now did not wait").isNull();

    ReceiveChannel<Outcome> later = startAwait(lim, Context.background(), 3); // act-later
    assertThat(clock.sleeps.receive()).as("act-later waits 2d").isEqualTo(2 * D.toNanos());
    clock.advance(D.multipliedBy(2));
    assertThat(later.receive().error()).as("act-later").isNull();
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /** Rule 143: a wait ended by the context gives its tokens back. */
  @Test
  void testWaitCancel() throws InterruptedException {
    int baseline = Leaks.baseline();
    FakeClock clock = new FakeClock(T0);
    RateLimiter lim = RateLimiter.of(10, 3, clock);
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      lim.awaitN(ctx, 2); // act-now; after this lim.tokens = 1
      ReceiveChannel<Outcome> willCancel = startAwait(lim, ctx, 3);
      assertThat(clock.sleeps.receive()).as("will-cancel waits 2d").isEqualTo(2 * D.toNanos());
      clock.advance(D);
      ctx.cancel();
      assertThat(willCancel.receive().error()).as("will-cancel").isSameAs(Context.CANCELED);
    }
    // should get 3 tokens back, and have lim.tokens = 2
    assertThat(lim.tokens()).isCloseTo(2, offset(1e-9));
    lim.awaitN(Context.background(), 2); // act-now-after-cancel
    assertThat(clock.sleeps.poll()).as("act-now-after-cancel did not wait").isNull();
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /** Rule 143: a wait that would pass the deadline fails at once and takes nothing. */
  @Test
  void testWaitTimeout() throws InterruptedException {
    FakeClock clock = new FakeClock(T0);
    RateLimiter lim = RateLimiter.of(10, 3, clock);
    try (CancelableContext ctx = Context.withDeadline(Context.background(), T1)) {
      lim.awaitN(ctx, 2); // act-now
      assertThatThrownBy(() -> lim.awaitN(ctx, 3))
          .as("w-timeout-err")
          .isInstanceOf(WouldExceedDeadlineException.class)
          .hasMessage("rate: Wait(n=3) would exceed context deadline");
      assertThat(ctx.err()).as("the deadline has not passed").isNull();
    }
    assertThat(clock.sleeps.poll()).as("nothing waited").isNull();
    assertThat(lim.tokens()).as("nothing taken").isCloseTo(1, offset(1e-9));
  }

  /** Rule 141: the infinite limit allows n above the burst, even a zero burst. */
  @Test
  void testWaitInf() throws InterruptedException {
    FakeClock clock = new FakeClock(T0);
    RateLimiter lim = RateLimiter.of(RateLimiter.INF, 0, clock);
    lim.awaitN(Context.background(), 3); // exceed-burst-no-error
    assertThat(clock.sleeps.poll()).as("did not wait").isNull();
    assertThat(lim.allowN(T0, 1_000)).isTrue();
  }

  /** A zero limit with an empty bucket: the tokens never come, which is past any deadline. */
  @Test
  void awaitOnEmptyZeroLimitFailsAtOnce() throws InterruptedException {
    FakeClock clock = new FakeClock(T0);
    RateLimiter lim = RateLimiter.of(0, 1, clock);
    lim.await(Context.background());
    assertThatThrownBy(() -> lim.await(Context.background()))
        .isInstanceOf(WouldExceedDeadlineException.class)
        .hasMessage("rate: Wait(n=1) would exceed context deadline");
    assertThat(lim.reserve().ok()).as("reserve").isFalse();
  }

  /** An interrupted wait throws InterruptedException and gives its tokens back. */
  @Test
  void interruptedAwaitCancelsItsReservation() throws InterruptedException {
    FakeClock clock = new FakeClock(T0);
    RateLimiter lim = RateLimiter.of(10, 1, clock);
    assertThat(lim.allow()).isTrue();
    Channel<Outcome> out = Channel.make(1);
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  Throwable error = null;
                  try {
                    lim.await(Context.background());
                  } catch (Throwable e) {
                    error = e;
                  }
                  out.trySend(new Outcome(error));
                });
    assertThat(clock.sleeps.receive()).isEqualTo(D.toNanos());
    waiter.interrupt();
    assertThat(out.receive().error()).isInstanceOf(InterruptedException.class);
    assertThat(lim.tokens()).as("the token is back").isCloseTo(0, offset(1e-9));
  }

  /** The system clock waits on a real timer, and its wait ends when the context is cancelled. */
  @Test
  void systemClockAwaitEndsWhenContextIsCancelled() throws InterruptedException {
    int baseline = Leaks.baseline();
    RateLimiter lim = RateLimiter.of(RateLimiter.every(Duration.ofHours(1)), 1);
    assertThat(lim.allow()).isTrue();
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      ReceiveChannel<Outcome> waiting = startAwait(lim, ctx, 1);
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lim.tokens() > -0.5 && System.nanoTime() - giveUp < 0) { // until it has reserved
        LockSupport.parkNanos(100_000);
      }
      assertThat(lim.tokens()).as("await reserved a token").isLessThan(-0.5);
      ctx.cancel();
      assertThat(waiting.receive().error()).isSameAs(Context.CANCELED);
    }
    assertThat(lim.tokens()).as("the token is back").isGreaterThan(-0.5);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /** The system clock's wait returns once its timer fires. */
  @Test
  void systemClockAwaitReturnsWhenTheTokenComes() {
    RateLimiter lim = RateLimiter.of(RateLimiter.every(Duration.ofMillis(10)), 1);
    assertThat(lim.allow()).isTrue();
    assertThatCode(() -> lim.await(Context.background())).doesNotThrowAnyException();
  }

  // ---- Java's side

  /** allow() allocates nothing (system clock, uncontended). */
  @Test
  void allowAllocatesNothing() throws Exception {
    Object mx =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Method allocatedBytes =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
    long tid = Thread.currentThread().threadId();
    RateLimiter lim = RateLimiter.of(1e6, 10);
    long allowed = 0;
    for (int i = 0; i < 20_000; i++) { // warm-up
      allowed += lim.allow() ? 1 : 0;
    }
    long before = (long) allocatedBytes.invoke(mx, tid);
    for (int i = 0; i < 100_000; i++) {
      allowed += lim.allow() ? 1 : 0;
    }
    long allocated = (long) allocatedBytes.invoke(mx, tid) - before;
    assertThat(allowed).isPositive();
    assertThat(allocated).as("bytes allocated by 100k allow()").isLessThan(4096);
  }

  /** Bad input is refused with a message naming it. */
  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> RateLimiter.of(-1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be zero or positive: -1.0");
    assertThatThrownBy(() -> RateLimiter.of(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be zero or positive: NaN");
    assertThatThrownBy(() -> RateLimiter.of(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must not be negative: -1");
    RateLimiter lim = limiter(1, 1);
    assertThatThrownBy(() -> lim.allowN(T0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must not be negative: -1");
    assertThatThrownBy(() -> lim.allowN(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("time t must not be null");
    assertThatThrownBy(() -> lim.await(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context ctx must not be null");
    assertThatThrownBy(() -> lim.setBurst(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must not be negative: -2");
    assertThatThrownBy(() -> RateLimiter.of(1, 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock must not be null");
    assertThat(lim.limit()).isEqualTo(1);
    assertThat(lim.burst()).isEqualTo(1);
  }
}
