package io.github.go4j.internal;

import java.util.Arrays;

/**
 * Waiters claimed under a lock, to be woken once it is released (close() wakes every blocked
 * goroutine of a channel; a sync primitive may grant several at once). Allocated per such call:
 * only closes and multi-grants use it, never a per-message path.
 */
public final class WakeList {
  private Waiter[] waiters;
  private int size;

  /** A list with room for four waiters, grown on demand. */
  public WakeList() {
    this(4);
  }

  /**
   * A list with room for {@code capacity} waiters, so that adding that many allocates nothing (a
   * caller that must not fail halfway through its claims sizes it before it claims).
   *
   * @param capacity the number of waiters the list holds without growing
   */
  public WakeList(int capacity) {
    waiters = new Waiter[Math.max(capacity, 1)];
  }

  /**
   * Adds a claimed waiter.
   *
   * @param w the waiter
   */
  void add(Waiter w) {
    if (size == waiters.length) {
      if (TestHooks.ON) {
        TestHooks.run(growHook);
      }
      waiters = Arrays.copyOf(waiters, size * 2);
    }
    waiters[size++] = w;
  }

  /**
   * Adds the owner of a node that the caller claimed or granted.
   *
   * @param n the node
   */
  public void add(Node n) {
    add(n.owner);
  }

  /*
   * Test hook, for CloseAllocationFailureHookTest only (see TestHooks): add runs growHook (if set)
   * before it grows the list, so that a test can make the growth fail as an allocation would.
   */
  static volatile Runnable growHook;

  /** Wakes every added waiter; call after releasing the lock. */
  public void wakeAll() {
    for (int i = 0; i < size; i++) {
      waiters[i].wake();
      waiters[i] = null;
    }
    size = 0;
  }
}
