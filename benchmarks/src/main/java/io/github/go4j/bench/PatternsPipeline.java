package io.github.go4j.bench;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
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
 * go4j-patterns' {@link Pipeline} on the two shapes of Go's pipeline article, over {@code N = 10^6}
 * items per invocation, beside the Java ways of doing the same work. The score is ns per item.
 *
 * <ul>
 *   <li>{@code pipeline3}: a source of {@code N} tokens, a map stage {@code x -> 2x}, a map stage
 *       {@code x -> x + 1}, and the driver as the sink (Go's {@code gen -> sq -> sq -> range}):
 *       three hops per item.
 *   <li>{@code fanOutFanIn}: a source, {@code 4} workers reading it, each applying {@code x -> 2x +
 *       1} and sending to its own output, a merge of the 4 outputs, and the driver as the sink:
 *       three hops per item as well.
 * </ul>
 *
 * <p>Peers ({@code impl}):
 *
 * <ul>
 *   <li>{@code go4j}: {@code Pipeline.create(background, 64)}, created and closed per invocation:
 *       every stage is a goroutine owning an output of capacity 64 (as Go's twin), every receive a
 *       select with the pipeline's done channel, every send a {@code trySend} then, if full, a
 *       select with it. {@link Pipeline#generate(Callable)}, {@link Pipeline#map(ReceiveChannel,
 *       io.github.go4j.ThrowingFunction)}, {@link Pipeline#fanOut} and {@link
 *       Pipeline#merge(List)}.
 *   <li>{@code stream}: {@code IntStream.range(0, N).parallel()} with the same arithmetic, summed:
 *       what a Java programmer writes for this work. It hands no item from thread to thread (the
 *       range is split into chunks), so it is the bound a channel pipeline cannot reach on cheap
 *       work, not a like-for-like peer. {@code pipeline3} runs on the common pool (parallelism
 *       cores - 1, plus the caller), {@code fanOutFanIn} in a {@code ForkJoinPool(4)}, the Java
 *       idiom for "4 workers".
 *   <li>{@code executor}: the same topology as go4j's on {@link
 *       Executors#newVirtualThreadPerTaskExecutor()} (one task, a virtual thread, per stage: as
 *       many as go4j's goroutines), the stages connected by {@code ArrayBlockingQueue(64)} and the
 *       end of the stream marked by a sentinel object (a poison pill) instead of a close. The merge
 *       is one forwarding task per input, the last to finish putting the sentinel (go4j's and Go's
 *       merge close the output the same way). It has no cancellation: the like-for-like Java
 *       baseline of the channel version.
 * </ul>
 *
 * <p>Items are cached {@link Integer}s (tokens -64..63, results within -128..127), so that boxing
 * allocates nothing and the only allocation is the machinery's. Every invocation checks the sum of
 * what the sink received. A {@link PatternsMerge} twin measures the merge of 8 channels alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PatternsPipeline {
  /** Items per invocation. */
  static final int N = 1_000_000;

  /** The capacity of every stage's output (go4j), queue (executor) and channel (Go). */
  static final int BUFFER = 64;

  /** The fan-out's workers. */
  static final int WORKERS = 4;

  /** The parallel-stream peer. */
  static final String STREAM = "stream";

  /** The ExecutorService peer. */
  static final String EXECUTOR = "executor";

  /** What the sink must add up to: the sum of {@code 2 * token(i) + 1} over {@code i < N}. */
  static final long EXPECTED = 2 * Parties.checksum(N) + N;

  /** The end of a stream on a queue: the sentinel ("poison pill") a queue stage forwards. */
  static final Object END = new Object();

  @Param({Pipe.GO4J, STREAM, EXECUTOR})
  public String impl;

  private ExecutorService executor;
  private ForkJoinPool fourWorkers;

  @Setup
  public void setup() {
    switch (impl) {
      case Pipe.GO4J -> {}
      case STREAM -> fourWorkers = new ForkJoinPool(WORKERS);
      case EXECUTOR -> executor = Executors.newVirtualThreadPerTaskExecutor();
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @TearDown
  public void tearDown() {
    if (fourWorkers != null) {
      fourWorkers.close();
    }
    if (executor != null) {
      executor.close();
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void pipeline3() throws Exception {
    Driver.run(
        switch (impl) {
          case Pipe.GO4J -> () -> go4jPipeline3(N);
          case STREAM -> () -> streamPipeline3(N);
          default -> () -> executorPipeline3(executor, N);
        });
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void fanOutFanIn() throws Exception {
    Driver.run(
        switch (impl) {
          case Pipe.GO4J -> () -> go4jFanOutFanIn(N);
          case STREAM -> () -> streamFanOutFanIn(fourWorkers, N);
          default -> () -> executorFanOutFanIn(executor, N);
        });
  }

  // ---- the arithmetic of the stages ----

  static Integer doubled(Integer x) {
    return 2 * x;
  }

  static Integer plusOne(Integer x) {
    return x + 1;
  }

  /** Both steps in one: the fan-out's work. */
  static Integer work(Integer x) {
    return 2 * x + 1;
  }

  // ---- go4j ----

  /** The source: {@link Parties#token(int)} for {@code i = 0..n-1}, then the end (null). */
  static final class Tokens implements Callable<Integer> {
    private final int n;
    private int i;

    Tokens(int n) {
      this.n = n;
    }

    @Override
    public Integer call() {
      return i < n ? Parties.token(i++) : null;
    }
  }

  static void go4jPipeline3(int n) throws Exception {
    long sum = 0;
    try (Pipeline p = Pipeline.create(Context.background(), BUFFER)) {
      ReceiveChannel<Integer> doubled = p.map(p.generate(new Tokens(n)), PatternsPipeline::doubled);
      ReceiveChannel<Integer> out = p.map(doubled, PatternsPipeline::plusOne);
      for (Integer v; (v = out.receive()) != null; ) {
        sum += v;
      }
    } // close(): every stage has ended; a stage's failure is thrown here
    Parties.check("pipeline3", expected(n), sum);
  }

  static void go4jFanOutFanIn(int n) throws Exception {
    long sum = 0;
    try (Pipeline p = Pipeline.create(Context.background(), BUFFER)) {
      List<ReceiveChannel<Integer>> workers =
          p.fanOut(p.generate(new Tokens(n)), WORKERS, PatternsPipeline::work);
      ReceiveChannel<Integer> out = p.merge(workers);
      for (Integer v; (v = out.receive()) != null; ) {
        sum += v;
      }
    }
    Parties.check("fanOutFanIn", expected(n), sum);
  }

  // ---- parallel streams ----

  static void streamPipeline3(int n) {
    long sum =
        IntStream.range(0, n)
            .parallel()
            .map(i -> Parties.token(i))
            .map(x -> 2 * x)
            .mapToLong(x -> x + 1)
            .sum();
    Parties.check("pipeline3", expected(n), sum);
  }

  static void streamFanOutFanIn(ForkJoinPool pool, int n) throws Exception {
    // a parallel stream started from a task of a pool runs in that pool
    long sum =
        pool.submit(
                () ->
                    IntStream.range(0, n)
                        .parallel()
                        .map(i -> Parties.token(i))
                        .mapToLong(x -> 2 * x + 1)
                        .sum())
            .get();
    Parties.check("fanOutFanIn", expected(n), sum);
  }

  // ---- ExecutorService and ArrayBlockingQueues ----

  static void executorPipeline3(ExecutorService ex, int n) throws Exception {
    BlockingQueue<Object> source = queue();
    BlockingQueue<Object> doubled = queue();
    BlockingQueue<Object> out = queue();
    List<Future<Void>> tasks =
        List.of(
            ex.submit(queueSource(n, 1, source)),
            ex.submit(queueMap(source, doubled, x -> 2 * x)),
            ex.submit(queueMap(doubled, out, x -> x + 1)));
    long sum = drain(out);
    join(tasks);
    Parties.check("pipeline3", expected(n), sum);
  }

  static void executorFanOutFanIn(ExecutorService ex, int n) throws Exception {
    BlockingQueue<Object> source = queue();
    BlockingQueue<Object> merged = queue();
    List<Future<Void>> tasks = new ArrayList<>(1 + 2 * WORKERS);
    tasks.add(ex.submit(queueSource(n, WORKERS, source)));
    AtomicInteger open = new AtomicInteger(WORKERS);
    for (int w = 0; w < WORKERS; w++) {
      BlockingQueue<Object> own = queue();
      tasks.add(ex.submit(queueMap(source, own, x -> 2 * x + 1)));
      tasks.add(ex.submit(queueForward(own, merged, open)));
    }
    long sum = drain(merged);
    join(tasks);
    Parties.check("fanOutFanIn", expected(n), sum);
  }

  static BlockingQueue<Object> queue() {
    return new ArrayBlockingQueue<>(BUFFER);
  }

  /** Puts the tokens {@code 0..n-1}, then {@code ends} sentinels (one per reader). */
  static Callable<Void> queueSource(int n, int ends, BlockingQueue<Object> out) {
    return () -> {
      try {
        for (int i = 0; i < n; i++) {
          out.put(Parties.token(i));
        }
      } finally {
        for (int e = 0; e < ends; e++) {
          out.put(END); // also on failure, so that no reader waits for ever
        }
      }
      return null;
    };
  }

  /** Puts {@code f(v)} for each value {@code v} taken until the sentinel, then the sentinel. */
  static Callable<Void> queueMap(
      BlockingQueue<Object> in, BlockingQueue<Object> out, IntUnaryOperator f) {
    return () -> {
      try {
        for (Object v; (v = in.take()) != END; ) {
          out.put(f.applyAsInt((Integer) v));
        }
      } finally {
        out.put(END);
      }
      return null;
    };
  }

  /**
   * A merge input: forwards the values taken until the sentinel; the last of the {@code open}
   * forwarders to finish puts the sentinel.
   */
  static Callable<Void> queueForward(
      BlockingQueue<Object> in, BlockingQueue<Object> out, AtomicInteger open) {
    return () -> {
      try {
        for (Object v; (v = in.take()) != END; ) {
          out.put(v);
        }
      } finally {
        if (open.decrementAndGet() == 0) {
          out.put(END);
        }
      }
      return null;
    };
  }

  /** The sink: the sum of the values taken until the sentinel. */
  static long drain(BlockingQueue<Object> in) throws InterruptedException {
    long sum = 0;
    for (Object v; (v = in.take()) != END; ) {
      sum += (Integer) v;
    }
    return sum;
  }

  /** Waits for every task and rethrows the first failure. */
  static void join(List<Future<Void>> tasks) throws Exception {
    for (Future<Void> t : tasks) {
      t.get();
    }
  }

  private static long expected(int n) {
    return n == N ? EXPECTED : 2 * Parties.checksum(n) + n;
  }
}
