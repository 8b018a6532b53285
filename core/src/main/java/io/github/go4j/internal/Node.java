package io.github.go4j.internal;

/**
 * One registration of a blocked operation in a wait queue ({@link WaitQueue}): one case of a
 * select, a plain send or receive, or a goroutine waiting on a sync primitive.
 *
 * <p>Nodes belong to their owner's {@link Waiter} and are reused from one wait to the next: a plain
 * operation uses {@link Waiter#node}, a select one node per case (the record itself for the case it
 * spins for, scratch nodes for the others). A node is queued only between the owner's {@code
 * begin()} and the owner's withdrawal of it, and every access to its links and fields happens under
 * the lock of the queue that holds it (a channel's lock, or the primitive's lock); the owner always
 * takes that lock to withdraw a node, so once the owner has withdrawn all its nodes no other thread
 * references them. The claim itself checks {@link #stamp} against the owner's current wait, so even
 * a claimer that read a node of an older wait cannot claim the current one.
 *
 * <p>{@link #item} is the value a sender offers, or the value handed to a receiver. A claimer of a
 * receive node writes the item <em>before</em> its claim CAS, so the owner reads it after seeing
 * the claim; if the CAS fails the claimer clears it again, so the node retains nothing.
 */
public class Node {
  /*
   * Field order: the JVM lays out a class's primitive fields before its references, longs first,
   * and fills the gap after the object header with the first int that fits. Declared in this
   * order, a wait record's fields that a claimer and the owner both touch per hand-off (state,
   * stamp, the record's parked flag, item) lie within 20 bytes (offsets 24-43 with compressed
   * references), so that one cache line holds them in most placements of the record (an object
   * is 8-byte aligned, not line aligned): a claim then moves one line between the two cores, not
   * two. Measured: see ADR 0004.
   */

  /** The case index of this node within its wait (0 for a plain operation). */
  int index;

  /** The stamp of the wait this node is queued for (written by the owner before queuing). */
  int stamp;

  /** The value offered (send) or handed over (receive). */
  Object item;

  /** The owner's wait record. */
  final Waiter owner;

  /**
   * A sync primitive's word for this wait, read by the party that grants it: a Semaphore's weight,
   * a Mutex waiter's System.nanoTime() of its first enqueue (starvation). One field for both keeps
   * every node, and so every thread's wait record, 8 bytes smaller.
   */
  public long arg;

  /**
   * The record's {@code (stamp << 32) | status} (see Waiter): declared here, in a record's own node
   * part, so that it lies next to {@link #item}; unused in other nodes.
   */
  volatile long state;

  Node prev;
  Node next;

  /** {@link #queued}: not linked in a queue. */
  static final byte NOT_QUEUED = 0;

  /** {@link #queued}: linked in a queue. */
  static final byte QUEUED = 1;

  /**
   * {@link #queued}: linked in a queue as a select's registration on its spin channel, made before
   * its other cases are registered (Selector, "lazy registration"): the select is not blocked yet,
   * so only a partner that would block otherwise may claim it, never a non-blocking one (see
   * DualQueue#nonBlockingPoll).
   */
  static final byte QUEUED_LAZILY = 2;

  /**
   * Whether and how the node is linked in a queue: NOT_QUEUED, QUEUED or QUEUED_LAZILY (guarded by
   * that queue's lock). A byte, not two booleans: the record keeps its 64 bytes.
   */
  byte queued;

  /**
   * A node owned by {@code owner}, or, with null, by itself (the Waiter, which is its owner's node
   * for plain operations and sync waits).
   */
  Node(Waiter owner) {
    this.owner = owner != null ? owner : (Waiter) this;
  }

  /**
   * Prepares the node for the owner's current wait.
   *
   * @param stamp the stamp returned by {@link Waiter#begin()}
   * @param index the case index or 0
   * @param item the value to offer, or null
   * @return this node
   */
  public Node prepare(int stamp, int index, Object item) {
    this.stamp = stamp;
    this.index = index;
    this.item = item;
    return this;
  }

  /**
   * Claims the owner's wait for this node's case. At most one claim of a wait succeeds.
   *
   * @param closed whether the claim comes from close()
   * @return true if claimed
   */
  boolean claim(boolean closed) {
    return owner.tryClaim(stamp, index, closed);
  }

  /**
   * Claims the owner's wait with a sync outcome instead of the node's case index.
   *
   * @param outcome the outcome the owner will read with {@link Waiter#index(int)}
   * @return true if claimed
   */
  public boolean grant(int outcome) {
    return owner.tryClaim(stamp, outcome, false);
  }

  /** Wakes the owner after a successful claim or grant; call after releasing any lock. */
  public void wake() {
    owner.wake();
  }
}
