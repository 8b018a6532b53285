package io.github.go4j.internal;

/**
 * An unbuffered channel (Go's {@code make(chan T)}), and the nil channel: every operation is a
 * rendezvous of a sender and a receiver, arranged under the channel's lock exactly as in Go's
 * runtime; the only lock-free paths are the failure checks of non-blocking operations.
 *
 * @param <T> the element type
 */
final class UnbufferedChan<T> extends Chan<T> {
  /** The shared nil channel: blocks forever, never ready, cannot be closed. */
  static final UnbufferedChan<?> NIL = new UnbufferedChan<>(true);

  /** Written once under the lock; volatile for the lock-free failure checks. */
  private volatile boolean closed;

  UnbufferedChan(boolean nil) {
    super(0, nil, false, null);
  }

  /**
   * Lock-free: NOT_READY if a receive is certainly not ready (Go's {@code empty(c) && !closed}): no
   * sender waits and the channel is open. The emptiness read comes first: the channel was then
   * empty and, since a channel never reopens, also not closed at that instant. Otherwise SLOW: take
   * the lock and look.
   */
  @Override
  Object recvFast() {
    return looksEmpty(SENDQ) && !closed ? NOT_READY : SLOW;
  }

  /**
   * Lock-free: SEND_NOT_READY if a send is certainly not ready (Go's {@code !closed && full(c)}):
   * "not closed" is read first, then "no receiver waits"; both held at the second read. Otherwise
   * SEND_SLOW.
   */
  @Override
  int sendFast(Object value) {
    return !closed && looksEmpty(RECVQ) ? SEND_NOT_READY : SEND_SLOW;
  }

  @Override
  Object recvLocked() {
    Node s = pollClaim(SENDQ);
    if (s != null) { // rendezvous with a blocked sender
      setPendingWake(s.owner);
      return takeClaimedItem();
    }
    return closed ? CLOSED : NOT_READY;
  }

  @Override
  int sendLocked(Object value) {
    if (closed) {
      return SEND_CLOSED;
    }
    Node r = pollClaimReceiver(RECVQ, value);
    if (r != null) {
      setPendingWake(r.owner);
      return SENT;
    }
    return SEND_NOT_READY;
  }

  /** Every change of an unbuffered channel takes the lock: nothing to freeze. */
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
    return 0;
  }
}
