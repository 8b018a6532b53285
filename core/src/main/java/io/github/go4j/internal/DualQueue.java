package io.github.go4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Two FIFO queues of blocked operations (Go's {@code waitq}) kept in the fields of the object that
 * owns them: a channel's recvq ({@link #RECVQ}) and sendq ({@link #SENDQ}). Chan extends this class
 * so that the queue heads share the channel object's cache lines with its lock word: a hand-off
 * then moves the channel's line and the waiter's line between cores, not also a separate queue
 * object's. {@link WaitQueue} (a sync primitive's list) uses queue 0 only.
 *
 * <p>Doubly linked, so that a select or a cancelled waiter withdraws its node in O(1). Every method
 * is called with the owner's lock held, except {@link #looksEmpty(int)}.
 */
abstract class DualQueue {
  /** The receive queue of a channel (and the only queue of a WaitQueue). */
  static final int RECVQ = 0;

  /** The send queue of a channel. */
  static final int SENDQ = 1;

  /**
   * A channel's lock word (Chan: LOCKED | QLOCKED | WAITERS; see its implementation overview),
   * declared here, beside the queue ends it guards: the JVM lays out a superclass's fields first,
   * so the word lands at the start of the object, just before the sizes, heads and tails (offsets
   * 12-47 with compressed references). Among Chan's own fields it lay at offset 88, 60 bytes or
   * more past the heads, never on their cache line; here it shares one with the queue ends in about
   * half of the channel's placements (an object is 8-byte aligned, not line aligned). Unused by a
   * WaitQueue, whose size it does not change (it fills the 4 bytes that the object's 8-byte
   * alignment left over).
   */
  volatile int lockState;

  /** Written under the lock with release; read racily (acquire) by looksEmpty. */
  private Node head0;

  private Node head1; // as head0

  private Node tail0;
  private Node tail1;
  private int size0;
  private int size1;

  /**
   * The item of the node last claimed by {@link #pollClaim(int)} (guarded by the lock; the caller
   * takes it with {@link #takeClaimedItem()}).
   */
  private Object claimedItem;

  /**
   * Whether the lock holder's poll is a non-blocking operation's on an unbuffered channel (trySend,
   * tryReceive, a select with a default, or a select's first pass before its last poll: it polls
   * one channel at a time and so does not know yet whether it would block): its claims then pass
   * over lazily queued select nodes ({@link Node#QUEUED_LAZILY}), which stay queued. Set and
   * cleared by the lock holder around its poll.
   *
   * <p>Why: a select queued lazily on one channel has not yet registered its other cases, so it is
   * not blocked in Go's sense. A non-blocking send on an unbuffered channel succeeds only with a
   * receiver blocked there; handing it to such a select could complete the select's case although
   * another of its cases had become ready before (say its done channel was closed, which finds no
   * registration of the select to complete), an outcome Go rules out. A partner that would block
   * otherwise may claim it: the partner's operation could have blocked first and the select's
   * all-locks poll then found it ready. Found in review; LazySelectQueueHookTest pins it, and
   * LazySelectPartnerQueueHookTest the first pass of a select whose other case is ready.
   */
  boolean nonBlockingPoll;

  final Node head(int q) {
    return q == RECVQ ? head0 : head1;
  }

  private void setHead(int q, Node h) {
    // release: pairs with looksEmpty's acquire
    if (q == RECVQ) {
      HEAD0.setRelease(this, h);
    } else {
      HEAD1.setRelease(this, h);
    }
  }

  private Node tail(int q) {
    return q == RECVQ ? tail0 : tail1;
  }

  private void setTail(int q, Node t) {
    if (q == RECVQ) {
      tail0 = t;
    } else {
      tail1 = t;
    }
  }

  private void addSize(int q, int d) {
    if (q == RECVQ) {
      size0 += d;
    } else {
      size1 += d;
    }
  }

  /**
   * Whether queue {@code q} is empty (lock held).
   *
   * @param q RECVQ or SENDQ
   * @return true if no node is queued
   */
  final boolean isEmpty(int q) {
    return head(q) == null;
  }

  /**
   * A lock-free emptiness check for the fast failure paths of non-blocking operations. May report
   * non-empty for a queue that holds only nodes of finished selects (the caller then takes the
   * lock).
   */
  final boolean looksEmpty(int q) {
    return (q == RECVQ ? HEAD0.getAcquire(this) : HEAD1.getAcquire(this)) == null;
  }

  /**
   * {@link #looksEmpty(int)} with a volatile read, for the store-then-load (Dekker) checks of an
   * unbuffered channel's wait slots (see UnbufferedChan): the read is ordered after the caller's
   * own volatile write.
   */
  final boolean looksEmptyVolatile(int q) {
    return (q == RECVQ ? HEAD0.getVolatile(this) : HEAD1.getVolatile(this)) == null;
  }

