package io.github.go4j.context;

/**
 * A context with its cancel function: Go's {@code ctx, cancel := context.WithCancel(parent)}.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(parent, Duration.ofSeconds(1))) {
 *   work(ctx);
 * } // close() cancels: Go's defer cancel()
 * }</pre>
 *
 * <p>Returned by {@link Context#withCancel}, {@link Context#withDeadline}, {@link
 * Context#withTimeout} and their {@code Cause} variants. {@link #cancel()} is Go's {@code
 * CancelFunc}: it cancels this context and its descendants, releases the resources tied to it (a
 * pending deadline timer, the registration in its parent) and does not wait for work to stop. As in
 * Go, call it (or {@link #close()}) as soon as the work is done, even if the context expired:
 * try-with-resources does it for you. Neither method blocks beyond a short internal lock hold; they
 * are safe for concurrent use and idempotent (the first cancellation wins).
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code cancel()} or {@code
 * close()} happen-before actions in another thread after it observes, as a result, this context or
 * a descendant as done: a receive from {@link #done()} that observes it closed, or {@link #err()}
 * returning non-null.
 */
public interface CancelableContext extends Context, AutoCloseable {
  /**
   * Go's {@code cancel()}: cancels this context with {@link Context#CANCELED} (and no cause other
   * than that). Does nothing if it was already canceled or its deadline passed. Synchronous: when
   * it returns, this context and every descendant are done; {@link Context#afterFunc} functions
   * registered on them have been started in their own goroutines (not waited for).
   */
  void cancel();

  /** The same as {@link #cancel()}, so that try-with-resources is Go's {@code defer cancel()}. */
  @Override
  default void close() {
    cancel();
  }
}
