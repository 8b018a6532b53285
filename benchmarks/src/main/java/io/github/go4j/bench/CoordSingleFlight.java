package io.github.go4j.bench;

import io.github.go4j.patterns.SingleFlight;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * go4j-patterns' {@link SingleFlight} under contention: {@code CALLERS = 100} goroutines each make
 * {@code CALLS = 1000} calls for one shared key, {@code 10^5} calls per invocation; the function
 * burns {@code WORK} of JMH's CPU tokens (about a hundred ns) and returns a value. Callers that
 * arrive while a call is in flight wait for it and share its value; the others start a new call.
 * The score is ns per call (wall time of the invocation over every caller's calls).
 *
 * <p>Peers:
 *
 * <ul>
 *   <li>{@code go4j}: {@code SingleFlight.get(key, fn)} (Go's {@code g.Do}).
 *   <li>{@code chmFuture}: what a Java programmer writes instead: {@code
 *       ConcurrentHashMap.computeIfAbsent(key, k -> mine)} with a fresh {@link CompletableFuture}
 *       {@code mine}; the caller whose future went in runs the function, completes the future and
 *       removes it; the others {@code join()} the future they found.
 * </ul>
 *
 * <p>Go's twin would be {@code golang.org/x/sync/singleflight}, which cannot be fetched on the
 * benchmark machine: no Go row. Every call checks the value it got; the invocation checks that the
 * function ran at least once and at most once per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CoordSingleFlight {
  /** Contending callers. */
  static final int CALLERS = 100;

  /** Calls per caller per invocation. */
  static final int CALLS = 1000;

  /** Calls per invocation. */
  static final int N = CALLERS * CALLS;

  /** The function's work, in {@link Blackhole#consumeCPU} tokens. */
  static final long WORK = 64;

  /** The ConcurrentHashMap + CompletableFuture peer. */
  static final String CHM_FUTURE = "chmFuture";

  /** The one key every caller asks for. */
  static final String KEY = "key";

  /** What the function returns. */
  static final Integer VALUE = 42;

  @Param({Pipe.GO4J, CHM_FUTURE})
  public String impl;

  private final AtomicInteger runs = new AtomicInteger();

  @Setup
  public void setup() {
    if (!impl.equals(Pipe.GO4J) && !impl.equals(CHM_FUTURE)) {
      throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void contended() throws Exception {
    runs.set(0);
    Driver.run(
        impl.equals(Pipe.GO4J)
            ? () -> go4j(new SingleFlight<>(), runs)
            : () -> chmFuture(new ConcurrentHashMap<>(), runs));
    int r = runs.get();
    if (r < 1 || r > N) {
      throw new IllegalStateException("the function ran " + r + " times for " + N + " calls");
    }
  }

  /** The function: counts its runs, burns {@link #WORK}, returns {@link #VALUE}. */
  static Integer fn(AtomicInteger runs) {
    runs.incrementAndGet();
    Blackhole.consumeCPU(WORK);
    return VALUE;
  }

  static void go4j(SingleFlight<String, Integer> sf, AtomicInteger runs) throws Exception {
    Parties.withCapacity(CALLERS)
        .start(
            true,
            CALLERS,
            index -> {
              for (int i = 0; i < CALLS; i++) {
                check(sf.get(KEY, () -> fn(runs)));
              }
            })
        .join();
  }

  static void chmFuture(
      ConcurrentHashMap<String, CompletableFuture<Integer>> calls, AtomicInteger runs)
      throws Exception {
    Parties.withCapacity(CALLERS)
        .start(
            true,
            CALLERS,
            index -> {
              for (int i = 0; i < CALLS; i++) {
                check(chmFutureGet(calls, KEY, runs));
              }
            })
        .join();
  }

  /** The idiom: the caller whose future went into the map runs the function. */
  static Integer chmFutureGet(
      ConcurrentHashMap<String, CompletableFuture<Integer>> calls, String key, AtomicInteger runs) {
    CompletableFuture<Integer> mine = new CompletableFuture<>();
    CompletableFuture<Integer> f = calls.computeIfAbsent(key, k -> mine);
    if (f != mine) {
      return f.join();
    }
    try {
      mine.complete(fn(runs));
    } catch (Throwable e) {
      mine.completeExceptionally(e);
    } finally {
      calls.remove(key, mine);
    }
    return mine.join();
  }

  private static void check(Integer v) {
    if (v != VALUE) {
      throw new IllegalStateException("got " + v + ", not " + VALUE);
    }
  }
}
