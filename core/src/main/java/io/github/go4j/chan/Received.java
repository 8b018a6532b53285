package io.github.go4j.chan;

/**
 * The result of Go's two-valued receive, {@code v, ok := <-ch}.
 *
 * <p>{@code ok} is true if the value was delivered by a send, false if the channel is closed and
 * drained; then {@code value} is null (go4j's stand-in for Go's zero value; {@link #valueOr} gives
 * the real one).
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

  /**
   * Go's {@code v} of {@code v, ok := <-ch} with Go's zero value: the value, or {@code zero} when
   * {@code ok} is false. {@code int v = ch.receiveOk().valueOr(0)} cannot throw the unboxing {@link
   * NullPointerException} that {@code int v = ch.receiveOk().value()} throws on a closed channel.
   *
   * @param zero what to return if {@code ok} is false (Go's zero value of the element type); may be
   *     null
   * @return {@code value} if {@code ok}, else {@code zero}
   */
  public T valueOr(T zero) {
    return ok ? value : zero;
  }
}
