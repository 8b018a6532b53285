package io.github.go4j;

/**
 * An action on one value that may throw checked exceptions, returning nothing: the body of a select
 * case that is a statement, Go's {@code case v := <-ch: out = append(out, v)} (see {@link
 * io.github.go4j.chan.ReceiveChannel#onReceiveDo}).
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface ThrowingConsumer<T> {
  /**
   * Acts on {@code t}.
   *
   * @param t the value
   * @throws Exception anything the action throws; it propagates unchanged to the caller of the
   *     construct that ran it
   */
  void accept(T t) throws Exception;
}
