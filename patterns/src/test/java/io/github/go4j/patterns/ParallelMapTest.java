package io.github.go4j.patterns;

import static io.github.go4j.Go.go;
import static io.github.go4j.patterns.ParallelMap.parallelMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Task;
import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.AfterFuncContext;
import io.github.go4j.context.AfterFuncHandle;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.context.ContextKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParallelMapTest {
  private static final Context BG = Context.background();

  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Leaks.baseline();
  }

  private static List<Integer> range(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  /** Runs the map on a goroutine; the channel gets its list or the exception it threw. */
  private static Channel<Object> runAsync(ThrowingCallable map) {
    Channel<Object> outcome = Channel.make(1);
    go(
        () -> {
          Object r;
          try {
            r = map.call();
          } catch (Throwable e) {
            r = e;
          }
          outcome.send(r);
        });
    return outcome;
  }

  private interface ThrowingCallable {
    Object call() throws Exception;
  }

  @Test
  void keepsInputOrderWhateverTheOrderOfCompletion() throws Exception {
    int n = 8;
    List<Channel<Unit>> gates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gates.add(Channel.make());
    }
    Channel<Integer> finished = Channel.make(n);
    Channel<Object> outcome =
        runAsync(
            () ->
                parallelMap(
                    BG,
                    range(n),
                    (Integer i) -> {
                      gates.get(i).receive();
                      finished.send(i);
                      return "r" + i;
                    },
                    n));
    int[] completionOrder = {5, 2, 7, 0, 3, 6, 1, 4};

    for (int i : completionOrder) {
      gates.get(i).close();
      assertThat(finished.receive()).isEqualTo(i); // completes in exactly this order
    }

    assertThat(outcome.receive())
        .isEqualTo(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"));
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void neverRunsMoreCallsAtOnceThanTheConcurrency() throws Exception {
    int n = 10;
    int concurrency = 3;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    Channel<Unit> entered = Channel.make(n);
    Channel<Unit> gate = Channel.make(); // one token lets one call finish
    Channel<Object> outcome =
        runAsync(
            () ->
                parallelMap(
                    BG,
                    range(n),
                    (Integer i) -> {
                      max.accumulateAndGet(running.incrementAndGet(), Math::max);
                      entered.send(Unit.VALUE);
                      gate.receive();
                      running.decrementAndGet();
                      return i;
                    },
                    concurrency));
    for (int i = 0; i < concurrency; i++) {
      entered.receive();
    }
    for (int i = concurrency; i < n; i++) {
      gate.send(Unit.VALUE); // one call finishes ...
      entered.receive(); // ... and the next one starts
    }
    gate.close();

    assertThat(outcome.receive()).isEqualTo(range(n));
    assertThat(max).hasValue(concurrency);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void firstErrorStopsTheRestAndIsTheCause() throws Exception {
    IOException boom = new IOException("boom");
    AtomicInteger calls = new AtomicInteger();
    Channel<Unit> zeroRunning = Channel.make(1);
    Channel<Object> zeroSaw = Channel.make(1);
    ThrowingBiFunction<Context, Integer, String> fn =
        (c, i) -> {
          calls.incrementAndGet();
          if (i == 0) {
            zeroRunning.send(Unit.VALUE);
            c.done().receive(); // runs until the map stops
            zeroSaw.send(c.err());
            return "zero";
          }
          zeroRunning.receive(); // input 1 fails while input 0 runs
          throw boom;
        };

    assertThatThrownBy(() -> parallelMap(BG, range(10), fn, 2))
        .isInstanceOf(PipelineException.class)
        .cause()
        .isSameAs(boom);
    assertThat(calls).as("inputs 2..9 never started").hasValue(2);
    assertThat(zeroSaw.receive()).isSameAs(Context.CANCELED);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void firstErrorStopsLaterInputsOfASequentialMap() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    AtomicInteger calls = new AtomicInteger();
    ThrowingFunction<Integer, Integer> fn =
        i -> {
          calls.incrementAndGet();
          if (i == 3) {
            throw boom;
          }
          return i;
        };

    assertThatThrownBy(() -> parallelMap(BG, range(10), fn, 1))
        .isInstanceOf(PipelineException.class)
        .hasCause(boom);
    assertThat(calls).hasValue(4);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void laterFailuresAreSuppressedOnTheFirst() throws Exception {
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    Channel<Unit> firstFailed = Channel.make(1);
    Channel<Unit> secondRunning = Channel.make(1);
    ThrowingBiFunction<Context, Integer, String> fn =
        (c, i) -> {
          if (i == 0) {
            secondRunning.receive();
            firstFailed.send(Unit.VALUE); // fails just after this
            throw first;
          }
          secondRunning.send(Unit.VALUE);
          c.done().receive(); // the first failure stops the map
          throw second; // not the context's error: a real failure, kept
        };

    assertThatThrownBy(() -> parallelMap(BG, range(2), fn, 2))
        .isInstanceOf(PipelineException.class)
        .satisfies(
            e -> {
              assertThat(e.getCause()).isSameAs(first);
              assertThat(e.getSuppressed()).containsExactly(second);
            });
    assertThat(firstFailed.tryReceive()).isPresent();
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void canceledContextStopsTheMapWithTheContextError() throws Exception {
    CancelableContext ctx = Context.withCancel(BG);
    AtomicInteger calls = new AtomicInteger();
    Channel<Unit> entered = Channel.make(10);
    Channel<Object> outcome =
        runAsync(
            () ->
                parallelMap(
                    ctx,
                    range(10),
                    (c, i) -> {
                      calls.incrementAndGet();
                      entered.send(Unit.VALUE);
                      c.done().receive();
                      c.throwIfDone(); // the usual reaction: not a failure of fn
                      return i;
                    },
                    2));
    entered.receive();
    entered.receive();

    ctx.cancel();

    assertThat(outcome.receive()).isSameAs(Context.CANCELED);
    assertThat(calls).hasValue(2);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /**
   * A custom context (not go4j's) whose cancellation reaches its go4j children only when the test
   * says so: its afterFunc functions run in their own goroutine some time after it is done, as
   * {@link AfterFuncContext} allows. It opens, deterministically, the window that a go4j parent has
   * too (its err is set and its done closed before its children are canceled).
   */
  private static final class LaggingContext implements AfterFuncContext {
    private final Channel<Unit> done = Channel.make();
    private final ConcurrentLinkedQueue<Task> afterFuncs = new ConcurrentLinkedQueue<>();
    private volatile ContextException err;

    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }

    @Override
    public ReceiveChannel<Unit> done() {
      return done;
    }

    @Override
    public ContextException err() {
      return err;
    }

    @Override
    public <T> T value(ContextKey<T> key) {
      return null;
    }

    @Override
    public AfterFuncHandle afterFunc(Task f) {
      afterFuncs.add(f);
      return () -> afterFuncs.remove(f);
    }

    /** Done now; the children learn of it at {@link #propagate()}. */
    void cancel() {
      err = Context.CANCELED;
      done.close();
    }

    void propagate() {
      for (Task f; (f = afterFuncs.poll()) != null; ) {
        go(f);
      }
    }
  }

  @Test
  void aCallThatAnswersTheCallersContextWithItsErrorIsNotAFailure() throws Exception {
    LaggingContext ctx = new LaggingContext();
    Channel<Unit> entered = Channel.make(1);
    Channel<Object> outcome =
        runAsync(
            () ->
                parallelMap(
                    ctx,
                    range(1),
                    i -> { // ignores its own context: it watches the caller's, as the doc allows
                      entered.send(Unit.VALUE);
                      ctx.done().receive();
                      ctx.throwIfDone(); // the usual reaction: not a failure of fn
                      return i;
                    },
                    1));
    entered.receive();

    ctx.cancel(); // the map's inner context has not heard of it yet

    assertThat(outcome.receive()).isSameAs(Context.CANCELED);
    ctx.propagate();
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void contextDoneAtTheCallThrowsItsErrorAndStartsNothing() throws Exception {
    CancelableContext ctx = Context.withCancel(BG);
    ctx.cancel();
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> parallelMap(ctx, range(5), i -> calls.incrementAndGet(), 2))
        .isSameAs(Context.CANCELED);
    assertThat(calls).hasValue(0);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void emptyInputGivesAnEmptyList() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    List<Integer> out = parallelMap(BG, List.<Integer>of(), i -> calls.incrementAndGet(), 4);

    assertThat(out).isEmpty();
    assertThat(calls).hasValue(0);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void interruptedCallerCancelsTheCallsAndWaitsForThemBeforeThrowing() throws Exception {
    AtomicInteger running = new AtomicInteger();
    Channel<Unit> entered = Channel.make(2);
    Channel<Object> outcome = Channel.make(1);
    Thread caller =
        go(
            () -> {
              try {
                outcome.send(
                    parallelMap(
                        BG,
                        range(6),
                        (c, i) -> {
                          running.incrementAndGet();
                          entered.send(Unit.VALUE);
                          c.done().receive();
                          running.decrementAndGet();
                          return i;
                        },
                        2));
              } catch (InterruptedException e) {
                outcome.send(running.get()); // calls still running when it threw
              }
            });
    entered.receive();
    entered.receive();

    caller.interrupt();

    assertThat(outcome.receive()).isEqualTo(0);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /**
   * An interrupt that comes after a call failed: the InterruptedException carries that failure as
   * suppressed ("an exception of fn is never hidden"); before, the failure was dropped (raised in
   * review).
   */
  @Test
  void anInterruptAfterAFailureKeepsTheFailureAsSuppressed() throws Exception {
    IOException boom = new IOException("boom");
    Channel<Unit> secondStarted = Channel.make(1);
    Channel<Unit> failureSeen = Channel.make(1);
    Channel<Unit> release = Channel.make();
    Channel<Object> outcome = Channel.make(1);
    Thread caller =
        go(
            () -> {
              try {
                outcome.send(
                    parallelMap(
                        BG,
                        range(2),
                        (c, i) -> {
                          if (i == 0) {
                            secondStarted.receive(); // else no input starts after the failure
                            throw boom;
                          }
                          secondStarted.send(Unit.VALUE);
                          c.done().receive(); // canceled once the failure is recorded
                          failureSeen.send(Unit.VALUE);
                          release.receive(); // still running when the caller is interrupted
                          return i;
                        },
                        2));
              } catch (InterruptedException e) {
                outcome.send(e);
              }
            });
    failureSeen.receive();
    interruptThenRelease(caller, release);
    Object r = outcome.receive();
    assertThat(r).isInstanceOf(InterruptedException.class);
    assertThat(((Throwable) r).getSuppressed()).containsExactly(boom);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /**
   * Every exception of fn recorded before an interrupt travels with the InterruptedException, the
   * first one first, as a PipelineException would carry them (found in review: only the first did).
   */
  @Test
  void anInterruptAfterTwoFailuresKeepsBothAsSuppressed() throws Exception {
    IOException first = new IOException("first");
    IOException second = new IOException("second");
    Channel<Unit> started = Channel.make(2);
    Channel<Unit> failureSeen = Channel.make(1);
    Channel<Unit> release = Channel.make();
    Channel<Object> outcome = Channel.make(1);
    Thread caller =
        go(
            () -> {
              try {
                outcome.send(
                    parallelMap(
                        BG,
                        range(3),
                        (c, i) -> {
                          if (i == 0) {
                            started.receive(); // both others run before the first failure
                            started.receive();
                            throw first;
                          }
                          started.send(Unit.VALUE);
                          c.done().receive(); // canceled once the first failure is recorded
                          if (i == 1) {
                            throw second; // recorded after the first
                          }
                          failureSeen.send(Unit.VALUE);
                          release.receive(); // still running when the caller is interrupted
                          return i;
                        },
                        3));
              } catch (InterruptedException e) {
                outcome.send(e);
              }
            });
    failureSeen.receive();
    // The workers of inputs 0 and 1 end right after their failures are recorded: wait until only
    // the caller and the worker of input 2 are left.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (io.github.go4j.Go.numGoroutine() > baseline + 2) {
      assertThat(System.nanoTime() - deadline).as("both failures recorded").isNegative();
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    interruptThenRelease(caller, release);
    Object r = outcome.receive();
    assertThat(r).isInstanceOf(InterruptedException.class);
    assertThat(((Throwable) r).getSuppressed()).containsExactly(first, second);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  /**
   * Interrupts the caller of parallelMap, then releases the running call only once the caller's
   * wait has thrown and the caller waits again for it (parked, its status cleared by the throw);
   * released earlier, the wait could complete normally instead, keeping the status.
   */
  private static void interruptThenRelease(Thread caller, Channel<Unit> release)
      throws InterruptedException {
    caller.interrupt();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (caller.isInterrupted() || caller.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime() - deadline)
          .as("the caller's wait saw the interrupt")
          .isNegative();
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    release.send(Unit.VALUE);
  }

  /**
   * A goroutine of the map runs several calls one after another: an interrupt status that one call
   * leaves set (here it interrupts itself, as code that restores a caught interrupt does) must not
   * reach the next call, which belongs to another input (found in review: with one goroutine, the
   * call for input 1 started interrupted and failed the map).
   */
  @Test
  void anInterruptLeftByACallDoesNotReachTheNextCallOnItsGoroutine() throws Exception {
    ThrowingFunction<Integer, Boolean> fn =
        i -> {
          boolean interruptedAtStart = Thread.currentThread().isInterrupted();
          if (i == 0) {
            Thread.currentThread().interrupt(); // left set when the call returns
          }
          return interruptedAtStart;
        };

    assertThat(parallelMap(BG, range(3), fn, 1))
        .as("interrupt status at the start of each call")
        .containsExactly(false, false, false);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void rejectsNullArgumentsAndBadConcurrencyByName() {
    ThrowingFunction<Integer, Integer> fn = i -> i;
    assertThatThrownBy(() -> parallelMap(null, range(1), fn, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context ctx must not be null");
    assertThatThrownBy(() -> parallelMap(BG, null, fn, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inputs must not be null");
    assertThatThrownBy(
            () -> parallelMap(BG, range(1), (ThrowingFunction<Integer, Integer>) null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function fn must not be null");
    assertThatThrownBy(
            () ->
                parallelMap(BG, range(1), (ThrowingBiFunction<Context, Integer, Integer>) null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function fn must not be null");
    assertThatThrownBy(() -> parallelMap(BG, range(1), fn, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> parallelMap(BG, range(1), fn, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-3");
  }
}
