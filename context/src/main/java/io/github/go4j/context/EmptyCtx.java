package io.github.go4j.context;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.time.Instant;
import java.util.Optional;

/** Go's {@code backgroundCtx} and {@code todoCtx}: never canceled, no deadline, no values. */
final class EmptyCtx implements Context {
  static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
  static final EmptyCtx TODO = new EmptyCtx("context.TODO");

  private final String name;

  private EmptyCtx(String name) {
    this.name = name;
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
  public <T> T value(ContextKey<T> key) {
    return null;
  }

  @Override
  public String toString() {
    return name;
  }
}
