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
 * {@link PingPong} with both parties on platform threads: the JMH thread itself drives the batch
 * (no virtual driver) and the partner is a platform thread. Go has no counterpart. Parking a
 * platform thread costs a system call, hence the smaller batch (as in {@link MpmcPlatform}). No
 * target.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PingPongPlatform {
  /** Messages per invocation; even. */
  static final int N = 20_000;

  @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC, Pipe.LTQ})
  public String impl;

  private Pipe<Integer> ping;
  private Pipe<Integer> pong;

  @Setup
  public void setup() {
    ping = Pipe.create(impl, 0);
    pong = Pipe.create(impl, 0);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    PingPong.pipeBatch(ping, pong, N, false);
  }
}
