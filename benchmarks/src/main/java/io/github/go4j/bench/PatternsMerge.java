package io.github.go4j.bench;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fan-in of 8 channels with go4j-patterns' merge (Go's {@code merge(done, cs...)}): 8 producers,
 * each sending {@code N/8} of {@code N = 10^6} items on its own channel of capacity 64 and closing
 * it, {@link Pipeline#merge(List)} of the 8 into one output of capacity 64 (a pipeline created and
 * closed per invocation), and the driver receiving everything from it: two hops per item. The score
 * is ns per item.
 *
 * <p>Peers ({@code impl}): {@code go4j}, and {@code executor}: the same topology on {@link
 * Executors#newVirtualThreadPerTaskExecutor()} with {@code ArrayBlockingQueue(64)}s, a sentinel
 * object for the end of each input, and one forwarding task per input (the last one to finish puts
 * the sentinel on the output), as in {@link PatternsPipeline}. A parallel stream has no counterpart
 * of merging live producers. Go's twin is the article's {@code merge} with a WaitGroup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PatternsMerge {
  /** Items per invocation; divisible by {@link #CHANNELS}. */
  static final int N = PatternsPipeline.N;

  /** The inputs of the merge. */
  static final int CHANNELS = 8;

  /** What the sink must add up to. */
  static final long EXPECTED = Parties.checksum(N);

  @Param({Pipe.GO4J, PatternsPipeline.EXECUTOR})
  public String impl;

  private ExecutorService executor;

  @Setup
  public void setup() {
    switch (impl) {
      case Pipe.GO4J -> {}
      case PatternsPipeline.EXECUTOR -> executor = Executors.newVirtualThreadPerTaskExecutor();
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @TearDown
  public void tearDown() {
    if (executor != null) {
      executor.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void merge8() throws Exception {
    Driver.run(executor == null ? () -> go4jMerge8(N) : () -> executorMerge8(executor, N));
  }

  static void go4jMerge8(int n) throws Exception {
    int per = n / CHANNELS;
    List<Channel<Integer>> chs = new ArrayList<>(CHANNELS);
    for (int k = 0; k < CHANNELS; k++) {
      chs.add(Channel.make(PatternsPipeline.BUFFER));
    }
    Parties producers =
        Parties.withCapacity(CHANNELS)
            .start(
                true,
                CHANNELS,
                k -> {
                  Channel<Integer> ch = chs.get(k);
                  try {
                    for (int i = k * per; i < (k + 1) * per; i++) {
                      ch.send(Parties.token(i));
                    }
                  } finally {
                    ch.close();
                  }
                });
    long sum = 0;
    try (Pipeline p = Pipeline.create(Context.background(), PatternsPipeline.BUFFER)) {
      ReceiveChannel<Integer> out = p.merge(chs);
      for (Integer v; (v = out.receive()) != null; ) {
        sum += v;
      }
    }
    producers.join();
    Parties.check("merge8", n == N ? EXPECTED : Parties.checksum(n), sum);
  }

  static void executorMerge8(ExecutorService ex, int n) throws Exception {
    int per = n / CHANNELS;
    BlockingQueue<Object> merged = PatternsPipeline.queue();
    AtomicInteger open = new AtomicInteger(CHANNELS);
    List<Future<Void>> tasks = new ArrayList<>(2 * CHANNELS);
    for (int k = 0; k < CHANNELS; k++) {
      BlockingQueue<Object> in = PatternsPipeline.queue();
      int from = k * per;
      tasks.add(
          ex.submit(
              () -> {
                try {
                  for (int i = from; i < from + per; i++) {
                    in.put(Parties.token(i));
                  }
                } finally {
                  in.put(PatternsPipeline.END);
                }
                return null;
              }));
      tasks.add(ex.submit(PatternsPipeline.queueForward(in, merged, open)));
    }
    long sum = PatternsPipeline.drain(merged);
    PatternsPipeline.join(tasks);
    Parties.check("merge8", n == N ? EXPECTED : Parties.checksum(n), sum);
  }
}
