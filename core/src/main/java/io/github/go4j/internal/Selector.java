package io.github.go4j.internal;

import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.SelectCase;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's {@code selectgo}: runs one case of a select.
 *
 * <pre>
 * *** Overview ***
 *
 * 0. Cases on nil channels are dropped. The remaining cases get a uniformly random poll order
 *    (Fisher-Yates, in the thread's Waiter scratch: no allocation).
 * 1. Poll: the cases are tried in that order, each on its own channel's lock-free path (a
 *    buffered ring operation, or the lock-free "certainly not ready" check) and, where that is
 *    not conclusive, under that channel's lock alone. The first ready case completes:
 *    first-ready-in-a-random-permutation is a uniform choice among the ready cases. Pass 1 reads
 *    each channel at its own instant: enough to pick a ready case, not enough to conclude that
 *    none is ready.
 * 2. Lock all: the channels are locked in increasing Chan.id order (duplicates once) and each
 *    case is polled again with recvOrFreezeLocked/sendOrFreezeLocked: if not ready, that first
 *    stops every lock-free path that could make the case ready (a buffered channel's waiting
 *    bits) and then looks once more. After the last case, no case can become ready without one
 *    of the held locks, so "none ready" holds at that instant for all cases at once, as Go's
 *    all-locks poll: only now may a default case run (Go's rule 28: a non-blocking select over
 *    a channel that is ready throughout never takes default). Without default, the select
 *    begins a wait on the thread's Waiter and queues one node per case (scratch nodes, reused)
 *    on each channel's sendq or recvq. Holding every lock makes the re-poll and the
 *    registration one atomic step: no counterpart can claim the select before all its nodes are
 *    queued, so it never has to claim itself and a wake-up cannot be lost. The locks are
 *    released (each channel's waiting bits brought in line with its queues first) and the
 *    thread waits for exactly one counterpart to win the claim CAS; that counterpart completes
 *    the chosen operation.
 * 3. Withdraw: every losing node is unlinked under its own channel's lock. The lock is taken even
 *    if a failed claimer already unlinked the node: that claimer may still hold it, and the node
 *    is reused by the thread's next wait (the stamp would defeat a stale claim anyway).
 *    Nothing stays registered.
 *
 * A select with one non-nil case is a plain send or receive, or with a default a non-blocking
 * one (Go's compiler does the same). The fixed-arity entry points keep the cases in the Waiter's
 * scratch instead of a varargs array; case bodies run after the scratch is cleared, so a body may
 * select again.
 *
 * *** Departures from Go's runtime ***
 *
 * - Go sorts cases by channel address to lock them; Java has no stable addresses, so each
 *   channel has a creation-order id.
 * - Go polls with all locks held. Here a first pass polls one channel at a time and completes
 *   the first ready case it finds (each case's readiness is read atomically, so that choice is
 *   valid and still uniform); the all-locks poll of pass 2 runs only when pass 1 found nothing,
 *   and it alone decides "none ready" (default or block).
 * - Go's third pass relocks every channel at once; here each loser is withdrawn under its own
 *   channel's lock only, since withdrawal needs no atomicity across channels.
 * </pre>
 */
public final class Selector {
  private Selector() {}

  /**
   * Runs a select over {@code cases}.
   *
   * @param cases the cases
   * @param <R> the result type
   * @return the chosen body's result
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R select(SelectCase<? extends R>[] cases) throws InterruptedException {
    Objects.requireNonNull(cases, "cases must not be null");
    return run(cases, cases.length, null);
  }

  /**
   * Runs a select over one case.
   *
   * @param c1 the case
   * @param <R> the result type
   * @return the chosen body's result
   * @throws InterruptedException if interrupted while blocked
   */
  @SuppressWarnings("unchecked")
  public static <R> R select(SelectCase<? extends R> c1) throws InterruptedException {
    Case<? extends R> c = Case.of(c1);
    if (c.kind == Case.DEFAULT) {
      return c.runCallable(); // select { default: }
    }
    if (c.chan.nil) {
      Chan.parkForever( // select { case <-nilChan: }
          c.kind == Case.SEND ? WaitReason.CHAN_SEND_NIL : WaitReason.CHAN_RECEIVE_NIL);
    }
    return single(c, null);
  }

  /**
   * Runs a select over two cases, without allocating.
   *
   * @param c1 a case
   * @param c2 a case
   * @param <R> the result type
   * @return the chosen body's result
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R select(SelectCase<? extends R> c1, SelectCase<? extends R> c2)
      throws InterruptedException {
    // select { case ...: default: }, Go's selectnbsend/selectnbrecv: no scratch, no shuffle
    if (c1 instanceof Case<? extends R> a && c2 instanceof Case<? extends R> b) {
      if (b.kind == Case.DEFAULT && a.kind != Case.DEFAULT) {
        return a.chan.nil ? b.runCallable() : single(a, b);
      }
      if (a.kind == Case.DEFAULT && b.kind != Case.DEFAULT) {
        return b.chan.nil ? a.runCallable() : single(b, a);
      }
    }
    Waiter w = Waiter.current();
    Object[] a = w.scratch(0).cases4;
    a[0] = c1;
    a[1] = c2;
    return run(a, 2, w);
  }

  /**
   * Runs a select over three cases, without allocating.
   *
   * @param c1 a case
   * @param c2 a case
   * @param c3 a case
   * @param <R> the result type
   * @return the chosen body's result
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R select(
      SelectCase<? extends R> c1, SelectCase<? extends R> c2, SelectCase<? extends R> c3)
      throws InterruptedException {
    Waiter w = Waiter.current();
    Object[] a = w.scratch(0).cases4;
    a[0] = c1;
    a[1] = c2;
    a[2] = c3;
    return run(a, 3, w);
  }

  /**
   * Runs a select over four cases, without allocating.
   *
   * @param c1 a case
   * @param c2 a case
   * @param c3 a case
   * @param c4 a case
   * @param <R> the result type
   * @return the chosen body's result
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R select(
      SelectCase<? extends R> c1,
      SelectCase<? extends R> c2,
      SelectCase<? extends R> c3,
      SelectCase<? extends R> c4)
      throws InterruptedException {
    Waiter w = Waiter.current();
    Object[] a = w.scratch(0).cases4;
    a[0] = c1;
    a[1] = c2;
    a[2] = c3;
    a[3] = c4;
    return run(a, 4, w);
  }

  /** Clears the fixed-arity scratch, if {@code cases} is it. */
  private static void release(Object[] cases, int n, Waiter scratchOwner) {
    if (scratchOwner != null) {
      for (int i = 0; i < n; i++) {
        cases[i] = null;
      }
    }
  }

  /**
   * The select proper. {@code cases[0..n)} are the cases; {@code scratchOwner} is non-null when
   * {@code cases} is that Waiter's scratch (cleared before any body runs).
   */
  @SuppressWarnings("unchecked")
  private static <R> R run(Object[] cases, int n, Waiter scratchOwner) throws InterruptedException {
    Case<? extends R> dflt = null;
    int active = 0;
    int last = -1;
    try {
      for (int i = 0; i < n; i++) {
        Case<? extends R> c = Case.of(cases[i]);
        if (c.kind == Case.DEFAULT) {
          if (dflt != null) {
            throw new IllegalArgumentException("select: multiple defaults");
          }
          dflt = c;
        } else if (!c.chan.nil) {
          active++;
          last = i;
        }
      }
    } catch (RuntimeException e) {
      release(cases, n, scratchOwner);
      throw e;
    }
    if (active == 0) {
      release(cases, n, scratchOwner);
      if (dflt != null) {
        return dflt.runCallable();
      }
      Chan.parkForever(WaitReason.SELECT_NO_CASES); // select {} or only nil channels
    }
    if (active == 1) { // Go compiles these to plain or non-blocking operations, and so do we
      Case<? extends R> c = (Case<? extends R>) cases[last];
      release(cases, n, scratchOwner);
      return single(c, dflt);
    }

    Waiter w = scratchOwner != null ? scratchOwner : Waiter.current();
    Waiter.SelectScratch sc = w.scratch(n);
    // 0. a uniformly random poll order over the active cases
    int[] order = sc.order;
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0, k = 0; i < n; i++) {
      Case<?> c = (Case<?>) cases[i];
      if (c.kind != Case.DEFAULT && !c.chan.nil) {
        int j = rnd.nextInt(k + 1); // inside-out Fisher-Yates
        order[k] = order[j];
        order[j] = i;
        k++;
      }
    }
    // 1. poll each case on its own (lock-free, else that channel's lock only)
    for (int k = 0; k < active; k++) {
      int i = order[k];
      Case<? extends R> c = (Case<? extends R>) cases[i];
      if (c.kind == Case.SEND) {
        int r = c.chan.pollSend(c.value);
        if (r == Chan.SENT) {
          release(cases, n, scratchOwner);
          return c.runCallable();
        }
        if (r == Chan.SEND_CLOSED) {
          release(cases, n, scratchOwner);
          throw new ChannelClosedException();
        }
      } else {
        Object v = c.chan.pollReceive();
        if (v != Chan.NOT_READY) {
          release(cases, n, scratchOwner);
          return c.runReceive(v);
        }
      }
    }
    // 2. lock every channel, freeze and poll again: only a poll of all cases at one instant may
    // run the default or block (Go's rule 28).
    Chan<?>[] locks = sc.lockOrder;
    int nlocks = lockOrder(cases, order, active, locks);
    lockAll(locks, nlocks);
    for (int k = 0; k < active; k++) {
      Case<? extends R> c = (Case<? extends R>) cases[order[k]];
      Chan<?> ch = c.chan;
      if (c.kind == Case.SEND) {
        int r = ch.sendOrFreezeLocked(c.value);
        if (r != Chan.SEND_NOT_READY) {
          unlockAllAndWake(locks, nlocks, ch);
          release(cases, n, scratchOwner);
          if (r == Chan.SEND_CLOSED) {
            throw new ChannelClosedException();
          }
          return c.runCallable();
        }
      } else {
        Object v = ch.recvOrFreezeLocked();
        if (v != Chan.NOT_READY) {
          unlockAllAndWake(locks, nlocks, ch);
          release(cases, n, scratchOwner);
          return c.runReceive(v);
        }
      }
    }
    if (dflt != null) {
      unlockAllAndWake(locks, nlocks, null);
      release(cases, n, scratchOwner);
      return dflt.runCallable();
    }
    if (Thread.interrupted()) {
      unlockAllAndWake(locks, nlocks, null);
      release(cases, n, scratchOwner);
      throw new InterruptedException();
    }
    // Register: one node per case, all under the locks.
    Node[] nodes = sc.caseNodes;
    int stamp = w.begin();
    // Spin if some case is first in line on a channel that advises spinning: e.g. a receive on a
    // data channel, while the shared `done` channel's queue holds the other party's registration.
    boolean spin = false;
    Chan<?> spinOn = null;
    for (int k = 0; k < active; k++) {
      int i = order[k];
      Case<?> c = (Case<?>) cases[i];
      Chan<?> ch = c.chan;
      int q = c.kind == Case.SEND ? DualQueue.SENDQ : DualQueue.RECVQ;
      if (!spin && ch.isEmpty(q) && ch.spinAdvised()) {
        spin = true;
        spinOn = ch;
      }
      ch.add(q, nodes[i].prepare(stamp, i, c.kind == Case.SEND ? c.value : null));
    }
    unlockAllAndWake(locks, nlocks, null);
    int s = w.await(spin, WaitReason.SELECT, null);

    // 3. withdraw the losers
    int win = s == Waiter.CANCELLED ? -1 : Waiter.index(s);
    for (int k = 0; k < active; k++) {
      int i = order[k];
      Node node = nodes[i];
      if (i != win) {
        Case<?> c = (Case<?>) cases[i];
        Chan<?> ch = c.chan;
        ch.lock();
        ch.remove(c.kind == Case.SEND ? DualQueue.SENDQ : DualQueue.RECVQ, node);
        ch.syncLocked();
        ch.unlock();
        node.item = null;
      }
    }
    if (s == Waiter.CANCELLED) {
      release(cases, n, scratchOwner);
      throw new InterruptedException();
    }
    Case<? extends R> c = (Case<? extends R>) cases[win];
    release(cases, n, scratchOwner);
    if (spinOn != null) {
      spinOn.spinOutcome(spin, w.parked());
    }
    Node node = nodes[win];
    Object item = node.item;
    node.item = null;
    boolean closed = Waiter.closed(s);
    if (c.kind == Case.SEND) {
      if (closed) {
        throw new ChannelClosedException();
      }
      return c.runCallable();
    }
    return c.runReceive(closed ? Chan.CLOSED : item);
  }

  /** A select with one non-nil case: a plain operation, or with a default a non-blocking one. */
  private static <R> R single(Case<? extends R> c, Case<? extends R> dflt)
      throws InterruptedException {
    Chan<?> ch = c.chan;
    if (dflt == null) {
      if (c.kind == Case.SEND) {
        sendPlain(ch, c.value);
        return c.runCallable();
      }
      return c.runReceive(ch.receive0());
    }
    if (c.kind == Case.SEND) {
      int r = ch.pollSend(c.value);
      if (r == Chan.SEND_CLOSED) {
        throw new ChannelClosedException();
      }
      return r == Chan.SENT ? c.runCallable() : dflt.runCallable();
    }
    Object v = ch.pollReceive();
    return v != Chan.NOT_READY ? c.runReceive(v) : dflt.runCallable();
  }

  @SuppressWarnings("unchecked")
  private static <T> void sendPlain(Chan<T> ch, Object value) throws InterruptedException {
    ch.send((T) value);
  }

  /** Fills {@code a} with the distinct channels of the active cases, sorted by id; returns n. */
  private static int lockOrder(Object[] cases, int[] order, int m, Chan<?>[] a) {
    int size = 0;
    for (int k = 0; k < m; k++) {
      Chan<?> ch = ((Case<?>) cases[order[k]]).chan;
      // insertion sort by id, skipping duplicates (m is small)
      int j = size - 1;
      while (j >= 0 && a[j].id > ch.id) {
        j--;
      }
      if (j >= 0 && a[j] == ch) {
        continue;
      }
      System.arraycopy(a, j + 1, a, j + 2, size - j - 1);
      a[j + 1] = ch;
      size++;
    }
    return size;
  }

  private static void lockAll(Chan<?>[] locks, int n) {
    for (int i = 0; i < n; i++) {
      locks[i].lock();
    }
  }

  /**
   * Brings each channel's waiting bits in line with its queues, releases every lock (in reverse
   * order), then wakes what {@code ch}'s operation claimed.
   */
  private static void unlockAllAndWake(Chan<?>[] locks, int n, Chan<?> ch) {
    Waiter wake = ch == null ? null : ch.takePendingWake();
    for (int i = n - 1; i >= 0; i--) {
      Chan<?> c = locks[i];
      locks[i] = null; // the scratch retains no channel
      c.syncLocked();
      c.unlock();
    }
    if (wake != null) {
      wake.wake();
    }
  }
}
