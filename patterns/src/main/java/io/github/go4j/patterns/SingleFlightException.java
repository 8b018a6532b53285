package io.github.go4j.patterns;

import java.io.Serial;

/**
 * A function run through a {@link SingleFlight} (or a {@link TtlCache} loader) threw: the
 * {@linkplain #getCause() cause} is what it threw, unchanged. Every caller that shared the call
 * gets its own {@code SingleFlightException} with the same cause, so that each stack trace shows
 * where that caller learned of the failure.
 *
 * <p>Go returns the error as {@code Do}'s second result; {@link SingleFlight#doCall(Object,
 * java.util.concurrent.Callable)} does too ({@link SingleFlight.Result#error()}), and {@link
 * SingleFlight#get(Object, java.util.concurrent.Callable)} throws this exception instead.
 */
public class SingleFlightException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Wraps the failure of a shared call.
   *
   * @param cause what the function threw
   */
  public SingleFlightException(Throwable cause) {
    super(String.valueOf(cause), cause);
  }
}
