package io.github.go4j.patterns;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code golang.org/x/time/rate.Limiter}: a token bucket of size {@code burst}, initially full
 * and refilled at {@code limit} tokens per second.
 *
 * <pre>{@code
 * lim := rate.NewLimiter(rate.Every(100*time.Millisecond), 3)
 * if lim.Allow() { handle(req) } else { drop(req) }       // drop what exceeds the rate
 * if err := lim.Wait(ctx); err != nil { return err }      // or slow down to it
 * r := lim.Reserve(); time.Sleep(r.Delay()); act()        // or schedule by it
 * }</pre>
 *
 * <p>In Java:
 *
 * <pre>{@code
 * RateLimiter lim = RateLimiter.of(RateLimiter.every(Duration.ofMillis(100)), 3);
 * if (lim.allow()) { handle(req); } else { drop(req); }
 * lim.await(ctx);                                          // throws ctx.err(), or the errors below
 * }</pre>
 *
 * <p>Informally, over any long enough interval the limiter allows {@code limit} events per second,
 * with bursts of at most {@code burst} events. {@link #INF} allows every event, whatever the burst;
 * a zero limit allows the events of the initial full bucket and then none. The three ways to take
 * tokens differ only when too few are available: {@link #allowN(Instant, int)} refuses, {@link
 * #reserveN(Instant, int)} books future tokens and tells how long to wait ({@link Reservation}),
 * and {@link #awaitN(Context, int)} waits for them, or fails at once if the wait would pass the
 * context's deadline. Methods without a time use the limiter's {@link Clock}; methods ending in
 * {@code At} or taking an {@link Instant} use the time given, as Go's {@code AllowN(t, n)} does.
 * Time going backwards counts as no time elapsed.
 *
 * <p><b>Blocking and interruption:</b> only {@link #await(Context)} and {@link #awaitN(Context,
 * int)} block, on a timer and the context's {@code done()} channel; they throw {@link
 * InterruptedException} if interrupted while waiting, and then give back their reservation as a
 * cancellation does. Every other method takes the limiter's lock briefly and returns. The lock is a
 * {@link ReentrantLock} (virtual threads do not pin on it) and is never held while waiting. {@link
 * #allow()} and {@link #allowN(Instant, int)} allocate nothing (with the {@linkplain Clock#system()
 * system clock}, the lock uncontended).
 *
 * <p><b>Memory consistency effects:</b> none. The limiter hands out permission, not data: do not
 * rely on a grant to publish what another thread wrote.
 *
 * <p><b>Differences from Go</b>, each deliberate:
 *
 * <ul>
 *   <li>{@code Wait}/{@code WaitN} are {@code await}/{@code awaitN}: {@code Object.wait} is final
 *       in Java. Their errors are exceptions with Go's messages: {@link IllegalArgumentException}
 *       "rate: Wait(n=4) exceeds limiter's burst 3", {@link WouldExceedDeadlineException} "rate:
 *       Wait(n=3) would exceed context deadline", or {@code ctx.err()} itself.
 *   <li>Bad input is refused where Go has no check: a negative or NaN limit, a negative burst, a
 *       negative {@code n}, null arguments. {@link Double#POSITIVE_INFINITY} is accepted as {@link
 *       #INF} (which is Go's value, {@code math.MaxFloat64}); {@link #limit()} then returns {@link
 *       #INF}.
 *   <li>A zero limit is an ordinary bucket that never refills. Go special-cases it by taking the
 *       tokens out of the burst itself, so its {@code Burst()} shrinks and a later {@code SetLimit}
 *       finds a smaller bucket; here {@link #burst()} stays as set and {@link #tokens()} shows what
 *       is left. Which events are allowed is the same.
 *   <li>A reservation whose wait could not be represented (more than about 292 years, or forever at
 *       a zero limit) is not {@linkplain Reservation#ok() OK}; Go's {@code ReserveN} can return
 *       such a reservation as OK with the maximal delay.
 *   <li>{@link Reservation#cancel()} acts once: later calls do nothing (Go's restores tokens again
 *       on a second call). A reservation made while the limit was {@link #INF} took no tokens, so
 *       cancelling it restores none, whatever the limit is by then.
 *   <li>An {@code awaitN} that is interrupted, or whose clock throws, cancels its reservation, as a
 *       cancelled context does.
 *   <li>Time is kept as nanoseconds since the epoch in a {@code long} (Go's {@code Duration} is the
 *       same): instants before 1677 or after 2262 are clamped to that range.
 * </ul>
 */
public final class RateLimiter {
  /*
   * *** Overview ***
   *
   * Go's algorithm, kept as is. The state is (limit, burst, tokens, last, lastEvent): tokens is the
   * bucket's level at time `last` and may be negative (tokens booked by reservations in the
   * future); lastEvent is the time to act of the latest reservation. Time is nanoseconds since the
   * epoch, in longs, with saturating arithmetic. advance(now) computes the level at `now` without
   * storing it: level + elapsed * limit, capped at burst, where elapsed is 0 if `now` is before
   * `last` (time went backwards). A reservation of n tokens takes n from the advanced level; if the
   * level goes negative, the time to act is the time the deficit takes to refill. Cancel gives back
   * n tokens minus those that later reservations already counted on (lastEvent - timeToAct worth),
   * and, if it was the latest reservation, moves lastEvent back.
   *
   * *** Locking ***
   *
   * One ReentrantLock guards all of it (Go: one mutex). Waiting (awaitN) happens after the
   * reservation is made and the lock released; cancellation takes the lock again. A Reservation's
   * `tokens` (zeroed once cancelled) is guarded by its limiter's lock too.
   */

  /**
   * Go's {@code rate.Inf}: the infinite rate, which allows every event, even with a zero burst. Its
   * value is Go's, {@link Double#MAX_VALUE}; {@link Double#POSITIVE_INFINITY} is accepted as the
   * same limit.
   */
  public static final double INF = Double.MAX_VALUE;

  /**
   * Go's {@code rate.InfDuration}: the delay of a reservation that is not OK ({@link
   * Long#MAX_VALUE} nanoseconds).
   */
  public static final Duration INF_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private static final long INF_NANOS = Long.MAX_VALUE;

  /** reserveLocked's answer for "not OK"; no time is this small (times are clamped above it). */
  private static final long NOT_OK = Long.MIN_VALUE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;

  // Guarded by lock.
  private double limit;
  private int burst;
  private double tokens;

  /** When {@link #tokens} was last brought up to date; NOT_OK until then. */
  private long last = NOT_OK;

  /** The time to act of the latest reservation (past or future); NOT_OK until the first. */
  private long lastEvent = NOT_OK;

  private RateLimiter(double limit, int burst, Clock clock) {
    this.limit = checkLimit(limit);
    this.burst = checkBurst(burst);
    this.tokens = burst;
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /**
   * Go's {@code rate.NewLimiter(r, b)}: a limiter that allows events at up to {@code perSecond}
   * events per second, in bursts of at most {@code burst}, on the {@linkplain Clock#system() system
   * clock}. The bucket starts full.
   *
   * @param perSecond the limit, in events per second: {@code 0} (nothing after the initial burst),
   *     a positive rate, or {@link #INF}
   * @param burst the bucket size
   * @return the limiter
   * @throws IllegalArgumentException if {@code perSecond} is negative or NaN, or {@code burst} is
   *     negative
   */
  public static RateLimiter of(double perSecond, int burst) {
    return new RateLimiter(perSecond, burst, Clock.system());
  }

  /**
   * As {@link #of(double, int)}, on the given clock (a test's fake clock, for instance).
   *
   * @param perSecond the limit, in events per second
   * @param burst the bucket size
   * @param clock where time comes from, and how waits are made
   * @return the limiter
   * @throws IllegalArgumentException if {@code perSecond} is negative or NaN, or {@code burst} is
   *     negative
   * @throws NullPointerException if {@code clock} is null
   */
  public static RateLimiter of(double perSecond, int burst, Clock clock) {
    return new RateLimiter(perSecond, burst, clock);
  }

  /**
   * Go's {@code rate.Every(interval)}: the limit of one event per {@code interval}; {@link #INF} if
   * {@code interval} is zero or negative.
   *
   * @param interval the minimum time between events
   * @return the limit, in events per second
   * @throws NullPointerException if {@code interval} is null
   */
  public static double every(Duration interval) {
    Objects.requireNonNull(interval, "interval must not be null");
    if (interval.isNegative() || interval.isZero()) {
      return INF;
    }
    return 1 / (interval.getSeconds() + interval.getNano() / 1e9);
  }

  /**
   * Go's {@code Limit()}: the maximum overall event rate.
   *
   * @return the limit, in events per second ({@link #INF} for the infinite rate)
   */
  public double limit() {
    lock.lock();
    try {
      return limit;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code Burst()}: the bucket size, the most tokens one call can take (unless the limit is
   * {@link #INF}).
   *
   * @return the burst
   */
  public int burst() {
    lock.lock();
    try {
      return burst;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code Tokens()}: the number of tokens available now; negative when reservations have
   * booked tokens that are still to come.
   *
   * @return the bucket's level now
   */
  public double tokens() {
    return tokensAt(clock.nanos());
  }

  /**
   * Go's {@code TokensAt(t)}: the number of tokens available at {@code t}. Changes nothing.
   *
   * @param t the time
   * @return the bucket's level at {@code t}
   * @throws NullPointerException if {@code t} is null
   */
  public double tokensAt(Instant t) {
    return tokensAt(toNanos(t, "time t"));
  }

  private double tokensAt(long now) {
    lock.lock();
    try {
      return advance(now);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code Allow()}: {@code allowN(now, 1)}. Allocates nothing.
   *
   * @return whether one event may happen now (its token is then taken)
   */
  public boolean allow() {
    return allowAt(clock.nanos(), 1);
  }

  /**
   * Go's {@code AllowN(t, n)}: whether {@code n} events may happen at {@code t}; if so, their
   * tokens are taken, otherwise nothing changes. For callers that drop or skip events beyond the
   * rate. Allocates nothing.
   *
   * @param t the time of the events
   * @param n the number of events (tokens); {@code 0} is always allowed
   * @return whether the tokens were available at {@code t}
   * @throws NullPointerException if {@code t} is null
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public boolean allowN(Instant t, int n) {
    return allowAt(toNanos(t, "time t"), checkN(n));
  }

  private boolean allowAt(long now, int n) {
    lock.lock();
    try {
      return reserveLocked(now, n, 0) != NOT_OK;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code Reserve()}: {@code reserveN(now, 1)}.
   *
   * @return the reservation
   */
  public Reservation reserve() {
    return reserveAt(clock.nanos(), 1, INF_NANOS);
  }

  /**
   * Go's {@code ReserveN(t, n)}: books {@code n} tokens at {@code t}, now or in the future, and
   * says how long to wait before acting. The reservation is {@linkplain Reservation#ok() not OK}
   * (and nothing is booked) if {@code n} exceeds the burst (unless the limit is {@link #INF}), or
   * if the tokens would never come (a zero limit). The caller must wait {@link Reservation#delay()}
   * before acting, or {@linkplain Reservation#cancel() cancel}. Use {@link #awaitN(Context, int)}
   * to wait with a context, and {@link #allowN(Instant, int)} to drop events instead.
   *
   * <pre>{@code
   * RateLimiter.Reservation r = lim.reserveN(Instant.now(), 1);
   * if (!r.ok()) { return; }   // not allowed to act: is the burst > 0?
   * Time.sleep(r.delay());
   * act();
   * }</pre>
   *
   * @param t the time of the request
   * @param n the number of tokens
   * @return the reservation
   * @throws NullPointerException if {@code t} is null
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public Reservation reserveN(Instant t, int n) {
    return reserveAt(toNanos(t, "time t"), checkN(n), INF_NANOS);
  }

  /**
   * Go's unexported {@code reserveN(t, n, maxFutureReserve)}: as {@link #reserveN(Instant, int)},
   * but not OK if the wait would exceed {@code maxFutureReserve}.
   */
  Reservation reserveN(Instant t, int n, Duration maxFutureReserve) {
    return reserveAt(toNanos(t, "time t"), checkN(n), saturatedNanos(maxFutureReserve));
  }

  private Reservation reserveAt(long now, int n, long maxFutureReserve) {
    long timeToAct;
    double limitNow;
    lock.lock();
    try {
      timeToAct = reserveLocked(now, n, maxFutureReserve);
      limitNow = limit;
    } finally {
      lock.unlock();
    }
    return new Reservation(this, timeToAct != NOT_OK, n, timeToAct, limitNow);
  }

  /**
   * Go's {@code Wait(ctx)}: {@code awaitN(ctx, 1)}.
   *
   * @param ctx the context whose cancellation or deadline ends the wait
   * @throws InterruptedException if interrupted while waiting; the reservation is cancelled
   * @throws ContextException {@code ctx.err()}, if the context is done before or while waiting
   * @throws IllegalArgumentException if 1 exceeds the burst (a zero burst) and the limit is not
   *     {@link #INF}
   * @throws WouldExceedDeadlineException if the wait would pass the context's deadline
   */
  public void await(Context ctx) throws InterruptedException {
    awaitN(ctx, 1);
  }

  /**
   * Go's {@code WaitN(ctx, n)}: blocks until {@code n} events may happen. Fails at once, taking no
   * tokens, if {@code n} exceeds the burst (the limit being finite), if the context is already
   * done, or if the wait would pass the context's deadline. Otherwise books the tokens (as {@link
   * #reserveN(Instant, int)}) and waits for their time; if the context is done first, or the thread
   * is interrupted, cancels the booking (which may let others proceed sooner) and throws. Returns
   * at once, allocating nothing, when the tokens are available now.
   *
   * @param ctx the context whose cancellation or deadline ends the wait
   * @param n the number of tokens
   * @throws InterruptedException if interrupted while waiting; the reservation is cancelled
   * @throws ContextException {@code ctx.err()}, if the context is done before or while waiting
   * @throws IllegalArgumentException "rate: Wait(n=%d) exceeds limiter's burst %d" if {@code n}
   *     exceeds the burst and the limit is not {@link #INF}; also if {@code n} is negative
   * @throws WouldExceedDeadlineException "rate: Wait(n=%d) would exceed context deadline" if the
   *     tokens would come after the context's deadline (or never)
   * @throws NullPointerException if {@code ctx} is null
   */
  public void awaitN(Context ctx, int n) throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    checkN(n);
    int b;
    double lim;
    lock.lock();
    try {
      b = burst;
      lim = limit;
    } finally {
      lock.unlock();
    }
    if (n > b && lim != INF) {
      throw new IllegalArgumentException("rate: Wait(n=" + n + ") exceeds limiter's burst " + b);
    }
    ContextException err = ctx.err();
    if (err != null) {
      throw err;
    }
    long now = clock.nanos();
    long waitLimit = INF_NANOS;
    Optional<Instant> deadline = ctx.deadline();
    if (deadline.isPresent()) {
      waitLimit = saturatedSub(toNanos(deadline.get(), "deadline"), now);
    }
    long timeToAct;
    double limitNow;
    lock.lock();
    try {
      timeToAct = reserveLocked(now, n, waitLimit);
      limitNow = limit;
    } finally {
      lock.unlock();
    }
    if (timeToAct == NOT_OK) {
      throw new WouldExceedDeadlineException(n);
    }
    long delay = saturatedSub(timeToAct, now);
    if (delay <= 0) {
      return;
    }
    boolean elapsed;
    try {
      elapsed = clock.sleep(delay, ctx.done());
    } catch (Throwable t) { // interrupted, or the clock failed: the tokens were not used
      cancel(timeToAct, n, limitNow, clock.nanos());
      throw t;
    }
    if (!elapsed) {
      cancel(timeToAct, n, limitNow, clock.nanos());
      err = ctx.err();
      if (err == null) {
        throw new IllegalStateException("Clock.sleep returned false but the context is not done");
      }
      throw err;
    }
  }

  /**
   * Go's {@code SetLimit(newLimit)}: {@code setLimitAt(now, newLimit)}.
   *
   * @param newLimit the new limit, in events per second
   * @throws IllegalArgumentException if {@code newLimit} is negative or NaN
   */
  public void setLimit(double newLimit) {
    setLimitAt(clock.nanos(), newLimit);
  }

  /**
   * Go's {@code SetLimitAt(t, newLimit)}: the bucket is brought up to {@code t} at the old limit,
   * then refills at the new one. Reservations made before, and not yet acted on, may make the
   * limiter exceed or fall short of the new limit.
   *
   * @param t the time of the change
   * @param newLimit the new limit, in events per second
   * @throws NullPointerException if {@code t} is null
   * @throws IllegalArgumentException if {@code newLimit} is negative or NaN
   */
  public void setLimitAt(Instant t, double newLimit) {
    setLimitAt(toNanos(t, "time t"), newLimit);
  }

  private void setLimitAt(long now, double newLimit) {
    double l = checkLimit(newLimit);
    lock.lock();
    try {
      tokens = advance(now);
      last = now;
      limit = l;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code SetBurst(newBurst)}: {@code setBurstAt(now, newBurst)}.
   *
   * @param newBurst the new bucket size
   * @throws IllegalArgumentException if {@code newBurst} is negative
   */
  public void setBurst(int newBurst) {
    setBurstAt(clock.nanos(), newBurst);
  }

  /**
   * Go's {@code SetBurstAt(t, newBurst)}: the bucket is brought up to {@code t} at the old size,
   * then has the new size (tokens above a smaller size are dropped at the next update).
   *
   * @param t the time of the change
   * @param newBurst the new bucket size
   * @throws NullPointerException if {@code t} is null
   * @throws IllegalArgumentException if {@code newBurst} is negative
   */
  public void setBurstAt(Instant t, int newBurst) {
    setBurstAt(toNanos(t, "time t"), newBurst);
  }

  private void setBurstAt(long now, int newBurst) {
    int b = checkBurst(newBurst);
    lock.lock();
    try {
      tokens = advance(now);
      last = now;
      burst = b;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "RateLimiter[limit=" + (limit == INF ? "Inf" : limit) + ", burst=" + burst + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- the algorithm (Go's), all under the lock ----

  /**
   * Books {@code n} tokens at {@code now} if they come within {@code maxFutureReserve}; returns the
   * time to act, or {@link #NOT_OK} with nothing changed.
   */
  private long reserveLocked(long now, int n, long maxFutureReserve) {
    if (limit == INF) {
      return now; // Go: the state is not touched at the infinite rate
    }
    double t = advance(now) - n;
    long wait = t < 0 ? durationFromTokens(limit, -t) : 0;
    if (n > burst || wait > maxFutureReserve || wait == INF_NANOS) {
      return NOT_OK;
    }
    long timeToAct = saturatedAdd(now, wait);
    last = now;
    tokens = t;
    lastEvent = timeToAct;
    return timeToAct;
  }

  /** The bucket's level at {@code now}; time before {@link #last} counts as none elapsed. */
  private double advance(long now) {
    long from = now < last ? now : last;
    double t = tokens + tokensFromDuration(limit, saturatedSub(now, from));
    return t > burst ? burst : t;
  }

  /** Go's {@code CancelAt}, for a reservation of {@code n} tokens made at limit {@code rLimit}. */
  private void cancel(long timeToAct, int n, double rLimit, long now) {
    lock.lock();
    try {
      cancelLocked(timeToAct, n, rLimit, now);
    } finally {
      lock.unlock();
    }
  }

  private void cancelLocked(long timeToAct, int n, double rLimit, long now) {
    if (limit == INF || rLimit == INF || n == 0 || timeToAct < now) {
      return;
    }
    // Tokens booked by later reservations (lastEvent - timeToAct worth) count on these: keep them.
    double restore = n - tokensFromDuration(rLimit, saturatedSub(lastEvent, timeToAct));
    if (restore <= 0) {
      return;
    }
    double t = advance(now) + restore;
    tokens = t > burst ? burst : t;
    last = now;
    if (timeToAct == lastEvent) {
      long prevEvent = saturatedAdd(timeToAct, durationFromTokens(rLimit, -n));
      if (prevEvent >= now) {
        lastEvent = prevEvent;
      }
    }
  }

  /** Go's {@code durationFromTokens}: nanoseconds to accumulate {@code tokens}; may be negative. */
  private static long durationFromTokens(double limit, double tokens) {
    if (limit <= 0) {
      return INF_NANOS;
    }
    return (long) (tokens / limit * 1e9); // the cast saturates, so too long a wait is INF_NANOS
  }

  /** Go's {@code tokensFromDuration}, with whole seconds apart to lose less precision. */
  private static double tokensFromDuration(double limit, long nanos) {
    if (limit <= 0) {
      return 0;
    }
    double sec = (nanos / NANOS_PER_SECOND) * limit;
    double nsec = (nanos % NANOS_PER_SECOND) * limit;
    return sec + nsec / 1e9;
  }

  // ---- time and argument helpers ----

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
    }
    return r == NOT_OK ? NOT_OK + 1 : r;
  }

  private static long saturatedSub(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** Nanoseconds since the epoch, clamped to (Long.MIN_VALUE, Long.MAX_VALUE]. */
  static long toNanos(Instant t, String name) {
    if (t == null) {
      throw new NullPointerException(name + " must not be null");
    }
    long s = t.getEpochSecond();
    if (s >= Long.MAX_VALUE / NANOS_PER_SECOND) {
      return s == Long.MAX_VALUE / NANOS_PER_SECOND
              && t.getNano() <= Long.MAX_VALUE % NANOS_PER_SECOND
          ? s * NANOS_PER_SECOND + t.getNano()
          : Long.MAX_VALUE;
    }
    if (s < Long.MIN_VALUE / NANOS_PER_SECOND) {
      return Long.MIN_VALUE + 1;
    }
    return Math.max(s * NANOS_PER_SECOND + t.getNano(), Long.MIN_VALUE + 1);
  }

  static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  private static long saturatedNanos(Duration d) {
    Objects.requireNonNull(d, "maxFutureReserve must not be null");
    if (d.getSeconds() >= Long.MAX_VALUE / NANOS_PER_SECOND) {
      return Long.MAX_VALUE;
    }
    if (d.getSeconds() < Long.MIN_VALUE / NANOS_PER_SECOND) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }

  private static double checkLimit(double limit) {
    if (Double.isNaN(limit) || limit < 0) {
      throw new IllegalArgumentException("limit must be zero or positive: " + limit);
    }
    return limit == Double.POSITIVE_INFINITY ? INF : limit;
  }

  private static int checkBurst(int burst) {
    if (burst < 0) {
      throw new IllegalArgumentException("burst must not be negative: " + burst);
    }
    return burst;
  }

  private static int checkN(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative: " + n);
    }
    return n;
  }

  /**
   * Go's {@code rate.Reservation}: tokens booked by {@link RateLimiter#reserveN(Instant, int)}, to
   * be used after a delay, or given back with {@link #cancel()}.
   *
   * <pre>{@code
   * r := lim.Reserve()
   * if !r.OK() { return }
   * time.Sleep(r.Delay())
   * }</pre>
   *
   * <p>Nothing here blocks; {@link #cancel()} takes the limiter's lock briefly.
   *
   * <p><b>Memory consistency effects:</b> none.
   */
  public static final class Reservation {
    private final RateLimiter lim;
    private final boolean ok;
    private final long timeToAct;

    /** The limit when the reservation was made; it may change later. */
    private final double limit;

    /** The tokens booked; zeroed by the first cancel. Guarded by lim.lock. */
    private int tokens;

    private Reservation(RateLimiter lim, boolean ok, int tokens, long timeToAct, double limit) {
      this.lim = lim;
      this.ok = ok;
      this.tokens = ok ? tokens : 0;
      this.timeToAct = timeToAct;
      this.limit = limit;
    }

    /**
     * Go's {@code OK()}: whether the limiter can provide the tokens (within the maximum wait). If
     * not, {@link #delay()} is {@link RateLimiter#INF_DURATION} and {@link #cancel()} does nothing.
     *
     * @return whether the tokens are booked
     */
    public boolean ok() {
      return ok;
    }

    /**
     * Go's {@code Delay()}: {@code delayFrom(now)}, now by the limiter's clock.
     *
     * @return how long to wait before acting
     */
    public Duration delay() {
      return delayFrom(lim.clock.nanos());
    }

    /**
     * Go's {@code DelayFrom(t)}: how long after {@code t} the holder must wait before acting; zero
     * means act now; {@link RateLimiter#INF_DURATION} if the reservation is not OK.
     *
     * @param t the time to measure from
     * @return the wait, never negative
     * @throws NullPointerException if {@code t} is null
     */
    public Duration delayFrom(Instant t) {
      return delayFrom(toNanos(t, "time t"));
    }

    private Duration delayFrom(long now) {
      if (!ok) {
        return INF_DURATION;
      }
      long d = saturatedSub(timeToAct, now);
      return d <= 0 ? Duration.ZERO : Duration.ofNanos(d);
    }

    /** Go's {@code Cancel()}: {@code cancelAt(now)}, now by the limiter's clock. */
    public void cancel() {
      cancelAt(lim.clock.nanos());
    }

    /**
     * Go's {@code CancelAt(t)}: the holder will not act; gives back the booked tokens as far as
     * possible, keeping those that reservations made since count on. Does nothing if the
     * reservation is not OK, if its time to act is before {@code t} (too late), if the limit is
     * {@link RateLimiter#INF}, or if it was cancelled before (Go's would restore again).
     *
     * @param t the time of the cancellation
     * @throws NullPointerException if {@code t} is null
     */
    public void cancelAt(Instant t) {
      cancelAt(toNanos(t, "time t"));
    }

    private void cancelAt(long now) {
      if (!ok) {
        return;
      }
      lim.lock.lock();
      try {
        int n = tokens;
        tokens = 0;
        lim.cancelLocked(timeToAct, n, limit, now);
      } finally {
        lim.lock.unlock();
      }
    }

    @Override
    public String toString() {
      if (!ok) {
        return "Reservation[not OK]";
      }
      int n;
      lim.lock.lock();
      try {
        n = tokens;
      } finally {
        lim.lock.unlock();
      }
      return "Reservation[tokens=" + n + ", timeToAct=" + toInstant(timeToAct) + "]";
    }
  }

  /**
   * Where a limiter gets the time, and how it waits: the seam for a deterministic clock in tests.
   * Times are nanoseconds since the epoch (1970-01-01T00:00:00Z), the scale of the {@link Instant}s
   * the limiter is given and of context deadlines.
   *
   * <p>Go's limiter reads {@code time.Now()} and waits with {@code time.NewTimer} in a {@code
   * select} with {@code ctx.Done()}; {@link #system()} does the same with go4j's {@link
   * Time#newTimer}. A fake clock returns the time its test sets, and wakes sleepers when the test
   * advances it.
   */
  public interface Clock {
    /**
     * The current time. The system clock's is monotonic; a clock that goes backwards is tolerated
     * (no time elapses).
     *
     * @return nanoseconds since the epoch
     */
    long nanos();

    /**
     * Blocks until {@code nanos} have passed on this clock, or until {@code done} is closed,
     * whichever comes first: Go's {@code select { case <-timer.C: case <-ctx.Done(): }}.
     *
     * @param nanos how long to wait, positive
     * @param done a channel that ends the wait when closed (may be a nil channel: never)
     * @return true if the time passed, false if {@code done} was closed first
     * @throws InterruptedException if interrupted while waiting
     */
    boolean sleep(long nanos, ReceiveChannel<?> done) throws InterruptedException;

    /**
     * The real clock: {@link System#nanoTime()} (monotonic) anchored to the wall clock when the
     * class was loaded, so it allocates nothing; waits on a go4j {@link Timer} in a select with
     * {@code done}, and stops the timer on the way out.
     *
     * @return the system clock
     */
    static Clock system() {
      return SystemClock.INSTANCE;
    }
  }

  private enum SystemClock implements Clock {
    INSTANCE;

    private static final long BASE_NANO_TIME = System.nanoTime();
    private static final long BASE_EPOCH_NANOS = toNanos(Instant.now(), "now");

    @Override
    public long nanos() {
      return BASE_EPOCH_NANOS + (System.nanoTime() - BASE_NANO_TIME);
    }

    @Override
    public boolean sleep(long nanos, ReceiveChannel<?> done) throws InterruptedException {
      Timer t = Time.newTimer(Duration.ofNanos(nanos));
      try {
        return Select.<Boolean>select(
            t.channel().onReceive(x -> Boolean.TRUE), done.onReceive(x -> Boolean.FALSE));
      } finally {
        t.stop();
      }
    }
  }

  /**
   * The error of {@link RateLimiter#awaitN(Context, int)} when the tokens would come after the
   * context's deadline (or never): Go's {@code "rate: Wait(n=%d) would exceed context deadline"}.
   * No tokens were taken.
   */
  public static final class WouldExceedDeadlineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private WouldExceedDeadlineException(int n) {
      super("rate: Wait(n=" + n + ") would exceed context deadline");
    }
  }
}
