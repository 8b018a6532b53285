package io.github.go4j.bench;

import io.github.go4j.patterns.ErrGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * go4j-patterns' {@link ErrGroup} running {@code N = 10^4} tasks per invocation, each adding its
 * token to a shared sum, then waiting for all of them: Go's {@code g.Go(f)} x N, {@code g.Wait()}.
 * A new group per invocation. The score is ns per task (start, run, wait).
 *
 * <p>Peers:
 *
 * <ul>
 *   <li>{@code go4j}: {@code new ErrGroup()}, {@code go(task)} per task, {@code await()}.
 *   <li>{@code executor}: {@link Executors#newVirtualThreadPerTaskExecutor()} per invocation, one
 *       {@code submit} per task, then {@code get()} on each future (the first failure would surface
 *       as an {@code ExecutionException}), then {@code close()}. JDK 25's {@code
 *       StructuredTaskScope}, the closer peer, is a preview API (--enable-preview): not measured.
 * </ul>
 *
 * <p>Go's twin would be {@code golang.org/x/sync/errgroup}, which cannot be fetched on the
 * benchmark machine: no Go row. Every invocation checks the sum.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CoordErrGroup {
  /** Tasks per invocation. */
  static final int N = 10_000;

  /** The sum of the tasks' tokens. */
  static final long EXPECTED = Parties.checksum(N);

  @Param({Pipe.GO4J, PatternsPipeline.EXECUTOR})
  public String impl;

  @Setup
  public void setup() {
    if (!impl.equals(Pipe.GO4J) && !impl.equals(PatternsPipeline.EXECUTOR)) {
      throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void tasks() throws Exception {
    Driver.run(impl.equals(Pipe.GO4J) ? CoordErrGroup::go4j : CoordErrGroup::executor);
  }

  static void go4j() throws Exception {
    AtomicLong sum = new AtomicLong();
    ErrGroup g = new ErrGroup();
    for (int i = 0; i < N; i++) {
      int v = Parties.token(i);
      g.go(() -> sum.addAndGet(v));
    }
    g.await();
    Parties.check("ErrGroup", EXPECTED, sum.get());
  }

  static void executor() throws Exception {
    AtomicLong sum = new AtomicLong();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>(N);
      for (int i = 0; i < N; i++) {
        int v = Parties.token(i);
        futures.add(ex.submit(() -> sum.addAndGet(v)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    Parties.check("ExecutorService", EXPECTED, sum.get());
  }
}
