package io.github.go4j.sync;

import io.github.go4j.internal.Node;
import io.github.go4j.internal.WakeList;

/**
 * The goroutines a primitive granted under its lock, to be woken once the lock is released (Go's
 * rule: never wake while holding a lock). The set is held in a local variable of type Object: null
 * (nobody), the one granted {@link Node} (no allocation: a release usually grants one waiter), or a
 * {@link WakeList} (several: a broadcast, a tripped barrier, a release that fits several requests).
 *
 * <p>A granted node is reused by its owner as soon as the owner sees the grant, so nothing but
 * {@link Node#wake()} (which reads the node's final owner) may be done with it afterwards, and
 * everything the granter needs from it must be read before the grant.
 */
final class Wakeups {
  private Wakeups() {}

  /**
   * Adds the owner of a node the caller has just granted.
   *
   * @param pending null, a Node or a WakeList
   * @param granted the granted node
   * @return the new set, to be passed on to the next add and finally to {@link #wake}
   */
  static Object add(Object pending, Node granted) {
    if (pending == null) {
      return granted;
    }
    try {
      WakeList list;
      if (pending instanceof Node first) {
        list = new WakeList();
        list.add(first);
      } else {
        list = (WakeList) pending;
      }
      list.add(granted); // a failed growth leaves the list as it was
      return list;
    } catch (Throwable e) { // an OutOfMemoryError making or growing the list
      // The grant is made: the caller must not fail halfway through its claims (the waiters
      // granted so far would never be woken, the rest stay queued behind a state already
      // changed). Wake this one now, under the caller's lock, and keep the set as it was.
      granted.wake();
      return pending;
    }
  }

  /**
   * Wakes every goroutine of the set; call after releasing the lock.
   *
   * @param pending what {@link #add} returned, or null
   */
  static void wake(Object pending) {
    if (pending instanceof Node n) {
      n.wake();
    } else if (pending != null) {
      ((WakeList) pending).wakeAll();
    }
  }
}
