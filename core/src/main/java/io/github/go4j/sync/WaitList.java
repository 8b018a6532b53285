package io.github.go4j.sync;

/**
 * A FIFO list of {@link WaitNode}s, doubly linked so that a cancelled node is unlinked in O(1). Not
 * thread-safe: every method is called with the owning primitive's lock held.
 */
final class WaitList {
  private WaitNode head;
  private WaitNode tail;
  private int size;

  boolean isEmpty() {
    return head == null;
  }

  int size() {
    return size;
  }

  WaitNode peekFirst() {
    return head;
  }

  void addLast(WaitNode n) {
    n.prev = tail;
    n.next = null;
    if (tail == null) {
      head = n;
    } else {
      tail.next = n;
    }
    tail = n;
    n.linked = true;
    size++;
  }

  void addFirst(WaitNode n) {
    n.next = head;
    n.prev = null;
    if (head == null) {
      tail = n;
    } else {
      head.prev = n;
    }
    head = n;
    n.linked = true;
    size++;
  }

  /** Unlinks {@code n} if it is still linked; returns whether it was. */
  boolean remove(WaitNode n) {
    if (!n.linked) {
      return false;
    }
    WaitNode p = n.prev;
    WaitNode q = n.next;
    if (p == null) {
      head = q;
    } else {
      p.next = q;
    }
    if (q == null) {
      tail = p;
    } else {
      q.prev = p;
    }
    n.prev = null;
    n.next = null;
    n.linked = false;
    size--;
    return true;
  }

  WaitNode pollFirst() {
    WaitNode h = head;
    if (h != null) {
      remove(h);
    }
    return h;
  }

  /** Unlinks every node and returns the former head; the nodes stay chained through wakeNext. */
  WaitNode drain() {
    WaitNode first = null;
    WaitNode last = null;
    for (WaitNode n = pollFirst(); n != null; n = pollFirst()) {
      n.wakeNext = null;
      if (last == null) {
        first = n;
      } else {
        last.wakeNext = n;
      }
      last = n;
    }
    return first;
  }
}
