package io.github.go4j.context;

/**
 * Why a context is done: Go's {@code context.Canceled} or {@code context.DeadlineExceeded}, the
 * only two values of {@code ctx.Err()}.
 *
 * <pre>{@code
 * if (ctx.err() == Context.DEADLINE_EXCEEDED) { ... }   // Go: errors.Is(err, context.DeadlineExceeded)
 * if (ctx.err() instanceof DeadlineExceededException) { ... }
 * }</pre>
 *
 * <p>There are exactly two instances, {@link Context#CANCELED} ("context canceled") and {@link
 * Context#DEADLINE_EXCEEDED} ("context deadline exceeded"), so they compare with {@code ==} like
 * Go's sentinel errors. Being shared values, they carry no stack trace and accept no suppressed
 * exceptions; deserialization yields the same instances. They are unchecked so that {@link
 * Context#throwIfDone()} can be called anywhere.
 *
 * <p>{@link #isTimeout()} is Go's {@code Timeout() bool} method: true for a deadline. For APIs that
 * expect Java's timeout type, {@link DeadlineExceededException#asTimeout()} gives a {@link
 * java.util.concurrent.TimeoutException} caused by it.
 *
 * <p><b>Memory consistency effects:</b> none of its own: these are immutable shared values.
 */
public abstract sealed class ContextException extends RuntimeException
    permits CanceledException, DeadlineExceededException {
  private static final long serialVersionUID = 1L;

  ContextException(String message) {
    super(message, null, false, false);
  }

  /**
   * Go's {@code Timeout() bool} (the {@code net.Error} convention): whether this error is a
   * timeout.
   *
   * @return true for {@link Context#DEADLINE_EXCEEDED}, false for {@link Context#CANCELED}
   */
  public abstract boolean isTimeout();
}
