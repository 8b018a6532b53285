package io.github.go4j.patterns;

/**
 * An action on one value that may throw checked exceptions, like the body of a Go {@code for v :=
 * range ch} loop: pattern functions accept it so Go code ports without try/catch noise.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface ThrowingConsumer<T> {
  /**
   * Acts on {@code value}.
   *
   * @param value the value
   * @throws Exception anything the action throws; the pattern that ran it reports it as its
   *     documentation says (a pipeline fails with it)
   */
  void accept(T value) throws Exception;
}
