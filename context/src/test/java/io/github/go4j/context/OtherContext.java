package io.github.go4j.context;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code otherContext}: a Context that is not one of go4j's types and delegates everything, to
 * exercise the code paths for custom contexts.
 */
class OtherContext implements Context {
  final Context inner;

  OtherContext(Context inner) {
    this.inner = inner;
  }

  @Override
  public Optional<Instant> deadline() {
    return inner.deadline();
  }

  @Override
  public ReceiveChannel<Unit> done() {
    return inner.done();
  }

  @Override
  public ContextException err() {
    return inner.err();
  }

  @Override
  public <T> T value(ContextKey<T> key) {
    return inner.value(key);
  }

  /** Whether {@code ctx.done()} is closed, without blocking: Go's {@code select { case <-d: }}. */
  static boolean isDone(Context ctx) {
    return ctx.done().tryReceive().isPresent();
  }
}
