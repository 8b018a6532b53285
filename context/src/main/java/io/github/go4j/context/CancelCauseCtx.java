package io.github.go4j.context;

/** Go's {@code WithCancelCause} result: a {@link CancelCtx} whose cancel records a cause. */
final class CancelCauseCtx extends CancelCtx implements CancelCauseContext {
  CancelCauseCtx(Context parent) {
    super(parent);
  }

  @Override
  public void cancel(Throwable cause) {
    cancel(true, Context.CANCELED, cause);
  }

  @Override
  public void cancel() {
    cancel(true, Context.CANCELED, null);
  }
}
