package io.github.go4j.context;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.time.Instant;
import java.util.Optional;

/** Go's {@code withoutCancelCtx}: the parent's values, nothing else. */
final class WithoutCancelCtx implements Context {
  final Context parent;

  WithoutCancelCtx(Context parent) {
    this.parent = parent;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public ReceiveChannel<Unit> done() {
    return Channel.nil();
  }

  @Override
  public ContextException err() {
    return null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T value(ContextKey<T> key) {
    return (T) Contexts.value(this, key);
  }

  @Override
  public String toString() {
    return Contexts.name(this);
  }
}
