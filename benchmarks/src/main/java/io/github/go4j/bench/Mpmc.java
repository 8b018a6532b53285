package io.github.go4j.bench;

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
 * Many producers and many consumers on one channel, all virtual threads: {@code P} producers each
 * send {@code N/P} values, {@code C} consumers each receive {@code N/C}. The score is ns per
 * message. {@link MpmcPlatform} runs the 4x4 case on platform threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class Mpmc {
  /** Messages per invocation; divisible by 4 and by 100. */
  static final int N = 100_000;

  /** Producers x consumers. */
  @Param({"4x4", "100x100"})
  public String parties;

  @Param({"0", "64"})
  public int capacity;

  @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC, Pipe.LTQ})
  public String impl;

  private Pipe<Integer> pipe;
  private int producers;
  private int consumers;

  @Setup
  public void setup() {
    pipe = Pipe.create(impl, capacity);
    String[] pc = parties.split("x");
    producers = Integer.parseInt(pc[0]);
    consumers = Integer.parseInt(pc[1]);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Driver.run(() -> batch(pipe, producers, consumers, N, true));
  }

  /**
   * One batch: starts the producers and consumers, waits for all, checks the checksum.
   *
   * @param pipe the channel
   * @param producers the number of producers; divides {@code n}
   * @param consumers the number of consumers; divides {@code n}
   * @param n the number of messages
   * @param virtual whether the parties are virtual threads
   * @throws Exception if a party failed or the checksum is wrong
   */
  static void batch(Pipe<Integer> pipe, int producers, int consumers, int n, boolean virtual)
      throws Exception {
    int perProducer = n / producers;
    int perConsumer = n / consumers;
    AtomicLong total = new AtomicLong();
    Parties all =
        Parties.withCapacity(producers + consumers)
            .start(
                virtual,
                consumers,
                c -> {
                  long sum = 0;
                  for (int i = 0; i < perConsumer; i++) {
                    sum += pipe.receive();
                  }
                  total.addAndGet(sum);
                })
            .start(
                virtual,
                producers,
                p -> {
                  int from = p * perProducer;
                  for (int i = from; i < from + perProducer; i++) {
                    pipe.send(Parties.token(i));
                  }
                });
    all.join();
    Parties.check("mpmc", Parties.checksum(n), total.get());
  }
}
