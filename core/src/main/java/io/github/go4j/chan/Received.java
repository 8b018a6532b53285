package io.github.go4j.chan;

/**
 * The result of Go's two-valued receive, {@code v, ok := <-ch}.
 *
 * <p>{@code ok} is true if the value was delivered by a send, false if the channel is closed and
 * drained; then {@code value} is null (go4j's stand-in for Go's zero value).
 *
 * @param value the received value, or null when {@code ok} is false
 * @param ok whether a value was received
 * @param <T> the element type
 */
public record Received<T>(T value, boolean ok) {
  private static final Received<?> CLOSED = new Received<>(null, false);

  /**
   * Returns the result of a receive from a closed and drained channel: {@code (null, false)}.
   *
   * @param <T> the element type
   * @return the shared closed result
   */
  @SuppressWarnings("unchecked")
  public static <T> Received<T> closed() {
    return (Received<T>) CLOSED;
  }
}
