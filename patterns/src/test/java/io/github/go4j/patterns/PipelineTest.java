package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pipeline stages: ordering, cancellation mid-stream, error propagation, leak-freedom and
 * back-pressure. Every test ends by checking that the goroutines it started have exited.
 */
class PipelineTest {
  private static final Context BG = Context.background();

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  private static <T> List<T> drain(ReceiveChannel<T> ch) throws InterruptedException {
    List<T> all = new ArrayList<>();
    for (T v : ch) {
      all.add(v);
    }
    return all;
  }

  /** Waits (bounded) until {@code t} is parked, i.e. blocked in a channel operation. */
  private static void parked(AtomicReference<Thread> t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.get() == null || t.get().getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime() - deadline).as("goroutine blocks").isNegative();
      LockSupport.parkNanos(200_000);
    }
  }

  @Test
  void generateMapSinkKeepsOrder() throws Exception {
    int base = Leaks.baseline();
    try (Pipeline p = Pipeline.create(BG)) {
      ReceiveChannel<Integer> squares = p.map(p.generate(range(1000)), n -> n * n);
      assertThat(drain(squares)).isEqualTo(range(1000).stream().map(n -> n * n).toList());
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  /** The ordered parallel map emits in input order whatever order the workers finish in. */
  @Test
  void parallelMapKeepsInputOrderWhenWorkersFinishOutOfOrder() throws Exception {
    int base = Leaks.baseline();
    int n = 8;
    List<Channel<Unit>> gates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gates.add(Channel.make());
    }
    Channel<Integer> started = Channel.make(n);
    try (Pipeline p = Pipeline.create(BG, 2)) {
      ReceiveChannel<String> out =
          p.map(
              p.generate(range(n)),
              i -> {
                started.send(i);
                gates.get(i).receive(); // held until the test opens its gate
                return "v" + i;
              },
              n / 2);
      // the window is 2 * workers = n: all n values reach a worker (4 at a time); open the gates
      // from the last value to the first as their values arrive
      List<Integer> seen = new ArrayList<>();
      for (int opened = 0; opened < n; opened++) {
        seen.add(started.receive());
        if (seen.size() == n / 2 || seen.size() == n) {
          // release the started ones in reverse order
          List<Integer> batch = new ArrayList<>(seen);
          Collections.sort(batch, Collections.reverseOrder());
          for (int i : batch) {
            gates.get(i).close();
          }
          seen.clear();
        }
      }
      assertThat(drain(out)).isEqualTo(range(n).stream().map(i -> "v" + i).toList());
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void parallelMapRunsAtMostWorkersAtOnce() throws Exception {
    int base = Leaks.baseline();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (Pipeline p = Pipeline.create(BG)) {
      ThrowingFn fn =
          i -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.yield();
            inside.decrementAndGet();
            return i;
          };
      assertThat(drain(p.map(p.generate(range(2000)), fn::apply, 3))).isEqualTo(range(2000));
      List<Integer> unordered = drain(p.mapUnordered(p.generate(range(2000)), fn::apply, 3));
      assertThat(unordered).containsExactlyInAnyOrderElementsOf(range(2000));
    }
    assertThat(most.get()).isBetween(1, 3);
    Leaks.assertNoGoroutineLeft(base);
  }

  interface ThrowingFn {
    Integer apply(Integer i) throws Exception;
  }

  /** Cancelling mid-stream closes every output and stops every stage, even endless ones. */
  @Test
  void cancelMidStreamClosesEveryOutputAndLeavesNoGoroutine() throws Exception {
    int base = Leaks.baseline();
    Pipeline p = Pipeline.create(BG);
    ReceiveChannel<Integer> ones = p.repeat(1);
    ReceiveChannel<Integer> doubled = p.map(ones, x -> 2 * x, 4);
    ReceiveChannel<Integer> filtered = p.filter(doubled, x -> x > 0);
    ReceiveChannel<Integer> merged = p.merge(filtered, p.repeat(2, 2));
    for (int i = 0; i < 100; i++) {
      assertThat(merged.receive()).isEqualTo(2);
    }
    p.cancel();
    drain(merged); // ends: the output closes
    p.await(); // no stage failed
    assertThat(p.err()).isNull();
    assertThat(p.context().err()).isSameAs(Context.CANCELED);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void parentCancellationStopsThePipeline() throws Exception {
    int base = Leaks.baseline();
    try (CancelableContext parent = Context.withCancel(BG);
        Pipeline p = Pipeline.create(parent)) {
      ReceiveChannel<Integer> out = p.map(p.repeat(1, 2, 3), x -> x);
      assertThat(out.receive()).isEqualTo(1);
      parent.cancel();
      drain(out);
      p.await();
      assertThatThrownBy(() -> p.toList(p.generate(1))).isSameAs(Context.CANCELED);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  /** A stage's exception stops the pipeline and reaches the caller, checked ones included. */
  @Test
  void stageExceptionStopsThePipelineAndReachesTheCaller() throws Exception {
    int base = Leaks.baseline();
    IOException boom = new IOException("boom");
    Pipeline p = Pipeline.create(BG);
    ReceiveChannel<Integer> out =
        p.map(
            p.map(p.repeat(1, 2, 3, 4, 5, 6), x -> x), // endless upstream: must be stopped
            x -> {
              if (x == 5) {
                throw boom;
              }
              return x;
            });
    List<Integer> got = drain(out); // closes early
    assertThat(got).containsExactly(1, 2, 3, 4);
    assertThat(Context.cause(p.context())).isSameAs(boom);
    assertThat(p.err()).isSameAs(boom);
    assertThatThrownBy(p::await).isInstanceOf(PipelineException.class).hasCause(boom);
    assertThatThrownBy(p::close).isInstanceOf(PipelineException.class).hasCause(boom);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void exceptionInAParallelWorkerFailsThePipeline() throws Exception {
    int base = Leaks.baseline();
    IllegalStateException boom = new IllegalStateException("worker");
    try (Pipeline p = Pipeline.create(BG)) {
      ReceiveChannel<Integer> out =
          p.map(
              p.repeat(1, 2, 3),
              x -> {
                if (x == 3) {
                  throw boom;
                }
                return x;
              },
              3);
      assertThatThrownBy(() -> p.toList(out)).isInstanceOf(PipelineException.class).hasCause(boom);
    } catch (PipelineException expected) {
      assertThat(expected).hasCause(boom); // close() reports it again
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  /** Go's {@code return ctx.Err()} after cancellation is the cancellation, not a failure. */
  @Test
  void aStageThrowingTheContextErrorAfterCancelIsNotAFailure() throws Exception {
    int base = Leaks.baseline();
    Pipeline p = Pipeline.create(BG);
    Channel<Unit> entered = Channel.make(1);
    ReceiveChannel<Integer> out =
        p.map(
            p.generate(1),
            x -> {
              entered.send(Unit.VALUE);
              p.context().done().receive(); // waits for the cancellation
              p.context().throwIfDone();
              return x;
            });
    entered.receive();
    p.cancel();
    drain(out);
    p.close(); // does not throw
    assertThat(p.err()).isNull();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void nullResultOfMapFailsTheStageAndMapNotNullSkips() throws Exception {
    try (Pipeline p = Pipeline.create(BG)) {
      assertThat(p.toList(p.mapNotNull(p.generate(1, 2, 3, 4), x -> x % 2 == 0 ? x : null)))
          .containsExactly(2, 4);
    }
    Pipeline p = Pipeline.create(BG);
    drain(p.map(p.generate(1, 2), x -> x == 2 ? null : x));
    assertThatThrownBy(p::close)
        .isInstanceOf(PipelineException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("returned null");
  }

  @Test
  void sinkActionExceptionCancelsThePipelineAndPropagatesUnchanged() throws Exception {
    int base = Leaks.baseline();
    IOException boom = new IOException("sink");
    Pipeline p = Pipeline.create(BG);
    assertThatThrownBy(
            () ->
                p.forEach(
                    p.repeat(1),
                    x -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(Context.cause(p.context())).isSameAs(boom);
    p.close(); // not a stage failure
    Leaks.assertNoGoroutineLeft(base);
  }

  /**
   * Back-pressure: with a consumer that stops reading, the generator blocks after at most one value
   * per channel slot and stage; nothing buffers without bound.
   */
  @Test
  void slowConsumerBlocksTheProducer() throws Exception {
    int base = Leaks.baseline();
    AtomicInteger produced = new AtomicInteger();
    AtomicReference<Thread> generator = new AtomicReference<>();
    int buffer = 4;
    try (Pipeline p = Pipeline.create(BG, buffer)) {
      ReceiveChannel<Integer> out =
          p.map(
              p.map(
                  p.generate(
                      () -> {
                        generator.set(Thread.currentThread());
                        return produced.incrementAndGet();
                      }),
                  x -> x),
              x -> x);
      for (int i = 1; i <= 10; i++) {
        assertThat(out.receive()).isEqualTo(i);
      }
      parked(generator); // the generator is blocked: it stops producing
      // 10 taken; 3 outputs of 4 slots; each of the 2 map stages and the generator hold one value
      assertThat(produced.get()).isLessThanOrEqualTo(10 + 3 * buffer + 3);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void takeForwardsNThenTheTerminalOperationStopsTheRest() throws Exception {
    int base = Leaks.baseline();
    try (Pipeline p = Pipeline.create(BG)) {
      assertThat(p.toList(p.take(p.repeat("a", "b"), 5))).containsExactly("a", "b", "a", "b", "a");
      assertThat(p.context().err()).isSameAs(Context.CANCELED); // toList ended the pipeline
    }
    try (Pipeline p = Pipeline.create(BG)) {
      assertThat(p.flowOf(1, 2, 3, 4).map(n -> n * n).take(2).toList()).containsExactly(1, 4);
    }
    try (Pipeline p = Pipeline.create(BG)) {
      assertThat(drain(p.take(p.repeat(1), 0))).isEmpty();
      assertThatThrownBy(() -> p.take(p.repeat(1), -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-1");
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void generateFromASupplierEndsAtNull() throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (Pipeline p = Pipeline.create(BG)) {
      ReceiveChannel<Integer> out =
          p.generate(
              () -> {
                int i = next.getAndIncrement();
                return i < 5 ? i : null;
              });
      assertThat(p.toList(out)).containsExactly(0, 1, 2, 3, 4);
    }
  }

  @Test
  void filterKeepsMatchingValuesInOrder() throws Exception {
    try (Pipeline p = Pipeline.create(BG, 16)) {
      assertThat(p.flow(p.generate(range(100))).filter(x -> x % 3 == 0).toList())
          .isEqualTo(range(100).stream().filter(x -> x % 3 == 0).toList());
    }
  }

  @Test
  void batchFlushesWhenFullAndTheRestWhenTheInputCloses() throws Exception {
    try (Pipeline p = Pipeline.create(BG)) {
      assertThat(p.toList(p.batch(p.generate(range(7)), 3, null)))
          .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }
    try (Pipeline p = Pipeline.create(BG)) {
      assertThat(p.toList(p.batch(p.generate(range(6)), 3, Duration.ofHours(1))))
          .containsExactly(List.of(0, 1, 2), List.of(3, 4, 5));
    }
  }

  /**
   * A partial batch leaves after maxWait although the input stays open (only the event is awaited).
   */
  @Test
  void batchFlushesAPartialBatchAfterMaxWait() throws Exception {
    int base = Leaks.baseline();
    Channel<Integer> in = Channel.make();
    try (Pipeline p = Pipeline.create(BG)) {
      ReceiveChannel<List<Integer>> out = p.batch(in, 100, Duration.ofMillis(5));
      in.send(1);
      in.send(2);
      assertThat(out.receive()).containsExactly(1, 2); // the input is still open
      in.send(3);
      assertThat(out.receive()).containsExactly(3); // the timer is re-armed per batch
      in.close();
      assertThat(out.receiveOk().ok()).isFalse();
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // about 3 s on a loaded 2-core machine
  void mergeDeliversEveryValueOfEveryInputInItsOrder() throws Exception {
    int base = Leaks.baseline();
    try (Pipeline p = Pipeline.create(BG)) {
      List<ReceiveChannel<Integer>> ins = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        int from = k * 1000;
        ins.add(p.generate(IntStream.range(from, from + 1000).boxed().toList()));
      }
      List<Integer> all = drain(p.merge(ins));
      assertThat(all).containsExactlyInAnyOrderElementsOf(range(8000));
      for (int k = 0; k < 8; k++) {
        int from = k * 1000;
        List<Integer> part = all.stream().filter(x -> x >= from && x < from + 1000).toList();
        assertThat(part).isSorted();
      }
      assertThat(p.merge(List.<ReceiveChannel<Integer>>of()).receiveOk().ok()).isFalse();
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void fanOutGivesEachValueToExactlyOneWorker() throws Exception {
    try (Pipeline p = Pipeline.create(BG)) {
      List<ReceiveChannel<String>> outs =
          p.fanOut(p.generate(range(3000)), 3, x -> Thread.currentThread().threadId() + ":" + x);
      assertThat(outs).hasSize(3);
      List<String> all = drain(p.merge(outs));
      assertThat(all.stream().map(s -> Integer.parseInt(s.substring(s.indexOf(':') + 1))))
          .containsExactlyInAnyOrderElementsOf(range(3000));
    }
  }

  @Test
  void teeSendsEveryValueToBothOutputs() throws Exception {
    int base = Leaks.baseline();
    try (Pipeline p = Pipeline.create(BG)) {
      Tee<Integer> t = p.tee(p.generate(range(500)));
      Channel<List<Integer>> second = Channel.make(1);
      p.go(() -> second.send(drain(t.second())));
      assertThat(drain(t.first())).isEqualTo(range(500));
      assertThat(second.receive()).isEqualTo(range(500));
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  /**
   * The documented way to add a stage while an await() waits: from a stage of the pipeline, whose
   * own goroutine keeps the pipeline's count up, so the await waits for the new stage too (a stage
   * added from outside at that moment may race the last stage's end: errgroup's rule).
   */
  @Test
  void aStageAddedByARunningStageWhileAwaitWaitsIsWaitedFor() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> addNow = Channel.make();
    Channel<Unit> releaseInner = Channel.make();
    AtomicInteger innerEnded = new AtomicInteger();
    Channel<Integer> endedWhenAwaitReturned = Channel.make(1);
    Pipeline p = Pipeline.create(BG);
    p.go(
        () -> {
          addNow.receive();
          p.go(
              () -> {
                releaseInner.receive();
                innerEnded.incrementAndGet();
              });
        }); // the outer stage ends here, the inner one still runs
    Thread awaiter =
        io.github.go4j.Go.go(
            () -> {
              p.await();
              endedWhenAwaitReturned.send(innerEnded.get());
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (awaiter.getState() != Thread.State.WAITING) { // bounded: until await() has parked
      assertThat(System.nanoTime() - deadline).as("the awaiter parks in await()").isNegative();
      LockSupport.parkNanos(200_000);
    }
    addNow.send(Unit.VALUE);
    releaseInner.send(Unit.VALUE);
    assertThat(endedWhenAwaitReturned.receive()).as("inner stages ended at await's return").isOne();
    p.close();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void bridgeFlattensAChannelOfChannelsInOrder() throws Exception {
    try (Pipeline p = Pipeline.create(BG)) {
      Channel<ReceiveChannel<Integer>> chans = Channel.make();
      p.go(
          () -> {
            try {
              for (int k = 0; k < 5; k++) {
                chans.send(p.generate(k * 10, k * 10 + 1));
              }
            } finally {
              chans.close();
            }
          });
      assertThat(p.toList(p.bridge(chans))).containsExactly(0, 1, 10, 11, 20, 21, 30, 31, 40, 41);
    }
  }

  @Test
  void orDoneEndsASilentInputWhenCancelled() throws Exception {
    int base = Leaks.baseline();
    Channel<Integer> silent = Channel.make();
    Pipeline p = Pipeline.create(BG);
    ReceiveChannel<Integer> out = p.orDone(silent);
    assertThat(out.tryReceive()).isEmpty();
    p.cancel();
    assertThat(out.receiveOk().ok()).isFalse();
    p.close();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void orClosesWhenAnyChannelCloses() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> a = Channel.make();
    Channel<Unit> b = Channel.make();
    try (Pipeline p = Pipeline.create(BG)) {
      ReceiveChannel<Unit> either = p.or(a, b);
      assertThat(either.tryReceive()).isEmpty();
      b.close();
      assertThat(either.receiveOk().ok()).isFalse();
      ReceiveChannel<Unit> never = p.or(a);
      p.cancel(); // the pipeline bounds the life of or's goroutine
      assertThat(never.receiveOk().ok()).isFalse();
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void manyCancelledPipelinesLeaveNoGoroutine() throws Exception {
    int base = Leaks.baseline();
    for (int i = 0; i < 100; i++) {
      try (Pipeline p = Pipeline.create(BG, i % 3)) {
        ReceiveChannel<Integer> src = p.repeat(1, 2);
        Tee<Integer> t = p.tee(p.map(src, x -> x + 1, 2));
        ReceiveChannel<Integer> out = p.merge(p.mapUnordered(t.first(), x -> x, 2), t.second());
        assertThat(out.receive()).isIn(2, 3);
      }
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void badArgumentsAreRefusedWithNamedMessages() {
    assertThatThrownBy(() -> Pipeline.create(null)).hasMessageContaining("parent");
    assertThatThrownBy(() -> Pipeline.create(BG, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    Pipeline p = Pipeline.create(BG);
    ReceiveChannel<Integer> in = Channel.<Integer>make().receiveOnly();
    assertThatThrownBy(() -> p.map(in, x -> x, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers");
    assertThatThrownBy(() -> p.batch(in, 0, null)).hasMessageContaining("size");
    assertThatThrownBy(() -> p.batch(in, 1, Duration.ZERO)).hasMessageContaining("maxWait");
    assertThatThrownBy(() -> p.generate(1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> p.repeat()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.map(null, x -> x)).hasMessage("input channel in must not be null");
    assertThatThrownBy(() -> p.go(null)).hasMessageContaining("stage");
    p.cancel();
  }

  @Test
  void receivedValuesAreNotLostBetweenStages() throws Exception {
    // every value sent by the source is received exactly once at the end of a 3-stage chain
    try (Pipeline p = Pipeline.create(BG, 1)) {
      List<Integer> out =
          p.flow(p.generate(range(10_000))).map(x -> x + 1).map(x -> x - 1, 2).toList();
      assertThat(out).isEqualTo(range(10_000));
    }
  }
}
