package io.github.go4j.internal;

import io.github.go4j.Task;
import io.github.go4j.ThrowingBiConsumer;
import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingConsumer;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.SendChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The channel engine behind {@link Channel}: Go's {@code hchan}. Three implementations share this
 * base: {@link UnbufferedChan} (capacity 0, and the nil channel), {@link SmallChan} (1 to 3 slots,
 * and timer channels: Go's locked ring) and {@link BufferedChan} (a lock-free ring).
 *
 * @param <T> the element type
 */
public abstract class Chan<T> extends DualQueue implements Channel<T> {
  /*
   * *** Overview ***
   *
   * The algorithm is Go's runtime/chan.go, with a lock-free buffer in front of it:
   *
   * - One small lock per channel (lock()/unlock() below) guards the two FIFO wait queues, sendq
   *   and recvq, of blocked operations (Node, owned by a per-thread Waiter), and every state
   *   change of an unbuffered channel except the lock-free rendezvous of its wait slots. It is
   *   held for a few instructions, never while anyone waits, and never nests except in a select
   *   (all of its channels, in id order). There is no global lock. The queues are fields of the
   *   channel object itself (DualQueue), next to the lock word, and a plain operation queues its
   *   thread's Waiter itself: a hand-off moves the channel's cache line and the waiter's, nothing
   *   else. (Design record: docs/adr/0004.)
   * - A buffered channel's ring (BufferedChan) is a lock-free bounded queue whose send and receive
   *   positions carry "receivers waiting", "senders waiting" and "closed" bits: while nobody waits
   *   and the channel is open, sends and receives never take the lock. A bit set sends them to
   *   the locked path, where Go's algorithm runs: hand-off to a waiting receiver, FIFO priority of
   *   blocked senders over newcomers, close.
   * - An unbuffered channel has a wait slot per direction in front of its queues (UnbufferedChan):
   *   a plain send or receive that finds nobody waiting publishes its Waiter there with one CAS,
   *   and a plain partner takes it with one CAS, without the lock. A select, a sync wait, a second
   *   waiter of one direction or close() moves a slot's waiter into its queue (or turns the
   *   slots off), where Go's algorithm handles it.
   * - A blocked operation queues one Node per case (a plain operation: one) and waits in
   *   Waiter.await, spinning first when it is first in line and this channel advises it
   *   (spinAdvised: unbuffered and small buffers, and not while the back-off below is on).
   *   Exactly one counterpart claims the wait with a CAS and completes it.
   * - Waiters are woken after the lock is released (Go's P1). The one waiter an operation claims
   *   is passed out through `pendingWake`, written and read only by the lock holder; close()
   *   collects all it claims in a WakeList.
   *
   * *** Invariants *** (lock held; Go's chan.go header)
   *
   * - A buffered channel with a live waiter in recvq is empty; one with a live waiter in sendq is
   *   full. Only an unbuffered channel used by a select in both directions has both queues
   *   non-empty at once. ("Live": a queue may still hold nodes of finished selects; they are
   *   dropped when met.)
   * - Once closed, a channel never reopens, and both queues are empty.
   *
   * *** Lock ordering ***
   *
   * Plain operations and close hold one channel lock. A select holds the locks of all its
   * channels at once, acquired in increasing `id` order (Go orders by address), so two selects
   * cannot deadlock. A sync primitive waiting with a done channel holds its own lock and then the
   * done channel's. Channel code never acquires any other lock while it holds a channel lock.
   *
   * *** The lock ***
   *
   * lockState: LOCKED (bit 0), QLOCKED (bit 1: the lock-waiter list below is being changed),
   * WAITERS (bit 2: the list is not empty). lock() CASes 0 -> LOCKED; under contention it spins
   * for up to LOCK_SPIN_NANOS (critical sections are tens of nanoseconds), then queues a
   * LockWaiter (the thread's own, reused; see Waiter.lockWaiter()) and parks. unlock() CASes LOCKED -> 0; if
   * WAITERS is set it dequeues the first LockWaiter and unparks it, and that thread competes
   * again (barging is allowed, as in Go's runtime mutex; channel fairness comes from sendq and
   * recvq, not from this lock). A waiter queues only while LOCKED is set, and QLOCKED excludes
   * the unlocker's dequeue, so every queued waiter is woken by a later unlock. Acquisition is not
   * interruptible; an interrupt received while parked is restored. The word is declared in
   * DualQueue, first of all the channel's fields, beside the queue ends it guards: a critical
   * section and the lock-free looks at the queues then often move one cache line between the
   * parties, not two (ADR 0004: select+cancel c=0 0.69-0.88 and ping-pong 0.75-0.80 of the word
   * declared among Chan's fields, paired A/B).
   *
   * *** Departures from Go's runtime ***
   *
   * - Buffered channels: the lock-free ring (see BufferedChan) instead of Go's locked ring.
   * - Unbuffered channels: the wait slots (see UnbufferedChan) in front of Go's queues, for the
   *   plain pairwise hand-off (ping-pong, one producer and one consumer).
   * - Waiter records are per thread and reused, with stamped claims (Waiter): a blocking operation
   *   allocates nothing of go4j's own, as Go's sudog cache.
   * - A waiter first in line spins before it parks (Waiter.SPIN_NANOS), adaptively per channel:
   *   unparking a virtual thread costs a scheduler submission, and a partner on another core
   *   usually arrives sooner than that. Go parks at once because its goroutine switch is cheap.
   * - As in Go (P5), a non-blocking operation that is certainly not ready fails without taking
   *   the lock. Linearizability against close follows Go's argument: "empty" is read before "not
   *   closed", and a channel never reopens.
   * - Timer channels (Go 1.23) are capacity-1 channels that report len and cap 0; the Timer
   *   discards a stale value under its own lock on Stop and Reset (clear()).
   */

  /** Not ready: returned by the non-blocking paths. */
  static final Object NOT_READY = new Object();

  /** Closed and drained: returned by the receive paths. */
  static final Object CLOSED = new Object();

  /** Returned by a lock-free fast path that must defer to the locked path. */
  static final Object SLOW = new Object();

  /**
   * Returned by a blocking receive's first half: the thread's record is queued and the lock
   * released; the caller waits (awaitReceive). The wait runs after the queuing code has returned,
   * so that a parked goroutine's stack holds the short wait and not the frames of the locked path
   * (a parked virtual thread's frames are copied to the heap: see ADR 0004).
   */
  static final Object QUEUED = new Object();

  static final int SENT = 0;
  static final int SEND_NOT_READY = 1;
  static final int SEND_CLOSED = 2;
  static final int SEND_SLOW = 3;

  private static final AtomicLong IDS = new AtomicLong();

  private static final Optional<? extends Received<?>> CLOSED_RESULT =
      Optional.of(Received.closed());

  private static final int LOCKED = 1;
  private static final int QLOCKED = 2;
  private static final int WAITERS = 4;

  /**
   * How long a thread that finds a channel locked spins before it queues, in nanoseconds: a few
   * times the longest critical section (a select's locked pass over several channels). Zero on one
   * processor.
   */
  private static final long LOCK_SPIN_NANOS =
      Runtime.getRuntime().availableProcessors() > 1 ? 4_000L : 0L;

  /*
   * Field layout. A hand-off costs the cache lines that move between the two parties' cores, so
   * the channel's fields are placed by who writes and who reads them. The JVM lays out DualQueue's
   * fields first, then Chan's references next to DualQueue's, then Chan's primitives, then the
   * subclass's fields; among fields of one size it keeps the declared order, and a field fills a
   * gap left before it if it fits. With compressed references:
   * - 12-67, written under the lock: the lock word, the queue sizes and ends, the claimed item
   *   (DualQueue, 12-47), a small buffer's positions and slots (25-27, 48-59: declared here for
   *   that reason, see smallCount), the pending wake (64). The timer's owner (60) is read only.
   * - 68-127, cold, then padding: the views, the lock-waiter list and 44 bytes of padding.
   * - 128 on, read by every operation before it locks, or without locking, and written rarely
   *   (id, the spin back-off, capacity, the flags; an unbuffered channel's closed flag and wait
   *   slots, which only its plain operations write).
   * The padding keeps the first and the last group at least 56 bytes apart, so that no cache line
   * holds both, whatever the channel's placement (an object is 8-byte aligned, not line aligned):
   * a select's lock-free look at a channel that its partner has just written under the lock then
   * moves one line, not two. Without it, in 5 placements of 8 a line held a field written under
   * the lock with fields that those looks read, and a select+cancel loop (c=0) took up to 1.6 x as
   * long per message as in the other 3 (ADR 0004). An unbuffered channel takes 184 bytes.
   */
  @SuppressWarnings("unused")
  private int pad;

  @SuppressWarnings("unused")
  private long pad0, pad1, pad2, pad3, pad4;

  /** Lock order of selects (Go orders channels by address). */
  final long id;

  /** The buffer size (0: unbuffered). */
  final int capacity;

  /*
   * A small buffer's ring (SmallChan), declared here, not in SmallChan: the JVM would lay out a
   * subclass's fields after all of Chan's, more than 100 bytes past the lock word, and every
   * operation of a small buffer would write two cache lines. Declared here, the three positions
   * fill the bytes after DualQueue's nonBlockingPoll and the three slots follow DualQueue's
   * references (see the field layout above), beside the lock word and the queue ends. Guarded by
   * the lock; smallCount is also read racily (acquire: SmallChan). Unused by the other channels.
   */

  /** SmallChan's count of buffered values. */
  byte smallCount;

  /** SmallChan's receive position. */
  byte smallRecvx;

  /** SmallChan's send position. */
  byte smallSendx;

  /** True for a nil channel: everything blocks forever or is never ready. */
  final boolean nil;

  /** True for a timer channel: reports len and cap 0 (Go 1.23 synchronous timer channels). */
  final boolean timer;

  /** True for a BufferedChan: its lock-free ring can complete a blocking operation. */
  final boolean ring;

  /** True for a non-nil UnbufferedChan: plain blocking operations may use its wait slots. */
  final boolean slots;

  /** SmallChan's slots 0, 1 and 2 (see smallCount). */
  Object small0;

  Object small1;
  Object small2;

  /**
   * A timer channel's Timer or Ticker, kept reachable by the channel: the scheduler holds timers
   * weakly, so a timer fires while its channel or itself is reachable and is collected otherwise.
   */
  private final Object owner;

  /**
   * Runs a timer channel's overdue fire in the receiving thread (Go 1.23's {@code maybeRunChan}):
   * installed once by the time package, called with a timer channel's owner before a receive polls
   * or waits, with no channel lock held.
   */
  public interface TimerRunner {
    /**
     * Fires {@code owner} now if it is a timer whose fire is due and has not run.
     *
     * @param owner the timer channel's owner
     */
    void runIfDue(Object owner);
  }

  private static volatile TimerRunner timerRunner;

  /**
   * Installs the time package's {@link TimerRunner} (its classes do so when they load).
   *
   * @param runner the runner
   */
  public static void installTimerRunner(TimerRunner runner) {
    timerRunner = runner;
  }

  /**
   * For a timer channel, runs its owner's fire if it is overdue (Go 1.23's {@code maybeRunChan}),
   * so that a receive after the due time finds the value even if the timer thread has not run yet.
   * No lock held: the fire takes the timer's lock and then this channel's.
   */
  final void runTimerIfDue() {
    TimerRunner r;
    if (timer && (r = timerRunner) != null) {
      r.runIfDue(owner);
    }
  }

  /** The waiter the lock holder must wake after unlocking (guarded by the lock). */
  private Waiter pendingWake;

  /** The receive-only and send-only views, made on first use (set once, through VIEW_R/VIEW_S). */
  private volatile Object recvView;

  private volatile Object sendView;

  private LockWaiter lockHead; // guarded by QLOCKED
  private LockWaiter lockTail; // guarded by QLOCKED

  /**
   * Spinning's back-off on this channel. A spin that ends in a park is a failure; a run of {@link
   * #SPIN_FAILURES_TOLERATED} consecutive failures closes spinning on the channel until {@code
   * spinBlockedUntil} (System.nanoTime()), a window that doubles with each further failure from
   * {@link #SPIN_BACKOFF_NANOS} up to 64 times that; the first spin that succeeds clears it all.
   *
   * <p>Why this shape: isolated failures (a GC, a JIT compilation, the partner descheduled) are
   * common and cheap, and backing off after each one costs a long run of park/unpark hand-offs
   * (measured: a 20 us window after every failure left 10-20% of a ping-pong's messages parked,
   * tripling its mean; with 3 failures tolerated, 13% still parked). Only a partner that is slow
   * time after time should stop the spinning. The window is in time, not in waits: on a hand-off
   * both partners must spin at once for either spin to succeed, so after a slow phase both channels
   * of a ping-pong become spin-eligible again together, which a count of waits would not arrange. A
   * heuristic: racy plain reads and writes.
   */
  private long spinBlockedUntil;

  private int spinFailures;

  /** Consecutive failed spins tolerated before spinning backs off. */
  static final int SPIN_FAILURES_TOLERATED = 8;

  /** The first back-off window: ~10 park/unpark hand-offs. */
  static final long SPIN_BACKOFF_NANOS = 10_000L;

  Chan(int capacity, boolean nil, boolean timer, Object owner) {
    this.id = nil ? -1 : IDS.getAndIncrement();
    this.capacity = capacity;
    this.nil = nil;
    this.timer = timer;
    this.owner = owner;
    this.ring = this instanceof BufferedChan;
    this.slots = !nil && this instanceof UnbufferedChan;
  }

  /**
   * Go's {@code make(chan T, size)}.
   *
   * @param size the capacity
   * @param <T> the element type
   * @return a new channel
   * @throws IllegalArgumentException "makechan: size out of range" if negative or too large
   */
  public static <T> Chan<T> make(int size) {
    if (size < 0 || size > BufferedChan.MAX_CAPACITY) {
      throw new IllegalArgumentException("makechan: size out of range");
    }
    if (size == 0) {
      return new UnbufferedChan<>(false);
    }
    return size < SmallChan.MAX_CAPACITY_EXCLUSIVE
        ? new SmallChan<>(size, false, null)
        : new BufferedChan<>(size, false, null);
  }

  /**
   * Test hook: a lock-free ring (BufferedChan) of any capacity, including the small ones that
   * {@link #make(int)} gives a SmallChan, so that model checkers can exercise the ring's waiting
   * bits at capacities where a full buffer is reachable in a few operations.
   *
   * @param size the capacity, at least 1
   * @param <T> the element type
   * @return a new ring channel
   */
  public static <T> Chan<T> ringForTest(int size) {
    if (size < 1 || size > BufferedChan.MAX_CAPACITY) {
      throw new IllegalArgumentException("makechan: size out of range");
    }
    return new BufferedChan<>(size, false, null);
  }

  /**
   * The shared nil channel.
   *
   * @param <T> the element type
   * @return the nil channel
   */
  @SuppressWarnings("unchecked")
  public static <T> Chan<T> nil() {
    return (Chan<T>) UnbufferedChan.NIL;
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
    return new SmallChan<>(1, true, owner);
  }

  // ---------------------------------------------------------------------------------------------
  // The engine's primitives, implemented by the two kinds of channel.

  /**
   * Lock-free receive for the non-blocking and first-try paths: the value, {@link #CLOSED}, {@link
   * #NOT_READY}, or {@link #SLOW} (take the lock and call {@link #recvLocked()}).
   */
  abstract Object recvFast();

  /** Lock-free send: {@link #SENT}, {@link #SEND_NOT_READY} or {@link #SEND_SLOW}. */
  abstract int sendFast(Object value);

  /**
   * {@link #recvFast()} for a poll (tryReceive, a select's): an unbuffered channel's also takes a
   * plain sender waiting in its wait slot, and with {@code claimLazy} (a select's last poll) a
   * select spinning there, without the lock (see UnbufferedChan).
   */
  Object recvFast(boolean claimLazy) {
    return recvFast();
  }

  /** The send counterpart of {@link #recvFast(boolean)}. */
  int sendFast(Object value, boolean claimLazy) {
    return sendFast(value);
  }

  /**
   * Tries to receive with the lock held: the value, {@link #CLOSED} or {@link #NOT_READY}. Sets
   * {@link #pendingWake} if it claimed a waiter.
   */
  abstract Object recvLocked();

  /** Tries to send with the lock held: SENT, SEND_NOT_READY or SEND_CLOSED; sets pendingWake. */
  abstract int sendLocked(Object value);

  /**
   * Like {@link #recvLocked()}, but if not ready, first stops every lock-free path that could make
   * a receive ready (so that the caller may queue a receiver, or conclude "not ready" for a whole
   * select), then looks once more.
   */
  abstract Object recvOrFreezeLocked();

  /** The send counterpart of {@link #recvOrFreezeLocked()}. */
  abstract int sendOrFreezeLocked(Object value);

  /**
   * Restores the lock-free paths' view of the queues (a buffered channel's waiting bits) before the
   * lock is released. Lock held.
   */
  abstract void syncLocked();

  /** Marks the channel closed. Lock held, not yet closed. */
  abstract void markClosedLocked();

  /**
   * Whether the channel is closed (a racy read of a bit that only ever goes from false to true).
   *
   * @return true once closed
   */
  abstract boolean isClosed();

  /** The number of buffered values (a linearizable read). */
  abstract int buffered();

  // ---------------------------------------------------------------------------------------------
  // Shared paths

  /**
   * Polls a receive on its own for a non-blocking operation (tryReceive, poll, a select with a
   * default) or a select's first pass: lock-free, else under the lock. Returns the value, {@link
   * #CLOSED} or {@link #NOT_READY}; wakes what it claimed. It passes over selects queued lazily on
   * an unbuffered channel (see DualQueue#nonBlockingPoll), also in the first pass of a select
   * without a default before its last poll: that pass polls one channel at a time, so until it has
   * polled every other case it is not a partner that would block otherwise (its next case may be
   * ready: found in review, LazySelectPartnerQueueHookTest). See {@link #pollReceive(boolean)}.
   */
  final Object pollReceive() {
    return pollReceive(false);
  }

  /**
   * Polls a receive on its own, as {@link #pollReceive()}; {@code claimLazy}: the last poll of a
   * select's first pass without a default, all of whose other cases were not ready when polled, so
   * that it would block otherwise and may claim a select queued lazily (see Selector, step 1).
   */
  final Object pollReceive(boolean claimLazy) {
    Object v = recvFast(claimLazy); // a timer channel's runs an overdue fire first (SmallChan)
    if (v != SLOW) {
      return v;
    }
    return pollLocked(claimLazy);
  }

  /** The locked half of {@link #pollReceive(boolean)}. */
  private Object pollLocked(boolean claimLazy) {
    Object v;
    lock();
    nonBlockingPoll = nonBlocking(claimLazy);
    v = recvLocked();
    nonBlockingPoll = false;
    syncLocked();
    unlockAndWake();
    return v;
  }

  /**
   * Polls a send on its own for a non-blocking operation (trySend, a select with a default): SENT,
   * SEND_NOT_READY or SEND_CLOSED; wakes what it claimed.
   */
  final int pollSend(Object value) {
    return pollSend(value, false, false);
  }

  /**
   * Polls a send on its own, as {@link #pollSend(Object)}; {@code blocking}: the first pass of a
   * select without a default, which will wait if nothing is ready, so that a buffered ring's
   * lock-free attempt may back off once as a plain send's does (see BufferedChan's "Back-off");
   * {@code claimLazy}: its last poll, which may claim a select queued lazily (see {@link
   * #pollReceive(boolean)}).
   */
  final int pollSend(Object value, boolean blocking, boolean claimLazy) {
    int r =
        blocking && ring ? ((BufferedChan<?>) this).sendPlain(value) : sendFast(value, claimLazy);
    if (r != SEND_SLOW) {
      return r;
    }
    lock();
    nonBlockingPoll = nonBlocking(claimLazy);
    r = sendLocked(value);
    nonBlockingPoll = false;
    syncLocked();
    unlockAndWake();
    return r;
  }

  /**
   * The value of {@code nonBlockingPoll} for a poll by a caller that will ({@code blocking}) or
   * will not wait: only a non-blocking poll of an unbuffered channel passes over lazily queued
   * selects.
   */
  private boolean nonBlocking(boolean blocking) {
    return !blocking && capacity == 0;
  }

  /**
   * {@link #recvOrFreezeLocked()} for the all-locks poll of a select: with {@code blocking} false
   * it does not claim a select queued lazily on an unbuffered channel (see
   * DualQueue#nonBlockingPoll), as a select with a default, or one that has not yet found all its
   * cases not ready, must not. Lock held.
   */
  final Object recvOrFreezeLocked(boolean blocking) {
    nonBlockingPoll = nonBlocking(blocking);
    Object v = recvOrFreezeLocked();
    nonBlockingPoll = false;
    return v;
  }

  /** The send counterpart of {@link #recvOrFreezeLocked(boolean)}. Lock held. */
  final int sendOrFreezeLocked(Object value, boolean blocking) {
    nonBlockingPoll = nonBlocking(blocking);
    int r = sendOrFreezeLocked(value);
    nonBlockingPoll = false;
    return r;
  }

  /** Takes the waiter to wake; lock held. */
  final Waiter takePendingWake() {
    Waiter w = pendingWake;
    if (w != null) {
      pendingWake = null;
    }
    return w;
  }

  /** Records the waiter to wake once the lock is released; lock held. */
  final void setPendingWake(Waiter w) {
    pendingWake = w;
  }

  /** Unlocks and then wakes the pending waiter, if any. */
  final void unlockAndWake() {
    Waiter w = takePendingWake();
    unlock();
    if (w != null) {
      w.wake();
    }
  }

  /**
   * A racy hint, without the lock: whether a send (or a receive) might be ready now, i.e. the
   * channel is closed, a counterpart waits, or the buffer has room (a value). False means "not
   * ready a moment ago" and nothing more; used only to end a select's spin early.
   *
   * @param send true for a send, false for a receive
   * @return false if the operation was certainly not ready at some instant during the call
   */
  final boolean mayBeReady(boolean send) {
    if (send) {
      return !looksEmpty(RECVQ)
          || slotted(RECVQ) != 0
          || isClosed()
          || capacity > 0 && buffered() < capacity;
    }
    return !looksEmpty(SENDQ)
        || slotted(SENDQ) != 0
        || isClosed()
        || capacity > 0 && buffered() > 0;
  }

  /**
   * How many plain waiters of queue {@code q}'s direction stand in a lock-free wait slot instead of
   * the queue (0 or 1; see UnbufferedChan). A racy read.
   *
   * @param q RECVQ or SENDQ
   * @return 0 or 1
   */
  int slotted(int q) {
    return 0;
  }

  /** Whether a waiter first in line should spin before parking on this channel. */
  boolean spinAdvised() {
    long until = spinBlockedUntil;
    return until == 0 || System.nanoTime() - until >= 0;
  }

  /**
   * Test hook: closes spinning on this channel (and so its wait slots, see UnbufferedChan) for an
   * hour, as a run of failed spins would for a while; the next successful spin, or {@code
   * spinOutcome(true, false)}, opens it again.
   */
  final void backOffSpinningForTest() {
    spinFailures = 64;
    spinBlockedUntil = System.nanoTime() + 3_600_000_000_000L;
  }

  /** Test hook: the number of consecutive failed spins the back-off has counted. */
  final int spinFailuresForTest() {
    return spinFailures;
  }

  /** Test hook: the System.nanoTime() until which the back-off advises against spinning, or 0. */
  final long spinBlockedUntilForTest() {
    return spinBlockedUntil;
  }

  /**
   * Feeds a finished wait back into the back-off.
   *
   * @param spun whether the waiter spun
   * @param parked whether it parked (its spin, if any, failed)
   */
  final void spinOutcome(boolean spun, boolean parked) {
    if (!spun) {
      return;
    }
    if (!parked) {
      if (spinFailures != 0) {
        spinFailures = 0;
        spinBlockedUntil = 0;
      }
      return;
    }
    int f = spinFailures + 1;
    spinFailures = Math.min(f, 64);
    if (f >= SPIN_FAILURES_TOLERATED) {
      int doublings = Math.min(f - SPIN_FAILURES_TOLERATED, 6);
      spinBlockedUntil = System.nanoTime() + (SPIN_BACKOFF_NANOS << doublings);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Channel API

  @Override
  public final void send(T value) throws InterruptedException {
    if (sendOrQueue(value)) {
      awaitSend();
    }
  }

  /**
   * A blocking send's first half: sends, or queues the thread's record on the send queue.
   *
   * @return true if queued: the caller must await (awaitSend)
   */
  private boolean sendOrQueue(T value) throws InterruptedException {
    Objects.requireNonNull(value, "channel elements must not be null");
    // A small buffer's send takes the lock first: the flags below share the lock word's line, and a
    // read before the CAS would fetch that line twice (see SmallChan). The class check reads the
    // object's header, which the call's dispatch has read already.
    if (!(this instanceof SmallChan<?>)) {
      if (nil) {
        parkForever(WaitReason.CHAN_SEND_NIL);
      }
      if (slots) {
        return ((UnbufferedChan<?>) this).sendUnbuffered(value);
      }
      // (other channels' lock-free checks would only delay the lock a blocking op needs)
      if (ring && ((BufferedChan<?>) this).sendPlain(value) == SENT) {
        return false;
      }
    }
    int r;
    lock();
    r = sendOrFreezeLocked(value);
    if (r != SEND_NOT_READY) {
      syncLocked();
      unlockAndWake();
      if (r == SEND_CLOSED) {
        throw new ChannelClosedException();
      }
      return false;
    }
    if (Thread.interrupted()) {
      syncLocked();
      unlock();
      throw new InterruptedException();
    }
    enqueueLocked(SENDQ, value);
    return true;
  }

  /**
   * A blocking send's second half: waits for the claim of the record sendOrQueue queued.
   *
   * @throws InterruptedException if interrupted first (the record withdrawn)
   */
  private void awaitSend() throws InterruptedException {
    int s = awaitQueued(Waiter.current(), SENDQ); // the record queued: nothing ran in between
    if (s == Waiter.CANCELLED) {
      throw new InterruptedException();
    }
    if (Waiter.closed(s)) {
      throw new ChannelClosedException();
    }
  }

  @Override
  public final boolean trySend(T value) {
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
  final Object receive0() throws InterruptedException {
    Object v = receiveOrQueue();
    return v != QUEUED ? v : awaitReceive();
  }

  /**
   * A blocking receive's first half: receives, or queues the thread's record on the receive queue.
   *
   * @return the value, CLOSED, or QUEUED: the caller must await (awaitReceive)
   */
  private Object receiveOrQueue() throws InterruptedException {
    Object v;
    if (!(this instanceof SmallChan<?>)) { // a small buffer's receive takes the lock first (send)
      if (nil) {
        parkForever(WaitReason.CHAN_RECEIVE_NIL);
      }
      if (slots) {
        return ((UnbufferedChan<?>) this).receiveUnbuffered();
      }
      if (ring && (v = ((BufferedChan<?>) this).recvPlain()) != SLOW && v != NOT_READY) {
        return v;
      }
    } else if (timer) {
      runTimerIfDue();
    }
    lock();
    v = recvOrFreezeLocked();
    if (v != NOT_READY) {
      syncLocked();
      unlockAndWake();
      return v;
    }
    if (Thread.interrupted()) {
      syncLocked();
      unlock();
      throw new InterruptedException();
    }
    enqueueLocked(RECVQ, null);
    return QUEUED;
  }

  /**
   * A blocking receive's second half: waits for the claim of the record receiveOrQueue queued.
   *
   * @return the value, or CLOSED
   * @throws InterruptedException if interrupted first (the record withdrawn)
   */
  private Object awaitReceive() throws InterruptedException {
    Waiter w = Waiter.current(); // the record queued: nothing ran in between
    return receiveResult(w, awaitQueued(w, RECVQ));
  }

  /**
   * A receive's outcome from its record's claim: the value the sender left in the record (taken out
   * of it), or CLOSED.
   *
   * @param w the receiver's record
   * @param s the claim, or CANCELLED
   * @return the value, or CLOSED
   * @throws InterruptedException if s is CANCELLED
   */
  static Object receiveResult(Waiter w, int s) throws InterruptedException {
    if (s == Waiter.CANCELLED) {
      throw new InterruptedException();
    }
    if (Waiter.closed(s)) {
      return CLOSED;
    }
    Object v = w.item;
    w.item = null;
    return v;
  }

  /**
   * Queues the current thread's record on {@code q} for a plain operation and releases the lock.
   */
  private void enqueueLocked(int q, Object item) {
    Waiter w;
    try {
      w = Waiter.current(); // may allocate the thread's record: OOM must not keep the lock
    } catch (Throwable e) {
      syncLocked();
      unlock();
      throw e;
    }
    w.prepare(w.begin(), 0, item);
    w.firstInLine = isEmpty(q);
    add(q, w);
    syncLocked();
    unlock();
  }

  /**
   * Waits for the claim of a plain operation's node; on interrupt withdraws it.
   *
   * @return the claim, or CANCELLED (node withdrawn)
   */
  final int awaitQueued(Waiter w, int q) {
    boolean spin = w.firstInLine && w.canSpin() && spinAdvised(); // only a real spin is an outcome
    w.firstInLine = spin; // kept in the record: a value fewer in the frame that stays parked
    int s = w.await(spin, q == RECVQ ? WaitReason.CHAN_RECEIVE : WaitReason.CHAN_SEND, this);
    spinOutcome(w.firstInLine, w.parked());
    if (s == Waiter.CANCELLED) {
      lock();
      remove(q, w);
      w.item = null;
      syncLocked();
      unlock();
    } else if (q == SENDQ || Waiter.closed(s)) {
      w.item = null; // the owner clears its own node: a claimer never writes it after the claim
    }
    return s;
  }

  @Override
  @SuppressWarnings("unchecked")
  public final T receive() throws InterruptedException {
    Object v = receive0();
    return v == CLOSED ? null : (T) v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public final Received<T> receiveOk() throws InterruptedException {
    Object v = receive0();
    return v == CLOSED ? Received.closed() : new Received<>((T) v, true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public final Optional<Received<T>> tryReceive() {
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
  @SuppressWarnings("unchecked")
  public final T poll() {
    if (nil) {
      return null;
    }
    Object v = pollReceive();
    return v == NOT_READY || v == CLOSED ? null : (T) v;
  }

  @Override
  public final void close() {
    if (nil) {
      throw new IllegalStateException("close of nil channel");
    }
    lock();
    if (isClosed()) {
      unlock();
      throw new IllegalStateException("close of closed channel");
    }
    WakeList wake;
    try {
      // Room for every waiter that close claims (both queues, and the one receiver that
      // markClosedLocked may move from an unbuffered channel's wait slot into recvq; a sender in
      // the slot it wakes itself), made before anything changes: an allocation failing halfway
      // through the claims would leave the lock held and claimed waiters never woken.
      wake = new WakeList(size(RECVQ) + size(SENDQ) + 1);
    } catch (Throwable e) {
      unlock();
      throw e;
    }
    markClosedLocked();
    claimAllClosed(RECVQ, wake);
    claimAllClosed(SENDQ, wake);
    syncLocked();
    unlock();
    wake.wakeAll();
  }

  /**
   * Discards a buffered value, if any: a Timer's Stop and Reset use it so that no stale value is
   * received afterwards. A discard is a receive whose value is dropped. The owner calls it with its
   * own lock held, the lock under which it sends: a buffer found empty stays empty, so the
   * lock-free check suffices then (and the poll does not run the owner's fire, which takes that
   * lock).
   *
   * @return true if a value was discarded
   */
  public final boolean clear() {
    boolean had = false;
    while (hasBuffered()) {
      Object v = pollLocked(false);
      if (v == NOT_READY || v == CLOSED) {
        break; // a receiver took it meanwhile
      }
      had = true;
    }
    return had;
  }

  /**
   * Whether a value is buffered (for timers, whose {@code len} reports 0).
   *
   * @return true if a value is buffered
   */
  public final boolean hasBuffered() {
    return buffered() > 0;
  }

  @Override
  public final int len() {
    return timer ? 0 : buffered();
  }

  @Override
  public final int cap() {
    return timer ? 0 : capacity;
  }

  /**
   * Go's {@code ==} on channels: a channel equals itself and its views ({@code var r <-chan T = c;
   * r == c} is true in Go), so that a map keyed by channels finds a channel through its view.
   *
   * @param o the object to compare with
   * @return whether {@code o} is this channel or a view of it
   */
  @Override
  public final boolean equals(Object o) {
    return ChanViews.chanOf(o) == this;
  }

  /**
   * Identity-based, as equality: the same for the channel and its views.
   *
   * @return this channel's identity hash code
   */
  @Override
  public final int hashCode() {
    return System.identityHashCode(this);
  }

  /**
   * Go's {@code <-chan T} conversion: the receive-only view of this channel, made on first use and
   * the same object on every call. It cannot be cast back to {@code Channel} or to this class. The
   * nil channel is its own view: it has no state that a cast could harm.
   *
   * @return the receive-only view
   */
  @Override
  @SuppressWarnings("unchecked")
  public final ReceiveChannel<T> receiveOnly() {
    if (nil) {
      return this; // nothing to protect, and `done() == Channel.nil()` keeps working as in Go
    }
    Object v = recvView;
    if (v == null) {
      Object mine = new ChanViews.Recv<>(this);
      v = VIEW_R.compareAndExchange(this, null, mine);
      v = v == null ? mine : v; // one view per channel, even when first asked for concurrently
    }
    return (ReceiveChannel<T>) v;
  }

  /**
   * Go's {@code chan<- T} conversion: the send-only view of this channel, made on first use and the
   * same object on every call. It cannot be cast back to {@code Channel} or to this class.
   *
   * @return the send-only view
   */
  @Override
  @SuppressWarnings("unchecked")
  public final SendChannel<T> sendOnly() {
    if (nil) {
      return this;
    }
    Object v = sendView;
    if (v == null) {
      Object mine = new ChanViews.Send<>(this);
      v = VIEW_S.compareAndExchange(this, null, mine);
      v = v == null ? mine : v;
    }
    return (SendChannel<T>) v;
  }

  /**
   * The channel behind a go4j channel or view.
   *
   * @param c a channel, or a view of one
   * @param what the argument's name, for the error message
   * @return the channel
   * @throws IllegalArgumentException if {@code c} was not made by go4j
   * @throws NullPointerException if {@code c} is null
   */
  public static Chan<?> of(Object c, String what) {
    Chan<?> ch = ChanViews.chanOf(c);
    if (ch != null) {
      return ch;
    }
    if (c == null) {
      throw new NullPointerException(what + " must not be null");
    }
    throw new IllegalArgumentException(
        what + " is not a go4j channel (" + c.getClass().getName() + ")");
  }

  @Override
  public final <R> SelectCase<R> onReceive(ThrowingFunction<? super T, ? extends R> body) {
    return Case.onReceive(this, body);
  }

  @Override
  public final <R> SelectCase<R> onReceiveOk(
      ThrowingBiFunction<? super T, Boolean, ? extends R> body) {
    return Case.onReceiveOk(this, body);
  }

  @Override
  public final <R> SelectCase<R> onSend(T value, Callable<? extends R> body) {
    return Case.onSend(this, value, body);
  }

  @Override
  public final <R> SelectCase<R> onReceiveDo(ThrowingConsumer<? super T> body) {
    return Case.onReceiveDo(this, body);
  }

  @Override
  public final <R> SelectCase<R> onReceiveOkDo(ThrowingBiConsumer<? super T, Boolean> body) {
    return Case.onReceiveOkDo(this, body);
  }

  @Override
  public final <R> SelectCase<R> onSendDo(T value, Task body) {
    return Case.onSendDo(this, value, body);
  }

  /**
   * Test hook: the number of entries in the receive wait queue, including entries of selects that
   * were already claimed elsewhere and not yet withdrawn, and a receiver waiting in an unbuffered
   * channel's wait slot. 0 for the nil channel.
   *
   * @return the length of recvq
   */
  public final int queuedReceivers() {
    return queued(RECVQ);
  }

  /**
   * Test hook: the number of entries in the send wait queue (see {@link #queuedReceivers()}).
   *
   * @return the length of sendq
   */
  public final int queuedSenders() {
    return queued(SENDQ);
  }

  /**
   * Test hook: whether a buffered channel's lock-free paths are stopped by a waiting bit (always
   * false for an unbuffered channel, which has none).
   *
   * @return true if a waiting bit is set
   */
  public boolean waitingBitsSet() {
    return false;
  }

  /** Test hook: acquires this channel's lock (see {@link #unlockForTest()}). */
  public final void lockForTest() {
    lock();
  }

  /** Test hook: releases the lock taken by {@link #lockForTest()}. */
  public final void unlockForTest() {
    unlock();
  }

  /**
   * Test hook: whether {@code t} is parked in the queue of this channel's lock.
   *
   * @param t a thread
   * @return true if queued
   */
  public final boolean isLockQueued(Thread t) {
    for (int k = 0; ; k++) {
      int s = lockState;
      if ((s & QLOCKED) != 0) {
        pause(k);
      } else if (LOCK.compareAndSet(this, s, s | QLOCKED)) {
        boolean found = false;
        for (LockWaiter w = lockHead; w != null; w = w.next) {
          found |= w.thread == t;
        }
        releaseQueueLock(s & WAITERS);
        return found;
      }
    }
  }

  private int queued(int q) {
    if (nil) {
      return 0;
    }
    lock();
    int n = size(q) + slotted(q);
    unlock();
    return n;
  }

  @Override
  public final String toString() {
    if (nil) {
      return "chan(nil)";
    }
    return "chan(len=" + len() + ", cap=" + cap() + ")";
  }

  /**
   * Blocks until interrupted: a nil channel's send and receive, {@code select {}}. The goroutine
   * counts as blocked for good (the deadlock detector, dumps).
   *
   * @param reason the goroutine dump's reason: a nil channel's send or receive, or no cases
   * @throws InterruptedException always, once interrupted
   */
  static void parkForever(WaitReason reason) throws InterruptedException {
    parkForever(reason, null);
  }

  /**
   * {@link #parkForever(WaitReason)} on a primitive that the goroutine dump names (and jstack's
   * "parking to wait for"): a semaphore acquisition that can never be granted.
   *
   * @param reason the goroutine dump's reason
   * @param on what the goroutine waits on; null for none (a nil channel, no cases)
   * @throws InterruptedException always, once interrupted
   */
  public static void parkForever(WaitReason reason, Object on) throws InterruptedException {
    Diagnostics.parkingForever(reason, on);
    Object blocker = on != null ? on : UnbufferedChan.NIL;
    try {
      for (; ; ) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        LockSupport.park(blocker);
      }
    } finally {
      Diagnostics.unparkedForever();
    }
  }

  /**
   * Waits for an in-flight lock-free operation of another thread to finish its few remaining
   * instructions (see BufferedChan). Yields now and then, in case that thread's carrier was
   * preempted.
   */
  static void pause(int k) {
    if ((k & 63) == 63) {
      Thread.yield();
    } else {
      Thread.onSpinWait();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The lock (see the implementation overview)

  /** Acquires the channel lock (not interruptible; never pins a virtual thread). */
  final void lock() {
    if (!LOCK.compareAndSet(this, 0, LOCKED)) {
      lockSlow();
    }
  }

  /**
   * Acquires the channel lock only if it is free and nobody waits for it; never blocks.
   *
   * @return whether the lock is now held
   */
  final boolean tryLock() {
    return LOCK.compareAndSet(this, 0, LOCKED);
  }

  /** Releases the channel lock; publishes the critical section to the next holder. */
  final void unlock() {
    if (!LOCK.compareAndSet(this, LOCKED, 0)) {
      unlockSlow();
    }
  }

  private void lockSlow() {
    if (LOCK_SPIN_NANOS > 0) {
      long deadline = System.nanoTime() + LOCK_SPIN_NANOS;
      for (int i = 1; ; i++) {
        int s = lockState;
        if ((s & LOCKED) == 0 && LOCK.compareAndSet(this, s, s | LOCKED)) {
          return;
        }
        Thread.onSpinWait();
        if ((i & 7) == 0 && System.nanoTime() - deadline >= 0) { // the clock costs a pause
          break;
        }
      }
    }
    LockWaiter me = null;
    boolean interrupted = false;
    for (int k = 0; ; k++) {
      int s = lockState;
      if ((s & LOCKED) == 0) {
        if (LOCK.compareAndSet(this, s, s | LOCKED)) {
          break;
        }
      } else if ((s & QLOCKED) != 0) {
        pause(k);
      } else {
        if (me == null) {
          me = Waiter.current().lockWaiter(); // the thread's own, reused: nothing allocated
        }
        if (LOCK.compareAndSet(this, s, s | QLOCKED | WAITERS)) {
          // LOCKED stays set while we hold QLOCKED: the holder's unlock needs QLOCKED too.
          me.signalled = false;
          me.next = null;
          if (lockTail == null) {
            lockHead = me;
          } else {
            lockTail.next = me;
          }
          lockTail = me;
          releaseQueueLock(WAITERS);
          Object record = LockSupport.getBlocker(me.thread); // the thread's Waiter, if any
          while (!me.signalled) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
              interrupted = true;
            }
          }
          LockSupport.setCurrentBlocker(record); // park(this) cleared it: see Waiter.current()
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void unlockSlow() {
    for (int k = 0; ; k++) {
      int s = lockState;
      if ((s & QLOCKED) != 0) {
        pause(k);
      } else if (LOCK.compareAndSet(this, s, (s & ~LOCKED) | QLOCKED)) {
        LockWaiter w = lockHead;
        if (w != null) {
          lockHead = w.next;
          if (lockHead == null) {
            lockTail = null;
          }
          w.next = null;
        }
        releaseQueueLock(lockHead == null ? 0 : WAITERS);
        if (w != null) {
          w.signalled = true;
          Waiter.unpark(w.thread);
        }
        return;
      }
    }
  }

  /** Clears QLOCKED and sets WAITERS to {@code waiters}, keeping LOCKED as it is now. */
  private void releaseQueueLock(int waiters) {
    for (; ; ) {
      int s = lockState; // LOCKED may change meanwhile (a barging acquire)
      if (LOCK.compareAndSet(this, s, (s & LOCKED) | waiters)) {
        return;
      }
    }
  }

  /**
   * A thread's entry in the queue of a contended channel lock: one per thread, kept in its wait
   * record's extras and reused (a thread waits for one lock at a time). An unlocker's last touch of
   * an entry it dequeued is {@code signalled = true}; the owner re-links it only after it has seen
   * that write, so a reused entry is never written by a former unlocker (its unpark may still
   * arrive late: a spurious wake-up, which every go4j park loop tolerates).
   */
  static final class LockWaiter {
    final Thread thread;
    volatile boolean signalled;
    LockWaiter next; // guarded by QLOCKED

    LockWaiter(Thread thread) {
      this.thread = thread;
    }
  }

  private static final VarHandle LOCK;
  private static final VarHandle VIEW_R;
  private static final VarHandle VIEW_S;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      LOCK = l.findVarHandle(DualQueue.class, "lockState", int.class);
      VIEW_R = l.findVarHandle(Chan.class, "recvView", Object.class);
      VIEW_S = l.findVarHandle(Chan.class, "sendView", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
