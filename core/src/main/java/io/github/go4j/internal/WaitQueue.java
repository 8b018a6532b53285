package io.github.go4j.internal;

/**
 * A FIFO queue of blocked senders or receivers of one channel (Go's {@code sendq}/{@code recvq}): a
 * doubly linked list so that a select can withdraw a losing case in O(1). Guarded by the channel's
 * lock.
 */
final class WaitQueue {
  /** Written under the lock with release; read racily (acquire) by {@link #looksEmpty()}. */
  private Node head;

  private Node tail;

  boolean isEmpty() {
    return head == null;
  }

  /**
   * A lock-free emptiness check for the fast failure paths of non-blocking operations. May report
   * non-empty for a queue that holds only dead nodes (the caller then takes the lock).
   */
  boolean looksEmpty() {
    return HEAD.getAcquire(this) == null;
  }

  private void setHead(Node h) {
    HEAD.setRelease(this, h); // release: pairs with looksEmpty's acquire
  }

  int size() {
    int k = 0;
    for (Node n = head; n != null; n = n.next) {
      k++;
    }
    return k;
  }

  void add(Node n) {
    n.queued = true;
    Node t = tail;
    n.prev = t;
    if (t == null) {
      setHead(n);
    } else {
      t.next = n;
    }
    tail = n;
  }

  /** Unlinks {@code n} if it is still queued; a no-op if a claimer already took it out. */
  void remove(Node n) {
    if (!n.queued) {
      return;
    }
    Node p = n.prev;
    Node x = n.next;
    if (p == null) {
      setHead(x);
    } else {
      p.next = x;
    }
    if (x == null) {
      tail = p;
    } else {
      x.prev = p;
    }
    n.prev = null;
    n.next = null;
    n.queued = false;
  }

  /** Unlinks and returns the head, or null. */
  Node poll() {
    Node h = head;
    if (h != null) {
      remove(h);
    }
    return h;
  }

  /**
   * Unlinks nodes from the head until one can be claimed, and returns it (claimed, not woken).
   * Nodes whose owner was already claimed elsewhere or cancelled are dropped: their owner no longer
   * waits on this queue.
   */
  Node pollClaim() {
    for (Node n; (n = poll()) != null; ) {
      if (n.claim(false)) {
        return n;
      }
    }
    return null;
  }

  /** Like {@link #pollClaim()}, handing {@code value} to the claimed receiver. */
  Node pollClaimReceiver(Object value) {
    for (Node n; (n = poll()) != null; ) {
      n.item = value; // published by the claim CAS
      if (n.claim(false)) {
        return n;
      }
      n.item = null; // lost: retain nothing
    }
    return null;
  }

  /** Claims every node for close; returns the claimed ones chained through {@code wakeNext}. */
  Node claimAllClosed(Node wakeList) {
    for (Node n; (n = poll()) != null; ) {
      if (n.claim(true)) {
        n.wakeNext = wakeList;
        wakeList = n;
      }
    }
    return wakeList;
  }

  private static final java.lang.invoke.VarHandle HEAD;

  static {
    try {
      HEAD =
          java.lang.invoke.MethodHandles.lookup()
              .findVarHandle(WaitQueue.class, "head", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
