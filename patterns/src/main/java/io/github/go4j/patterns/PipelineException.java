package io.github.go4j.patterns;

import java.io.Serial;

/**
 * A function run by a pattern on another goroutine threw: a {@link Pipeline} stage, a {@link
 * ParallelMap#parallelMap(io.github.go4j.context.Context, java.util.List,
 * io.github.go4j.ThrowingFunction, int) parallelMap} function. The {@linkplain #getCause() cause}
 * is the first exception thrown, unchanged; exceptions other stages threw afterwards are
 * {@linkplain #getSuppressed() suppressed} on this one.
 *
 * <p>Go has no exceptions: a Go pipeline sends its errors on a channel or returns them from an
 * errgroup's {@code Wait}. The exception is wrapped (as {@code
 * java.util.concurrent.ExecutionException} wraps a task's failure) so that the stack trace shows
 * both where the function failed and where the caller learned of it.
 */
public class PipelineException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Wraps the failure of a function a pattern ran.
   *
   * @param cause what the function threw
   */
  public PipelineException(Throwable cause) {
    super(String.valueOf(cause), cause);
  }
}
