package io.github.go4j.bench;

import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextKey;
import java.util.ArrayList;
import java.util.List;
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
 * go4j-context's costs beside Go's context package (the suite's context workloads): create+cancel
 * of a context, cancel of a tree of 10^5 contexts, and a value lookup through 10 layers. Run on a
 * virtual-thread driver like the rest of the suite.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ContextBench {
  /** Operations (or contexts in the tree) per invocation. */
  static final int N = 100_000;

  private static final int FAN_OUT = 10;
  private static final int DEPTH = 10;

  @Param({Pipe.GO4J})
  public String impl;

  private List<ContextKey<Integer>> keys;
  private Context deep;

  @Setup
  public void setup() {
    keys = new ArrayList<>();
    Context c = Context.background();
    for (int i = 0; i < DEPTH; i++) {
      ContextKey<Integer> k = ContextKey.of("k" + i);
      keys.add(k);
      c = Context.withValue(c, k, i);
    }
    deep = c;
  }

  /** WithCancel(Background) then cancel: Go's "WithCancel+cancel" allocation budget case. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void createCancel() throws Exception {
    Driver.run(
        () -> {
          Context bg = Context.background();
          // Each context escapes into a ring, as it would when handed to a callee: without it
          // the JIT scalar-replaces part of the context and the figure flatters go4j.
          CancelableContext[] sink = new CancelableContext[1024];
          int done = 0;
          for (int i = 0; i < N; i++) {
            CancelableContext c = Context.withCancel(bg);
            sink[i & 1023] = c;
            c.cancel();
            if (c.err() != null) {
              done++;
            }
          }
          if (done != N) {
            throw new IllegalStateException("not cancelled: " + (N - done));
          }
        });
  }

  /** Builds 10^5 contexts under one root (fan-out 10) and cancels the root. ns per context. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void cancelTree() throws Exception {
    Driver.run(
        () -> {
          CancelableContext root = Context.withCancel(Context.background());
          List<CancelableContext> all = new ArrayList<>(N);
          all.add(root);
          for (int i = 0; all.size() < N; i++) {
            CancelableContext parent = all.get(i);
            for (int k = 0; k < FAN_OUT && all.size() < N; k++) {
              all.add(Context.withCancel(parent));
            }
          }
          root.cancel();
          CancelableContext last = all.get(all.size() - 1);
          if (last.err() == null) {
            throw new IllegalStateException("a descendant was not cancelled");
          }
        });
  }

  /**
   * Looks up the key of the innermost (first) WithValue layer from the outermost context, so the
   * lookup walks all 10 layers.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void valueDepth10() throws Exception {
    Driver.run(
        () -> {
          ContextKey<Integer> first = keys.get(0);
          long sum = 0;
          for (int i = 0; i < N; i++) {
            sum += deep.value(first);
          }
          if (sum != 0) {
            throw new IllegalStateException("wrong value");
          }
        });
  }
}
