package io.github.go4j.sync;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Node;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.SyncWait;
import io.github.go4j.internal.WaitQueue;
import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;
import java.util.concurrent.BrokenBarrierException;

/**
 * A reusable barrier for a fixed number of goroutines, the construct Go programs build from a
 * {@code sync.WaitGroup} or a closed channel per round: {@code wg.Done(); wg.Wait()} with a new
 * WaitGroup (or {@code close(round)}) each round.
 *
 * <pre>{@code
 * Barrier barrier = new Barrier(workers);
 * for (int w = 0; w < workers; w++) {
 *   go(() -> {
 *     for (int step = 0; step < steps; step++) {
 *       compute(step);
 *       barrier.await();          // nobody starts step+1 before everybody finished step
 *     }
 *   });
 * }
 * }</pre>
 *
 * <p>Each round (generation) waits for {@code parties} calls of {@link #await()}; the last arrival
 * releases them all and the barrier is at once ready for the next round. Rounds are counted, so a
 * goroutine that races ahead into the next round waits for that round and cannot slip through the
 * one that is just being released. (For a one-shot barrier, closing a channel is enough; this type
 * is for the cyclic case.) {@code await} returns the arrival index within the round: 0 for the
 * first arrival, {@code parties - 1} for the last. (Java's {@code CyclicBarrier} counts the other
 * way round.)
 *
 * <p><b>Broken rounds.</b> A party that leaves a round before it completes, because it was
 * interrupted, its done channel became ready or an error was thrown in its {@code await} (an {@link
 * OutOfMemoryError}, say), <em>breaks</em> the round: every party waiting in it, and every later
 * arrival, gets {@link BrokenBarrierException}, until {@link #reset()} starts a new round. So no
 * party waits forever for one that left. If the round completes concurrently with the interruption
 * or the done channel, the round counts as completed: the party returns its index (with the
 * interrupt status set if it was interrupted).
 *
 * <p><b>Blocking and interruption:</b> {@link #await()} blocks until the round completes or is
 * broken; interrupted while it waits (or on entry), it breaks the round and throws {@link
 * InterruptedException}. {@link #await(ReceiveChannel)} also leaves, breaking the round, when
 * {@code done} is ready, and returns -1.
 *
 * <p><b>Memory consistency effects:</b> actions in each party prior to its {@code await} in a round
 * happen-before the return of {@code await} in every party of that round (and the actions that
 * follow). Actions prior to an {@code await} that breaks a round, or prior to {@link #reset()},
 * happen-before the {@link BrokenBarrierException} is thrown in the parties it affects.
 */
public final class Barrier {
  /*
   * *** Overview ***
   *
   * A generation object per round, replaced (never reset in place) when the round trips; the
   * arrival count, the waiters and the broken flag live in it, all guarded by `lock`. A waiter
   * keeps a reference to its own generation, so a round's release cannot be observed by, or
   * confused with, the next round: that is the epoch that stops early arrivals slipping through.
   *
   * A waiting party queues its thread's reusable node (Waiter.node(), under a fresh stamp) in
   * its generation's queue, and with a done channel registers the same wait on done
   * (SyncWait), all under the lock. The last arrival replaces the generation and claims every
   * waiter's wait with the outcome TRIPPED, under the lock, waking them after unlocking.
   * Claims are made under the lock because a party withdraws its node only under the lock: a
   * queued node is always its owner's current wait, while a claimed party may reuse its node at
   * once. Each party keeps its arrival index in a local.
   *
   * A party that gives up has its wait claimed by CANCELLED (interrupt) or by done
   * (SyncWait.DONE), or loses that race to TRIPPED or BROKEN. If it gave up, it then, under the
   * lock, breaks its generation if it is still current and not tripped, claiming every other
   * waiter's wait with BROKEN. If its generation tripped meanwhile (the tripper's claim on it
   * failed), it counts as having completed the round.
   *
   * Arrival is not lock-free: a barrier's cost is the rendezvous itself, and every arrival
   * must learn whether it is the last, which a lock does in one step with the registration.
   */

  private final int parties;
  private final PrimitiveLock lock = new PrimitiveLock();
  private Generation gen = new Generation(); // guarded by lock

  /** One round. All fields guarded by the barrier's lock. */
  private static final class Generation {
    int arrived;
    boolean broken;
    boolean tripped;
    final WaitQueue waiters = new WaitQueue();
  }

  /** Claim outcome: the round completed. */
  private static final int TRIPPED = 0;

  /** Claim outcome: the round was broken. */
  private static final int BROKEN = 1;

  /**
   * Creates a barrier for {@code parties} goroutines.
   *
   * @param parties the number of {@code await} calls that complete a round, at least 1
   * @throws IllegalArgumentException if {@code parties} is less than 1
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be at least 1: " + parties);
    }
    this.parties = parties;
  }

  /**
   * Waits until all parties have arrived in this round.
   *
   * @return the arrival index in the round, 0 (first) to {@code parties - 1} (last)
   * @throws InterruptedException if interrupted while waiting; the round is broken
   * @throws BrokenBarrierException if the round is or becomes broken while waiting
   */
  public int await() throws InterruptedException, BrokenBarrierException {
    return await0(null);
  }

