package io.github.go4j.patterns;

import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.ReceiveChannel;
import java.time.Duration;
import java.util.List;

/**
 * The fluent form of a {@link Pipeline}: each method adds a stage to the pipeline, exactly as the
 * pipeline's method of the same name does, and returns a flow over the stage's output.
 *
 * <pre>{@code
 * // Go: for v := range take(done, sq(done, gen(done, 1, 2, 3, 4)), 2) { ... }
 * try (Pipeline p = Pipeline.create(ctx)) {
 *     List<Integer> firstTwo = p.flowOf(1, 2, 3, 4).map(n -> n * n).take(2).toList();
 * }
 * }</pre>
 *
 * <p>A flow is a thin value: the stages run as soon as they are added, whether or not the chain is
 * consumed. Cancellation, errors and memory consistency are the pipeline's.
 *
 * @param <T> the element type of this point of the chain
 */
public final class Flow<T> {
  private final Pipeline pipeline;
  private final ReceiveChannel<T> channel;

  Flow(Pipeline pipeline, ReceiveChannel<T> channel) {
    this.pipeline = pipeline;
    this.channel = channel;
  }

  /**
   * The channel of this point of the chain, to read or to pass to another stage.
   *
   * @return the channel
   */
  public ReceiveChannel<T> channel() {
    return channel;
  }

  /**
   * Adds {@link Pipeline#map(ReceiveChannel, ThrowingFunction)}.
   *
   * @param fn the function
   * @param <R> the output type
   * @return the flow of its output
   */
  public <R> Flow<R> map(ThrowingFunction<? super T, ? extends R> fn) {
    return new Flow<>(pipeline, pipeline.map(channel, fn));
  }

  /**
   * Adds the ordered parallel {@link Pipeline#map(ReceiveChannel, ThrowingFunction, int)}.
   *
   * @param fn the function
   * @param workers how many goroutines apply it
   * @param <R> the output type
   * @return the flow of its output
   */
  public <R> Flow<R> map(ThrowingFunction<? super T, ? extends R> fn, int workers) {
    return new Flow<>(pipeline, pipeline.map(channel, fn, workers));
  }

  /**
   * Adds {@link Pipeline#mapUnordered}.
   *
   * @param fn the function
   * @param workers how many goroutines apply it
   * @param <R> the output type
   * @return the flow of its output
   */
  public <R> Flow<R> mapUnordered(ThrowingFunction<? super T, ? extends R> fn, int workers) {
    return new Flow<>(pipeline, pipeline.mapUnordered(channel, fn, workers));
  }

  /**
   * Adds {@link Pipeline#mapNotNull}.
   *
   * @param fn the function; null skips the value
   * @param <R> the output type
   * @return the flow of its output
   */
  public <R> Flow<R> mapNotNull(ThrowingFunction<? super T, ? extends R> fn) {
    return new Flow<>(pipeline, pipeline.mapNotNull(channel, fn));
  }

  /**
   * Adds {@link Pipeline#filter}.
   *
   * @param keep the predicate
   * @return the flow of its output
   */
  public Flow<T> filter(ThrowingFunction<? super T, Boolean> keep) {
    return new Flow<>(pipeline, pipeline.filter(channel, keep));
  }

  /**
   * Adds {@link Pipeline#take}.
   *
   * @param n how many values to forward
   * @return the flow of its output
   */
  public Flow<T> take(long n) {
    return new Flow<>(pipeline, pipeline.take(channel, n));
  }

  /**
   * Adds {@link Pipeline#batch}.
   *
   * @param size the largest list
   * @param maxWait the longest a value waits for its list to fill; null for no limit
   * @return the flow of its output
   */
  public Flow<List<T>> batch(int size, Duration maxWait) {
    return new Flow<>(pipeline, pipeline.batch(channel, size, maxWait));
  }

  /**
   * A terminal operation: runs {@code action} on each value on the calling thread until the chain
   * ends, then ends the pipeline and waits for it, as {@link Pipeline#toList} does. An exception of
   * {@code action} cancels the pipeline and propagates at once, without waiting for the stages to
   * end: {@link Pipeline#close()} (try-with-resources) waits for them.
   *
   * @param action what to do with each value; its exception cancels the pipeline and propagates
   * @throws PipelineException if a stage failed
   * @throws io.github.go4j.context.ContextException the pipeline's error if it was cancelled before
   *     the chain ended
   * @throws InterruptedException if interrupted while waiting
   */
  public void forEach(ThrowingConsumer<? super T> action) throws InterruptedException {
    pipeline.drain(channel, action);
  }

  /**
   * A terminal operation: {@link Pipeline#toList} on the calling thread.
   *
   * @return the values, in order
   * @throws PipelineException if a stage failed
   * @throws io.github.go4j.context.ContextException the pipeline's error if it was cancelled before
   *     the chain ended
   * @throws InterruptedException if interrupted while waiting
   */
  public List<T> toList() throws InterruptedException {
    return pipeline.toList(channel);
  }
}
