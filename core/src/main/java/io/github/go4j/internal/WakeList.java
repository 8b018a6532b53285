package io.github.go4j.internal;

import java.util.Arrays;

/**
 * Waiters claimed under a lock, to be woken once it is released (close() wakes every blocked
 * goroutine of a channel; a sync primitive may grant several at once). Allocated per such call:
 * only closes and multi-grants use it, never a per-message path.
 */
public final class WakeList {
  private Waiter[] waiters = new Waiter[4];
  private int size;

  /**
   * Adds a claimed waiter.
   *
   * @param w the waiter
   */
  void add(Waiter w) {
    if (size == waiters.length) {
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

  /** Wakes every added waiter; call after releasing the lock. */
  public void wakeAll() {
    for (int i = 0; i < size; i++) {
      waiters[i].wake();
      waiters[i] = null;
    }
    size = 0;
  }
}
