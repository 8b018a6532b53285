package io.github.go4j.chan;

/**
 * Go's empty struct {@code struct{}}: the element type of channels that only signal.
 *
 * <p>{@code chan struct{}} is {@code Channel<Unit>} and {@code ch <- struct{}{}} is {@code
 * ch.send(Unit.VALUE)}. A context's {@code done()} is a {@code ReceiveChannel<Unit>} that only ever
 * closes.
 */
public enum Unit {
  /** The one value, Go's {@code struct{}{}}. */
  VALUE
}