  /**
   * Waits until all parties have arrived in this round, or until {@code done} is ready (closed, or
   * a value can be received from it); leaving this way breaks the round for the other parties.
   *
   * @param done a signal channel, e.g. a context's {@code done()}: ready when closed, or when a
   *     value can be received from it, and then that value is consumed (as by a Go select's case),
   *     even if the round trips while this party is leaving: the other parties counted it, so it
   *     returns its index and the consumed value is dropped
   * @return the arrival index in the round, or -1 if {@code done} was ready first
   * @throws InterruptedException if interrupted while waiting; the round is broken
   * @throws BrokenBarrierException if the round is or becomes broken while waiting
   * @throws NullPointerException if {@code done} is null
   * @throws IllegalArgumentException if {@code done} is not a go4j channel (another implementation
   *     of {@code ReceiveChannel})
   */
  public int await(ReceiveChannel<?> done) throws InterruptedException, BrokenBarrierException {
    SyncWait.checkDone(done); // before anything is queued: a foreign channel fails here
    return await0(done);
  }

  /** Entry outcomes of {@link #await0}, besides an arrival index (tripped) or a wait. */
  private static final int LEFT_INTERRUPTED = -1;

  private static final int LEFT_DONE = -2;
  private static final int MUST_WAIT = -3;

  private int await0(ReceiveChannel<?> done) throws InterruptedException, BrokenBarrierException {
    Waiter w = Waiter.current(); // before the lock: the first call may allocate the record
    Generation g;
    Node node = null;
    Object wake = null;
    int index = 0;
    int outcome;
    lock.lock();
    try {
      g = gen;
      if (g.broken) {
        throw new BrokenBarrierException();
      }
      if (Thread.interrupted()) {
        wake = breakLocked(g);
        outcome = LEFT_INTERRUPTED;
      } else if (done != null && done.tryReceive().isPresent()) {
        wake = breakLocked(g);
        outcome = LEFT_DONE;
      } else {
        index = g.arrived++;
        if (index + 1 == parties) { // the last arrival trips the round
          Generation next = new Generation(); // first: an OutOfMemoryError changes nothing
          g.tripped = true;
          gen = next;
          wake = claimAll(g, TRIPPED, null);
          outcome = index;
        } else {
          int stamp = w.begin();
          node = w.node().prepare(stamp, 0, null);
          g.waiters.add(node);
          outcome = LEFT_DONE;
          try {
            if (done == null || !SyncWait.registerDone(w, stamp, done)) {
              outcome = MUST_WAIT;
            }
          } finally {
            if (outcome != MUST_WAIT) { // done was ready, or registerDone threw: the party
              g.waiters.remove(node); //   leaves at once, breaking the round
              wake = breakLocked(g);
            }
          }
        }
      }
    } finally {
      lock.unlock();
      Wakeups.wake(wake); // also when this party leaves with an error: the round broke
    }
    switch (outcome) {
      case LEFT_INTERRUPTED -> throw new InterruptedException();
      case LEFT_DONE -> {
        return -1;
      }
      case MUST_WAIT -> {
        return awaitTrip(w, g, node, index, done);
      }
      default -> {
        return outcome;
      }
    }
  }

  private int awaitTrip(Waiter w, Generation g, Node node, int index, ReceiveChannel<?> done)
      throws InterruptedException, BrokenBarrierException {
    int r = w.await(false, WaitReason.BARRIER_WAIT, this);
    if (done != null) {
      SyncWait.withdrawDone(w, done, r);
    }
    if (r == Waiter.CANCELLED) {
      if (leave(g, node)) {
        Thread.currentThread().interrupt(); // the round completed anyway
        return index;
      }
      throw new InterruptedException();
    }
    if (SyncWait.isDone(r)) {
      return leave(g, node) ? index : -1;
    }
    if (Waiter.index(r) == BROKEN) {
      throw new BrokenBarrierException();
    }
    return index; // TRIPPED
  }

  /**
   * A party whose wait was cancelled (interrupt) or claimed by done leaves its round: it breaks the
   * round unless the round tripped meanwhile. Returns whether the round tripped (the party counts
   * as completed).
   */
  private boolean leave(Generation g, Node node) {
    Object wake;
    boolean tripped;
    lock.lock();
    try {
      g.waiters.remove(node); // a no-op if a tripper or breaker unlinked it and failed to claim it
      tripped = g.tripped;
      wake = tripped ? null : breakLocked(g);
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
    return tripped;
  }

  /**
   * Marks {@code g} broken (if it is not yet) and claims its waiters' waits with BROKEN; lock held.
   * Returns the goroutines to wake after unlocking.
   */
  private static Object breakLocked(Generation g) {
    if (g.broken || g.tripped) {
      return null;
    }
    g.broken = true;
    return claimAll(g, BROKEN, null);
  }

  /**
   * Unlinks every waiter of {@code g} and claims its wait with {@code outcome}, skipping those that
   * gave up (their claim fails); lock held. Returns {@code wake} with the claimed goroutines added.
   */
  private static Object claimAll(Generation g, int outcome, Object wake) {
    for (Node n; (n = g.waiters.poll()) != null; ) {
      if (n.grant(outcome)) {
        wake = Wakeups.add(wake, n);
      }
    }
    return wake;
  }

  /**
   * Breaks the current round, if any party is waiting in it (they get {@link
   * BrokenBarrierException}), and starts a new one; clears a broken state.
   */
  public void reset() {
    Object wake;
    lock.lock();
    try {
      Generation next = new Generation(); // first: an OutOfMemoryError changes nothing
      wake = breakLocked(gen);
      gen = next;
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
  }

  /**
   * Whether the current round is broken (until {@link #reset()}).
   *
   * @return true if broken
   */
  public boolean isBroken() {
    lock.lock();
    try {
      return gen.broken;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of parties that complete a round.
   *
   * @return the parties given at construction
   */
  public int parties() {
    return parties;
  }

  /**
   * The number of parties waiting in the current round. A snapshot, for monitoring.
   *
   * @return the parties that arrived and wait
   */
  public int waiting() {
    lock.lock();
    try {
      return gen.waiters.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Barrier[parties=" + parties + ", waiting=" + waiting() + "]";
  }
}
