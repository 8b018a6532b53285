package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.Task;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The channel plumbing of Go's pipeline literature, as plain functions of a {@link Context}: the
 * generators, {@code take}, {@code orDone}, fan-in {@code merge}, {@code tee}, {@code bridge} and
 * the {@code or} channel.
 *
 * <pre>{@code
 * func orDone(done <-chan struct{}, c <-chan int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for {
 *             select {
 *             case <-done:
 *                 return
 *             case v, ok := <-c:
 *                 if !ok { return }
 *                 select {
 *                 case out <- v:
 *                 case <-done:
 *                 }
 *             }
 *         }
 *     }()
 *     return out
 * }
 * }</pre>
 *
 * is {@code Pipelines.orDone(ctx, c)}, and {@code merge(ctx, a, b, c)} is the fan-in with a
 * goroutine per input, a WaitGroup and a closer that every port used to write by hand.
 *
 * <p>Every function starts its goroutine(s) and returns at once. Each goroutine owns the output
 * channel it returns, and closes it when its input ends or when {@code ctx} is done: after {@code
 * ctx} is cancelled, every goroutine started here exits within one value and every output is closed
 * (a goroutine blocked on a send or receive is released by {@code ctx.done()}). Outputs are
 * unbuffered, as in Go's examples: back-pressure is kept, a slow reader slows the whole chain.
 *
 * <p>None of these functions runs code of the caller's that can fail, so they need no error
 * handling. Stages that do ({@code map}, {@code filter}, generators from a function, parallel
 * stages, {@code batch}) belong to a {@link Pipeline}, which collects their failures and cancels
 * the rest; the Pipeline has each function of this class too, bound to its own context.
 *
 * <p><b>Memory consistency effects:</b> those of the channels: actions before a value is sent on an
 * input happen-before the receipt of that value from the output.
 */
public final class Pipelines {
  private Pipelines() {}

  /** A scope of detached goroutines stopped by a context. */
  private record Detached(Context ctx) implements Scope {
    Detached {
      Objects.requireNonNull(ctx, "context ctx must not be null");
    }

    @Override
    public void spawn(Task body) {
      Go.go(body);
    }

    @Override
    public void fail(Throwable e) {
      Ops.reportPanic(e); // Go's unrecovered panic
    }

    @Override
    public ReceiveChannel<?> done() {
      return ctx.done();
    }

    @Override
    public boolean canceled() {
      return ctx.err() != null;
    }

    @Override
    public int buffer() {
      return 0;
    }
  }

  private static Scope scope(Context ctx) {
    return new Detached(ctx);
  }

  /**
   * Go's generator, {@code for _, v := range values { select { case out <- v: case <-done: return }
   * }}: sends the values in order, then closes the output.
   *
   * @param ctx stops the generator when done
   * @param values the values; none may be null
   * @param <T> the element type
   * @return the output
   * @throws NullPointerException if an argument or a value is null
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public static <T> ReceiveChannel<T> generate(Context ctx, T... values) {
    Objects.requireNonNull(values, "values must not be null");
    return Stages.generate(scope(ctx), List.copyOf(Arrays.asList(values)));
  }

  /**
   * Sends the values of {@code values} in iteration order, then closes the output. The iterator
   * runs on the generator's goroutine; an exception it throws closes the output and is reported to
   * {@link Go#panicHandler()} (use {@link Pipeline#generate(Iterable)} to have it reach the
   * caller).
   *
   * @param ctx stops the generator when done
   * @param values the values
   * @param <T> the element type
   * @return the output
   */
  public static <T> ReceiveChannel<T> generate(Context ctx, Iterable<? extends T> values) {
    return Stages.generate(scope(ctx), values);
  }

