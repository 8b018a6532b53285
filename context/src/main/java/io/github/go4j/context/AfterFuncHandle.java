package io.github.go4j.context;

/**
 * The stop function of an {@link Context#afterFunc afterFunc} registration: Go's {@code stop :=
 * context.AfterFunc(ctx, f)}, a {@code func() bool}.
 *
 * <p>{@code AutoCloseable} without a checked exception, so a registration can be scoped:
 *
 * <pre>{@code
 * try (AfterFuncHandle h = Context.interruptOnDone(ctx, Thread.currentThread())) {
 *   return socketChannel.read(buffer); // interrupted if ctx is canceled meanwhile
 * }
 * }</pre>
 *
 * <p>Custom contexts that implement {@link AfterFuncContext} return one from their own {@code
 * afterFunc}; it is a functional interface for that reason.
 */
@FunctionalInterface
public interface AfterFuncHandle extends AutoCloseable {
  /**
   * Go's {@code stop()}: unregisters the function. Returns true if this call stopped it from being
   * run; false if it had already been started (or the registration was already stopped). Does not
   * wait for a function that has started; never blocks beyond a short lock hold.
   *
   * @return whether this call prevented the function from running
   */
  boolean stop();

  /** Calls {@link #stop()} and ignores its result. */
  @Override
  default void close() {
    stop();
  }
}
