package io.github.go4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PingPong}, {@link Spsc} (capacity 0, 1 and 64) and {@link SelectCancel} (capacity 0) with
 * one carrier thread: the fork runs with {@code -Djdk.virtualThreadScheduler.parallelism=1}, so
 * every virtual thread of the workload takes turns on one platform thread (Go's {@code
 * GOMAXPROCS=1}). A party that must wait can only yield the carrier to its partner; spinning there
 * is pure loss. No target: a regression watch.
 *
 * <p>The scheduler setting needs a fork of its own (JMH's {@code -f 1} or more, as in {@code
 * -Pbench}); the smoke run ({@code -f 0}) runs these in its own JVM with the default scheduler.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
public class OneCarrier {
  /** The peers of both workloads. */
  @State(Scope.Benchmark)
  public static class PingPongState {
    @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC})
    public String impl;

    Pipe<Integer> ping;
    Pipe<Integer> pong;

    @Setup
    public void setup() {
      ping = Pipe.create(impl, 0);
      pong = Pipe.create(impl, 0);
    }
  }

  /** One producer, one consumer. */
  @State(Scope.Benchmark)
  public static class SpscState {
    @Param({"0", "1", "64"})
    public int capacity;

    @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC})
    public String impl;

    Pipe<Integer> pipe;

    @Setup
    public void setup() {
      pipe = Pipe.create(impl, capacity);
    }
  }

  /** Every operation in a select with a never-ready cancellation channel, unbuffered. */
  @State(Scope.Benchmark)
  public static class SelectCancelState {
    @Param({"0"})
    public int capacity;

    @Param({Pipe.GO4J, Pipe.JOX})
    public String impl;

    SelectCancel.Chans chans;

    @Setup
    public void setup() {
      chans = new SelectCancel.Chans(impl, capacity);
    }
  }

  /** {@link PingPong}'s workload; ns per message. */
  @Benchmark
  @OperationsPerInvocation(PingPong.N)
  public void pingPong(PingPongState s) throws Exception {
    Driver.run(() -> PingPong.pipeBatch(s.ping, s.pong, PingPong.N, true));
  }

  /** {@link Spsc}'s workload; ns per message. */
  @Benchmark
  @OperationsPerInvocation(Spsc.N)
  public void spsc(SpscState s) throws Exception {
    Driver.run(() -> Spsc.batch(s.pipe, Spsc.N, true));
  }

  /** {@link SelectCancel}'s workload; ns per message. */
  @Benchmark
  @OperationsPerInvocation(SelectCancel.N)
  public void selectCancel(SelectCancelState s) throws Exception {
    Driver.run(s.chans::batch);
  }
}
