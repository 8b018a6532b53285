package io.github.go4j;

/**
 * Thrown where a blocking operation is interrupted but its signature cannot declare {@link
 * InterruptedException}, for instance {@code hasNext()} of the iterator of a channel ({@code for v
 * := range ch}). The thread's interrupt status is set again before this is thrown, so the
 * interruption is not lost; the cause is the original {@link InterruptedException}.
 */
public final class UncheckedInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps an interruption.
   *
   * @param cause the interruption
   */
  public UncheckedInterruptedException(InterruptedException cause) {
    super(cause.getMessage() == null ? "interrupted" : cause.getMessage(), cause);
  }

  @Override
  public InterruptedException getCause() {
    return (InterruptedException) super.getCause();
  }
}
