package io.github.go4j.context;

import io.github.go4j.Task;

/**
 * A user-implemented context that can run a function when it is done: Go's optional interface
 * {@code interface { AfterFunc(func()) func() bool }} that {@code context.go} looks for on a
 * parent.
 *
 * <pre>{@code
 * final class MyContext implements AfterFuncContext { ... }
 * Context.withCancel(new MyContext());   // registers through MyContext.afterFunc, no goroutine
 * }</pre>
 *
 * <p>When the parent of a go4j context is neither a go4j context nor wraps one (its {@code
 * value(...)} delegating to one with the same {@code done()} channel), go4j must learn of the
 * parent's cancellation some other way. If the parent implements this interface, the child
 * registers a function through {@link #afterFunc(Task)}, and calls the returned handle's {@code
 * stop()} when the child is canceled first. Otherwise go4j starts one goroutine per such child that
 * waits on both {@code done()} channels (Go does the same).
 *
 * <p>An implementation must run {@code f} once, in its own goroutine, after the context is done (at
 * once if it already is), unless stopped first; {@code afterFunc} itself must not block.
 */
public interface AfterFuncContext extends Context {
  /**
   * Go's {@code AfterFunc(f)} method: arranges to run {@code f} in its own goroutine after this
   * context is done.
   *
   * @param f the function to run
   * @return the handle whose {@code stop()} unregisters {@code f}
   */
  AfterFuncHandle afterFunc(Task f);
}
