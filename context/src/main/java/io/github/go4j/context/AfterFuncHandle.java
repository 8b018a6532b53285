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
 *
 * <p>{@code stop()} never blocks beyond a short internal lock hold, is not interruptible, and is
 * safe to call from any thread, any number of times.
 *
 * <p><b>Memory consistency effects:</b> if {@code stop()} returns true, the function never runs. If
 * it returns false because the function started, actions prior to the cancellation that started it
 * happen-before the function runs; {@code stop()} itself gives no ordering with the function's
 * actions (it does not wait for them).
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
