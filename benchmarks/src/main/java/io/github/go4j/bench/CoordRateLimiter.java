package io.github.go4j.bench;

import io.github.go4j.patterns.RateLimiter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * go4j-patterns' {@link RateLimiter#allow()} beside Guava's {@code RateLimiter.tryAcquire()}, the
 * non-blocking "may this event happen now?" of each: {@code N = 10^5} calls per invocation by one
 * driver goroutine, the limiter made once per trial. The score is ns per call.
 *
 * <ul>
 *   <li>{@code regime = granted}: 10^9 events per second (go4j's burst 1000), so every call is
 *       granted and takes a token: the path of a limiter that is not limiting.
 *   <li>{@code regime = refused}: 1 event per second (burst 1), so after the first call nearly
 *       every call is refused: the path of a limiter shedding load.
 * </ul>
 *
 * <p>Peers: {@code go4j} ({@code RateLimiter.of(rate, burst).allow()}: a {@code ReentrantLock} and
 * Go's token arithmetic, the system clock), {@code guava} (Guava 33.8.0's {@code
 * RateLimiter.create(rate).tryAcquire()}: {@code synchronized} on a mutex object and its stored
 * permits arithmetic; its "burst" is one second's worth of permits). Go's twin would be {@code
 * golang.org/x/time/rate}, which cannot be fetched on the benchmark machine: no Go row. Every
 * invocation checks the count of grants (all of them, or at most a few).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CoordRateLimiter {
  /** Calls per invocation. */
  static final int N = 100_000;

  /** The Guava peer. */
  static final String GUAVA = "guava";

  /** Every call granted. */
  static final String GRANTED = "granted";

  /** Nearly every call refused. */
  static final String REFUSED = "refused";

  /** The rate of the granted regime, events per second. */
  static final double FAST = 1e9;

  /** go4j's burst in the granted regime. */
  static final int FAST_BURST = 1000;

  @Param({Pipe.GO4J, GUAVA})
  public String impl;

  @Param({GRANTED, REFUSED})
  public String regime;

  private RateLimiter go4j;
  private com.google.common.util.concurrent.RateLimiter guava;

  @Setup
  public void setup() {
    boolean granted =
        switch (regime) {
          case GRANTED -> true;
          case REFUSED -> false;
          default -> throw new IllegalArgumentException("unknown regime " + regime);
        };
    switch (impl) {
      case Pipe.GO4J -> go4j = granted ? RateLimiter.of(FAST, FAST_BURST) : RateLimiter.of(1, 1);
      case GUAVA ->
          guava = com.google.common.util.concurrent.RateLimiter.create(granted ? FAST : 1);
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void allow() throws Exception {
    boolean granted = regime.equals(GRANTED);
    Driver.run(
        impl.equals(Pipe.GO4J)
            ? () -> checkGrants(granted, go4jAllow(go4j))
            : () -> checkGrants(granted, guavaTryAcquire(guava)));
  }

  static int go4jAllow(RateLimiter lim) {
    int grants = 0;
    for (int i = 0; i < N; i++) {
      if (lim.allow()) {
        grants++;
      }
    }
    return grants;
  }

  static int guavaTryAcquire(com.google.common.util.concurrent.RateLimiter lim) {
    int grants = 0;
    for (int i = 0; i < N; i++) {
      if (lim.tryAcquire()) {
        grants++;
      }
    }
    return grants;
  }

  /**
   * Throws unless every call was granted (granted regime) or at most a few were (refused regime:
   * one a second, plus the initial burst; an invocation takes milliseconds).
   */
  static void checkGrants(boolean granted, int grants) {
    if (granted ? grants != N : grants > 10) {
      throw new IllegalStateException(
          (granted ? "granted" : "refused") + " regime: " + grants + " of " + N + " granted");
    }
  }
}
