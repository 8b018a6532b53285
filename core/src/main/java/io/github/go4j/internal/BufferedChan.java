package io.github.go4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A buffered channel (Go's {@code make(chan T, n)}): a lock-free ring for the common case, and Go's
 * locked algorithm whenever someone waits.
 *
 * @param <T> the element type
 */
final class BufferedChan<T> extends BufferedPad2<T> {
  /*
   * *** The ring ***
   *
   * A bounded queue after Vyukov's array queue: `sendPos` and `recvPos` count the sends and
   * receives that have claimed a position (a send takes position p by CASing sendPos from p to
   * p+1, a receive likewise with recvPos), and slot p % capacity carries a sequence number that
   * says which half-step of which lap it is at:
   *     seq == 2p        free for the send of position p
   *     seq == 2p + 1    holds the value of position p
   * A send checks seq == 2p before its CAS, writes the value and publishes seq = 2p + 1 with a
   * release; a receive checks seq == 2p + 1 (acquire), CASes, takes and clears the value and
   * publishes seq = 2(p + capacity) with a release. Half-steps keep "filled for p" and "free for
   * p + capacity" distinct even at capacity 1. Sequences are ints: only equality and differences
   * between the values of one slot's neighbouring laps are ever used, so they may wrap; such a
   * difference is at most 2 x capacity, which must fit in an int, hence MAX_CAPACITY (2^30). With
   * a larger ring a send to a full buffer read the wrapped difference as "taken by another send"
   * and retried for good instead of reporting full (found in review).
   *
   * A send linearizes at its CAS: from then on the value counts as buffered (len, receives), even
   * though its write lands a few instructions later. A receive that claims such a position waits
   * for the write (pause()); a send that finds its slot not yet freed by the receive one lap
   * earlier, but that receive's CAS already done, waits likewise. Those waits last a few
   * instructions of another thread, unless its carrier is preempted; pause() yields now and then.
   * A send whose slot still holds a value with no receive claimed is "full", a receive that finds
   * sendPos == its position is "empty"; both are read at one instant (see sendFast, takeValue).
   *
   * *** Waiting bits ***
   *
   *   sendPos:  CLOSED (62) | SEND_WAIT (61) | RECV_WAIT (60) | position (0-59)
   *   recvPos:                SEND_WAIT (61) |                  position (0-59)
   * RECV_WAIT: receivers are queued (recvq not empty). SEND_WAIT: senders are queued (sendq not
   * empty); it is kept in both words. A lock-free send proceeds only if sendPos has no bit set,
   * a lock-free receive only if recvPos has none, and each checks by CASing the very word it
   * reads, so setting a bit (by CAS, under the lock) stops every lock-free operation that has
   * not yet claimed its position. Those that had are accounted for: whoever sets a bit looks at
   * the positions again afterwards (recvOrFreezeLocked, sendOrFreezeLocked).
   * - Receivers queued: the buffer is empty and senders hand their values over directly (Go);
   *   a lock-free send would leave a value in the buffer with a receiver waiting, hence the bit.
   * - Senders queued: the buffer is full, and a receive must move the first blocked sender's
   *   value into the freed slot in the same step (Go's FIFO priority of blocked senders over
   *   newcomers): lock-free receives are stopped so that they take the locked path, lock-free
   *   sends so that none takes the slot first. recvLocked claims the tail position for the
   *   blocked sender before it takes the head, so the buffer never looks less than full.
   * - CLOSED stops lock-free sends (they throw on the locked path); receives drain the buffer
   *   lock-free and report closed once sendPos == recvPos with CLOSED set, read in one word.
   * The bits are changed only under the lock: set before a waiter is queued (freeze), and made
   * to match the queues again by syncLocked() before every unlock of a path that may have
   * changed them.
   *
   * *** Back-off ***
   *
   * A plain send (receive) whose slot is still in use (not yet written) at its first look backs
   * off once (a virtual thread yields, a platform thread pauses; see BACK_OFF) before it looks
   * again (then RECHECKS, then the other side's position, as before). A producer and a consumer
   * that keep pace otherwise meet at the same slot and pass its two lines (value and sequence
   * number) back and forth at every message; after the back-off the two work on different runs of
   * slots. The back-off concludes nothing: the operation then reads the positions and the slot
   * afresh. A select without a default backs off at a send case as a plain send does (it is going
   * to wait anyway; measured in ADR 0004), but not at a receive case: a select over several
   * channels would stall at an empty one while another may be ready. trySend, tryReceive and a
   * select with a default never back off (they answer at once), and nobody does on one carrier
   * (the partner could not move meanwhile).
   *
   * The same operations back off when their claim (the CAS of their position) loses to another
   * operation of their side: with virtual threads that is a goroutine on another carrier doing
   * the same (a goroutine is not preempted between its read and its CAS), so both carriers are
   * running producers (consumers) at once and pass the position's line and the slots' lines back
   * and forth at every message. The yield lets this carrier run another goroutine first. With 100
   * producers and 100 consumers on two carriers (the mpmc 100x100 c=64 workload) that took 0.70
   * to 0.76 x the time per message in paired A/B runs (ADR 0004, decision 2, amendment of
   * 2026-12-06); with 4 and 4, 0.97 to 1.33 over six runs (median 1.06, within the harness's
   * spread). An operation backs off at most once, whichever it meets first (a slot in use, a lost
   * claim), and after it retries at once: backing off at every lost claim made 4x4 slower (1.09,
   * 1.30).
   *
   * *** Memory layout ***
   *
   * sendPos and recvPos sit on cache lines of their own (the padding classes), so a producer and
   * a consumer on two cores do not write the same line, except the slot they hand over.
   */

  /**
   * The largest capacity, 2^30: a slot's sequence numbers (ints, two per lap) must differ by less
   * than 2^31 between neighbouring laps (see "The ring"). Go's limit is the addressable memory; a
   * ring of 2^30 slots already takes 8 GB of arrays here.
   */
  static final int MAX_CAPACITY = 1 << 30;

  static final long CLOSED_BIT = 1L << 62;
  static final long SEND_WAIT = 1L << 61;
  static final long RECV_WAIT = 1L << 60;
  static final long WAIT_BITS = SEND_WAIT | RECV_WAIT;
  static final long SEND_BITS = CLOSED_BIT | WAIT_BITS;
  static final long POS = RECV_WAIT - 1;

  BufferedChan(int capacity, boolean timer, Object owner) {
    super(capacity, timer, owner);
  }

  /**
   * How many times a ring operation that finds its slot not yet handed over looks at it again
   * before it reads the other side's position to tell "full" ("empty") from "being handed over". A
   * producer that keeps up with its consumer mostly finds its slot in the middle of being cleared,
   * and reading recvPos then would pull the consumer's own line away from it, so that the
   * consumer's next claim (a CAS on recvPos) misses; the slot's sequence number, which both sides
   * write anyway, usually turns within these looks. Likewise for a consumer at an empty slot and
   * sendPos.
   */
  private static final int RECHECKS = 2;

  /**
   * Whether a plain send (receive) that finds its slot still in use (not yet written) at its first
   * look, or loses its claim of a position to another send (receive), backs off once before it
   * looks again (default true, property {@code go4j.ringBackOff}; see "Back-off" above). A producer
   * that keeps pace with its consumer reaches the slot the consumer is about to free; looking again
   * at once keeps both at the same slots, the same two cache lines (value and sequence number), and
   * every write of one side pulls those lines from the other: a cache-line transfer or two per
   * message, 50-150 ns each between two cores of a VM. Stepping away for a moment lets the consumer
   * drain a run of slots undisturbed, which the producer then fills while the consumer works
   * further on: the two sides move apart and hand lines over once per run. Likewise a consumer that
   * reaches an empty slot.
   *
   * <p>A virtual thread backs off with one {@link Thread#yield()} (the JDK allocates a task to
   * resubmit it, as for an unpark; the benchmarks count yields with unparks): a busy wait would
   * keep its carrier from the goroutines queued on it (a three-stage pipeline whose sink backed off
   * with 200 ns of pauses ran 195-213 ns per item in every fork, against 60-65 in most forks
   * without), while a yield runs them first and, with none queued, returns after about the same
   * time. A platform thread pauses for {@link #PLATFORM_BACK_OFF_NANOS}. Only plain sends and
   * receives back off, and the send cases of a select without a default ({@code Chan.pollSend} with
   * {@code blocking}: it is going to wait anyway); trySend, tryReceive, a select with a default and
   * a select's receive cases do not (they report at once, or another case may be ready); only on
   * the lock-free path, and only where the other side can run meanwhile: more than one carrier (on
   * one, a yield measured 20-53 ns per message in spsc c=64 against 17-20 without) or, for a
   * platform thread, more than one CPU. Measured in ADR 0004 (decision 2, amendments of
   * 2026-12-05).
   */
  static final boolean BACK_OFF =
      Boolean.parseBoolean(System.getProperty("go4j.ringBackOff", "true"));

  /** How long a platform thread backs off (see {@link #BACK_OFF}), in nanoseconds. */
  static final long PLATFORM_BACK_OFF_NANOS = 200;

  /** The most rounds of four pauses a platform thread's back-off takes, whatever the clock says. */
  private static final int BACK_OFF_ROUNDS = 16;

  /*
   * Test hook, for RingBackOffHookTest only (see TestHooks): a plain send or receive that is about
   * to back off runs backOffHook (if set) first, whether or not it then waits: the window in which
   * the other side may free (fill) the slot, a close may come, or a waiter may set its bit.
   */
  static volatile Runnable backOffHook;

  /*
   * Test hook, for RingBackOffHookTest only (see TestHooks): every ring operation runs claimHook (if
   * set) just before its CAS of a position, the window in which another operation of the same side
   * may claim that position first (see "Back-off").
   */
  static volatile Runnable claimHook;

  /**
   * Backs off once without touching the ring (see {@link #BACK_OFF}), after the test hook: a
   * virtual thread yields if there is more than one carrier, a platform thread pauses if there is
   * more than one CPU (the clock read every four pauses: a pause costs from a few to ~50 ns).
   */
  private static void backOff() {
    if (TestHooks.ON) {
      TestHooks.run(backOffHook);
    }
    if (!BACK_OFF) {
      return;
    }
    if (Thread.currentThread().isVirtual()) {
      if (Waiter.PARALLEL_CARRIERS) {
        Waiter.yieldVirtual();
      }
    } else if (Waiter.PARALLEL_CPUS) {
      // Bounded in rounds too, not only by the clock: a clock that does not advance (a model
      // checker's) must not make the back-off a livelock.
      long start = System.nanoTime();
      for (int round = 0; round < BACK_OFF_ROUNDS; round++) {
        Thread.onSpinWait();
        Thread.onSpinWait();
        Thread.onSpinWait();
        Thread.onSpinWait();
        if (System.nanoTime() - start >= PLATFORM_BACK_OFF_NANOS) {
          break;
        }
      }
    }
  }

  private int index(long p) {
    return mask >= 0 ? (int) p & mask : (int) (p % capacity);
  }

  private long sendPos() {
    return (long) SEND_POS.getVolatile(this);
  }

  private long recvPos() {
    return (long) RECV_POS.getVolatile(this);
  }

  private int seqAt(int i) {
    return (int) SEQ.getAcquire(seq, i); // acquire: the value written before the release
  }

  // ---------------------------------------------------------------------------------------------
  // The ring's two operations; `fast` stops at any waiting bit, the locked callers pass false.

  /**
   * Claims a send position and writes {@code value}: SENT, SEND_NOT_READY (full), or SEND_SLOW
   * (fast only: a bit is set). The locked callers have checked CLOSED and the queues. {@code
   * plain}: a plain send's lock-free attempt, which backs off once if its slot is still in use or
   * its claim is lost.
   */
  private int putValue(Object value, boolean fast, boolean plain) {
    boolean mayBackOff = plain; // at most once per operation
    long s = sendPos();
    for (int k = 0; ; k++) {
      if (fast && (s & SEND_BITS) != 0) {
        return SEND_SLOW;
      }
      long p = s & POS;
      int i = index(p);
      int d = seqAt(i) - (int) (2 * p);
      if (d == 0) {
        if (TestHooks.ON) {
          TestHooks.run(claimHook);
        }
        long w = (long) SEND_POS.compareAndExchange(this, s, s + 1);
        if (w == s) {
          buf[i] = value;
          SEQ.setRelease(seq, i, (int) (2 * p + 1)); // release: publishes the value
          return SENT;
        }
        if (mayBackOff) { // another send, on another carrier, claimed p first
          mayBackOff = false;
          backOff();
          s = sendPos();
        } else {
          s = w;
        }
        continue;
      }
      if (d < 0 && k == 0 && mayBackOff) {
        mayBackOff = false;
        backOff();
      }
      if (d < 0 && k >= RECHECKS) {
        // The slot is still in use for position p - capacity. Full, unless the receive of that
        // position has already claimed it and is clearing it. recvPos is read after s: the
        // channel was full at the instant s was read if even this later recvPos leaves no room.
        // (Only after looking at the slot again: see RECHECKS.)
        if (p - (recvPos() & POS) >= capacity) {
          return SEND_NOT_READY;
        }
        pause(k);
      }
      s = sendPos(); // d > 0: position p was taken by another send meanwhile
    }
  }

  /**
   * Claims a receive position and takes its value: the value, NOT_READY (empty and open), CLOSED
   * (empty and closed) or SLOW (fast only: SEND_WAIT is set). {@code plain}: a plain receive's
   * lock-free attempt, which backs off once if its slot is not written yet or its claim is lost.
   */
  private Object takeValue(boolean fast, boolean plain) {
    boolean mayBackOff = plain; // at most once per operation
    long r = recvPos();
    for (int k = 0; ; k++) {
      if (fast && (r & SEND_WAIT) != 0) {
        return SLOW;
      }
      long p = r & POS;
      int i = index(p);
      int d = seqAt(i) - (int) (2 * p + 1);
      if (d == 0) {
        if (TestHooks.ON) {
          TestHooks.run(claimHook);
        }
        long w = (long) RECV_POS.compareAndExchange(this, r, r + 1);
        if (w == r) {
          Object v = buf[i];
          buf[i] = null; // retain nothing
          SEQ.setRelease(seq, i, (int) (2 * (p + capacity))); // release: the slot is free
          return v;
        }
        if (mayBackOff) { // another receive, on another carrier, claimed p first
          mayBackOff = false;
          backOff();
          r = recvPos();
        } else {
          r = w;
        }
        continue;
      }
      if (d < 0 && k == 0 && mayBackOff) {
        mayBackOff = false;
        backOff();
      }
      if (d < 0 && k >= RECHECKS) {
        // Position p is not written yet. Empty, unless a send has claimed it and is writing it:
        // sendPos holds the send position and CLOSED in one word, read at one instant, and since
        // recvPos <= sendPos always, sendPos == p means "empty" (and closed or not) right then.
        long s = sendPos();
        if ((s & POS) == p) {
          return (s & CLOSED_BIT) != 0 ? CLOSED : NOT_READY;
        }
        pause(k);
      }
      r = recvPos(); // d > 0: position p was taken by another receive meanwhile
    }
  }

  @Override
  Object recvFast() {
    return takeValue(true, false);
  }

  @Override
  int sendFast(Object value) {
    return putValue(value, true, false);
  }

  /** A plain receive's lock-free attempt: {@link #recvFast()} with the back-off. */
  Object recvPlain() {
    return takeValue(true, true);
  }

  /** A plain send's lock-free attempt: {@link #sendFast(Object)} with the back-off. */
  int sendPlain(Object value) {
    return putValue(value, true, true);
  }

  // ---------------------------------------------------------------------------------------------
  // The locked paths (Go's algorithm)

  @Override
  Object recvLocked() {
    if ((recvPos() & SEND_WAIT) != 0) {
      Node snd = pollClaim(SENDQ);
      if (snd != null) {
        // Senders are queued, so the buffer is full. Go takes the head and puts the first blocked
        // sender's value at the tail in one step. Here the tail position is claimed first (the
        // buffer is momentarily over-full, never under-full, so nobody else can slip a value in),
        // then the head is taken, and the sender's value goes into the slot the head freed.
        long s = sendPos(); // lock-free sends are stopped by SEND_WAIT: only lock holders move it
        SEND_POS.setVolatile(this, s + 1);
        long q = s & POS;
        Object v = takeValue(false, false);
        assert v != NOT_READY && v != CLOSED : "a sender was queued while the buffer was not full";
        int j = index(q);
        for (int k = 0; seqAt(j) != (int) (2 * q); k++) {
          pause(k); // the slot of position q - capacity is still being cleared
        }
        buf[j] = takeClaimedItem();
        SEQ.setRelease(seq, j, (int) (2 * q + 1));
        setPendingWake(snd.owner);
        return v;
      }
    }
    return takeValue(false, false);
  }

  @Override
  int sendLocked(Object value) {
    long s = sendPos();
    if ((s & CLOSED_BIT) != 0) {
      return SEND_CLOSED;
    }
    if ((s & RECV_WAIT) != 0) {
      Node r = pollClaimReceiver(RECVQ, value);
      if (r != null) { // a receiver waits, so the buffer is empty: hand over directly (Go)
        setPendingWake(r.owner);
        return SENT;
      }
    }
    if ((s & SEND_WAIT) != 0 && firstLive(SENDQ) != null) {
      return SEND_NOT_READY; // full, and blocked senders go first
    }
    return putValue(value, false, false);
  }

  @Override
  Object recvOrFreezeLocked() {
    Object v = recvLocked();
    if (v != NOT_READY) {
      return v;
    }
    // Empty and open. Stop lock-free sends, then look again: a send that claimed its position
    // before the bit was set is now visible in sendPos, and no later one can claim without the
    // lock. The bit stays while a receiver is queued (syncLocked).
    setSendBits(RECV_WAIT);
    return recvLocked();
  }

  @Override
  int sendOrFreezeLocked(Object value) {
    int r = sendLocked(value);
    if (r != SEND_NOT_READY || firstLive(SENDQ) != null) {
      return r;
    }
    // Full, nobody queued yet. Stop lock-free sends and receives, then look again: a receive that
    // claimed its position before the bits were set has freed room, visible in recvPos now.
    setSendBits(SEND_WAIT);
    setRecvBit();
    return putValue(value, false, false);
  }

  @Override
  void syncLocked() {
    long want = (isEmpty(RECVQ) ? 0 : RECV_WAIT) | (isEmpty(SENDQ) ? 0 : SEND_WAIT);
    for (long s; ((s = sendPos()) & WAIT_BITS) != want; ) {
      if (SEND_POS.compareAndSet(this, s, (s & ~WAIT_BITS) | want)) {
        break;
      }
    }
    long wantR = want & SEND_WAIT;
    for (long r; ((r = recvPos()) & SEND_WAIT) != wantR; ) {
      if (RECV_POS.compareAndSet(this, r, (r & ~SEND_WAIT) | wantR)) {
        break;
      }
    }
  }

  private void setSendBits(long bits) {
    for (long s; ((s = sendPos()) & bits) != bits; ) {
      if (SEND_POS.compareAndSet(this, s, s | bits)) {
        return;
      }
    }
  }

  private void setRecvBit() {
    for (long r; ((r = recvPos()) & SEND_WAIT) == 0; ) {
      if (RECV_POS.compareAndSet(this, r, r | SEND_WAIT)) {
        return;
      }
    }
  }

  @Override
  void markClosedLocked() {
    setSendBits(CLOSED_BIT);
  }

  @Override
  boolean isClosed() {
    return (sendPos() & CLOSED_BIT) != 0;
  }

  /**
   * Linearizable: recvPos read twice around sendPos; equal reads mean recvPos had that value when
   * sendPos was read. Values whose send has claimed a position count (the send has happened).
   */
  @Override
  int buffered() {
    for (; ; ) {
      long r = recvPos() & POS;
      long s = sendPos() & POS;
      if ((recvPos() & POS) == r) {
        long n = s - r;
        return (int) Math.min(Math.max(n, 0), capacity); // over-full only inside recvLocked
      }
    }
  }

  /**
   * Waiters on a buffered channel park at once, as in Go. A receiver that spun on an empty buffer
   * would take every value by hand-off as it arrives, and a sender that spun on a full one would
   * refill each slot the moment it frees: both turn the lock-free ring into a locked hand-off per
   * message. Parked, they let the other side fill or drain the ring in a batch, lock-free. (Buffers
   * of fewer than {@link #SPIN_CAPACITY} slots have no batch to gain: they are SmallChans, which
   * spin like unbuffered channels.)
   */
  @Override
  boolean spinAdvised() {
    return false;
  }

  /** The smallest buffer with room for a batch: smaller ones are SmallChans. */
  static final int SPIN_CAPACITY = 4;

  @Override
  public boolean waitingBitsSet() {
    return (sendPos() & WAIT_BITS) != 0 || (recvPos() & SEND_WAIT) != 0;
  }

  private static final VarHandle SEND_POS;
  private static final VarHandle RECV_POS;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(int[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      SEND_POS = l.findVarHandle(BufferedSendPos.class, "sendPos", long.class);
      RECV_POS = l.findVarHandle(BufferedRecvPos.class, "recvPos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

/** The ring's read-only fields, before the padding that separates them from the positions. */
abstract class BufferedFields<T> extends Chan<T> {
  /** The slots' values. */
  final Object[] buf;

  /** The slots' sequence numbers (see BufferedChan). */
  final int[] seq;

  /** capacity - 1 if capacity is a power of two, else -1 (index by remainder). */
  final int mask;

  BufferedFields(int capacity, boolean timer, Object owner) {
    super(capacity, false, timer, owner);
    this.buf = new Object[capacity];
    this.seq = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      seq[i] = 2 * i; // slot i is free for the send of position i
    }
    this.mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
  }
}

/** Padding: sendPos gets a cache line of its own. */
@SuppressWarnings("unused")
abstract class BufferedPad0<T> extends BufferedFields<T> {
  long p01, p02, p03, p04, p05, p06, p07, p08;

  BufferedPad0(int capacity, boolean timer, Object owner) {
    super(capacity, timer, owner);
  }
}

/** The send position and bits (see BufferedChan). */
abstract class BufferedSendPos<T> extends BufferedPad0<T> {
  volatile long sendPos;

  BufferedSendPos(int capacity, boolean timer, Object owner) {
    super(capacity, timer, owner);
  }
}

/** Padding between the two positions. */
@SuppressWarnings("unused")
abstract class BufferedPad1<T> extends BufferedSendPos<T> {
  long p11, p12, p13, p14, p15, p16, p17, p18;

  BufferedPad1(int capacity, boolean timer, Object owner) {
    super(capacity, timer, owner);
  }
}

/** The receive position and bit (see BufferedChan). */
abstract class BufferedRecvPos<T> extends BufferedPad1<T> {
  volatile long recvPos;

  BufferedRecvPos(int capacity, boolean timer, Object owner) {
    super(capacity, timer, owner);
  }
}

/** Padding after recvPos, against the next object on the heap. */
@SuppressWarnings("unused")
abstract class BufferedPad2<T> extends BufferedRecvPos<T> {
  long p21, p22, p23, p24, p25, p26, p27, p28;

  BufferedPad2(int capacity, boolean timer, Object owner) {
    super(capacity, timer, owner);
  }
}
