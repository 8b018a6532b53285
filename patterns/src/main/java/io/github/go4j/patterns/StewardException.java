package io.github.go4j.patterns;

import java.io.Serial;

/**
 * A {@link Steward} gave up: its ward needed another restart after the restart limit was used up,
 * or the restart listener threw. Thrown by {@link Steward#await()} and returned by {@link
 * Steward#failure()}.
 *
 * <p>The {@linkplain #getCause() cause} is what the last ward threw ({@link #reason()} {@link
 * Steward.Reason#THREW}), the exception of the restart listener, or null when the last ward stopped
 * pulsing or returned. Go's steward restarts forever and only logs; the Java form reports the end
 * to whoever waits for the steward.
 *
 * <p><b>Memory consistency effects:</b> none of its own; see {@link Steward}.
 */
public class StewardException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** The restarts made before giving up. */
  private final int restarts;

  /** Why the last ward needed a restart. */
  private final Steward.Reason reason;

  /**
   * Reports that a steward gave up.
   *
   * @param message the detail message
   * @param restarts the restarts made before giving up
   * @param reason why the last ward needed a restart, or null
   * @param cause what the last ward (or the restart listener) threw, or null
   */
  public StewardException(String message, int restarts, Steward.Reason reason, Throwable cause) {
    super(message, cause);
    this.restarts = restarts;
    this.reason = reason;
  }

  /**
   * The restarts the steward made (and reported) before it gave up.
   *
   * @return the number of restarts
   */
  public int restarts() {
    return restarts;
  }

  /**
   * Why the last ward needed the restart that was not made; null if the steward failed for another
   * reason (its {@link Steward.Timeouts} threw: the cause).
   *
   * @return the reason, or null
   */
  public Steward.Reason reason() {
    return reason;
  }
}
