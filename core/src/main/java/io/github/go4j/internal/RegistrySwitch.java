package io.github.go4j.internal;

import java.util.function.Consumer;

/**
 * What the public registry API ({@code io.github.go4j.Goroutines}) must know about {@link
 * GoroutineRegistry} without loading it: loading that class reads its switch ({@code
 * -Dgo4j.registry}) and fixes it for good, so asking whether the registry is on, or setting the
 * deadlock handler, before {@code Goroutines.enable()} must not load it.
 */
public final class RegistrySwitch {
  private RegistrySwitch() {}

  /** Set when GoroutineRegistry has loaded, and so fixed its switch. */
  static volatile boolean decided;

  /** The deadlock handler set before the registry loaded: it adopts it when it loads. */
  static volatile Consumer<String> handler;

  /**
   * Whether the registry is on, without fixing its switch when nothing has fixed it yet (and the
   * property does not turn it on): then it is off for now, and {@code enable()} may still turn it
   * on.
   *
   * @return true if goroutines are tracked
   */
  public static boolean on() {
    return (decided || Boolean.getBoolean(GoroutineRegistry.PROPERTY)) && GoroutineRegistry.ON;
  }

  /**
   * Sets the deadlock handler, for the registry if it is on, and for the registry to adopt if it
   * loads later (after {@code enable()}).
   *
   * @param h the handler
   */
  public static void setHandler(Consumer<String> h) {
    handler = h; // then read decided: the registry's load reads handler, then sets decided
    if (on()) {
      GoroutineRegistry.onDeadlock(h);
    }
  }
}