  /**
   * Go's {@code repeat}: sends the values in order, over and over, until {@code ctx} is done.
   *
   * @param ctx stops the generator when done
   * @param values the values, at least one; none may be null
   * @param <T> the element type
   * @return the output
   * @throws IllegalArgumentException if no value is given
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public static <T> ReceiveChannel<T> repeat(Context ctx, T... values) {
    Objects.requireNonNull(values, "values must not be null");
    return Stages.repeat(scope(ctx), Arrays.asList(values.clone()));
  }

  /**
   * Go's {@code take}: forwards the first {@code n} values of {@code in}, then closes the output
   * (earlier if {@code in} closes or {@code ctx} is done). It reads no more than {@code n} values.
   *
   * @param ctx stops the stage when done
   * @param in the input
   * @param n how many values to forward, zero or more
   * @param <T> the element type
   * @return the output
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public static <T> ReceiveChannel<T> take(Context ctx, ReceiveChannel<? extends T> in, long n) {
    return Stages.take(scope(ctx), in, n);
  }

  /**
   * Go's fan-in {@code merge(done, cs...)}: one goroutine per input forwards its values to a single
   * output, which closes once every input is closed (at once for no input) or when {@code ctx} is
   * done. Values of one input keep their order; values of different inputs interleave.
   *
   * @param ctx stops the stage when done
   * @param inputs the channels to merge
   * @param <T> the element type
   * @return the output
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public static <T> ReceiveChannel<T> merge(Context ctx, ReceiveChannel<? extends T>... inputs) {
    Objects.requireNonNull(inputs, "inputs must not be null");
    return Stages.merge(scope(ctx), Arrays.asList(inputs));
  }

  /**
   * {@link #merge(Context, ReceiveChannel[])} for a list of channels.
   *
   * @param ctx stops the stage when done
   * @param inputs the channels to merge
   * @param <T> the element type
   * @return the output
   */
  public static <T> ReceiveChannel<T> merge(
      Context ctx, List<? extends ReceiveChannel<? extends T>> inputs) {
    return Stages.merge(scope(ctx), inputs);
  }

  /**
   * Go's {@code orDone(done, c)}: the values of {@code in} until it closes or {@code ctx} is done,
   * so that {@code for v : orDone(ctx, in)} needs no select. Closing the output when {@code ctx} is
   * done is the point: a reader of {@code in} alone would block forever if its writer stopped.
   *
   * @param ctx ends the output when done
   * @param in the input
   * @param <T> the element type
   * @return the output
   */
  public static <T> ReceiveChannel<T> orDone(Context ctx, ReceiveChannel<? extends T> in) {
    return Stages.orDone(scope(ctx), in);
  }

  /**
   * Go's {@code tee(done, in)}: sends each value of {@code in} on both outputs (see {@link Tee} for
   * how a slow reader of one output affects the other). Both close when {@code in} closes or {@code
   * ctx} is done.
   *
   * @param ctx stops the stage when done
   * @param in the input
   * @param <T> the element type
   * @return the two outputs
   */
  public static <T> Tee<T> tee(Context ctx, ReceiveChannel<? extends T> in) {
    return Stages.tee(scope(ctx), in);
  }

  /**
   * Go's {@code bridge(done, chanStream)}: the values of each channel received from {@code chans},
   * one channel after the other, as a single channel. The output closes when {@code chans} closes
   * (after its last channel is drained) or when {@code ctx} is done.
   *
   * @param ctx stops the stage when done
   * @param chans a channel of channels
   * @param <T> the element type
   * @return the output
   */
  public static <T> ReceiveChannel<T> bridge(
      Context ctx, ReceiveChannel<? extends ReceiveChannel<? extends T>> chans) {
    return Stages.bridge(scope(ctx), chans);
  }

  /**
   * Go's {@code or(channels...)}: a channel that closes when any of {@code dones} closes (or
   * receives a value). With no channel it is the nil channel, as in Go.
   *
   * <p>A goroutine waits on the channels until one of them closes: if none ever does it waits for
   * ever. Pass a {@code ctx.done()} among them, or use {@link Pipeline#or}, to bound its life.
   *
   * @param dones the channels to watch
   * @return a channel closed when any of them is
   */
  public static ReceiveChannel<Unit> or(ReceiveChannel<?>... dones) {
    Objects.requireNonNull(dones, "done channels dones must not be null");
    return or(Arrays.asList(dones));
  }

  /**
   * {@link #or(ReceiveChannel[])} for a list of channels.
   *
   * @param dones the channels to watch
   * @return a channel closed when any of them is
   */
  public static ReceiveChannel<Unit> or(List<? extends ReceiveChannel<?>> dones) {
    Objects.requireNonNull(dones, "done channels dones must not be null");
    if (dones.isEmpty()) {
      return Channel.<Unit>nil().receiveOnly();
    }
    return Stages.or(scope(Context.background()), dones);
  }
}
