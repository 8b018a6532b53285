package io.github.go4j.patterns;

import java.io.Serial;

/**
 * A task of an {@link ErrGroup} threw: thrown by {@link ErrGroup#await()}, Go's {@code err :=
 * g.Wait()} returning non-nil. The {@linkplain #getCause() cause} is the first exception a task
 * threw, unchanged ({@link ErrGroup#err()} returns it too); later exceptions of other tasks that
 * were not answers to the cancellation are {@linkplain #getSuppressed() suppressed} on this one.
 *
 * <p>The exception is wrapped (as {@code java.util.concurrent.ExecutionException} wraps a task's
 * failure) so that the stack trace shows both where the task failed and where the caller learned of
 * it. Each {@code await()} that reports the failure throws a new instance with the same cause.
 */
public class ErrGroupException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Wraps the first exception of a group's task.
   *
   * @param cause what the task threw
   */
  public ErrGroupException(Throwable cause) {
    super(String.valueOf(cause), cause);
  }
}
