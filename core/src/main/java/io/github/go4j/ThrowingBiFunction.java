package io.github.go4j;

/**
 * A function of two arguments that may throw checked exceptions: the body of a select case of the
 * form {@code case v, ok := <-ch:}.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ThrowingBiFunction<T, U, R> {
  /**
   * Applies the function.
   *
   * @param t the first argument
   * @param u the second argument
   * @return the result
   * @throws Exception anything the function throws; it propagates unchanged to the caller of the
   *     construct that ran it
   */
  R apply(T t, U u) throws Exception;
}
