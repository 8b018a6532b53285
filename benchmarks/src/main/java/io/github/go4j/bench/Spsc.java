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
 * One producer, one consumer (Go's {@code BenchmarkChanProdCons0/10/100} shape): the producer sends
 * {@code N} values on a channel of the given capacity, the driver receives them. The score is ns
 * per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class Spsc {
  /** Messages per invocation. */
  static final int N = 100_000;

  @Param({"0", "1", "64", "1024"})
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
    Driver.run(() -> batch(pipe, N, true));
  }

  /**
   * One batch: a producer started here sends {@code n} values, the calling thread receives them.
   *
   * @param pipe the channel
   * @param n the number of messages
   * @param virtual whether the producer is a virtual thread (else a platform thread)
   * @throws Exception if the producer failed or the checksum is wrong
   */
  static void batch(Pipe<Integer> pipe, int n, boolean virtual) throws Exception {
    Parties producer =
        Parties.withCapacity(1)
            .start(
                virtual,
                1,
                p -> {
                  for (int i = 0; i < n; i++) {
                    pipe.send(Parties.token(i));
                  }
                });
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += pipe.receive();
    }
    producer.join();
    Parties.check("spsc", Parties.checksum(n), sum);
  }
}
