package io.github.go4j;

/**
 * A function of one argument that may throw checked exceptions: the body of a select receive case
 * ({@code case v := <-ch:}) and of pipeline stages.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ThrowingFunction<T, R> {
  /**
   * Applies the function.
   *
   * @param t the argument
   * @return the result
   * @throws Exception anything the function throws; it propagates unchanged to the caller of the
   *     construct that ran it
   */
  R apply(T t) throws Exception;
}
