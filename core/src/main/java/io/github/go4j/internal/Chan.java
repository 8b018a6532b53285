package io.github.go4j.internal;

import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.SelectCase;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The channel engine behind {@link Channel}: Go's {@code hchan}.
 *
 * @param <T> the element type
 */
@SuppressWarnings("serial") // never serialized (see ChanLock)
public final class Chan<T> extends ChanLock implements Channel<T> {
  /*
   * *** Overview ***
   *
   * The algorithm is Go's runtime/chan.go, with Java's primitives:
   *
   * - One lock per channel (ChanLock: spins briefly, then queues and parks; never pins a
   *   virtual thread) guards all the state below. It is held for a few instructions per
   *   operation and never while a goroutine waits. There is no global lock.
   * - A ring buffer of `capacity` slots (buf, recvx, sendx, count); a slot is cleared when its
   *   value is received, so the buffer retains nothing.
   * - Two FIFO wait queues, sendq and recvq (WaitQueue), of blocked operations (Node). A node's
   *   owner is a Waiter that exactly one counterpart claims with a CAS.
   *
   * *** Invariants *** (with the lock held, Go's chan.go header)
   *
   * - count > 0 implies recvq holds no live waiter; count < capacity implies sendq holds no live
   *   waiter. Only an unbuffered channel used by a select in both directions has both queues
   *   non-empty at once. ("Live": a queue may still hold nodes of selects that were claimed
   *   through another channel; those are dropped when met.)
   * - Once closed, a channel never reopens, and both queues are empty.
   *
   * *** Operations ***
   *
   * - send: closed -> ChannelClosedException; else a waiting receiver gets the value directly
   *   (hand-off, bypassing the buffer); else buffer space; else enqueue in sendq and park. The
   *   sender never retries: its partner completes it.
   * - receive: buffered value (and if a sender is blocked on the full buffer, its value moves
   *   into the freed tail slot and it is woken: FIFO in one lock hold); else a blocked sender's
   *   value (unbuffered rendezvous); else closed -> (null, false); else enqueue and park.
   * - close: marks closed and claims every queued waiter with the "closed" bit.
   * - Waiters are woken after the lock is released (Go's P1), so the lock is never held across
   *   an unpark. The one node an operation wakes is passed out through `pendingWake`, a field
   *   written and read only by the lock holder: no allocation for it.
   *
   * *** Lock ordering ***
   *
   * Plain operations and close hold one channel lock. A select holds the locks of all its
   * channels at once, acquired in increasing `id` order (Go orders by address), so two selects
   * cannot deadlock. No code ever acquires another lock while holding a channel lock.
   *
   * *** Departures from Go's runtime ***
   *
   * - Waiter records are allocated per blocking operation (32-48 bytes) instead of recycled
   *   (Go's sudog cache): recycling would need ABA protection and the JVM's allocator is fast.
   *   The non-blocking paths allocate nothing.
   * - A waiter spins briefly before parking (Waiter.SPINS): unparking a virtual thread costs a
   *   scheduler submission, and a partner on another core usually arrives sooner than that.
   * - As in Go (P5), a non-blocking operation that is not ready fails without taking the lock
   *   (recvNotReady/sendNotReady), so polling a busy channel, or a select's poll of an idle
   *   `done` channel, does not contend on its lock. Linearizability against close follows Go's
   *   argument: "empty" is read before "not closed", and a channel never reopens, so both held
   *   at the instant of the first read. Completing operations always take the lock.
   * - Timer channels (Go 1.23) are capacity-1 channels that report len and cap 0; the Timer
   *   drains the slot under its own lock on Stop and Reset, so no stale value is received.
   */

  /** Not ready: returned by the locked fast paths. */
  static final Object NOT_READY = new Object();

  /** Closed and drained: returned by the locked receive path. */
  static final Object CLOSED = new Object();

  static final int SENT = 0;
  static final int SEND_NOT_READY = 1;
  static final int SEND_CLOSED = 2;

  private static final AtomicLong IDS = new AtomicLong();

  private static final Chan<?> NIL = new Chan<>(true);

