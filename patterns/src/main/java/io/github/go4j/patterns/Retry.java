package io.github.go4j.patterns;

import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Retries a task with exponential backoff and jitter until it succeeds, its attempts run out, it
 * fails with an error not worth retrying, or its context is done: the Go loop
 *
 * <pre>{@code
 * backoff := initial
 * for attempt := 1; ; attempt++ {
 *     v, err := task(ctx)
 *     if err == nil || attempt == maxAttempts || !retryable(err) {
 *         return v, err
 *     }
 *     timer := time.NewTimer(jitter(backoff))
 *     select {
 *     case <-timer.C:
 *     case <-ctx.Done():
 *         timer.Stop()
 *         return nil, ctx.Err()
 *     }
 *     backoff = min(backoff*multiplier, maxBackoff)
 * }
 * }</pre>
 *
 * <p><b>Backoff.</b> Before retry {@code n} (n = 1 after the first attempt failed) the base delay
 * is {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}; with jitter {@code j} the delay is
 * drawn uniformly from {@code [base * (1 - j), base * (1 + j))} (gRPC's policy: jitter spreads
 * retries of many clients around the base without changing its mean). Jitter 0 gives the exact
 * sequence. The random source and the timer are injectable ({@link Builder#random(Random)}, {@link
 * Builder#sleeper(Sleeper)}) for deterministic tests.
 *
 * <p><b>Outcomes.</b> The task's value if an attempt succeeds. A {@link RetryException} when the
 * attempts are exhausted, or at once when the {@linkplain Builder#retryOn(Predicate) retry-on
 * predicate} rejects an attempt's failure: its cause is the last failure, the earlier ones are
 * suppressed on it. {@code ctx.err()} when the context is done before an attempt, while waiting
 * between attempts, or when an attempt fails: an attempt in progress is not interrupted (the task
 * gets the context and should watch it), and a failure that comes with the context done is taken as
 * the task's answer to the cancellation, whatever the retry-on predicate or the attempts left would
 * say (in Go the task's {@code return ctx.Err()} is returned as it is). A task that throws {@link
 * InterruptedException} ends the retry: {@code call} throws it (the keyed {@code call}, wrapped).
 * An exception thrown by the retry-on predicate or the sleeper ends it too and is thrown as it is.
 *
 * <p><b>Sharing.</b> {@link #call(Context, Object, ThrowingFunction)} takes an idempotency key:
 * concurrent callers with equal keys share one sequence of attempts (a {@link SingleFlight} keyed
 * by it), run in a new goroutine with the context of the caller that started it. Each caller waits
 * on its own context: one that gives up leaves the sequence running for the others. If the sequence
 * ends because its starter's context is done while another caller's is not, that caller starts (or
 * joins) a new sequence instead of failing with someone else's cancellation.
 *
 * <p><b>Blocking and interruption.</b> The {@code call} methods block while attempts run and
 * between them; they throw {@link InterruptedException} if interrupted while waiting (a shared
 * sequence then goes on for its other callers). A Retry is immutable and may be used by many
 * goroutines at once.
 *
 * <p><b>Memory consistency effects:</b> actions prior to {@code call} happen-before the first
 * attempt; actions of an attempt happen-before the next attempt and before {@code call} returns or
 * throws its outcome (for every caller sharing a keyed sequence).
 */
public final class Retry {

  /**
   * The timer between attempts: Go's {@code time.After(d)}. The default uses go4j timers ({@link
   * Time#newTimer(Duration)}) and stops them when the context is done first; tests inject a fake
   * whose channel they control.
   */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * A channel that becomes ready for receiving once {@code delay} has passed.
     *
     * @param delay the wait, positive
     * @return the channel; the retry waits until it can receive from it or the context is done
     */
    ReceiveChannel<?> after(Duration delay);
  }

  private final int maxAttempts;
  private final long initialNanos;
  private final long maxNanos;
  private final double multiplier;
  private final double jitter;
  private final Predicate<? super Throwable> retryOn;
  private final Random random; // null: ThreadLocalRandom
  private final Sleeper sleeper; // null: go4j timers, stopped on cancellation
  final SingleFlight<Object, Object> sequences = new SingleFlight<>();

  private Retry(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialNanos = Ops.saturatedNanos(b.initialBackoff); // ~292 years on: never
    this.maxNanos = Ops.saturatedNanos(b.maxBackoff);
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.retryOn = b.retryOn;
    this.random = b.random;
    this.sleeper = b.sleeper;
  }

  /**
   * A builder with the defaults: 3 attempts, 100 ms initial backoff, 10 s maximum backoff,
   * multiplier 2, jitter 0.2, retry on every {@link Exception} (not on {@link Error}s).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs {@code task} until an attempt succeeds, as the class describes.
   *
   * @param ctx the context: checked before every attempt, watched between attempts, given to the
   *     task
   * @param task the attempt; it gets {@code ctx}
   * @param <T> the value type
   * @return the value of the first attempt that succeeded
   * @throws RetryException if the attempts ran out or a failure was not retryable
   * @throws ContextException {@code ctx.err()}, if the context was done before an attempt, while
   *     waiting for the next, or when an attempt failed
   * @throws InterruptedException if interrupted while waiting between attempts
   * @throws NullPointerException if {@code ctx} or {@code task} is null
   */
  public <T> T call(Context ctx, ThrowingFunction<? super Context, ? extends T> task)
      throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Objects.requireNonNull(task, "task must not be null");
    return run(ctx, task);
  }

  /**
   * Runs {@code task} as {@link #call(Context, ThrowingFunction)} does, sharing one sequence of
   * attempts among the concurrent callers with the same {@code key}. Callers with equal keys must
   * mean the same operation (the task and value type of the caller that starts the sequence are
   * used).
   *
   * @param ctx this caller's context: it stops this caller's wait; the sequence runs with the
   *     context of the caller that started it
   * @param key the idempotency key
   * @param task the attempt, used if this caller starts the sequence
   * @param <T> the value type
   * @return the value of the first attempt that succeeded
   * @throws RetryException if the attempts ran out or a failure was not retryable (each caller gets
   *     its own exception, with the same causes)
   * @throws ContextException {@code ctx.err()}, if this caller's context was done first
   * @throws SingleFlightException if the sequence ended otherwise: the task threw {@link
   *     InterruptedException}, or the retry-on predicate or the sleeper threw (its cause)
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public <T> T call(Context ctx, Object key, ThrowingFunction<? super Context, ? extends T> task)
      throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(task, "task must not be null");
    for (; ; ) {
      ctx.throwIfDone();
      ReceiveChannel<SingleFlight.Result<Object>> ch = sequences.doChan(key, () -> run(ctx, task));
      SingleFlight.Result<Object> r =
          Select.select(ch.onReceive(x -> x), ctx.done().onReceive(x -> null));
      if (r == null) {
        throw ctx.err();
      }
      Throwable e = r.error();
      if (e == null) {
        return (T) r.value();
      }
      if (e instanceof RetryException re) {
        throw re.copy();
      }
      if (e instanceof ContextException ce) {
        if (ctx.err() == null) {
          continue; // the starter's context ended the sequence, not ours: start a new one
        }
        throw ctx.err();
      }
      throw new SingleFlightException(e); // InterruptedException, or thrown by retryOn or sleeper
    }
  }

  /** The attempts, on the caller's thread (or a shared sequence's goroutine). */
  private <T> T run(Context ctx, ThrowingFunction<? super Context, ? extends T> task)
      throws InterruptedException {
    List<Throwable> failures = null;
    for (int attempt = 1; ; attempt++) {
      ctx.throwIfDone();
      Throwable failure;
      try {
        return task.apply(ctx);
      } catch (InterruptedException e) {
        throw e;
      } catch (Throwable e) {
        failure = e;
      }
      ContextException cancelled = ctx.err();
      if (cancelled != null) {
        // The attempt failed with its context done: most likely the task's answer to it (Go's
        // `return ctx.Err()`). Reported as ctx.err(), as between attempts, whatever the predicate
        // or the attempts left say: so a keyed sequence that its starter's cancellation ended is
        // restarted for the sharers whose contexts are live (found in review).
        throw cancelled;
      }
      boolean retryable = retryOn.test(failure);
      if (!retryable || attempt == maxAttempts) {
        RetryException ex =
            new RetryException(
                retryable
                    ? "all " + attempt + " attempts failed"
                    : "attempt " + attempt + " failed with a non-retryable error",
                attempt,
                failure);
        if (failures != null) {
          failures.forEach(ex::addSuppressed);
        }
        throw ex;
      }
      if (failures == null) {
        failures = new ArrayList<>();
      }
      failures.add(failure);
      if (!await(ctx, delay(attempt))) {
        throw ctx.err();
      }
    }
  }

  /** The wait before retry {@code n} (1 = the second attempt), jittered. */
  Duration delay(int n) {
    double base = initialNanos * Math.pow(multiplier, n - 1);
    if (!(base < maxNanos)) { // also when it overflowed to infinity
      base = maxNanos;
    }
    if (jitter > 0) {
      double u = random != null ? random.nextDouble() : ThreadLocalRandom.current().nextDouble();
      base = base * (1 - jitter + 2 * jitter * u);
    }
    return Duration.ofNanos(Math.max(1, (long) base));
  }

  /** Waits {@code d} unless ctx is done first; true if the time passed. */
  private boolean await(Context ctx, Duration d) throws InterruptedException {
    ReceiveChannel<?> done = ctx.done();
    if (sleeper != null) {
      return Select.select(
          sleeper.after(d).onReceive(x -> Boolean.TRUE), done.onReceive(x -> Boolean.FALSE));
    }
    Timer t = Time.newTimer(d);
    try {
      return Select.select(
          t.channel().onReceive(x -> Boolean.TRUE), done.onReceive(x -> Boolean.FALSE));
    } finally {
      t.stop();
    }
  }

  @Override
  public String toString() {
    return "Retry[maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + Duration.ofNanos(initialNanos)
        + ", maxBackoff="
        + Duration.ofNanos(maxNanos)
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }

  /** Configures a {@link Retry}; every setting has a default ({@link Retry#builder()}). */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double multiplier = 2;
    private double jitter = 0.2;
    private Predicate<? super Throwable> retryOn = e -> e instanceof Exception;
    private Random random;
    private Sleeper sleeper;

    private Builder() {}

    /**
     * The most attempts, the first included.
     *
     * @param maxAttempts at least 1 (1: no retry)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The base delay before the first retry.
     *
     * @param initialBackoff a positive duration (from about 292 years on: never)
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws NullPointerException if it is null
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * The largest base delay (jitter may add to it).
     *
     * @param maxBackoff a positive duration, at least the initial backoff (checked by {@link
     *     #build()}; from about 292 years on: never)
     * @return this builder
     * @throws IllegalArgumentException if it is not positive
     * @throws NullPointerException if it is null
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * The factor between one base delay and the next.
     *
     * @param multiplier at least 1 (1: constant backoff)
     * @return this builder
     * @throws IllegalArgumentException if it is less than 1 or not a number
     */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException(
            "multiplier must be finite and at least 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /**
     * The jitter fraction {@code j}: each delay is drawn uniformly from {@code [base * (1 - j),
     * base * (1 + j))}.
     *
     * @param jitter from 0 (none) to 1
     * @return this builder
     * @throws IllegalArgumentException if it is outside [0, 1]
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Which failures are worth another attempt; a failure it rejects ends the retry at once. By
     * default every {@link Exception}.
     *
     * @param retryOn the predicate, called on the failing thread
     * @return this builder
     * @throws NullPointerException if it is null
     */
    public Builder retryOn(Predicate<? super Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn must not be null");
      return this;
    }

    /**
     * The source of jitter ({@link Random} is thread-safe); by default {@link ThreadLocalRandom}.
     * Tests pass a seeded one.
     *
     * @param random the random source
     * @return this builder
     * @throws NullPointerException if it is null
     */
    public Builder random(Random random) {
      this.random = Objects.requireNonNull(random, "random must not be null");
      return this;
    }

    /**
     * The timer between attempts; by default go4j timers.
     *
     * @param sleeper the timer source
     * @return this builder
     * @throws NullPointerException if it is null
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
      return this;
    }

    /**
     * Builds the retry policy.
     *
     * @return a new, immutable Retry
     * @throws IllegalArgumentException if the maximum backoff is less than the initial backoff
     */
    public Retry build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff " + maxBackoff + " must not be less than initialBackoff " + initialBackoff);
      }
      return new Retry(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
