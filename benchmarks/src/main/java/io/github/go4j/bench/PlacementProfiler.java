package io.github.go4j.bench;

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
 * A JMH profiler ({@code -prof io.github.go4j.bench.PlacementProfiler}) that measures, after every
 * iteration and in the same JVM, what one hand-off between two virtual threads costs at that
 * moment: {@link HandOffFloor}'s spinning hand-off, in {@value #ROUNDS} rounds of {@value
 * #ROUND_HANDOFFS}, reported as the secondary result {@value #METRIC}: the fastest round's ns per
 * hand-off.
 *
 * <p>Why: on a virtual machine the host decides how far apart the two carrier threads run, and a
 * hand-off between them costs several times more in one placement than in another (on a 2-core AMD
 * EPYC virtual machine, 26-36 ns or 160-170 ns per hand-off; a 2-core Intel Xeon one showed a
 * single placement, 66-98 ns in 8 forks of 10), for every channel alike. The placement holds for
 * minutes, so the forks of one benchmark can all draw the slow one while a peer's forks, run
 * minutes later, draw the fast one. The probe says which placement each fork drew, so that the
 * report can compare go4j and a peer in the same placement beside a ratio that their different
 * placements decided.
 *
 * <p>The probe runs between iterations, outside the measured time, and takes a few milliseconds (an
 * untimed round of {@value #WARM_HANDOFFS} hand-offs first, and {@value #FIRST_WARM_HANDOFFS} once
 * per JVM before the first iteration, so that the probe's code is compiled). It keeps its fastest
 * round because a placement lasts: a slow one slows every round, while what else runs for a moment
 * (the JIT compiler in the first iterations, a collection) slows some rounds only. With one carrier
 * thread ({@code -Djdk.virtualThreadScheduler.parallelism=1}) there is no placement to probe: the
 * profiler then probes nothing and reports NaN.
 */
public final class PlacementProfiler implements InternalProfiler {

  /** The name of the secondary result. */
  public static final String METRIC = "placement.handoff.ns";

  /** Timed rounds per probe. */
  static final int ROUNDS = 8;

  /** Hand-offs per timed round; even. */
  static final int ROUND_HANDOFFS = 2_500;

  /** Hand-offs of the untimed first round of each probe; even. */
  static final int WARM_HANDOFFS = 10_000;

  /**
   * Hand-offs run once per JVM before the first probe, so that the probe's code is compiled before
   * it times anything (probed after every iteration only, it is still interpreted or half-compiled
   * for the first few, and reads two to four times the placement's cost: measured).
   */
  static final int FIRST_WARM_HANDOFFS = 400_000;

  /** Whether the scheduler has more than one carrier thread (its documented property). */
  private static final boolean PARALLEL =
      Integer.getInteger(
              "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors())
          > 1;

  private boolean warm;

  /** Created by JMH. */
  public PlacementProfiler() {}

  @Override
  public String getDescription() {
    return "ns per spinning hand-off between two virtual threads, probed after each iteration";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    if (PARALLEL && !warm) {
      warm = true;
      try {
        Driver.run(() -> HandOffFloor.batch(FIRST_WARM_HANDOFFS, true));
      } catch (Exception e) {
        // the probes after the iterations report it
      }
    }
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    double ns = Double.NaN; // a failed probe leaves a gap, not a failed benchmark
    if (PARALLEL) {
      try {
        ns = probe();
      } catch (Exception e) {
        // NaN
      }
    }
    return List.of(new ScalarResult(METRIC, ns, "ns", AggregationPolicy.AVG));
  }

  /**
   * Times {@value #ROUNDS} rounds of {@value #ROUND_HANDOFFS} spinning hand-offs between two
   * virtual threads, after an untimed round of {@value #WARM_HANDOFFS}.
   *
   * @return the fastest round's ns per hand-off
   * @throws Exception if a hand-off failed or the probe was interrupted
   */
  static double probe() throws Exception {
    double[] ns = {Double.POSITIVE_INFINITY};
    Driver.run(
        () -> {
          HandOffFloor.batch(WARM_HANDOFFS, true);
          for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            HandOffFloor.batch(ROUND_HANDOFFS, true);
            ns[0] = Math.min(ns[0], (double) (System.nanoTime() - start) / ROUND_HANDOFFS);
          }
        });
    return ns[0];
  }
}
