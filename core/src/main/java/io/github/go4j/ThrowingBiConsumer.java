package io.github.go4j;

/**
 * An action on two values that may throw checked exceptions, returning nothing: the body of a
 * select case that is a statement of the form {@code case v, ok := <-ch:} (see {@link
 * io.github.go4j.chan.ReceiveChannel#onReceiveOkDo}).
 *
 * @param <T> the first value's type
 * @param <U> the second value's type
 */
@FunctionalInterface
public interface ThrowingBiConsumer<T, U> {
  /**
   * Acts on {@code t} and {@code u}.
   *
   * @param t the first value
   * @param u the second value
   * @throws Exception anything the action throws; it propagates unchanged to the caller of the
   *     construct that ran it
   */
  void accept(T t, U u) throws Exception;
}
