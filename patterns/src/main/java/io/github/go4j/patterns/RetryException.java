package io.github.go4j.patterns;

import java.io.Serial;

/**
 * A {@link Retry} gave up: every attempt failed, or an attempt failed with an error its retry-on
 * predicate rejects. The {@linkplain #getCause() cause} is the last attempt's failure, unchanged;
 * the failures of the earlier attempts are {@linkplain #getSuppressed() suppressed} on this
 * exception, oldest first.
 */
public class RetryException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The number of attempts made. */
  private final int attempts;

  /**
   * Creates the exception for a retry that gave up.
   *
   * @param message what happened
   * @param attempts the number of attempts made
   * @param last the last attempt's failure
   */
  public RetryException(String message, int attempts, Throwable last) {
    super(message, last);
    this.attempts = attempts;
  }

  /**
   * The number of attempts made, the last one included.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  /** A copy for another caller that shared the attempts: its own stack trace, the same causes. */
  RetryException copy() {
    RetryException e = new RetryException(getMessage(), attempts, getCause());
    for (Throwable s : getSuppressed()) {
      e.addSuppressed(s);
    }
    return e;
  }
}
