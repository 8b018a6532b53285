package io.github.go4j.context;

import java.util.concurrent.TimeoutException;

/**
 * Go's {@code context.DeadlineExceeded}: the error of a context whose deadline passed, with Go's
 * message "context deadline exceeded". Its only instance is {@link Context#DEADLINE_EXCEEDED}.
 *
 * <p>It is a timeout: {@link #isTimeout()} returns true (Go's {@code Timeout() bool}), and {@link
 * #asTimeout()} converts it to Java's {@link TimeoutException} for APIs that expect one.
 *
 * <p><b>Memory consistency effects:</b> none of its own: an immutable shared value.
 */
public final class DeadlineExceededException extends ContextException {
  private static final long serialVersionUID = 1L;

  DeadlineExceededException() {
    super("context deadline exceeded");
  }

  /**
   * Always true: Go's {@code DeadlineExceeded.Timeout()}.
   *
   * @return true
   */
  @Override
  public boolean isTimeout() {
    return true;
  }

  /**
   * Returns a new {@link TimeoutException} with this message, whose cause is this exception, and
   * whose stack trace is the caller's: {@code throw Context.DEADLINE_EXCEEDED.asTimeout();}.
   *
   * @return a fresh checked timeout exception
   */
  public TimeoutException asTimeout() {
    TimeoutException e = new TimeoutException(getMessage());
    e.initCause(this);
    return e;
  }

  /**
   * Keeps the instance unique across serialization, so that {@code ==} comparisons hold.
   *
   * @return {@link Context#DEADLINE_EXCEEDED}
   */
  private Object readResolve() {
    return Context.DEADLINE_EXCEEDED;
  }
}