  private static final Optional<? extends Received<?>> CLOSED_RESULT =
      Optional.of(Received.closed());

  /** Lock order of selects (Go orders channels by address). */
  final long id;

  private final int capacity;

  /** True for a nil channel: everything blocks forever or is never ready. */
  final boolean nil;

  /** True for a timer channel: reports len and cap 0 (Go 1.23 synchronous timer channels). */
  private final boolean timer;

  /**
   * A timer channel's Timer or Ticker, kept reachable by the channel: the scheduler holds timers
   * weakly, so a timer fires while its channel or itself is reachable and is collected otherwise.
   */
  @SuppressWarnings("unused")
  private final Object owner;

  private final Object[] buf; // guarded by lock
  private int recvx; // guarded by lock
  private int sendx; // guarded by lock

  /** Buffered values: written under lock with release, read racily by len(). */
  private int count;

  /** Written once under the lock; volatile for the lock-free failure checks. */
  private volatile boolean closed;

  final WaitQueue recvq = new WaitQueue(); // guarded by lock
  final WaitQueue sendq = new WaitQueue(); // guarded by lock

  /** The waiter the lock holder must wake after unlocking (guarded by lock). */
  private Waiter pendingWake;

  /**
   * Go's {@code make(chan T, size)}.
   *
   * @param size the capacity
   * @throws IllegalArgumentException "makechan: size out of range" if negative or too large
   */
  public Chan(int size) {
    this(size, false, null);
  }

