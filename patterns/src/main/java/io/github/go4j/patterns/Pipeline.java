package io.github.go4j.patterns;

import io.github.go4j.Task;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelCauseContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cancellable pipeline of stages, each a goroutine that owns and closes its output channel: Go's
 * pipeline pattern with the errgroup discipline a real one needs.
 *
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * nums := gen(ctx, g, 1, 2, 3, 4)
 * sq1, sq2 := sq(ctx, g, nums), sq(ctx, g, nums)      // fan-out
 * for n := range merge(ctx, g, sq1, sq2) {            // fan-in
 *     fmt.Println(n)
 * }
 * if err := g.Wait(); err != nil { ... }
 * }</pre>
 *
 * <pre>{@code
 * try (Pipeline p = Pipeline.create(ctx)) {
 *     ReceiveChannel<Integer> nums = p.generate(1, 2, 3, 4);
 *     ReceiveChannel<Integer> squares = p.merge(p.fanOut(nums, 2, n -> n * n));
 *     for (int n : squares) {
 *         System.out.println(n);
 *     }
 * } // close(): cancels what still runs, waits for every stage, throws PipelineException if one failed
 * }</pre>
 *
 * <p><b>Stages.</b> Every stage method starts its goroutine(s) and returns the output channel at
 * once; stages compose by passing one's output as the next one's input ({@link #flow} offers the
 * same chain fluently). Each output closes when the stage's input closes (after the stage has sent
 * what it derived), when the pipeline is cancelled, or when the stage fails. Outputs have the
 * capacity given at {@linkplain #create(Context, int) creation} (0, unbuffered, by default):
 * nothing buffers beyond it, so a slow consumer slows every stage before it.
 *
 * <p><b>Cancellation.</b> The pipeline's {@linkplain #context() context} is derived from the parent
 * given at creation; it is cancelled when the parent is, by {@link #cancel()}, by {@link #close()},
 * or when a stage fails. Every stage checks it once per value and races it in every wait, so after
 * cancellation each stage goroutine exits within one value and closes its output. Consumers reading
 * an output therefore see it close; they tell an early end from a complete one by {@link #await()}
 * or {@link #err()}.
 *
 * <p><b>Errors.</b> A function given to a stage ({@code map}, {@code filter}, a generator's
 * supplier, ...) may throw any exception, checked ones included. The first exception cancels the
 * pipeline, with the exception as the context's {@linkplain Context#cause cause}; {@link #await()}
 * and {@link #close()} then throw {@link PipelineException} with it as the cause (later exceptions
 * are suppressed on it). Nothing is swallowed as long as the pipeline is closed, which
 * try-with-resources guarantees. A stage records its failure before it closes its output, so a
 * consumer that sees an output close early already finds the failure in {@link #err()}. A stage
 * that ends by throwing the context's own error after the pipeline was cancelled (Go's {@code
 * return ctx.Err()}, here {@code ctx.throwIfDone()}) reports the cancellation, not a failure: it is
 * not recorded. A stage's function returning null for a value it must send fails the stage with a
 * {@link NullPointerException} (channels carry no null), except in {@link #filter}, whose predicate
 * decides, and {@link #mapNotNull}, where null means "skip".
 *
 * <p><b>Leaks.</b> {@link #await()} waits for every goroutine the pipeline started, so once {@code
 * close()} returns none is left running ({@link io.github.go4j.Go#numGoroutine()} is back where it
 * was). {@code await()} without cancellation waits for the stages to end by themselves: with an
 * endless source ({@link #repeat}, an endless {@link #generate(Callable)}) use {@code close()} or
 * {@code cancel()} first.
 *
 * <p><b>Memory consistency effects:</b> actions before a value is sent on a stage's input
 * happen-before the stage's function runs on that value, which happens-before the receipt of its
 * result from the stage's output. Actions of every stage goroutine happen-before {@link #await()}
 * and {@link #close()} return.
 *
 * <p><b>When stages may be added.</b> Instances are thread-safe, and stages may be added from any
 * goroutine, with errgroup's rule (its {@code Go} calls {@code WaitGroup.Add}, as {@link #go} and
 * every stage method do here): a stage must be added before the {@link #await()} or {@link
 * #close()} meant to wait for it, by the thread that then calls it or by one whose call
 * happens-before it, or from a stage of this pipeline while that stage runs (its own goroutine
 * keeps the count above zero, so a waiting {@code await} waits for the new stage too). A stage
 * added from elsewhere while an {@code await} or {@code close} waits races the end of the last
 * stage: if it comes just as that stage ends and the waiters are released, it throws {@link
 * IllegalStateException} ("sync: WaitGroup misuse: Add called concurrently with Wait", Go's panic).
 * Once every {@code await} has returned, new stages may be added again and a later {@code await}
 * waits for them.
 */
public final class Pipeline implements AutoCloseable {
  private final CancelCauseContext ctx;
  private final ReceiveChannel<Unit> done;
  private final int buffer;
  private final WaitGroup stages = new WaitGroup();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Throwable> laterFailures = new ConcurrentLinkedQueue<>();
  private final Scope scope = new StageScope();

  private Pipeline(Context parent, int buffer) {
    Objects.requireNonNull(parent, "parent must not be null");
    if (buffer < 0) {
      throw new IllegalArgumentException("buffer must not be negative, got " + buffer);
    }
    this.ctx = Context.withCancelCause(parent);
    this.done = ctx.done();
    this.buffer = buffer;
  }

  /**
   * A pipeline whose stages have unbuffered outputs, as in Go's examples.
   *
   * @param parent cancels the pipeline when done
   * @return the pipeline
   */
  public static Pipeline create(Context parent) {
    return new Pipeline(parent, 0);
  }

  /**
   * A pipeline whose stages have outputs of capacity {@code buffer}: Go's {@code make(chan T,
   * buffer)} in each stage. A buffer lets a stage run ahead of the next one by that many values,
   * which lowers the cost per value of a chain a lot (each hand-off no longer needs the partner
   * waiting) without losing back-pressure.
   *
   * @param parent cancels the pipeline when done
   * @param buffer the capacity of each stage's output, zero or more
   * @return the pipeline
   * @throws IllegalArgumentException if {@code buffer} is negative
   */
  public static Pipeline create(Context parent, int buffer) {
    return new Pipeline(parent, buffer);
  }

  /**
   * The pipeline's context: done when the parent is, when the pipeline is cancelled or closed, or
   * when a stage fails (then its {@linkplain Context#cause cause} is the stage's exception). Give
   * it to code that should stop with the pipeline.
   *
   * @return the context
   */
  public Context context() {
    return ctx;
  }

  /** Cancels the pipeline: every stage stops within one value and closes its output. */
  public void cancel() {
    ctx.cancel();
  }

  /**
   * The first exception a stage threw, or null if none has (yet).
   *
   * @return the first failure, or null
   */
  public Throwable err() {
    return failure.get();
  }

  /**
   * Waits until every goroutine of the pipeline has exited, then reports the first failure:
   * errgroup's {@code g.Wait()}. Stages end by themselves when their inputs end; cancel first to
   * stop endless ones. May be called repeatedly, and by several goroutines.
   *
   * @throws PipelineException if a stage failed; its cause is the first exception thrown
   * @throws InterruptedException if interrupted while waiting (the pipeline goes on)
   */
  public void await() throws InterruptedException {
    stages.await();
    throwIfFailed();
  }

  /**
   * Cancels the pipeline and waits for every goroutine of it to exit, then reports the first
   * failure. Ending a try-with-resources block over a pipeline leaves nothing running.
   *
   * @throws PipelineException if a stage failed; its cause is the first exception thrown
   * @throws InterruptedException if interrupted while waiting (the stages are cancelled and exit on
   *     their own)
   */
  @Override
  public void close() throws InterruptedException {
    ctx.cancel();
    await();
  }

  private void throwIfFailed() {
    Throwable first = failure.get();
    if (first != null) {
      PipelineException e = new PipelineException(first);
      for (Throwable later : laterFailures) {
        e.addSuppressed(later);
      }
      throw e;
    }
  }

  /**
   * Starts a custom stage: a goroutine tracked by the pipeline, as errgroup's {@code g.Go(f)}. Its
   * exception fails the pipeline; {@link #await()} waits for it. The stage should stop when {@link
   * #context()} is done and close the channels it owns before it returns.
   *
   * <p>As errgroup's {@code Go} must, call it before the {@link #await()} or {@link #close()} meant
   * to wait for the stage, or from a stage of this pipeline (see the class comment).
   *
   * @param stage the body of the goroutine
   * @throws NullPointerException if {@code stage} is null
   * @throws IllegalStateException ({@link WaitGroup}'s "Add called concurrently with Wait") if
   *     called from outside the pipeline's stages just as the last running stage ends and an {@code
   *     await} or {@code close} returns; the stage was not started
   */
  public void go(Task stage) {
    scope.spawn(Objects.requireNonNull(stage, "stage must not be null"));
  }

  private void fail(Throwable e) {
    if (e instanceof ContextException && canceled()) {
      return; // a stage reporting the cancellation (ctx.throwIfDone()) is not a failure
    }
    if (failure.compareAndSet(null, e)) {
      ctx.cancel(e);
    } else if (!(e instanceof InterruptedException)) {
      laterFailures.add(e);
    }
  }

  private boolean canceled() {
    return ctx.err() != null;
  }

  /** The pipeline as the stages see it. */
  private final class StageScope implements Scope {
    @Override
    public void spawn(Task body) {
      stages.go(
          () -> {
            try {
              body.run();
            } catch (Throwable e) {
              fail(e);
            }
          });
    }

    @Override
    public void fail(Throwable e) {
      Pipeline.this.fail(e);
    }

    @Override
    public ReceiveChannel<?> done() {
      return done;
    }

    @Override
    public boolean canceled() {
      return Pipeline.this.canceled();
    }

    @Override
    public int buffer() {
      return buffer;
    }
  }

  // ---- sources ----

  /**
   * A generator: sends the values in order, then closes its output. Go's {@code gen(done,
   * nums...)}.
   *
   * @param values the values; none may be null
   * @param <T> the element type
   * @return the output
   * @throws NullPointerException if a value is null
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public final <T> ReceiveChannel<T> generate(T... values) {
    Objects.requireNonNull(values, "values must not be null");
    return Stages.generate(scope, List.copyOf(Arrays.asList(values)));
  }

  /**
   * A generator over an {@code Iterable}, iterated on the stage's goroutine: an exception from the
   * iterator fails the pipeline.
   *
   * @param values the values; none may be null (a null fails the stage)
   * @param <T> the element type
   * @return the output
   */
  public <T> ReceiveChannel<T> generate(Iterable<? extends T> values) {
    return Stages.generate(scope, values);
  }

  /**
   * A generator from a function (Go's {@code repeatFn}, or a generator reading a source): calls
   * {@code supplier} and sends its result, again and again, until it returns null (the end: the
   * output closes) or the pipeline is cancelled. An exception fails the pipeline.
   *
   * @param supplier produces the next value, or null at the end
   * @param <T> the element type
   * @return the output
   */
  public <T> ReceiveChannel<T> generate(Callable<? extends T> supplier) {
    return Stages.generate(scope, supplier);
  }

  /**
   * Go's {@code repeat(done, values...)}: the values in order, over and over, until the pipeline is
   * cancelled. Combine with {@link #take}.
   *
   * @param values the values, at least one; none may be null
   * @param <T> the element type
   * @return the output
   * @throws IllegalArgumentException if no value is given
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public final <T> ReceiveChannel<T> repeat(T... values) {
    Objects.requireNonNull(values, "values must not be null");
    return Stages.repeat(scope, Arrays.asList(values.clone()));
  }

  // ---- stages ----

  /**
   * Go's {@code take(done, in, n)}: forwards the first {@code n} values, then closes its output. It
   * reads no more than {@code n} values; the stage before it then blocks until the pipeline is
   * cancelled ({@link #close()} does it).
   *
   * @param in the input
   * @param n how many values to forward, zero or more
   * @param <T> the element type
   * @return the output
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public <T> ReceiveChannel<T> take(ReceiveChannel<? extends T> in, long n) {
    return Stages.take(scope, in, n);
  }

  /**
   * A stage applying {@code fn} to each value, in order, on one goroutine: Go's {@code sq(done,
   * in)}.
   *
   * @param in the input
   * @param fn the function; may throw; must not return null
   * @param <T> the input type
   * @param <R> the output type
   * @return the output
   */
  public <T, R> ReceiveChannel<R> map(
      ReceiveChannel<? extends T> in, ThrowingFunction<? super T, ? extends R> fn) {
    return Stages.map(scope, in, fn, false);
  }

  /**
   * {@link #map(ReceiveChannel, ThrowingFunction)} where a null result means "no value": the value
   * is skipped (a map and a filter in one stage).
   *
   * @param in the input
   * @param fn the function; may throw; null skips the value
   * @param <T> the input type
   * @param <R> the output type
   * @return the output
   */
  public <T, R> ReceiveChannel<R> mapNotNull(
      ReceiveChannel<? extends T> in, ThrowingFunction<? super T, ? extends R> fn) {
    return Stages.map(scope, in, fn, true);
  }

  /**
   * A parallel map that keeps the input order: {@code workers} goroutines apply {@code fn}, and the
   * results leave in the order the values came in. At most {@code 2 * workers} values are being
   * mapped or waiting for their turn to leave at once, and the stage reads one value more from
   * {@code in} while it waits for room (one slow value holds back the ones after it, not the
   * workers, until that window is full).
   *
   * @param in the input
   * @param fn the function; may throw; must not return null
   * @param workers how many goroutines apply {@code fn}
   * @param <T> the input type
   * @param <R> the output type
   * @return the output
   * @throws IllegalArgumentException if {@code workers} is not positive
   */
  public <T, R> ReceiveChannel<R> map(
      ReceiveChannel<? extends T> in, ThrowingFunction<? super T, ? extends R> fn, int workers) {
    return Stages.mapOrdered(scope, in, fn, workers);
  }

  /**
   * A parallel map whose results leave as they are ready: {@code workers} goroutines read the input
   * and send to one output (fan-out then fan-in). Cheaper than the ordered {@link
   * #map(ReceiveChannel, ThrowingFunction, int)}.
   *
   * @param in the input
   * @param fn the function; may throw; must not return null
   * @param workers how many goroutines apply {@code fn}
   * @param <T> the input type
   * @param <R> the output type
   * @return the output, closed when every worker has ended
   * @throws IllegalArgumentException if {@code workers} is not positive
   */
  public <T, R> ReceiveChannel<R> mapUnordered(
      ReceiveChannel<? extends T> in, ThrowingFunction<? super T, ? extends R> fn, int workers) {
    return Stages.mapUnordered(scope, in, fn, workers);
  }

  /**
   * A stage passing on the values for which {@code keep} returns true, in order.
   *
   * @param in the input
   * @param keep the predicate; may throw; must not return null
   * @param <T> the element type
   * @return the output
   */
  public <T> ReceiveChannel<T> filter(
      ReceiveChannel<? extends T> in, ThrowingFunction<? super T, Boolean> keep) {
    return Stages.filter(scope, in, keep);
  }

  /**
   * A stage grouping values into lists of {@code size}: a list is sent when it is full, when {@code
   * maxWait} has passed since its first value arrived, or when the input closes (the last, partial
   * list). Each list is new and belongs to its receiver.
   *
   * @param in the input
   * @param size the largest list, at least 1
   * @param maxWait the longest a value waits for its list to fill, positive; null for no limit
   * @param <T> the element type
   * @return the output
   * @throws IllegalArgumentException if {@code size} or {@code maxWait} is not positive
   */
  public <T> ReceiveChannel<List<T>> batch(
      ReceiveChannel<? extends T> in, int size, Duration maxWait) {
    return Stages.batch(scope, in, size, maxWait);
  }

  /**
   * Fan-out: {@code n} goroutines read the same input, each applying {@code fn} and sending to its
   * own output. Each value goes to exactly one of them. Merge the outputs with {@link
   * #merge(List)}.
   *
   * @param in the input
   * @param n how many goroutines
   * @param fn the function; may throw; must not return null
   * @param <T> the input type
   * @param <R> the output type
   * @return the {@code n} outputs
   * @throws IllegalArgumentException if {@code n} is not positive
   */
  public <T, R> List<ReceiveChannel<R>> fanOut(
      ReceiveChannel<? extends T> in, int n, ThrowingFunction<? super T, ? extends R> fn) {
    return Stages.fanOut(scope, in, n, fn);
  }

  /**
   * Fan-in, as {@link Pipelines#merge(Context, ReceiveChannel[])}.
   *
   * @param inputs the channels to merge
   * @param <T> the element type
   * @return the output, closed once every input is closed
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public final <T> ReceiveChannel<T> merge(ReceiveChannel<? extends T>... inputs) {
    Objects.requireNonNull(inputs, "inputs must not be null");
    return Stages.merge(scope, Arrays.asList(inputs));
  }

  /**
   * Fan-in of a list of channels, e.g. the outputs of {@link #fanOut}.
   *
   * @param inputs the channels to merge
   * @param <T> the element type
   * @return the output, closed once every input is closed
   */
  public <T> ReceiveChannel<T> merge(List<? extends ReceiveChannel<? extends T>> inputs) {
    return Stages.merge(scope, inputs);
  }

  /**
   * As {@link Pipelines#orDone}, bound to the pipeline.
   *
   * @param in the input
   * @param <T> the element type
   * @return the output
   */
  public <T> ReceiveChannel<T> orDone(ReceiveChannel<? extends T> in) {
    return Stages.orDone(scope, in);
  }

  /**
   * As {@link Pipelines#tee}, bound to the pipeline.
   *
   * @param in the input
   * @param <T> the element type
   * @return the two outputs
   */
  public <T> Tee<T> tee(ReceiveChannel<? extends T> in) {
    return Stages.tee(scope, in);
  }

  /**
   * As {@link Pipelines#bridge}, bound to the pipeline.
   *
   * @param chans a channel of channels
   * @param <T> the element type
   * @return the output
   */
  public <T> ReceiveChannel<T> bridge(ReceiveChannel<? extends ReceiveChannel<? extends T>> chans) {
    return Stages.bridge(scope, chans);
  }

  /**
   * As {@link Pipelines#or(ReceiveChannel[])}, also closed when the pipeline is cancelled, so its
   * goroutine never outlives the pipeline.
   *
   * @param dones the channels to watch
   * @return a channel closed when any of them is, or the pipeline is cancelled
   */
  public ReceiveChannel<Unit> or(ReceiveChannel<?>... dones) {
    Objects.requireNonNull(dones, "done channels dones must not be null");
    return Stages.or(scope, Arrays.asList(dones));
  }

  // ---- sinks, on the calling thread ----

  /**
   * Runs {@code action} on each value of {@code in} on the calling thread, until {@code in} closes
   * or the pipeline is cancelled. If {@code action} throws, the pipeline is cancelled (with the
   * exception as its context's cause) and the exception propagates unchanged.
   *
   * @param in the input, usually the last stage's output
   * @param action what to do with each value
   * @param <T> the element type
   * @throws InterruptedException if interrupted while waiting for a value
   */
  public <T> void forEach(ReceiveChannel<? extends T> in, ThrowingConsumer<? super T> action)
      throws InterruptedException {
    Objects.requireNonNull(in, "input channel in must not be null");
    Objects.requireNonNull(action, "action must not be null");
    Ops.Inlet<T> inlet = new Ops.Inlet<>(in, done);
    T v;
    while (!canceled() && (v = inlet.next()) != null) {
      try {
        action.accept(v);
      } catch (Throwable e) {
        ctx.cancel(e);
        throw Ops.<RuntimeException>sneaky(e);
      }
    }
  }

  /**
   * A terminal operation: collects the values of {@code in} on the calling thread until it closes,
   * then ends the pipeline (cancels what still runs, which has no reader left, e.g. the stages
   * before a {@link #take}) and waits for it, so that a complete list is told from one cut short.
   *
   * @param in the input, the last stage's output
   * @param <T> the element type
   * @return every value of {@code in}, in the order received
   * @throws PipelineException if a stage failed
   * @throws io.github.go4j.context.ContextException the pipeline's {@linkplain Context#err() error}
   *     if it was cancelled (by its parent or {@link #cancel()}) before {@code in} closed, or after
   *     that but before this call ended the pipeline itself: a stage that sees the cancellation
   *     closes its output early, so a close that comes with a cancellation cannot tell a complete
   *     list from one cut short, and is reported as cut short
   * @throws InterruptedException if interrupted while waiting
   */
  public <T> List<T> toList(ReceiveChannel<? extends T> in) throws InterruptedException {
    List<T> all = new ArrayList<>();
    drain(in, all::add);
    return all;
  }

  /**
   * The terminal form of {@link #forEach}: runs {@code action} on each value, then ends the
   * pipeline and waits for it as {@link #toList} does.
   */
  <T> void drain(ReceiveChannel<? extends T> in, ThrowingConsumer<? super T> action)
      throws InterruptedException {
    forEach(in, action);
    // read before cancelling: an error now means the pipeline ended before in closed
    io.github.go4j.context.ContextException cutShort = ctx.err();
    ctx.cancel();
    await();
    if (cutShort != null) {
      throw cutShort;
    }
  }

  /**
   * The fluent form of the pipeline, starting from an existing channel.
   *
   * @param in the source
   * @param <T> the element type
   * @return a flow over {@code in}
   */
  public <T> Flow<T> flow(ReceiveChannel<T> in) {
    return new Flow<>(this, Objects.requireNonNull(in, "input channel in must not be null"));
  }

  /**
   * The fluent form of the pipeline, starting from a generator of {@code values}.
   *
   * @param values the values; none may be null
   * @param <T> the element type
   * @return a flow over the values
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public final <T> Flow<T> flowOf(T... values) {
    return flow(generate(values));
  }

  @Override
  public String toString() {
    return "Pipeline[" + (canceled() ? "canceled" : "running") + ", failure=" + failure.get() + "]";
  }
}
