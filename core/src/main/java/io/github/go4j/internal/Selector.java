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
 * Go's passes:
 *
 * 0. Cases on nil channels are dropped. The remaining cases get a uniformly random poll order
 *    (Fisher-Yates).
 * 1. Poll: the cases are tried in the random order, each on its own: a case that is certainly
 *    not ready fails without locking (Go's lock-free checks), otherwise it is tried under its
 *    channel's lock. The first ready one completes. First-ready-in-a-random-permutation is a
 *    uniform choice among the ready cases. A select whose data case is ready never takes the
 *    lock of an idle channel (an idle "done" channel polled by many goroutines is only read).
 *    Pass 1 reads each channel at its own instant: enough to pick a ready case, not enough to
 *    conclude that none is ready.
 * 2. Lock all: the channels are locked in increasing Chan.id order (duplicates once) and the
 *    cases are polled again under all the locks: one instant, as in Go. Only now may a default
 *    case run (Go's rule 28: a non-blocking select over a channel that is ready throughout never
 *    takes default; see SelectLinearizabilityReviewTest). If there is no default and none is
 *    ready, one Waiter for the select and one Node per case are queued on each channel's
 *    sendq or recvq. Holding every lock makes this re-poll and the registration one atomic
 *    step: no counterpart can claim the select before all its nodes are queued, so it never
 *    has to claim itself and a wake-up cannot be lost. The locks are released and the thread
 *    waits (Waiter.await) for exactly one counterpart to win the claim CAS; that counterpart
 *    completes the chosen operation.
 * 3. Withdraw: every losing node is unlinked from its channel, one lock at a time (a node a
 *    failed claimer already dropped is skipped without locking). Nothing stays registered.
 *
 * A select with one non-nil case is a plain send or receive, or with a default a non-blocking
 * one, allocating nothing (Go's compiler does the same).
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
  @SuppressWarnings("unchecked")
  public static <R> R select(SelectCase<? extends R>[] cases) throws InterruptedException {
    Objects.requireNonNull(cases, "cases");
    final int n = cases.length;
    Case<? extends R> dflt = null;
    int active = 0;
    int last = -1;
    for (int i = 0; i < n; i++) {
      Case<? extends R> c = (Case<? extends R>) Objects.requireNonNull(cases[i], "select case");
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
    if (active == 0) {
      if (dflt != null) {
        return dflt.runCallable();
      }
      Chan.parkForever(); // select {} or only nil channels
    }
    if (active == 1) { // Go compiles these to plain or non-blocking operations, and so do we
      Case<? extends R> c = (Case<? extends R>) cases[last];
      if (dflt == null) {
        if (c.kind == Case.SEND) {
          sendPlain(c);
          return c.runCallable();
        }
        return c.runReceive(c.chan.receive0());
      }
      if (c.kind == Case.SEND) {
        int r = c.chan.pollSend(c.value);
        if (r == Chan.SEND_CLOSED) {
          throw new ChannelClosedException();
        }
        return r == Chan.SENT ? c.runCallable() : dflt.runCallable();
      }
      Object v = c.chan.pollReceive();
      return v != Chan.NOT_READY ? c.runReceive(v) : dflt.runCallable();
    }

    // 0. a uniformly random poll order over the active cases
    int[] order = new int[active];
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
    // 1. poll each case on its own (lock-free failure, else that channel's lock only)
    for (int k = 0; k < active; k++) {
      Case<? extends R> c = (Case<? extends R>) cases[order[k]];
      if (c.kind == Case.SEND) {
        int r = c.chan.pollSend(c.value);
        if (r == Chan.SENT) {
          return c.runCallable();
        }
        if (r == Chan.SEND_CLOSED) {
          throw new ChannelClosedException();
        }
      } else {
        Object v = c.chan.pollReceive();
        if (v != Chan.NOT_READY) {
          return c.runReceive(v);
        }
      }
    }
    // 2. lock every channel and poll again. Pass 1 read each channel at its own instant, which
    // suffices to pick a ready case but not to decide that none is ready: only a poll of all
    // cases at one instant (all locks held) may run the default or block (Go's rule 28).
    Chan<?>[] locks = lockOrder(cases, order);
    lockAll(locks);
    for (int k = 0; k < active; k++) {
      Case<? extends R> c = (Case<? extends R>) cases[order[k]];
      Chan<?> ch = c.chan;
      if (c.kind == Case.SEND) {
        int r = ch.sendLocked(c.value);
        if (r == Chan.SENT) {
          unlockAllAndWake(locks, ch);
          return c.runCallable();
        }
        if (r == Chan.SEND_CLOSED) {
          unlockAllAndWake(locks, null);
          throw new ChannelClosedException();
        }
      } else {
        Object v = ch.recvLocked();
        if (v != Chan.NOT_READY) {
          unlockAllAndWake(locks, ch);
          return c.runReceive(v);
        }
      }
    }

    if (dflt != null) {
      unlockAllAndWake(locks, null);
      return dflt.runCallable();
    }
    if (Thread.interrupted()) {
      unlockAllAndWake(locks, null);
      throw new InterruptedException();
    }

    Waiter w = null;
    Node[] nodes = null;
    try {
      w = new Waiter(Thread.currentThread());
      nodes = new Node[n];
      for (int k = 0; k < active; k++) {
        int i = order[k];
        Case<?> c = (Case<?>) cases[i];
        if (c.kind == Case.SEND) {
          Node node = new Node(w, i, c.value);
          nodes[i] = node;
          c.chan.sendq.add(node);
        } else {
          Node node = new Node(w, i, null);
          nodes[i] = node;
          c.chan.recvq.add(node);
        }
      }
    } catch (Throwable e) { // OutOfMemoryError while registering: leave no lock or node behind
      if (nodes != null) {
        for (int i : order) {
          if (nodes[i] != null) {
            Case<?> c = (Case<?>) cases[i];
            (c.kind == Case.SEND ? c.chan.sendq : c.chan.recvq).remove(nodes[i]);
          }
        }
      }
      unlockAllAndWake(locks, null);
      throw e;
    }
    unlockAllAndWake(locks, null);
    int s = w.await(true);

    // 3. withdraw the losers
    int win = s >= 0 ? Waiter.caseIndex(s) : -1;
    for (int k = 0; k < active; k++) {
      int i = order[k];
      Node node = nodes[i];
      // A racy read of `queued` is safe here: this thread queued the node, and once another
      // thread unlinks it, it is never queued again. Seeing false means it is out for good.
      if (i != win && node.queued) {
        Case<?> c = (Case<?>) cases[i];
        Chan<?> ch = c.chan;
        ch.lock();
        (c.kind == Case.SEND ? ch.sendq : ch.recvq).remove(node);
        ch.unlock();
      }
    }
    if (s == Waiter.CANCELLED) {
      throw new InterruptedException();
    }
    Case<? extends R> c = (Case<? extends R>) cases[win];
    boolean closed = Waiter.closedClaim(s);
    if (c.kind == Case.SEND) {
      if (closed) {
        throw new ChannelClosedException();
      }
      return c.runCallable();
    }
    return c.runReceive(closed ? Chan.CLOSED : nodes[win].item);
  }

  @SuppressWarnings("unchecked")
  private static <T> void sendPlain(Case<?> c) throws InterruptedException {
    ((Chan<T>) c.chan).send((T) c.value);
  }

  /** The distinct channels of the active cases, sorted by id. */
  private static Chan<?>[] lockOrder(SelectCase<?>[] cases, int[] order) {
    int m = order.length;
    Chan<?>[] a = new Chan<?>[m];
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
    if (size < m) {
      Chan<?>[] t = new Chan<?>[size];
      System.arraycopy(a, 0, t, 0, size);
      a = t;
    }
    return a;
  }

  private static void lockAll(Chan<?>[] locks) {
    for (Chan<?> ch : locks) {
      ch.lock();
    }
  }

  /** Releases every lock (in reverse order), then wakes what {@code ch}'s operation claimed. */
  private static void unlockAllAndWake(Chan<?>[] locks, Chan<?> ch) {
    Waiter wake = ch == null ? null : ch.takePendingWake();
    for (int i = locks.length - 1; i >= 0; i--) {
      locks[i].unlock();
    }
    if (wake != null) {
      wake.wake();
    }
  }
}
