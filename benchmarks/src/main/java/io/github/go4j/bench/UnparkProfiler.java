package io.github.go4j.bench;

import io.github.go4j.internal.Waiter;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.github.go4j.bench.UnparkProfiler}) that reports go4j's unparks of
 * virtual threads per operation, as the secondary result {@value #METRIC}, with the yields of a
 * buffered channel's back-off counted among them. Each such unpark or yield makes the JDK allocate
 * a task to resubmit the thread to its scheduler (32 bytes on JDK 25, the B/op of the park/unpark
 * row of {@link HandOffFloor}), so {@code gc.alloc.rate.norm} minus that many tasks is go4j's own
 * allocation: what the report's 0 B/op targets check. It counts go4j's unparks and yields only (the
 * engine's {@code Waiter.unpark} and {@code Waiter.yieldVirtual}); the peers' rows report 0.
 *
 * <p>Per operation means per message where the benchmark sets {@code @OperationsPerInvocation}, the
 * same denominator as {@code -prof gc}'s normalized allocation.
 */
public final class UnparkProfiler implements InternalProfiler {

  /** The name of the secondary result. */
  public static final String METRIC = "go4j.unparks.norm";

  private long before;

  /** Created by JMH. */
  public UnparkProfiler() {}

  @Override
  public String getDescription() {
    return "go4j's unparks and yields of virtual threads per operation (each allocates a JDK task)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    Waiter.countUnparks();
    before = Waiter.unparks();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long ops = result.getMetadata().getAllOps();
    double perOp = ops == 0 ? Double.NaN : (double) (Waiter.unparks() - before) / ops;
    return List.of(new ScalarResult(METRIC, perOp, "#/op", AggregationPolicy.AVG));
  }
}
