package io.github.go4j.context;

/**
 * A context with a cancel function that records a cause: Go's {@code ctx, cancel :=
 * context.WithCancelCause(parent)}.
 *
 * <pre>{@code
 * CancelCauseContext ctx = Context.withCancelCause(parent);
 * ctx.cancel(new IOException("connection reset"));
 * ctx.err();              // Context.CANCELED
 * Context.cause(ctx);     // the IOException
 * }</pre>
 *
 * <p>Blocking and interruption are those of {@link CancelableContext}: cancel never blocks beyond a
 * short internal lock hold and is safe for concurrent use.
 *
 * <p><b>Memory consistency effects:</b> those of {@link CancelableContext}, and the cause is
 * published with the cancellation: actions in a thread prior to {@code cancel(cause)} happen-before
 * {@link Context#cause(Context)} returning that cause in another thread (for this context or a
 * descendant it canceled).
 */
public interface CancelCauseContext extends CancelableContext {
  /**
   * Go's {@code cancel(cause)}: cancels this context with {@link Context#CANCELED} and records
   * {@code cause}, which {@link Context#cause(Context)} then returns for this context and the
   * descendants it cancels. A null cause records {@link Context#CANCELED} (Go's {@code
   * cancel(nil)}). If the context was already canceled, nothing changes: the first cause wins.
   *
   * @param cause why the context is canceled, or null
   */
  void cancel(Throwable cause);

  /** Go's {@code cancel(nil)}: the same as {@code cancel(null)}. */
  @Override
  default void cancel() {
    cancel(null);
  }
}
