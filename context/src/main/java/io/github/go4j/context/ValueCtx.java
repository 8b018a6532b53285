package io.github.go4j.context;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code valueCtx}: one key-value pair over a parent.
 *
 * <p>{@code done}, {@code err} and {@code deadline} go straight to the nearest ancestor that is not
 * a {@code ValueCtx} ({@link #base}), so a long chain of values costs no recursion; {@code value}
 * walks the chain iteratively ({@link Contexts#value}). All fields are final: a {@code ValueCtx} is
 * safely published however it is shared.
 */
final class ValueCtx implements Context {
  final Context parent;
  final Context base; // nearest ancestor that is not a ValueCtx
  final ContextKey<?> key;
  final Object val;

  ValueCtx(Context parent, ContextKey<?> key, Object val) {
    this.parent = parent;
    this.base = parent instanceof ValueCtx v ? v.base : parent;
    this.key = key;
    this.val = val;
  }

  @Override
  public Optional<Instant> deadline() {
    return base.deadline();
  }

  @Override
  public ReceiveChannel<Unit> done() {
    return base.done();
  }

  @Override
  public ContextException err() {
    return base.err();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T value(ContextKey<T> k) {
    return (T) Contexts.value(this, k);
  }

  @Override
  public String toString() {
    return Contexts.name(this);
  }
}