  private Chan(int size, boolean timer, Object owner) {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("makechan: size out of range");
    }
    this.id = IDS.getAndIncrement();
    this.capacity = size;
    this.buf = size == 0 ? null : new Object[size];
    this.nil = false;
    this.timer = timer;
    this.owner = owner;
  }

  private Chan(boolean nil) {
    this.id = -1;
    this.capacity = 0;
    this.buf = null;
    this.nil = nil;
    this.timer = false;
    this.owner = null;
  }

  /**
   * The shared nil channel.
   *
   * @param <T> the element type
   * @return the nil channel
   */
  @SuppressWarnings("unchecked")
  public static <T> Chan<T> nil() {
    return (Chan<T>) NIL;
  }

  /**
   * A channel for a {@code Timer} or {@code Ticker}: one buffer slot, reported as len and cap 0.
   * The owner sends with {@link #trySend} and discards a stale value with {@link #clear()}.
   *
   * @param owner the Timer or Ticker, kept reachable while the channel is
   * @param <T> the element type
   * @return a new timer channel
   */
  public static <T> Chan<T> timerChannel(Object owner) {
    return new Chan<>(1, true, owner);
  }

  // ---------------------------------------------------------------------------------------------
  // Locked primitives: the caller holds `lock`, and after unlocking calls wakePending's result.

  /** Tries to send; returns SENT, SEND_NOT_READY or SEND_CLOSED. Lock held. */
  int sendLocked(Object value) {
    if (closed) {
      return SEND_CLOSED;
    }
    Node r = recvq.pollClaimReceiver(value);
    if (r != null) {
      pendingWake = r.owner;
      return SENT;
    }
    int c = count;
    if (c < capacity) {
      Object[] b = buf;
      int i = sendx;
      b[i] = value;
      sendx = (i + 1 == b.length) ? 0 : i + 1;
      COUNT.setRelease(this, c + 1); // release: len() readers need no more
      return SENT;
    }
    return SEND_NOT_READY;
  }

  /** Tries to receive; returns the value, CLOSED or NOT_READY. Lock held. */
  Object recvLocked() {
    int c = count;
    if (c > 0) {
      Object[] b = buf;
      int h = recvx;
      Object v = b[h];
      b[h] = null;
      recvx = (h + 1 == b.length) ? 0 : h + 1;
      Node s = sendq.pollClaim();
      if (s != null) { // the buffer was full: the first blocked sender's value takes the tail
        int t = sendx;
        b[t] = s.item;
        s.item = null;
        sendx = (t + 1 == b.length) ? 0 : t + 1;
        pendingWake = s.owner;
      } else {
        COUNT.setRelease(this, c - 1);
      }
      return v;
    }
    Node s = sendq.pollClaim();
    if (s != null) { // rendezvous with a blocked sender
      Object v = s.item;
      s.item = null;
      pendingWake = s.owner;
      return v;
    }
    return closed ? CLOSED : NOT_READY;
  }

  /**
   * Lock-free: true if a receive is certainly not ready (Go's {@code empty(c) && !closed}). The
   * emptiness read comes first: the channel was then empty, and, since a channel never reopens,
   * also not closed at that instant. False means "maybe ready": take the lock and look.
   */
  boolean recvNotReady() {
    boolean empty = capacity == 0 ? sendq.looksEmpty() : (int) COUNT.getAcquire(this) == 0;
    return empty && !closed;
  }

  /**
   * Lock-free: true if a send is certainly not ready (Go's {@code !closed && full(c)}). Reads "not
   * closed" first, then "full"; the full state held at the second read, when the channel was not
   * closed either.
   */
  boolean sendNotReady() {
    if (closed) {
      return false;
    }
    return capacity == 0 ? recvq.looksEmpty() : (int) COUNT.getAcquire(this) == capacity;
  }

  /**
   * Polls a receive on its own: lock-free failure, else one lock. Returns the value, {@link
   * #CLOSED} or {@link #NOT_READY}; wakes what it claimed.
   */
  Object pollReceive() {
    if (recvNotReady()) {
      return NOT_READY;
    }
    lock();
    Object v = recvLocked();
    unlockAndWake();
    return v;
  }

  /** Polls a send on its own: lock-free failure, else one lock; wakes what it claimed. */
  int pollSend(Object value) {
    if (sendNotReady()) {
      return SEND_NOT_READY;
    }
    lock();
    int r = sendLocked(value);
    unlockAndWake();
    return r;
  }

  /** Allocates a blocking operation's node with the lock held; an Error releases the lock. */
  private Node newNodeLocked(Object item) {
    try {
      return new Node(Thread.currentThread(), item);
    } catch (Throwable e) { // OutOfMemoryError: never leave the channel locked
      unlock();
      throw e;
    }
  }

  /** Returns and clears the waiter to wake; lock held. */
  Waiter takePendingWake() {
    Waiter w = pendingWake;
    if (w != null) {
      pendingWake = null;
    }
    return w;
  }

  /** Unlocks and then wakes the pending waiter, if any. */
  private void unlockAndWake() {
    Waiter w = takePendingWake();
    unlock();
    if (w != null) {
      w.wake();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Channel API

  @Override
  public void send(T value) throws InterruptedException {
    Objects.requireNonNull(value, "channel elements must not be null");
    if (nil) {
      parkForever();
    }
    lock();
    int r = sendLocked(value);
    if (r == SENT) {
      unlockAndWake();
      return;
    }
    if (r == SEND_CLOSED) {
      unlock();
      throw new ChannelClosedException();
    }
    if (Thread.interrupted()) {
      unlock();
      throw new InterruptedException();
    }
    Node n = newNodeLocked(value);
    boolean first = sendq.isEmpty();
    sendq.add(n);
    unlock();
    int s = n.await(first);
    if (s == Waiter.CANCELLED) {
      lock();
      sendq.remove(n);
      unlock();
      throw new InterruptedException();
    }
    if (Waiter.closedClaim(s)) {
      throw new ChannelClosedException();
    }
  }

  @Override
  public boolean trySend(T value) {
    Objects.requireNonNull(value, "channel elements must not be null");
    if (nil) {
      return false;
    }
    int r = pollSend(value);
    if (r == SEND_CLOSED) {
      throw new ChannelClosedException();
    }
    return r == SENT;
  }

  /**
   * Receives, returning the value or {@link #CLOSED}; blocks. Shared by receive and receiveOk.
   *
   * @return the value, or CLOSED
   * @throws InterruptedException if interrupted while waiting
   */
  Object receive0() throws InterruptedException {
    if (nil) {
      parkForever();
    }
    lock();
    Object v = recvLocked();
    if (v != NOT_READY) {
      unlockAndWake();
      return v;
    }
    if (Thread.interrupted()) {
      unlock();
      throw new InterruptedException();
    }
    Node n = newNodeLocked(null);
    boolean first = recvq.isEmpty();
    recvq.add(n);
    unlock();
    int s = n.await(first);
    if (s == Waiter.CANCELLED) {
      lock();
      recvq.remove(n);
      unlock();
      throw new InterruptedException();
    }
    return Waiter.closedClaim(s) ? CLOSED : n.item;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T receive() throws InterruptedException {
    Object v = receive0();
    return v == CLOSED ? null : (T) v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Received<T> receiveOk() throws InterruptedException {
    Object v = receive0();
    return v == CLOSED ? Received.closed() : new Received<>((T) v, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Received<T>> tryReceive() {
    if (nil) {
      return Optional.empty();
    }
    Object v = pollReceive();
    if (v == NOT_READY) {
      return Optional.empty();
    }
    return v == CLOSED
        ? (Optional<Received<T>>) CLOSED_RESULT
        : Optional.of(new Received<>((T) v, true));
  }

  @Override
  public void close() {
    if (nil) {
      throw new IllegalStateException("close of nil channel");
    }
    lock();
    if (closed) {
      unlock();
      throw new IllegalStateException("close of closed channel");
    }
    closed = true;
    Node wake = recvq.claimAllClosed(null);
    wake = sendq.claimAllClosed(wake);
    unlock();
    while (wake != null) {
      Node next = wake.wakeNext;
      wake.wakeNext = null;
      wake.owner.wake();
      wake = next;
    }
  }

  /**
   * Discards a buffered value, if any: a Timer's Stop and Reset use it so that no stale value is
   * received afterwards.
   *
   * @return true if a value was discarded
   */
  public boolean clear() {
    lock();
    boolean had = count > 0;
    if (had) {
      java.util.Arrays.fill(buf, null);
      recvx = 0;
      sendx = 0;
      COUNT.setRelease(this, 0);
    }
    unlock();
    return had;
  }

  /**
   * Whether a value is buffered (for timers, whose {@code len} reports 0).
   *
   * @return true if a value is buffered
   */
  public boolean hasBuffered() {
    return (int) COUNT.getAcquire(this) > 0;
  }

  @Override
  public int len() {
    return timer ? 0 : (int) COUNT.getAcquire(this); // acquire: pairs with the release writes
  }

  @Override
  public int cap() {
    return timer ? 0 : capacity;
  }

  @Override
  public <R> SelectCase<R> onReceive(ThrowingFunction<? super T, ? extends R> body) {
    return Case.onReceive(this, body);
  }

  @Override
  public <R> SelectCase<R> onReceiveOk(ThrowingBiFunction<? super T, Boolean, ? extends R> body) {
    return Case.onReceiveOk(this, body);
  }

  @Override
  public <R> SelectCase<R> onSend(T value, Callable<? extends R> body) {
    return Case.onSend(this, value, body);
  }

  /**
   * Test hook: the number of entries in the receive wait queue, including entries of selects that
   * were already claimed elsewhere and not yet withdrawn. 0 for the nil channel.
   *
   * @return the length of recvq
   */
  public int queuedReceivers() {
    return queued(recvq);
  }

  /**
   * Test hook: the number of entries in the send wait queue (see {@link #queuedReceivers()}).
   *
   * @return the length of sendq
   */
  public int queuedSenders() {
    return queued(sendq);
  }

  private int queued(WaitQueue q) {
    if (nil) {
      return 0;
    }
    lock();
    int n = q.size();
    unlock();
    return n;
  }

  @Override
  public String toString() {
    if (nil) {
      return "chan(nil)";
    }
    return "chan(len=" + len() + ", cap=" + cap() + ")";
  }

  /**
   * Blocks until interrupted: a nil channel's send and receive, and {@code select {}}.
   *
   * @throws InterruptedException always, once interrupted
   */
  static void parkForever() throws InterruptedException {
    for (; ; ) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      LockSupport.park(NIL);
    }
  }

  private static final VarHandle COUNT;

  static {
    try {
      COUNT = MethodHandles.lookup().findVarHandle(Chan.class, "count", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
