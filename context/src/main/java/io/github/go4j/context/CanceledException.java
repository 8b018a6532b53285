package io.github.go4j.context;

/**
 * Go's {@code context.Canceled}: the error of a context that was canceled, with Go's message
 * "context canceled". Its only instance is {@link Context#CANCELED}.
 *
 * <p><b>Memory consistency effects:</b> none of its own: an immutable shared value.
 */
public final class CanceledException extends ContextException {
  private static final long serialVersionUID = 1L;

  CanceledException() {
    super("context canceled");
  }

  /**
   * Always false: a cancellation is not a timeout.
   *
   * @return false
   */
  @Override
  public boolean isTimeout() {
    return false;
  }

  /**
   * Keeps the instance unique across serialization, so that {@code ==} comparisons hold.
   *
   * @return {@link Context#CANCELED}
   */
  private Object readResolve() {
    return Context.CANCELED;
  }
}
