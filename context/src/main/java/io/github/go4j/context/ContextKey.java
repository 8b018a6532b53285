package io.github.go4j.context;

import java.util.Objects;

/**
 * A typed key for {@link Context#withValue}: Go's idiom of an unexported key type, {@code type
 * userKey struct{}}.
 *
 * <pre>{@code
 * static final ContextKey<User> USER = ContextKey.of("user");
 * Context ctx = Context.withValue(parent, USER, user);
 * User u = ctx.value(USER);          // null if absent
 * }</pre>
 *
 * <p>Keys compare by identity: two calls to {@link #of(String)} with the same name make two
 * distinct keys, so packages cannot collide (Go gets this from distinct types). Keep keys in {@code
 * static final} fields. The name is used only by {@link #toString()}, which context {@code
 * toString()} forms print.
 *
 * <p><b>Memory consistency effects:</b> none of its own: keys are immutable and safe to share.
 *
 * @param <T> the type of the value stored under this key
 */
public final class ContextKey<T> {
  private final String name;

  private ContextKey(String name) {
    this.name = name;
  }

  /**
   * Creates a new key, distinct from every other key.
   *
   * @param name a name for {@code toString()}
   * @param <T> the type of the value stored under the key
   * @return the key
   * @throws NullPointerException if {@code name} is null
   */
  public static <T> ContextKey<T> of(String name) {
    return new ContextKey<>(Objects.requireNonNull(name, "name must not be null"));
  }

  /**
   * Returns the name given to {@link #of(String)}.
   *
   * @return the key's name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the name, as Go's {@code String()} of a key type.
   *
   * @return the key's name
   */
  @Override
  public String toString() {
    return name;
  }
}
