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
 * {@link Mpmc}'s 4x4 case with the producers and consumers on platform threads (the driver is still
 * a virtual thread): how the channels behave for code that does not use virtual threads. Go has no
 * counterpart. Parking a platform thread costs a system call, hence the smaller batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MpmcPlatform {
  /** Messages per invocation; divisible by 4. */
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
    Driver.run(() -> Mpmc.batch(pipe, 4, 4, N, false));
  }
}
