package io.github.go4j.patterns;

import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.sync.WaitGroup;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounded parallel map: Go's {@code errgroup} with a limit, each goroutine writing its own slot of
 * the result slice.
 *
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * g.SetLimit(concurrency)
 * out := make([]R, len(inputs))
 * for i, in := range inputs {
 *     g.Go(func() (err error) { out[i], err = fn(ctx, in); return })
 * }
 * err := g.Wait()
 * }</pre>
 *
 * <p>In Java:
 *
 * <pre>{@code
 * List<Page> pages = ParallelMap.parallelMap(ctx, urls, (c, url) -> fetch(c, url), 8);
 * }</pre>
 *
 * <p><b>Blocking and interruption.</b> {@code parallelMap} blocks until every goroutine it started
 * has exited. If the calling thread is interrupted while it waits, it cancels the work (the
 * functions' context is canceled and no further input is started), still waits for the running
 * calls to return, and then throws {@link InterruptedException}. The goroutines are not
 * interruptible: each runs calls one after another, and an interrupt status that a call leaves set
 * (or that reaches the goroutine between calls) is cleared before its next call, so it never
 * reaches the call of another input. A stop reaches the calls through their context, never as an
 * interrupt.
 *
 * <p><b>Memory consistency effects:</b> actions in the calling thread prior to {@code parallelMap}
 * happen-before every call of the function; the actions of every call happen-before {@code
 * parallelMap} returns or throws (the goroutines are joined by a {@link WaitGroup}).
 */
public final class ParallelMap {
  private ParallelMap() {}

  /**
   * Applies {@code fn} to every input, at most {@code concurrency} calls at a time, each on a
   * goroutine, and returns the results in input order.
   *
   * <p>Equivalent to {@link #parallelMap(Context, List, ThrowingBiFunction, int)} with a function
   * that ignores its context: a failure still stops the inputs not yet started, but calls already
   * running are not told.
   *
   * @param ctx when done, no further input is started and the call throws {@code ctx.err()}
   * @param inputs the inputs (read once, up front; may contain nulls)
   * @param fn the function; may return null
   * @param concurrency the most calls of {@code fn} running at once, 1 or more
   * @param <T> the input type
   * @param <R> the result type
   * @return the results, {@code results.get(i) == fn(inputs.get(i))}, an unmodifiable list
   * @throws PipelineException if {@code fn} threw; see {@link #parallelMap(Context, List,
   *     ThrowingBiFunction, int)}
   * @throws ContextException {@code ctx.err()} if {@code ctx} was done before every input was
   *     mapped
   * @throws InterruptedException if interrupted while waiting (after the running calls returned)
   * @throws NullPointerException if {@code ctx}, {@code inputs} or {@code fn} is null
   * @throws IllegalArgumentException if {@code concurrency} is less than 1
   */
  public static <T, R> List<R> parallelMap(
      Context ctx,
      List<? extends T> inputs,
      ThrowingFunction<? super T, ? extends R> fn,
      int concurrency)
      throws InterruptedException {
    Objects.requireNonNull(fn, "function fn must not be null");
    return parallelMap(ctx, inputs, (c, t) -> fn.apply(t), concurrency);
  }

  /**
   * Applies {@code fn} to every input, at most {@code concurrency} calls at a time, each on a
   * goroutine, and returns the results in input order; {@code fn} receives a context that is
   * canceled when the map stops early.
   *
   * <p>Inputs are started in order by {@code min(concurrency, inputs.size())} goroutines. The map
   * stops early on the first of:
   *
   * <ul>
   *   <li>{@code fn} throws: no input is started after the failure is recorded, the context of the
   *       running calls is canceled, and once they have returned this throws a {@link
   *       PipelineException} whose cause is the first exception; later exceptions of {@code fn} are
   *       {@linkplain Throwable#getSuppressed() suppressed} on it, except {@link ContextException}s
   *       thrown after the stop (the calls' own reaction to it);
   *   <li>{@code ctx} is done: no further input is started, the running calls see their context
   *       canceled, and once they have returned this throws {@code ctx.err()}. A call that reacts
   *       by throwing a {@link ContextException} is not a failure; one that throws anything else
   *       is, and is reported as above (an exception of {@code fn} is never hidden). If every input
   *       had been mapped anyway, the results are returned.
   * </ul>
   *
   * <p>A {@code ctx} already done at the call throws {@code ctx.err()} without starting anything,
   * even for empty inputs. Empty inputs otherwise give an empty list and start no goroutine.
   *
   * @param ctx the parent of the functions' context
   * @param inputs the inputs (read once, up front; may contain nulls)
   * @param fn the function, given a context canceled when the map stops early; may return null
   * @param concurrency the most calls of {@code fn} running at once, 1 or more
   * @param <T> the input type
   * @param <R> the result type
   * @return the results, {@code results.get(i) == fn(c, inputs.get(i))}, an unmodifiable list
   * @throws PipelineException if {@code fn} threw, with the first exception as its cause
   * @throws ContextException {@code ctx.err()} if {@code ctx} was done before every input was
   *     mapped
   * @throws InterruptedException if interrupted while waiting (after the running calls returned);
   *     the exceptions of {@code fn} recorded by then are attached to it as suppressed, the first
   *     first
   * @throws NullPointerException if {@code ctx}, {@code inputs} or {@code fn} is null
   * @throws IllegalArgumentException if {@code concurrency} is less than 1
   */
  public static <T, R> List<R> parallelMap(
      Context ctx,
      List<? extends T> inputs,
      ThrowingBiFunction<? super Context, ? super T, ? extends R> fn,
      int concurrency)
      throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Objects.requireNonNull(inputs, "inputs must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    ctx.throwIfDone();
    Object[] in = inputs.toArray();
    if (in.length == 0) {
      return List.of();
    }
    Mapping<T, R> m;
    try (CancelableContext inner = Context.withCancel(ctx)) {
      m = new Mapping<>(ctx, inner, in, fn);
      WaitGroup wg = new WaitGroup();
      int workers = Math.min(concurrency, in.length);
      try {
        for (int w = 0; w < workers; w++) {
          wg.go(m::work);
        }
      } catch (Throwable e) { // a goroutine did not start: stop and join the others
        inner.cancel();
        awaitUninterruptibly(wg);
        throw e;
      }
      try {
        wg.await();
      } catch (InterruptedException e) {
        inner.cancel();
        awaitUninterruptibly(wg);
        m.suppressFailureIn(e); // an exception of fn is never hidden
        throw e;
      }
    }
    return m.outcome(ctx);
  }

  /** Waits for {@code wg}, keeping an interrupt for the caller. */
  private static void awaitUninterruptibly(WaitGroup wg) {
    boolean interrupted = false;
    while (true) {
      try {
        wg.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The shared state of one call: the inputs, the result slots and the first failure. */
  private static final class Mapping<T, R> {
    /** The caller's context. */
    private final Context parent;

    /** The functions' context: a child of the caller's, canceled when the map stops early. */
    private final CancelableContext stop;

    private final Object[] in;
    private final Object[] out;
    private final ThrowingBiFunction<? super Context, ? super T, ? extends R> fn;

    /** The next input to start; set to {@code in.length} by a failure so that none starts. */
    private final AtomicLong next = new AtomicLong();

    private final AtomicInteger mapped = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Queue<Throwable> later = new ConcurrentLinkedQueue<>();

    /**
     * Attaches the recorded failures of {@code fn}, if any, to {@code e} as suppressed: the first,
     * then the later ones (those {@link #outcome} would attach to its PipelineException).
     */
    void suppressFailureIn(Throwable e) {
      Throwable first = failure.get();
      if (first == null) {
        return;
      }
      if (first != e) {
        e.addSuppressed(first);
      }
      for (Throwable t : later) {
        if (t != first && t != e) {
          e.addSuppressed(t);
        }
      }
    }

    Mapping(
        Context parent,
        CancelableContext stop,
        Object[] in,
        ThrowingBiFunction<? super Context, ? super T, ? extends R> fn) {
      this.parent = parent;
      this.stop = stop;
      this.in = in;
      this.out = new Object[in.length];
      this.fn = fn;
    }

    /** A goroutine's loop: claim the next input, map it, until none is left or the map stops. */
    @SuppressWarnings("unchecked")
    void work() {
      int n = in.length;
      while (!stopped()) {
        long i = next.getAndIncrement();
        if (i >= n) {
          return;
        }
        int k = (int) i;
        Thread.interrupted(); // an interrupt aimed at an earlier call must not reach this one
        try {
          out[k] = fn.apply(stop, (T) in[k]);
        } catch (Throwable e) {
          fail(e);
          return;
        } finally {
          Thread.interrupted(); // nor one the call left set: it was the call's
        }
        mapped.incrementAndGet();
      }
    }

    /**
     * Whether the map stops: {@code stop} is canceled, or the caller's context is done (its
     * cancellation reaches {@code stop} only after its own err is set, and a custom context's some
     * time later).
     */
    private boolean stopped() {
      return stop.err() != null || parent.err() != null;
    }

    private void fail(Throwable e) {
      if (e instanceof ContextException && stopped()) {
        return; // the call's reaction to the stop (ctx done, an earlier failure, an interrupt)
      }
      next.set(in.length); // from now on no input is claimed
      if (failure.compareAndSet(null, e)) {
        stop.cancel();
      } else {
        later.add(e);
      }
    }

    /** The results, or the exception that ended the map (called after every goroutine exited). */
    @SuppressWarnings("unchecked")
    List<R> outcome(Context parent) {
      Throwable first = failure.get();
      if (first != null) {
        PipelineException pe = new PipelineException(first);
        for (Throwable t : later) {
          if (t != first) {
            pe.addSuppressed(t);
          }
        }
        throw pe;
      }
      if (mapped.get() == in.length) {
        return Collections.unmodifiableList(Arrays.asList((R[]) out));
      }
      ContextException err = parent.err(); // only ctx stops a map without a failure
      throw err != null ? err : Context.CANCELED;
    }
  }
}
