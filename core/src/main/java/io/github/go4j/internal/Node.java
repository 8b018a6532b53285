package io.github.go4j.internal;

/**
 * An entry of a channel's wait queue ({@link WaitQueue}): one case of one blocked operation.
 *
 * <p>A plain send or receive is its own owner (one allocation per blocking operation); a select has
 * one {@link Waiter} and one node per case, each pointing at it. Links and {@link #queued} are
 * guarded by the lock of the channel whose queue holds the node.
 *
 * <p>{@link #item} is the value a sender offers, or the value handed to a receiver. A claimer of a
 * receive node writes the item <em>before</em> its claim CAS, so the owner reads it after seeing
 * the claim; if the CAS fails the claimer clears the item again so that the node retains nothing.
 */
final class Node extends Waiter {
  final Waiter owner;
  final int caseIndex;
  Object item;

  Node prev;
  Node next;

  /** Whether the node is linked in a queue (guarded by lock; see Selector for one racy read). */
  boolean queued;

  /** Chains nodes to wake after close releases the lock. */
  Node wakeNext;

  /** A plain operation: the node is its own owner. */
  Node(Thread thread, Object item) {
    super(thread);
    this.owner = this;
    this.caseIndex = 0;
    this.item = item;
  }

  /** One case of a select owned by {@code owner}. */
  Node(Waiter owner, int caseIndex, Object item) {
    super(null);
    this.owner = owner;
    this.caseIndex = caseIndex;
    this.item = item;
  }

  boolean claim(boolean closed) {
    return owner.tryClaim(caseIndex, closed);
  }
}
