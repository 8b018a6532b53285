package io.github.go4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO queue of blocked operations (Go's {@code waitq}): a channel's sendq or recvq, or a sync
 * primitive's wait list. Doubly linked, so that a select or a cancelled waiter withdraws its node
 * in O(1). Every method is called with the owning channel's or primitive's lock held, except {@link
 * #looksEmpty()}.
 */
public final class WaitQueue {
  /** Written under the lock with release; read racily (acquire) by {@link #looksEmpty()}. */
  private Node head;

  private Node tail;

  private int size;

  /**
   * Whether the queue is empty (lock held).
   *
   * @return true if no node is queued
   */
  public boolean isEmpty() {
    return head == null;
  }

  /**
   * A lock-free emptiness check for the fast failure paths of non-blocking operations. May report
   * non-empty for a queue that holds only nodes of finished selects (the caller then takes the
   * lock).
   */
  boolean looksEmpty() {
    return HEAD.getAcquire(this) == null;
  }

  private void setHead(Node h) {
    HEAD.setRelease(this, h); // release: pairs with looksEmpty's acquire
  }

  /**
   * The number of queued nodes, including nodes of selects claimed elsewhere and not yet withdrawn.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * The first node, or null.
   *
   * @return the head
   */
  public Node peekFirst() {
    return head;
  }

  /**
   * Appends {@code n}.
   *
   * @param n a node that is not queued
   */
  public void add(Node n) {
    n.queued = true;
    Node t = tail;
    n.prev = t;
    n.next = null;
    if (t == null) {
      setHead(n);
    } else {
      t.next = n;
    }
    tail = n;
    size++;
  }

  /**
   * Inserts {@code n} at the front (a Mutex waiter that was woken and lost the race keeps its
   * place, as in Go's {@code semacquire(lifo=true)}).
   *
   * @param n a node that is not queued
   */
  public void addFirst(Node n) {
    n.queued = true;
    Node h = head;
    n.prev = null;
    n.next = h;
    if (h == null) {
      tail = n;
    } else {
      h.prev = n;
    }
    setHead(n);
    size++;
  }

  /**
   * Unlinks {@code n} if it is still queued here.
   *
   * @param n the node
   * @return true if it was queued and is now unlinked; false if a claimer took it out already
   */
  public boolean remove(Node n) {
    if (!n.queued) {
      return false;
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
    size--;
    return true;
  }

  /**
   * Unlinks and returns the head, or null.
   *
   * @return the former head
   */
  public Node poll() {
    Node h = head;
    if (h != null) {
      remove(h);
    }
    return h;
  }

  /**
   * The item of the node last claimed by {@link #pollClaim()} (guarded by the lock; the caller
   * takes it with {@link #takeClaimedItem()}).
   */
  private Object claimedItem;

  /**
   * Unlinks nodes from the head until one can be claimed, and returns it (claimed, not woken); its
   * item is then read with {@link #takeClaimedItem()}. Nodes whose wait was already claimed
   * elsewhere or cancelled are dropped: their owner no longer waits on this queue.
   *
   * <p>The item is read <em>before</em> the claim: once claimed, the owner may return at once and
   * reuse the node for its next operation, so a claimer never touches a node after a successful
   * claim except to read its final {@code owner}.
   */
  Node pollClaim() {
    for (Node n; (n = poll()) != null; ) {
      Object v = n.item;
      if (n.claim(false)) {
        claimedItem = v;
        return n;
      }
    }
    return null;
  }

  /** Returns and forgets the item of the node last claimed by {@link #pollClaim()}. */
  Object takeClaimedItem() {
    Object v = claimedItem;
    claimedItem = null;
    return v;
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

  /**
   * Claims every node for close() and adds the claimed owners to {@code wake}, to be woken after
   * unlocking. The owners are collected, not chained through the nodes: a claimed owner may reuse
   * its nodes at once.
   */
  void claimAllClosed(WakeList wake) {
    for (Node n; (n = poll()) != null; ) {
      if (n.claim(true)) {
        wake.add(n.owner);
      }
    }
  }

  private static final VarHandle HEAD;

  static {
    try {
      HEAD = MethodHandles.lookup().findVarHandle(WaitQueue.class, "head", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
