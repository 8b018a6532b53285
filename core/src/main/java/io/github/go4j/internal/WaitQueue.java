package io.github.go4j.internal;

/**
 * A FIFO list of blocked goroutines of a sync primitive (Go's semaphore queue), guarded by the
 * primitive's lock: the same queue code as a channel's {@link DualQueue}, one queue of it.
 */
public final class WaitQueue extends DualQueue {
  /** Creates an empty queue. */
  public WaitQueue() {}

  /**
   * Whether the queue is empty.
   *
   * @return true if no node is queued
   */
  public boolean isEmpty() {
    return isEmpty(RECVQ);
  }

  /**
   * The number of queued nodes.
   *
   * @return the size
   */
  public int size() {
    return size(RECVQ);
  }

  /**
   * The first node, or null.
   *
   * @return the head
   */
  public Node peekFirst() {
    return head(RECVQ);
  }

  /**
   * Appends {@code n}.
   *
   * @param n a node that is not queued
   */
  public void add(Node n) {
    add(RECVQ, n);
  }

  /**
   * Inserts {@code n} at the front.
   *
   * @param n a node that is not queued
   */
  public void addFirst(Node n) {
    addFirst(RECVQ, n);
  }

  /**
   * Unlinks {@code n} if it is still queued here.
   *
   * @param n the node
   * @return true if it was queued and is now unlinked; false if a granter took it out already
   */
  public boolean remove(Node n) {
    return remove(RECVQ, n);
  }

  /**
   * Unlinks and returns the head, or null.
   *
   * @return the former head
   */
  public Node poll() {
    return poll(RECVQ);
  }
}
