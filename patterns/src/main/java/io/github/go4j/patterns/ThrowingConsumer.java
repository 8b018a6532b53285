package io.github.go4j.patterns;

/**
 * An action on one value that may throw checked exceptions, like the body of a Go {@code for v :=
 * range ch} loop: pattern functions accept it so Go code ports without try/catch noise. It is
 * go4j-core's {@link io.github.go4j.ThrowingConsumer} (the body of a statement select case) under
 * the name the patterns have always taken, so one action serves both.
 *
 * @param <T> the value's type
 */
@FunctionalInterface
public interface ThrowingConsumer<T> extends io.github.go4j.ThrowingConsumer<T> {
  /**
   * Acts on {@code value}.
   *
   * @param value the value
   * @throws Exception anything the action throws; the pattern that ran it reports it as its
   *     documentation says (a pipeline fails with it)
   */
  @Override
  void accept(T value) throws Exception;
}
