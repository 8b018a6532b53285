package io.github.go4j.bench;

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
 * {@link Spsc} with both parties on platform threads: the JMH thread itself receives (no virtual
 * driver), the producer is a platform thread. Go has no counterpart. Smaller batch, as in {@link
 * MpmcPlatform}. No target.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SpscPlatform {
  /** Messages per invocation. */
  static final int N = 20_000;

  @Param({"0", "64"})
  public int capacity;

  @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC, Pipe.LTQ})
  public String impl;

  private Pipe<Integer> pipe;

  @Setup
  public void setup() {
    pipe = Pipe.create(impl, capacity);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Spsc.batch(pipe, N, false);
  }
}
