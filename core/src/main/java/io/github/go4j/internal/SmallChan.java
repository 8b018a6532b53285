package io.github.go4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A buffered channel of fewer than {@link #MAX_CAPACITY_EXCLUSIVE} slots, and every timer channel:
 * Go's ring under the channel lock (recvx, sendx, count), exactly as in Go's {@code chan.go}.
 *
 * <p>Why not the lock-free ring of {@link BufferedChan}: with one to three slots there is no batch
 * to gain, nearly every operation finds the buffer full or empty, so it takes the locked path
 * anyway, and there the lock-free ring adds four CASes per blocked operation on two more cache
 * lines (setting and clearing its waiting bits). A small buffer is close to a rendezvous, so its
 * waiters spin as an unbuffered channel's do. It is also compact (no padded positions, no sequence
 * array): a timer's channel is one of these.
 *
 * <p>Its one to three slots are fields of the channel, not an array: an operation then touches the
 * lines that hold the lock word and the positions, and no line of a separate array that the other
 * party wrote last. For the same reason a plain send or receive takes the lock before it reads
 * anything else of the channel (see Chan.send): a read first would fetch the lock's line shared and
 * the lock's CAS would fetch it again, exclusively. (Measured, one producer and one consumer at
 * capacity 1, the same hour: ADR 0004.)
 *
 * <p>The only lock-free paths are the failure checks of non-blocking operations, read as in Go:
 * "empty" before "not closed" (receive), "not closed" before "full" (send).
 *
 * @param <T> the element type
 */
final class SmallChan<T> extends Chan<T> {
  /** Buffers of this many slots or more are BufferedChans. */
  static final int MAX_CAPACITY_EXCLUSIVE = BufferedChan.SPIN_CAPACITY;

  // Go's ring: slots 0, 1 and 2 (a channel of capacity c uses the first c), recvx, sendx and count
  // are Chan's small0-2, smallRecvx, smallSendx and smallCount (see there why), guarded by the
  // lock; count is written with release and read racily (acquire).

  /** Written once under the lock; volatile for the lock-free failure checks. */
  private volatile boolean closed;

  SmallChan(int capacity, boolean timer, Object owner) {
    super(capacity, false, timer, owner);
  }

  /** Slot {@code i} (0 to capacity - 1); lock held. */
  private Object slot(int i) {
    return i == 0 ? small0 : i == 1 ? small1 : small2;
  }

  /** Sets slot {@code i} (0 to capacity - 1); lock held. */
  private void setSlot(int i, Object v) {
    if (i == 0) {
      small0 = v;
    } else if (i == 1) {
      small1 = v;
    } else {
      small2 = v;
    }
  }

  private int count() {
    return (byte) COUNT.getAcquire(this); // acquire: pairs with the release writes below
  }

  private void setCount(int c) {
    COUNT.setRelease(this, (byte) c);
  }

  @Override
  Object recvFast() {
    if (count() != 0 || closed) {
      return SLOW;
    }
    if (timer) { // empty: an overdue timer fires now (Go's maybeRunChan), and its value is ready
      runTimerIfDue();
      return count() == 0 ? NOT_READY : SLOW;
    }
    return NOT_READY;
  }

  @Override
  int sendFast(Object value) {
    return !closed && count() == capacity ? SEND_NOT_READY : SEND_SLOW;
  }

  @Override
  Object recvLocked() {
    int c = smallCount;
    if (c == 0) {
      return closed ? CLOSED : NOT_READY;
    }
    int h = smallRecvx;
    Object v = slot(h);
    setSlot(h, null);
    smallRecvx = (byte) next(h);
    Node s = pollClaim(SENDQ);
    if (s != null) { // the buffer was full: the first blocked sender's value takes the tail (Go)
      int t = smallSendx;
      setSlot(t, takeClaimedItem());
      smallSendx = (byte) next(t);
      setPendingWake(s.owner);
    } else {
      setCount(c - 1);
    }
    return v;
  }

  /** The ring position after {@code i} (Go's wrap-around, without a division). */
  private int next(int i) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  @Override
  int sendLocked(Object value) {
    if (closed) {
      return SEND_CLOSED;
    }
    Node r = pollClaimReceiver(RECVQ, value);
    if (r != null) { // a receiver waits, so the buffer is empty: hand over directly (Go)
      setPendingWake(r.owner);
      return SENT;
    }
    int c = smallCount;
    if (c < capacity) {
      int i = smallSendx;
      setSlot(i, value);
      smallSendx = (byte) next(i);
      setCount(c + 1);
      return SENT;
    }
    return SEND_NOT_READY;
  }

  /** Every change takes the lock: nothing to freeze. */
  @Override
  Object recvOrFreezeLocked() {
    return recvLocked();
  }

  @Override
  int sendOrFreezeLocked(Object value) {
    return sendLocked(value);
  }

  @Override
  void syncLocked() {}

  @Override
  void markClosedLocked() {
    closed = true;
  }

  @Override
  boolean isClosed() {
    return closed;
  }

  @Override
  int buffered() {
    return count();
  }

  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Chan.class, "smallCount", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
