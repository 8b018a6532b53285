package io.github.go4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread's wait record, the one parking mechanism of go4j (Go's {@code sudog} and {@code
 * selectDone}): channels, select and the sync primitives all block through it.
 *
 * <pre>
 * *** Overview ***
 *
 * Each thread owns one Waiter (created on its first blocking operation, kept in the thread's own
 * park-blocker field: see current()) and reuses it for every blocking operation: a plain send or receive, a whole select, or a wait in a
 * sync primitive. An operation that must block calls begin(), which starts a new wait under a
 * fresh stamp, puts one Node per case into the queues it waits on (a channel's sendq/recvq, a
 * primitive's wait list), and calls await(). Exactly one counterpart then claims the wait with
 * a CAS on `state`; the claimer completes the operation on the owner's behalf (hands the value
 * over, grants the lock, reports the close) and wakes the owner. Every other would-be claimer
 * fails the CAS and moves on: a select blocked on many channels runs exactly one case.
 * (A Cond must queue its node before it unlocks its Locker, whose unlock() may block in turn; it
 * lends its record for that span, and a nested operation gets a spare record: see lend().)
 *
 * *** State and stamps ***
 *
 * state = (stamp << 32) | status, one volatile long:
 *   stamp  (bits 32-63)  the number of the current wait; begin() increments it
 *   status (bits 0-31)   WAITING (0), CANCELLED (1), or a claim: 2 + ((index << 1) | closed),
 *                        where index is the case (select) or the outcome (sync) and closed says
 *                        the claim came from close()
 * A Node records the stamp of the wait it was queued for, and a claim CASes from exactly
 * (node.stamp, WAITING). A stale node - one left from an earlier wait, still referenced by a
 * claimer in flight - carries an old stamp, so its claim fails even after the owner has reset
 * the record for its next wait (no ABA). The owner itself only ever CASes its current stamp.
 * A partner that took the record out of an unbuffered channel's wait slot is its only possible
 * claimer, and the owner cannot cancel meanwhile: it claims with one atomic add (claimTaken), with
 * no stamp to compare. The field `state` is declared in Node, next to the stamp and the item (see
 * Node's field order), so that a claim mostly touches one cache line of the record.
 *
 * *** Parking ***
 *
 * await() spins first when the caller allows it (see SPIN_NANOS, PLATFORM_SPIN_NANOS and
 * canSpin), then sets `parked` and re-checks the state before each park; a claimer unparks only if it sees `parked` after its
 * successful CAS. Both are volatile, so one of the two always sees the other's write (Dekker):
 * a claim is never missed, and a waiter that was claimed while it spun costs its claimer no
 * unpark at all. A claimer that reads `parked` of a later wait of the same thread may unpark it
 * once spuriously; every park in go4j re-checks its condition, as LockSupport requires.
 *
 * *** Interruption ***
 *
 * An interrupt while parked makes the owner CAS its own wait from WAITING to CANCELLED. If that
 * CAS loses, a counterpart claimed the wait first: the operation completed, the claim is
 * returned and the interrupt status is set again. So an interrupted operation either did not
 * happen at all or happened exactly once; it is never lost and never duplicated. (A waiter in an
 * unbuffered channel's wait slot withdraws from the slot before it cancels:
 * awaitUntilInterrupted.)
 * </pre>
 *
 * <p>The record also carries the per-thread scratch that lets a select run without allocating: case
 * nodes, the random poll order and the lock order.
 */
public final class Waiter extends Node {
  /** Status: not claimed yet. */
  static final int WAITING = 0;

  /** Status: the owner gave up (interrupt) before any claim. */
  public static final int CANCELLED = 1;

  /**
   * How long a virtual thread that is first in line spins before it parks, in nanoseconds (default
   * 2 us, property {@code go4j.spinNanos}; 0 turns spinning off for every thread). A partner on
   * another core usually arrives within a few hundred nanoseconds on a hand-off, while a
   * park/unpark pair of a virtual thread costs 1-5 us (the unpark submits the thread to the
   * scheduler, which another carrier must pick up), and a longer spin would keep the carrier from
   * threads queued on it. The budget is in time, not iterations, because one {@link
   * Thread#onSpinWait()} costs from a few nanoseconds to ~50 ns depending on the CPU.
   */
  static final long SPIN_NANOS = Math.max(0L, Long.getLong("go4j.spinNanos", 2_000L));

  /**
   * The same for a platform thread (default 10 x {@link #SPIN_NANOS}, 20 us; property {@code
   * go4j.platformSpinNanos}). Waking a parked platform thread is a futex wake-up and an OS
   * reschedule: measured 10-30 us per hand-off on the 2-core VM the benchmarks run on, so a spin
   * shorter than that fails every time once the partner has parked, and every later message pays
   * the wake-up (a ping-pong of two platform threads: 29 us per message with a 2 us spin, 13-18 us
   * with 5 us, 0.2-0.3 us with 10 us, 0.2 us with 20 us; SynchronousQueue 8-14 us). A spinning
   * platform thread keeps no other thread from running but its own core's, and the channel's
   * back-off (see Chan.spinOutcome) stops the spinning where partners are slow time after time.
   */
  static final long PLATFORM_SPIN_NANOS =
      SPIN_NANOS == 0 ? 0 : Math.max(0L, Long.getLong("go4j.platformSpinNanos", 10 * SPIN_NANOS));

  /**
   * Whether the scheduler has more than one carrier thread: {@code
   * jdk.virtualThreadScheduler.parallelism}, the scheduler's documented property (default: the
   * number of processors).
   */
  static final boolean PARALLEL_CARRIERS =
      Integer.getInteger(
              "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors())
          > 1;

  /** Whether the machine has more than one processor. */
  static final boolean PARALLEL_CPUS = Runtime.getRuntime().availableProcessors() > 1;

  /**
   * Whether spinning can help a virtual thread: only with more than one carrier, otherwise the
   * partner cannot run while this thread spins. Read from the scheduler's documented property
   * {@code jdk.virtualThreadScheduler.parallelism} (default: the number of processors).
   */
  static final boolean VIRTUAL_SPIN = SPIN_NANOS > 0 && PARALLEL_CARRIERS;

  /** Whether spinning can help a platform thread: only with more than one processor. */
  static final boolean PLATFORM_SPIN = PLATFORM_SPIN_NANOS > 0 && PARALLEL_CPUS;

  /**
   * Spin rounds without {@link Thread#onSpinWait()} at the start of a spin: a claim usually arrives
   * within a few hundred nanoseconds, and a pause delays noticing it by up to its length (~25 ns on
   * some x86 machines; measured: a ping-pong's hand-off 12% faster without them). The clock is read
   * every 16th round only (it costs about a pause).
   */
  static final int TIGHT_SPINS = 128;

  /**
   * About once in this many waits that parked, a virtual thread pauses for a nanosecond's timed
   * park after its wait completes, so that its carrier gets to run tasks submitted from elsewhere
   * (Go's scheduler takes from its global run queue every 61st schedule for the same reason).
   *
   * <p>The JDK's scheduler runs a carrier's local queue until it is empty and then keeps polling
   * the submission queue it last took a task from until that one is empty too; only then does it
   * look at the others. Two goroutines handing off to each other through any blocking queue keep
   * the local queue from emptying (each wakes the other onto it before it parks), so with one
   * carrier, or with every carrier held by such a pair, a goroutine started by Go.go or by a
   * timer's AfterFunc never runs (measured: two virtual threads ping-ponging through an
   * ArrayBlockingQueue(1) on one carrier keep a started virtual thread from running for good; Go's
   * TestAfterFuncStarvation, which Go runs with GOMAXPROCS(1)). {@link Thread#yield()} does not
   * help: a yielding virtual thread goes back to the carrier's own submission queue, the one the
   * carrier then polls first (measured: still starved with a yield every 64 parks). A timed park
   * returns through the JDK's timer thread, so the carrier finds its queues empty meanwhile and
   * scans them all.
   *
   * <p>Measured on one carrier (ping-pong over unbuffered channels, 2 parks per exchange): a pause
   * costs ~27 us; 438-484 ns per exchange without pauses (a goroutine started beside the pair never
   * ran), 449-470 with one every 4096 parks (rounds after warm-up), and the started goroutine ran
   * within 0.4-4.8 ms. Where spinning hands off without parking, pauses are rarer still.
   *
   * <p>Which waits pause is decided by their stamp (see fairPause), so the record needs no counter
   * and stays 64 bytes.
   */
  static final int FAIR_PARKS = 4096;

  /** log2 of {@link #FAIR_PARKS}. */
  private static final int FAIR_SHIFT = Integer.numberOfTrailingZeros(FAIR_PARKS);

  /**
   * Counts go4j's unparks and yields of virtual threads while non-null (see {@link
   * #countUnparks()}): each makes the JDK resubmit the thread to its scheduler with a task of its
   * own (32 bytes on JDK 25), so the benchmark report can tell the JDK's bytes from go4j's own.
   * Null unless a benchmark asked for it; one racy read per unpark or yield.
   */
  private static volatile LongAdder unparkCount;

  /** The owner. */
  final Thread thread;

  /** Set by the owner before it parks; read by a claimer after a successful claim. */
  private volatile boolean parked;

  /**
   * What only some waits need, created on first need: null; or the receive stand-in alone (a
   * RecvMark, 16 bytes: a thread that has waited in an unbuffered channel's slot to receive, and
   * needed nothing else); or the Extras (a select's scratch, a sync wait's done node, the spare
   * record, and the receive stand-in once made, which keeps its identity when the Extras replace
   * it). A goroutine parked in a plain channel operation carries the record alone (64 bytes), or
   * with the stand-in. Owner-only: plain field.
   */
  private Object extras;

  /**
   * A receiver's stand-in in an unbuffered channel's one wait slot, which senders' records also
   * occupy: its class tells a waiting receiver from a waiting sender, and its identity is its
   * owner's, so that a CAS from it takes that receiver's wait and no other.
   */
  static class RecvMark {
    /** The receiver's record. */
    final Waiter waiter;

    RecvMark(Waiter waiter) {
      this.waiter = waiter;
    }
  }

  /**
   * A blocking select's stand-in in an unbuffered channel's wait slot while it spins there on its
   * receive case before registering its other cases (see Selector, step 1b): a receiver that has
   * not blocked yet, so that a non-blocking partner (tryReceive's counterpart trySend, a select
   * with a default, a select's poll before its last) passes over it, as over a select queued lazily
   * (Node.QUEUED_LAZILY). An object of its own, not a flag on the record, so that a partner that
   * read it in the slot cannot take a plain receive its owner published later (a flag read before
   * the CAS could be stale by then).
   */
  static final class LazyRecvMark extends RecvMark {
    LazyRecvMark(Waiter waiter) {
      super(waiter);
    }
  }

  /**
   * A blocking select's stand-in in an unbuffered channel's wait slot while it spins there on its
   * send case (see {@link LazyRecvMark}): a sender that has not blocked yet. Its value stands
   * beside the slot, as a plain sender's.
   */
  static final class LazySendMark {
    /** The sender's record. */
    final Waiter waiter;

    /**
     * The sender's thread, which a partner's take CASes into the slot (see UnbufferedChan.holder):
     * read here, beside the record's reference, so that the take reads no line of the record itself
     * (a select that stands in the slot never parks there, so the taker need not look at its {@code
     * parked} either).
     */
    final Thread thread;

    LazySendMark(Waiter waiter) {
      this.waiter = waiter;
      this.thread = waiter.thread;
    }
  }

  /**
   * The owner's stand-in for a select's receive case spinning in a wait slot, made on first use.
   *
   * @return the stand-in, the same object at every call
   */
  LazyRecvMark lazyRecvMark() {
    Extras x = extras();
    LazyRecvMark m = x.lazyRecvMark;
    if (m == null) {
      x.lazyRecvMark = m = new LazyRecvMark(this);
    }
    return m;
  }

  /**
   * The owner's stand-in for a select's send case spinning in a wait slot, made on first use.
   *
   * @return the stand-in, the same object at every call
   */
  LazySendMark lazySendMark() {
    Extras x = extras();
    LazySendMark m = x.lazySendMark;
    if (m == null) {
      x.lazySendMark = m = new LazySendMark(this);
    }
    return m;
  }

  /**
   * Whether {@code o} is this record's select send stand-in (a racy read of the owner's field: only
   * the owner calls it).
   */
  boolean isLazySendMark(Object o) {
    return o instanceof LazySendMark m && m.waiter == this;
  }

  /**
   * The owner's receive stand-in (see {@link RecvMark}), made on first use.
   *
   * @return the stand-in, the same object at every call
   */
  RecvMark recvMark() {
    Object x = extras;
    if (x instanceof RecvMark m) {
      return m;
    }
    if (x instanceof Extras e) {
      RecvMark m = e.recvMark;
      if (m == null) {
        e.recvMark = m = new RecvMark(this);
      }
      return m;
    }
    RecvMark m = new RecvMark(this);
    extras = m;
    return m;
  }

  /** Whether the plain operation being queued is first in its queue (set by the queuing code). */
  boolean firstInLine;

  /**
   * Set by the owner while this record is lent to a wait whose nodes are queued but which has not
   * reached await() yet, and the owner runs code that may block meanwhile (a Cond's Locker.unlock).
   * current() then returns {@link #spare} instead, so that a blocking operation in that code
   * neither restamps this wait nor relinks its queued node. Owner-only: plain field.
   */
  private boolean lent;

  /** A record owned by the current thread (package-private for the engine's stress tests). */
  Waiter() {
    this(Thread.currentThread());
  }

  private Waiter(Thread thread) {
    super(null);
    this.thread = thread;
  }

  /**
   * A record that no thread owns and nobody ever waits on, claims or wakes: a marker for a place
   * that holds records (an unbuffered channel's closed wait slot). It keeps no thread reachable.
   *
   * @return a new marker
   */
  static Waiter marker() {
    return new Waiter(null);
  }

  /**
   * The current thread's wait record.
   *
   * <p>The record lives in the thread's park-blocker field ({@link LockSupport#setCurrentBlocker}),
   * not in a thread-local: a thread-local costs every thread that ever blocked a map, a table and
   * an entry (about 250 bytes measured per virtual thread, more than the record itself), and a
   * goroutine parked in a channel operation is mostly that overhead. The field exists in every
   * thread anyway, and the record is the right blocker for diagnostics while the thread waits in
   * go4j, which parks with the no-argument {@link LockSupport#park()} so that the field keeps it.
   * Another library's {@code LockSupport.park(blocker)} clears the field when it returns; the next
   * go4j operation of that thread then puts its record back: a platform thread keeps it in a
   * thread-local as well (platform threads are few and often pooled, so every idle wait of a pool
   * worker clears the field), a virtual thread makes a fresh record (one allocation per foreign
   * park, which allocates the JDK's unpark task anyway). Both are correct: stamps belong to a
   * record, and a thread runs no foreign code while its record waits, except a lent record, which
   * the loop below steps over. go4j's own non-record parks (the channel lock, the sync primitives'
   * {@link PrimitiveLock}) put the record back.
   *
   * @return the record, created on first use
   */
  public static Waiter current() {
    Thread t = Thread.currentThread();
    Waiter w =
        LockSupport.getBlocker(t) instanceof Waiter mine && mine.thread == t ? mine : install(t);
    while (w.lent) { // rare: a blocking call nested in a lent wait
      Extras x = w.extras();
      Waiter s = x.spare;
      if (s == null) {
        s = x.spare = new Waiter();
      }
      w = s;
    }
    return w;
  }

  private static Waiter install(Thread t) {
    if (TestHooks.ON) {
      TestHooks.run(installHook);
    }
    Waiter w = t.isVirtual() ? new Waiter() : PLATFORM.get();
    LockSupport.setCurrentBlocker(w);
    return w;
  }

  /*
   * Test hook, for RecordAllocationFailureHookTest only (see TestHooks): install runs installHook
   * (if set) where it allocates the thread's record, so that a test can make that allocation fail
   * (an OutOfMemoryError) in a thread's first go4j wait.
   */
  static volatile Runnable installHook;

  /*
   * Test hook, for CloseAllocationFailureHookTest only (see TestHooks): lockWaiter runs
   * lockWaiterHook (if set) before it makes the thread's entry in contended channel locks.
   */
  static volatile Runnable lockWaiterHook;

  /** Platform threads' records, kept across foreign parks that clear the blocker field. */
  private static final ThreadLocal<Waiter> PLATFORM = ThreadLocal.withInitial(Waiter::new);

  /**
   * Lends this record to its current wait until {@link #unlend()}: between queuing its nodes and
   * calling await(), the owner is about to run code that may itself block on a go4j channel or
   * primitive (a Cond's {@code Locker.unlock()}, which must run after the Cond registration so that
   * no signal is missed). Meanwhile {@link #current()} returns a spare record of the same thread,
   * so such a nested operation waits on its own stamp and nodes. Owner-only; call unlend() in a
   * finally block, before await().
   */
  public void lend() {
    lent = true;
  }

  /** Ends {@link #lend()}: {@link #current()} returns this record again. */
  public void unlend() {
    lent = false;
  }

  /**
   * The node of a plain operation or of a sync primitive's wait list: the record itself, so that a
   * claimer writes the value and the claim to one object (one cache line, usually).
   *
   * @return the node
   */
  public Node node() {
    return this;
  }

  /**
   * Starts a new wait: a fresh stamp, status WAITING. Call before queuing any node for it.
   *
   * @return the stamp to record in the queued nodes
   */
  public int begin() {
    int stamp = (int) (state >>> 32) + 1;
    // Neither write needs a fence of its own. A claimer reads the state only after it took the
    // lock under which the owner then queues a node for this wait (a channel's, a select's
    // channels', a primitive's): the unlock publishes both. (Or after it read the record from an
    // unbuffered channel's wait slot, which the owner's CAS published it to.) `parked` is set
    // again, with a fence,
    // before the owner parks; a claimer that still reads `true` from an earlier wait only unparks
    // once too often, and one that reads `false` is paired with an owner that re-checks the state
    // after setting it (await).
    PARKED.setOpaque(this, false);
    STATE.setRelease(this, (long) stamp << 32);
    return stamp;
  }

  /**
   * Claims the wait with stamp {@code stamp} for case (or outcome) {@code index}. At most one claim
   * of a wait ever succeeds, and none after the owner cancelled. A successful claim publishes every
   * write the claimer made before it (volatile CAS).
   *
   * @param stamp the stamp recorded in the node being claimed
   * @param index the case index or outcome, at least 0
   * @param closed whether the claim comes from close()
   * @return true if this call claimed the wait
   */
  boolean tryClaim(int stamp, int index, boolean closed) {
    long expect = (long) stamp << 32;
    return STATE.compareAndSet(this, expect, expect | claimCode(index, closed));
  }

  /**
   * Claims the current wait for case 0, for a caller that alone can claim it and whose owner cannot
   * cancel it meanwhile: a partner that took the record out of an unbuffered channel's wait slot
   * (the owner withdraws from the slot before it may cancel). One atomic add on the state, so the
   * claimer fetches the record's line once, for writing, and reads no stamp before it. Publishes
   * every write the claimer made before it.
   *
   * @throws AssertionError if the wait was not open (a broken slot protocol)
   */
  void claimTaken() {
    long s = (long) STATE.getAndAdd(this, (long) claimCode(0, false));
    if ((int) s != WAITING) {
      throw new AssertionError("a record taken from a wait slot was no longer waiting");
    }
  }

  /**
   * The owner gives up its current wait (a done channel fired through another path, or an error):
   * succeeds unless a counterpart claimed it first.
   *
   * @return true if the wait is now cancelled; false if it was claimed (read {@link #status()})
   */
  public boolean tryCancel() {
    long s = state;
    return (int) s == WAITING && STATE.compareAndSet(this, s, s | CANCELLED);
  }

  /**
   * The status of the current wait: WAITING, CANCELLED or a claim.
   *
   * @return the status
   */
  public int status() {
    return (int) state;
  }

  /**
   * Whether the wait with stamp {@code stamp} is still unclaimed (a racy read: the caller must
   * still claim to be sure; used to drop nodes of finished waits from a queue).
   *
   * @param stamp a node's stamp
   * @return true if that wait is the current one and not claimed or cancelled
   */
  boolean isWaiting(int stamp) {
    return state == (long) stamp << 32;
  }

  /** Wakes the owner after a successful claim of its wait; call after releasing any lock. */
  @Override
  public void wake() {
    if (parked) {
      unpark(thread);
    }
  }

  /**
   * {@link LockSupport#unpark}, counted when {@link #countUnparks()} is on: every unpark go4j
   * performs goes through here.
   *
   * @param t the thread to unpark
   */
  static void unpark(Thread t) {
    LongAdder count = unparkCount;
    if (count != null && t.isVirtual()) {
      count.increment();
    }
    LockSupport.unpark(t);
  }

  /**
   * {@link Thread#yield()} of the current virtual thread, counted with the unparks when {@link
   * #countUnparks()} is on: the JDK resubmits a yielding virtual thread with a task, as it does an
   * unparked one.
   */
  static void yieldVirtual() {
    LongAdder count = unparkCount;
    if (count != null) {
      count.increment();
    }
    Thread.yield();
  }

  /**
   * Starts counting go4j's unparks and yields of virtual threads, for the rest of the JVM's life (a
   * benchmark profiler's switch; a diagnostic, not an API).
   */
  public static void countUnparks() {
    if (unparkCount == null) {
      unparkCount = new LongAdder();
    }
  }

  /**
   * go4j's unparks and yields of virtual threads since {@link #countUnparks()}.
   *
   * @return the count, 0 if counting is off
   */
  public static long unparks() {
    LongAdder count = unparkCount;
    return count == null ? 0 : count.sum();
  }

  /**
   * Whether the last {@link #await} had to park (its spin, if any, did not see the claim).
   *
   * @return true if the owner parked
   */
  boolean parked() {
    return parked;
  }

  /**
   * Waits until the current wait is claimed, or the thread is interrupted, as {@link
   * #await(boolean, WaitReason, Object)} with reason {@link WaitReason#UNKNOWN}.
   *
   * @param spin whether the caller allows a spin
   * @return the claim, or {@link #CANCELLED}
   */
  public int await(boolean spin) {
    return await(spin, WaitReason.UNKNOWN, null);
  }

  /**
   * Waits until the current wait is claimed, or the thread is interrupted. Spins for up to {@link
   * #SPIN_NANOS} (a virtual thread) or {@link #PLATFORM_SPIN_NANOS} (a platform thread) first if
   * {@code spin} and spinning can help this kind of thread.
   *
   * <p>{@code reason} and {@code on} say what the wait is for (a goroutine dump's "chan receive"
   * and the channel); they are stored nowhere unless the thread parks and the goroutine registry or
   * a JFR recording follows the wait (see Diagnostics).
   *
   * @param spin whether the caller allows a spin (first in its queue, and the channel's spinning
   *     has been paying off)
   * @param reason why the thread waits
   * @param on the channel or primitive it waits on
   * @return the claim, or {@link #CANCELLED} if the interrupt won; then the interrupt status is
   *     cleared and the caller must withdraw its nodes and throw InterruptedException. If a claim
   *     won against the interrupt, the claim is returned and the interrupt status is set again.
   */
  public int await(boolean spin, WaitReason reason, Object on) {
    return await(spin, reason, on, true);
  }

  /**
   * As {@link #await(boolean, WaitReason, Object)}, but an interrupt only ends the wait: {@link
   * #WAITING} is returned with the interrupt status cleared and the wait still open, for a caller
   * that must withdraw its registration before it may cancel (an unbuffered channel's wait slot: a
   * partner that took the record out of the slot has already committed to the hand-off, so its
   * claim must not fail; see UnbufferedChan).
   *
   * @param spin whether the caller allows a spin
   * @param reason why the thread waits
   * @param on the channel it waits on
   * @return the claim, or {@link #WAITING} if interrupted first
   */
  int awaitUntilInterrupted(boolean spin, WaitReason reason, Object on) {
    return await(spin, reason, on, false);
  }

  private int await(boolean spin, WaitReason reason, Object on, boolean cancel) {
    int c = (int) state;
    if (c != WAITING) {
      return c;
    }
    if (spin && canSpin() && (c = spin(null)) != WAITING) {
      return c;
    }
    parked = true; // then re-check the state before parking
    if (Diagnostics.mayFollow()) {
      return awaitFollowed(reason, on, cancel);
    }
    // Nobody follows the wait: the park loop alone, so that the compiled frame that stays on a
    // parked goroutine's stack keeps as few values as possible (measured: a shared loop that
    // returned the state to both callers made that frame 16 bytes larger; see ADR 0004, memory).
    long s;
    while ((int) (s = state) == WAITING) {
      LockSupport.park(); // the blocker field holds the record (current())
      if (Thread.interrupted()) {
        if (!cancel) {
          return WAITING;
        }
        if (STATE.compareAndSet(this, s, s | CANCELLED)) {
          return CANCELLED;
        }
        Thread.currentThread().interrupt(); // claimed concurrently: completed, keep the status
      }
    }
    fairPause(s);
    return (int) s;
  }

  /**
   * The park loop of {@link #await(boolean, WaitReason, Object, boolean)} when the goroutine
   * registry or a JFR recording may follow the wait: the same loop, between {@link
   * Diagnostics#parking} and {@link Diagnostics#unparked}.
   */
  private int awaitFollowed(WaitReason reason, Object on, boolean cancel) {
    long s;
    Object followed = Diagnostics.parking(this, reason, on); // null: nobody follows this wait
    try {
      while ((int) (s = state) == WAITING) {
        LockSupport.park(); // the blocker field holds the record (current())
        if (Thread.interrupted()) {
          if (!cancel) {
            return WAITING;
          }
          if (STATE.compareAndSet(this, s, s | CANCELLED)) {
            return CANCELLED;
          }
          Thread.currentThread().interrupt(); // claimed concurrently: completed, keep the status
        }
      }
    } finally {
      if (followed != null) {
        Diagnostics.unparked(followed, reason, on);
      }
    }
    fairPause(s);
    return (int) s;
  }

  /**
   * After a wait that parked: pauses a virtual thread once in {@link #FAIR_PARKS} such waits, so
   * that its carrier gets to the tasks submitted from elsewhere. The wait pauses if the top bits of
   * its stamp's Fibonacci hash are zero: consecutive stamps hit about every FAIR_PARKS, at gaps
   * that take only a few values and no period (a thread whose every other wait parks still pauses).
   * A spurious return of the pause (a stale unpark, an interrupt) only skips it.
   *
   * @param s the state the wait completed with (its stamp in the high half)
   */
  private void fairPause(long s) {
    if (((int) (s >>> 32) * 0x9E3779B9) >>> (32 - FAIR_SHIFT) == 0 && thread.isVirtual()) {
      LockSupport.parkNanos(1); // keeps the blocker field: the record stays current()
    }
  }

  /**
   * Spins until the current wait is claimed, for up to this thread's spin budget ({@link
   * #SPIN_NANOS} or {@link #PLATFORM_SPIN_NANOS}); a select queued on one of its channels only also
   * stops as soon as another of its cases may have become ready (a peek, every 16th round with the
   * clock). Never parks; does not look at interrupts. The caller checks {@link #canSpin()} first.
   *
   * @param select null, or the scratch of a select queued on its spin case only (see Selector)
   * @return the claim, or {@link #WAITING} if the spin ended without one
   */
  int spin(Extras select) {
    long deadline = System.nanoTime() + spinNanos(thread.isVirtual());
    for (int i = 1; ; i++) {
      int c = (int) state;
      if (c != WAITING) {
        return c;
      }
      if (i > TIGHT_SPINS) {
        Thread.onSpinWait();
      }
      if ((i & 15) == 0
          && (System.nanoTime() - deadline >= 0
              || select != null && Selector.othersMayBeReady(select))) {
        return WAITING;
      }
    }
  }

  /**
   * Where the outcome of a wait is published when it is not this record's state: an unbuffered
   * channel's wait slot holding a sender, whose partner reads the value from the channel and leaves
   * the slot empty (see UnbufferedChan), so that the waiter spins on the line its partner writes
   * and nothing of the record moves between the cores. Implemented by the channel, so that waiting
   * allocates nothing.
   */
  interface Outcome {
    /**
     * Looks once (volatile reads): {@link #PENDING} while the wait is not over, anything else is
     * the outcome. Called by the owner only.
     *
     * @param w the waiting record
     * @return PENDING, or the outcome
     */
    Object poll(Waiter w);

    /**
     * Whether the wait is about to end without anything the owner waits for (a partner holds it and
     * completes it within a few instructions): the owner spins instead of parking. False once the
     * wait is over (the owner may ask before it polls).
     *
     * @param w the waiting record
     * @return true to spin
     */
    boolean busy(Waiter w);
  }

  /**
   * Clears {@code parked} before a wait of {@link #awaitOutcome} is published, writing the record
   * only if an earlier wait left it set.
   */
  void clearParked() {
    if (parked) {
      PARKED.setOpaque(this, false);
    }
  }

  /**
   * With the goroutine registry on only: marks a parked wait of {@link #awaitOutcome}, whose
   * outcome was published elsewhere, as claimed, so that the deadlock detector counts its owner as
   * about to run (it reads claims from the record's state). A no-op unless the wait has made its
   * fresh stamp (its state is WAITING only from then on); the owner polls once more after that
   * stamp, before it counts itself as blocked, so a take that came earlier is never left unmarked
   * in a wait the detector counts.
   */
  void markOutcome() {
    long s = state;
    if ((int) s == WAITING) {
      STATE.compareAndSet(this, s, s | claimCode(0, false));
    }
  }

  /** What {@link Outcome#poll} returns while the wait is not over. */
  static final Object PENDING = new Object();

  /**
   * Waits until {@code o} reports an outcome: spins first if {@code spin} (the caller checked
   * {@link #canSpin()}), then sets {@code parked} and polls again before the registry counts the
   * wait as blocked (see {@link #markOutcome()}) and before each park. Whoever publishes the
   * outcome must read {@code parked} after its (volatile) write and unpark the owner if set ({@link
   * #wake()}): both sides write, then read, volatile fields (Dekker), so one of them sees the
   * other's write. Such a wait uses no stamp: the record's state is not written unless the wait
   * parks (a fresh stamp then, for {@link #fairPause}), so that a partner reading {@code parked}
   * finds the record's line unchanged and shared while waits end in their spin. The caller clears a
   * {@code parked} left from an earlier wait before it publishes ({@link #clearParked()}).
   *
   * @param o where the outcome is published
   * @param spin whether to spin first
   * @param interruptible whether an interrupt ends the wait (with PENDING and the interrupt status
   *     cleared); otherwise an interrupt received meanwhile is restored at the end
   * @param reason why the thread waits (diagnostics)
   * @param on what it waits on (diagnostics)
   * @return the outcome, or PENDING if interrupted
   */
  Object awaitOutcome(
      Outcome o, boolean spin, boolean interruptible, WaitReason reason, Object on) {
    Object r = o.poll(this);
    if (r != PENDING) {
      return r;
    }
    if (spin) {
      long deadline = System.nanoTime() + spinNanos(thread.isVirtual());
      for (int i = 1; ; i++) {
        if ((r = o.poll(this)) != PENDING) {
          return r;
        }
        if (i > TIGHT_SPINS) {
          Thread.onSpinWait();
        }
        if ((i & 15) == 0 && System.nanoTime() - deadline >= 0) {
          break;
        }
      }
    }
    boolean interrupted = false;
    if (TestHooks.ON) {
      TestHooks.run(outcomeBeginHook);
    }
    begin(); // a fresh stamp for fairPause; only a take from now on marks it (markOutcome)
    parked = true; // then poll again before parking
    // Waits out a take in progress (busy), then polls, before the registry counts this wait as
    // blocked (Diagnostics.parking): a take that began before begin() found no open stamp to mark,
    // so the detector would count this wait blocked and unclaimed after its outcome was published
    // (a false deadlock; SendSlotFalseDeadlockTest). A take that begins after the busy check finds
    // the stamp open and marks it, which the detector reads as "about to run". In this order: the
    // slot goes from this record to its thread (a take) to something else, never back, so a poll
    // after busy() answered false sees the thread only of such a later take (polling first, then
    // asking busy(), could miss a take that ended between the two reads).
    while (o.busy(this)) {
      if (TestHooks.ON) {
        TestHooks.run(outcomeBusyHook);
      }
      Thread.onSpinWait(); // a partner holds the wait and ends it at once: no park
    }
    r = o.poll(this);
    if (r == PENDING) {
      Object followed = Diagnostics.parking(this, reason, on);
      try {
        if (TestHooks.ON) {
          TestHooks.run(outcomeParkingHook);
        }
        while ((r = o.poll(this)) == PENDING) {
          if (o.busy(this)) {
            Thread.onSpinWait(); // a partner holds the wait and ends it at once: no park
            continue;
          }
          LockSupport.park(); // the blocker field holds the record (current())
          if (Thread.interrupted()) {
            if (interruptible) {
              return PENDING;
            }
            interrupted = true;
          }
        }
      } finally {
        if (followed != null) {
          Diagnostics.unparked(followed, reason, on);
        }
      }
    }
    fairPause(state);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return r;
  }

  /*
   * Test hooks, for SendSlotFalseDeadlockTest only (see TestHooks): a wait of awaitOutcome that
   * found no outcome (after its spin, if any) runs outcomeBeginHook (if set) before its begin(),
   * outcomeBusyHook while it waits out a take in progress (the sender's thread in the slot)
   * before the registry counts it as blocked, and outcomeParkingHook after Diagnostics.parking,
   * before its next poll: a test holds the sender in those windows while a receiver takes its value
   * and then blocks elsewhere, and checks for a deadlock meanwhile.
   */
  static volatile Runnable outcomeBeginHook;

  static volatile Runnable outcomeBusyHook;

  static volatile Runnable outcomeParkingHook;

  /*
   * Test hook, for DeadlockUninterruptibleWaitTest only (see TestHooks): awaitUninterruptibly runs
   * uninterruptibleWakeHook (if set) each time its park returns, before it clears an interrupt.
   */
  static volatile Runnable uninterruptibleWakeHook;

  /**
   * Waits until the current wait is claimed or cancelled by the owner's own path, ignoring
   * interrupts (Go's waits are not interruptible); an interrupt received meanwhile is restored.
   *
   * @param reason why the thread waits (see {@link #await(boolean, WaitReason, Object)})
   * @param on the primitive it waits on
   * @return the claim
   */
  public int awaitUninterruptibly(WaitReason reason, Object on) {
    boolean interrupted = false;
    long s;
    parked = true;
    Object followed = Diagnostics.parking(this, reason, on);
    while ((int) (s = state) == WAITING) {
      LockSupport.park(); // the blocker field holds the record (current())
      if (TestHooks.ON) {
        TestHooks.run(uninterruptibleWakeHook);
      }
      if (Thread.interrupted()) {
        interrupted = true; // parks again, counted as blocked throughout (no signal)
      }
    }
    if (followed != null) {
      Diagnostics.unparked(followed, reason, on);
    }
    fairPause(s);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return (int) s;
  }

  /**
   * The spin budget of a virtual or a platform thread.
   *
   * @param virtual whether the waiting thread is virtual
   * @return nanoseconds
   */
  static long spinNanos(boolean virtual) {
    return virtual ? SPIN_NANOS : PLATFORM_SPIN_NANOS;
  }

  /**
   * Whether spinning can help this record's thread ({@link #VIRTUAL_SPIN} or {@link
   * #PLATFORM_SPIN}).
   *
   * @return true if the thread may spin before parking
   */
  boolean canSpin() {
    return thread.isVirtual() ? VIRTUAL_SPIN : PLATFORM_SPIN;
  }

  static int claimCode(int index, boolean closed) {
    return 2 + ((index << 1) | (closed ? 1 : 0));
  }

  /**
   * The case index or outcome of a claim.
   *
   * @param claim a status other than WAITING and CANCELLED
   * @return the index
   */
  public static int index(int claim) {
    return (claim - 2) >> 1;
  }

  /**
   * Whether a claim came from close().
   *
   * @param claim a status other than WAITING and CANCELLED
   * @return true if closed
   */
  public static boolean closed(int claim) {
    return ((claim - 2) & 1) != 0;
  }

  /**
   * The node a sync wait registers on its done channel.
   *
   * @return the node, created on first use
   */
  Node doneNode() {
    Extras x = extras();
    Node n = x.doneNode;
    if (n == null) {
      x.doneNode = n = new Node(this);
    }
    return n;
  }

  /**
   * The thread's entry for the queue of a contended channel lock (see Chan's lock), made on first
   * need and reused.
   *
   * @return the entry
   */
  Chan.LockWaiter lockWaiter() {
    Extras x = extras();
    Chan.LockWaiter e = x.lockWaiter;
    if (e == null) {
      if (TestHooks.ON) {
        TestHooks.run(lockWaiterHook);
      }
      x.lockWaiter = e = new Chan.LockWaiter(thread);
    }
    return e;
  }

  Extras extras() {
    Object x = extras;
    if (x instanceof Extras e) {
      return e;
    }
    Extras e = new Extras();
    e.recvMark = (RecvMark) x; // null, or the stand-in made before: it keeps its identity
    extras = e;
    return e;
  }

  /**
   * The select scratch, with room for {@code n} cases.
   *
   * @param n the number of cases
   * @return the scratch
   */
  Extras scratch(int n) {
    Extras s = extras();
    s.ensure(this, n);
    return s;
  }

  /**
   * Padding before the select scratch's fields ({@link Extras}): 132 bytes (the int fills the
   * header's gap, so that no field of a subclass goes there).
   */
  @SuppressWarnings("unused")
  abstract static class ExtrasPad {
    int pad;
    long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, pa, pb, pc, pd, pe, pf;
  }

  /** The select scratch's fields, between its paddings (see {@link Extras}). */
  abstract static class ExtrasFields extends ExtrasPad {
    /** The receive stand-in (see {@link RecvMark}), once made. */
    RecvMark recvMark;

    /** A select's stand-ins in a wait slot (see {@link LazyRecvMark}), once made. */
    LazyRecvMark lazyRecvMark;

    LazySendMark lazySendMark;

    /** The second node of a sync wait: its registration on the done channel (made on demand). */
    Node doneNode;

    /** The record current() returns while the owner is lent; made on first need, then reused. */
    Waiter spare;

    /** The thread's entry in a contended channel lock's queue; made on first need, then reused. */
    Chan.LockWaiter lockWaiter;

    /**
     * The cases of the select in progress: its varargs array, read in place, or when that is null,
     * the channel, value (or kind marker) and body of each case by position in the fields below
     * (the fixed-arity selects, at most four cases, whose case objects must not be stored: see
     * Selector).
     */
    Object[] array;

    /**
     * The id of the channel whose case last completed a select of this thread (-1: none yet): the
     * select's spin channel next time (see Selector, "lazy registration"). An id, not the channel,
     * so that the scratch keeps no channel reachable.
     */
    long lastWon = -1;

    /** While a select spins queued on one case only: its number of active cases, and that case. */
    int spinActive;

    int spinCase;

    /**
     * The poll order of the select in progress, packed as Selector.order packs it (bits 0-2 the
     * number of active cases, bits 3 + 2k and 4 + 2k the case polled k-th); -1 when it is in {@link
     * #orderArray} instead (a varargs select's).
     */
    int packedOrder = -1;

    // A fixed-arity select's cases (set, clear): channel, value or kind marker, body.
    Chan<?> chan0;
    Chan<?> chan1;
    Chan<?> chan2;
    Chan<?> chan3;
    Object value0;
    Object value1;
    Object value2;
    Object value3;
    Object body0;
    Object body1;
    Object body2;
    Object body3;

    // Empty until the thread's first blocking select (ensure): a thread that only met a contended
    // channel lock, or made a sync wait with a done channel, carries no arrays of its own. Written
    // by a select only when it registers its cases (step 2), or for a varargs select's order.
    Node[] caseNodes = NO_NODES;
    int[] orderArray = NO_INTS;
    Chan<?>[] lockOrder = NO_CHANS;

    private static final Chan<?>[] NO_CHANS = {};
    private static final Node[] NO_NODES = {};
    private static final int[] NO_INTS = {};
  }

  /**
   * What a select needs besides the record itself, reused from one select to the next: its cases
   * (channel, value and body of each, copied out of the case objects), one node per case (the case
   * the select spins for queues the record itself instead), the poll order, the lock order; and the
   * other parts of the record only some waits need: a sync wait's node on its done channel, the
   * spare record of a lent wait and the thread's entry in a contended channel lock's queue. A
   * separate object, created on first use, so that a thread that never selects (and a goroutine
   * parked in a plain receive) carries only the record.
   *
   * <p>Padded: 132 bytes before its fields and 128 after (ExtrasPad, and the longs below), 384
   * bytes in all (72, and three arrays of 32 bytes, before), so that the fields a select writes
   * every time (the cases, the order, lastWon) share no cache line, nor a pair of lines that the
   * processor fetches together, with any other object. Partners read objects of this thread at
   * every hand-off (its stand-ins in a wait slot, its record), and the objects made just before and
   * after the scratch are this thread's: on one line with the scratch, each hand-off fetched the
   * line that the owner had just written (select+cancel c=0: 430-630 ns per message, against about
   * 300 with the neighbours kept apart; ADR 0004, stop 54). The cases are fields, not arrays, for
   * the same reason: three arrays of four were three more such neighbours.
   */
  @SuppressWarnings("unused")
  static final class Extras extends ExtrasFields {
    long q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, qa, qb, qc, qd, qe, qf;

    void ensure(Waiter owner, int n) {
      if (caseNodes.length < n) {
        // The thread's entry in contended channel locks, made before a select takes any lock: a
        // select that failed to make it in lockAll, or while it withdraws its cases, would keep
        // the locks it held and leave cases queued.
        owner.lockWaiter();
        Node[] a = new Node[Math.max(n, 4)];
        System.arraycopy(caseNodes, 0, a, 0, caseNodes.length);
        for (int i = caseNodes.length; i < a.length; i++) {
          a[i] = new Node(owner);
        }
        caseNodes = a;
        orderArray = new int[a.length];
        lockOrder = new Chan<?>[a.length];
      }
    }

    /** Records case {@code i} (0 to 3) of a fixed-arity select. */
    void set(int i, Chan<?> chan, Object value, Object body) {
      switch (i) {
        case 0 -> {
          chan0 = chan;
          value0 = value;
          body0 = body;
        }
        case 1 -> {
          chan1 = chan;
          value1 = value;
          body1 = body;
        }
        case 2 -> {
          chan2 = chan;
          value2 = value;
          body2 = body;
        }
        default -> {
          chan3 = chan;
          value3 = value;
          body3 = body;
        }
      }
    }

    int kind(int i) {
      return Case.kindOf(value(i));
    }

    Chan<?> chan(int i) {
      Object[] a = array;
      if (a != null) {
        return ((Case<?>) a[i]).chan;
      }
      return i == 0 ? chan0 : i == 1 ? chan1 : i == 2 ? chan2 : chan3;
    }

    Object value(int i) {
      Object[] a = array;
      if (a != null) {
        return ((Case<?>) a[i]).value;
      }
      return i == 0 ? value0 : i == 1 ? value1 : i == 2 ? value2 : value3;
    }

    Object body(int i) {
      Object[] a = array;
      if (a != null) {
        return ((Case<?>) a[i]).body;
      }
      return i == 0 ? body0 : i == 1 ? body1 : i == 2 ? body2 : body3;
    }

    /** The case polled {@code k}-th by the select in progress (see {@link #packedOrder}). */
    int order(int k) {
      int p = packedOrder;
      return p >= 0 ? (p >>> (3 + 2 * k)) & 3 : orderArray[k];
    }

    /**
     * Forgets the select's {@code n} cases: the scratch retains no case, channel, value or body.
     */
    void clear(int n) {
      if (array != null) {
        array = null;
        return;
      }
      chan0 = chan1 = null;
      value0 = value1 = null;
      body0 = body1 = null;
      if (n > 2) {
        chan2 = chan3 = null;
        value2 = value3 = null;
        body2 = body3 = null;
      }
    }
  }

  private static final VarHandle STATE;
  private static final VarHandle PARKED;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Node.class, "state", long.class);
      PARKED = MethodHandles.lookup().findVarHandle(Waiter.class, "parked", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
