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
 *    uniform choice among the ready cases. If none is ready, a default case runs; a select
 *    with default never blocks and never takes a lock it does not need (an idle "done"
 *    channel polled by many goroutines is only read).
 * 2. Register: the channels are locked in increasing Chan.id order (duplicates once), the cases
 *    are polled again under all the locks (one may have become ready since pass 1), and if
 *    none is ready one Waiter for the select and one Node per case are queued on each channel's
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
 * - Go polls with all locks held. Here pass 1 locks one channel at a time: each case's
 *   readiness is still read atomically, a continuously ready case is still always found
 *   (Go's TestNonblockSelectRace), and the choice among cases ready during the poll is still
 *   uniform; in exchange a select never takes the lock of a channel that is not ready.
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
    if (dflt != null) {
      return dflt.runCallable();
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }

    // 2. lock every channel, poll again (something may have become ready), else register
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

    Waiter w = new Waiter(Thread.currentThread());
    Node[] nodes = new Node[n];
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