  /**
   * The number of queued nodes, including nodes of selects claimed elsewhere and not yet withdrawn.
   */
  final int size(int q) {
    return q == RECVQ ? size0 : size1;
  }

  /** Appends {@code n} (not queued) to queue {@code q}. */
  final void add(int q, Node n) {
    n.queued = Node.QUEUED;
    Node t = tail(q);
    n.prev = t;
    n.next = null;
    if (t == null) {
      setHead(q, n);
    } else {
      t.next = n;
    }
    setTail(q, n);
    addSize(q, 1);
  }

  /**
   * Inserts {@code n} (not queued) at the front of queue {@code q} (a Mutex waiter that was woken
   * and lost the race keeps its place, as in Go's {@code semacquire(lifo=true)}).
   */
  final void addFirst(int q, Node n) {
    n.queued = Node.QUEUED;
    Node h = head(q);
    n.prev = null;
    n.next = h;
    if (h == null) {
      setTail(q, n);
    } else {
      h.prev = n;
    }
    setHead(q, n);
    addSize(q, 1);
  }

  /**
   * Unlinks {@code n} from queue {@code q} if it is still queued.
   *
   * @return true if it was queued and is now unlinked; false if a claimer took it out already
   */
  final boolean remove(int q, Node n) {
    if (n.queued == Node.NOT_QUEUED) {
      return false;
    }
    Node p = n.prev;
    Node x = n.next;
    if (p == null) {
      setHead(q, x);
    } else {
      p.next = x;
    }
    if (x == null) {
      setTail(q, p);
    } else {
      x.prev = p;
    }
    n.prev = null;
    n.next = null;
    n.queued = Node.NOT_QUEUED;
    addSize(q, -1);
    return true;
  }

  /** Unlinks and returns the head of queue {@code q}, or null. */
  final Node poll(int q) {
    Node h = head(q);
    if (h != null) {
      remove(q, h);
    }
    return h;
  }

  /**
   * Unlinks nodes from the head of queue {@code q} until one can be claimed, and returns it
   * (claimed, not woken); its item is then read with {@link #takeClaimedItem()}. Nodes whose wait
   * was already claimed elsewhere or cancelled are dropped: their owner no longer waits here.
   *
   * <p>The item is read <em>before</em> the claim: once claimed, the owner may return at once and
   * reuse the node for its next operation, so a claimer never touches a node after a successful
   * claim except to read its final {@code owner}.
   */
  final Node pollClaim(int q) {
    for (Node n = claimable(head(q)), next; n != null; n = claimable(next)) {
      next = n.next;
      remove(q, n);
      Object v = n.item;
      if (n.claim(false)) {
        claimedItem = v;
        return n;
      }
    }
    return null;
  }

  /**
   * The first node from {@code n} on (along its queue) that this poll may claim: a non-blocking
   * poll passes over selects queued lazily, which have not blocked yet and stay queued (see
   * nonBlockingPoll).
   */
  private Node claimable(Node n) {
    while (n != null && nonBlockingPoll && n.queued == Node.QUEUED_LAZILY) {
      n = n.next;
    }
    return n;
  }

  /** Returns and forgets the item of the node last claimed by {@link #pollClaim(int)}. */
  final Object takeClaimedItem() {
    Object v = claimedItem;
    claimedItem = null;
    return v;
  }

  /** Like {@link #pollClaim(int)}, handing {@code value} to the claimed receiver. */
  final Node pollClaimReceiver(int q, Object value) {
    for (Node n = claimable(head(q)), next; n != null; n = claimable(next)) {
      next = n.next;
      remove(q, n);
      n.item =
          value; // published by the claim CAS; under the lock, so the owner cannot reuse it yet
      if (n.claim(false)) {
        return n;
      }
      n.item = null; // lost: retain nothing
    }
    return null;
  }

  /**
   * Claims every node of queue {@code q} for close() and adds the claimed owners to {@code wake},
   * to be woken after unlocking. The owners are collected, not chained through the nodes: a claimed
   * owner may reuse its nodes at once.
   */
  final void claimAllClosed(int q, WakeList wake) {
    for (Node n; (n = poll(q)) != null; ) {
      if (n.claim(true)) {
        wake.add(n.owner);
      }
    }
  }

  /** Drops nodes of finished waits from the head of queue {@code q}; returns the first live one. */
  final Node firstLive(int q) {
    for (Node n; (n = head(q)) != null; poll(q)) {
      if (n.owner.isWaiting(n.stamp)) {
        return n;
      }
    }
    return null;
  }

  private static final VarHandle HEAD0;
  private static final VarHandle HEAD1;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD0 = l.findVarHandle(DualQueue.class, "head0", Node.class);
      HEAD1 = l.findVarHandle(DualQueue.class, "head1", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
