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
 *    (Fisher-Yates; each position drawn by multiply-and-shift from 32 random bits, as Go's
 *    runtime does, without a division). A fixed-arity select (two to four cases) reads all its
 *    positions from one draw and packs the order into an int; a varargs select keeps it in the
 *    thread's Waiter scratch. No allocation either way.
 * 1. Poll: the cases are tried in that order, each on its own channel's lock-free path (a
 *    buffered ring operation, or the lock-free "certainly not ready" check) and, where that is
 *    not conclusive, under that channel's lock alone. The first ready case completes:
 *    first-ready-in-a-random-permutation is a uniform choice among the ready cases. Pass 1 reads
 *    each channel at its own instant: enough to pick a ready case, not enough to conclude that
 *    none is ready.
 * 1b. Lazy registration: a blocking select (no default) whose thread's last select ran a case on
 *    one of this select's channels, used by no other of its cases and advising spinning
 *    (unbuffered or a small locked ring), queues on that "spin channel" alone first, under its
 *    lock alone (polling it once more there), and spins while nobody else knows of it: a
 *    select+cancel loop's data channel takes the whole hand-off, and the shared `done` channel's
 *    lock and queue are not touched at all when the spin is claimed. The spin ends early when
 *    another case looks ready (a racy peek). Then step 2 runs with the node still queued: with all
 *    locks held the select first reads its own claim (claims are made under the spin channel's
 *    lock, so after taking it the answer is final); if unclaimed it polls the other cases and, if
 *    one is ready, withdraws the spin node (nobody can claim it under the held lock) and completes
 *    that case; else it registers the rest and parks. Linearizability: until its other cases are
 *    registered the select is merely "not yet blocked", as in Go a select may be delayed before
 *    its all-locks poll. Its node is marked (Node.QUEUED_LAZILY) so that only a partner that would
 *    block otherwise completes it there (that partner's operation could have blocked first and the
 *    all-locks poll found it ready); a non-blocking one (trySend, tryReceive, a select with a
 *    default) passes over it, as over any select that has not blocked yet (DualQueue's
 *    nonBlockingPoll). Without the mark a trySend could complete the select's case after another
 *    of its cases had become ready, e.g. its done channel closed, which Go rules out (found in
 *    review; LazySelectQueueHookTest). Nor does another select's first pass (step 1) before it has polled
 *    all its other cases: until then it does not know whether it would block, and a select with
 *    another case ready completed the lazy select's case (found in review;
 *    LazySelectPartnerQueueHookTest). Its last poll may claim, as its step 1b or 2 may: every other case was
 *    not ready when polled, so it could have blocked then, and the lazy select's all-locks poll
 *    found it ready (in a select+cancel loop that saves a second lock of the data channel whenever
 *    the data case is polled last). Pass 2 clears the mark with every lock held. A departure remains in
 *    the choice: a partner that arrives on the spin channel completes the select through that case
 *    even if another case became ready during the spin, where Go's all-locks poll would pick
 *    uniformly among the two (docs/differences.md).
 *     On an unbuffered channel whose wait slot is on, 1b first runs lock-free in the slot instead
 *    (UnbufferedChan.selectReceive, selectSend): the select takes a partner waiting there, or
 *    stands there itself under a stand-in that only partners that would block may take (the
 *    slot's counterpart of QUEUED_LAZILY), spins while no other case looks ready, and withdraws
 *    when the spin ends unclaimed; then step 2 registers every case, without another spin. A
 *    select+cancel loop's selects then meet without touching a lock. Where the slot is off or
 *    busy, 1b queues on the channel as above.
 * 2. Lock all: the channels are locked in increasing Chan.id order (duplicates once) and each
 *    case is polled again with recvOrFreezeLocked/sendOrFreezeLocked: if not ready, that first
 *    stops every lock-free path that could make the case ready (a buffered channel's waiting
 *    bits) and then looks once more. After the last case, no case can become ready without one
 *    of the held locks, so "none ready" holds at that instant for all cases at once, as Go's
 *    all-locks poll: only now may a default case run (Go's rule 28: a non-blocking select over
 *    a channel that is ready throughout never takes default). Without default, the select
 *    begins a wait on the thread's Waiter and queues one node per case (scratch nodes, reused)
 *    on each channel's sendq or recvq. The case the select spins for (1b's, or here the first
 *    case first in line on a channel that advises spinning) is queued with the Waiter record
 *    itself as its node, as a plain operation queues it: its claimer then writes the links, the
 *    value and the claim into the one object whose line the owner spins on, and the owner reads
 *    the value from it (a scratch node was one more line to move between the two carriers, both
 *    ways). Holding every lock makes the re-poll and the
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
 * one (Go's compiler does the same). The fixed-arity entry points hand on their cases' fields,
 * never the case objects, so cases built in the select's argument list are removed by escape
 * analysis (see the note above the entry points). Steps 0 and 1 of a fixed-arity select run
 * straight from those arguments: a select with a case ready at its first poll never touches the
 * scratch (it only records the case's channel for the next select's spin, 1b). Only when no case
 * was ready does it copy the fields into the Waiter's scratch, for steps 1b-3, which keep them
 * across the wait; a varargs select's array is read in place. Case bodies run after the scratch
 * is cleared, so a body may select again.
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
    return run(
        cases,
        cases.length,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /*
   * The fixed-arity entry points below stay small enough to be inlined where the select is
   * written, and they hand on the cases' fields, never the case objects: so cases built in the
   * select's own argument list (select(a.onReceive(...), b.onReceive(...)), the way Go's select
   * statement is ported) do not escape, and the JIT's escape analysis removes their allocation.
   * For that the entry must stay small also once compiled on its own (the JIT does not inline a
   * method already compiled into a big one), so the first method it calls must be one the JIT
   * never inlines into it: run(), far above the size limit for inlining.
   */

  /**
   * Runs a select over one case.
   *
   * @param c1 the case
   * @param <R> the result type
   * @return the chosen body's result
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R select(SelectCase<? extends R> c1) throws InterruptedException {
    Case<?> a = Case.of(c1);
    return select1(Case.kindOf(a.value), a.chan, a.value, a.body);
  }

  private static <R> R select1(int k, Chan<?> ch, Object v, Object b) throws InterruptedException {
    if (k == Case.DEFAULT) {
      return Case.runCallable(b); // select { default: }
    }
    if (ch.nil) {
      Chan.parkForever( // select { case <-nilChan: }
          k == Case.SEND ? WaitReason.CHAN_SEND_NIL : WaitReason.CHAN_RECEIVE_NIL);
    }
    return single(ch, v, b, null);
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
    Case<?> a = Case.of(c1);
    Case<?> b = Case.of(c2);
    // select { case ...: default: }, Go's selectnbsend/selectnbrecv: no scratch, no shuffle. Here,
    // not in run(), so that the whole of it is inlined where the select is written (the JIT drops
    // the branch from the entry where it is never taken).
    // (Only a default case has no channel.)
    Chan<?> cha = a.chan;
    Chan<?> chb = b.chan;
    if (chb == null) {
      if (cha != null) {
        return cha.nil ? Case.runCallable(b.body) : single(cha, a.value, a.body, b.body);
      }
    } else if (cha == null) {
      return chb.nil ? Case.runCallable(a.body) : single(chb, b.value, b.body, a.body);
    }
    return run(
        null, 2, a.chan, a.value, a.body, b.chan, b.value, b.body, null, null, null, null, null,
        null);
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
    Case<?> a = Case.of(c1);
    Case<?> b = Case.of(c2);
    Case<?> c = Case.of(c3);
    return run(
        null, 3, a.chan, a.value, a.body, b.chan, b.value, b.body, c.chan, c.value, c.body, null,
        null, null);
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
    Case<?> a = Case.of(c1);
    Case<?> b = Case.of(c2);
    Case<?> c = Case.of(c3);
    Case<?> d = Case.of(c4);
    return run(
        null, 4, a.chan, a.value, a.body, b.chan, b.value, b.body, c.chan, c.value, c.body, d.chan,
        d.value, d.body);
  }

  /**
   * Clears the scratch, then runs case {@code i}'s send body (or the default's). A case records its
   * channel as the next select's spin channel.
   */
  private static <R> R sent(Waiter.Extras sc, int n, int i) {
    Chan<?> ch = sc.chan(i);
    if (ch != null) {
      sc.lastWon = ch.id;
    }
    Object body = sc.body(i);
    sc.clear(n);
    return Case.runCallable(body);
  }

  /**
   * Clears the scratch, then runs case {@code i}'s receive body with {@code v}; records the channel
   * as the next select's spin channel.
   */
  private static <R> R received(Waiter.Extras sc, int n, int i, Object v) {
    sc.lastWon = sc.chan(i).id;
    int kind = sc.kind(i);
    Object body = sc.body(i);
    sc.clear(n);
    return Case.runReceive(kind, body, v);
  }

  /**
   * The select proper, over {@code n} cases: those of {@code cases} if it is not null (read in
   * place), else the first {@code n} of the four given by their fields (channel, value or kind
   * marker, body), which are copied into the thread's scratch. The scratch is cleared before any
   * body runs (a body may select again) and before any exception leaves.
   */
  private static <R> R run(
      SelectCase<?>[] cases,
      int n,
      Chan<?> ch1,
      Object v1,
      Object b1,
      Chan<?> ch2,
      Object v2,
      Object b2,
      Chan<?> ch3,
      Object v3,
      Object b3,
      Chan<?> ch4,
      Object v4,
      Object b4)
      throws InterruptedException {
    // 0-1 of a fixed-arity select, straight from its arguments: the scratch is not touched unless
    // no case is ready (the common ready select costs a random draw and its polls).
    int packed = -1;
    if (cases == null) {
      packed = order(n, ch1, v1, ch2, v2, ch3, v3, ch4, v4);
      if (packed >= 0) {
        // Made (on a thread's first select) before any poll: a ready case's poll takes its value,
        // so nothing may fail between the poll and the body.
        Waiter.Extras x = Waiter.current().extras();
        // no default (its channel is null): a send may back off as a plain one (BufferedChan)
        boolean blocking =
            ch1 != null && ch2 != null && (n < 3 || ch3 != null) && (n < 4 || ch4 != null);
        for (int k = 0, m = packed & 7; k < m; k++) {
          int i = (packed >>> (3 + 2 * k)) & 3;
          Chan<?> ch = pick(i, ch1, ch2, ch3, ch4);
          Object v = pick(i, v1, v2, v3, v4);
          // Only the last poll may claim a select queued lazily: every other case was not ready
          // when polled, so this select could have blocked then (see the overview, step 1b).
          boolean claimLazy = blocking && k == m - 1;
          if (v instanceof Case.Marker mark) {
            Object r = ch.pollReceive(claimLazy);
            if (r != Chan.NOT_READY) {
              x.lastWon = ch.id;
              return Case.runReceive(mark.kind, pick(i, b1, b2, b3, b4), r);
            }
          } else {
            int r = ch.pollSend(v, blocking, claimLazy);
            if (r == Chan.SENT) {
              x.lastWon = ch.id;
              return Case.runCallable(pick(i, b1, b2, b3, b4));
            }
            if (r == Chan.SEND_CLOSED) {
              throw new ChannelClosedException();
            }
          }
        }
      }
    }
    Waiter w = Waiter.current();
    Waiter.Extras sc = w.scratch(n);
    if (cases != null) {
      for (Object o : cases) {
        if (!(o instanceof Case<?>)) {
          throw Case.notACase(o);
        }
      }
      sc.array = cases; // read in place: copying the cases would cost more than the select
    } else {
      sc.set(0, ch1, v1, b1);
      sc.set(1, ch2, v2, b2);
      if (n > 2) {
        sc.set(2, ch3, v3, b3);
        if (n > 3) {
          sc.set(3, ch4, v4, b4);
        }
      }
    }
    int dflt = -1;
    int active = 0;
    int last = -1;
    for (int i = 0; i < n; i++) {
      if (sc.kind(i) == Case.DEFAULT) {
        if (dflt >= 0) {
          sc.clear(n);
          throw new IllegalArgumentException("select: multiple defaults");
        }
        dflt = i;
      } else if (!sc.chan(i).nil) {
        active++;
        last = i;
      }
    }
    if (active == 0) {
      if (dflt >= 0) {
        return sent(sc, n, dflt);
      }
      sc.clear(n);
      Chan.parkForever(WaitReason.SELECT_NO_CASES); // select {} or only nil channels
    }
    if (active == 1) { // Go compiles these to plain or non-blocking operations, and so do we
      Chan<?> ch = sc.chan(last);
      Object v = sc.value(last);
      Object b = sc.body(last);
      Object db = dflt >= 0 ? sc.body(dflt) : null;
      sc.clear(n);
      return single(ch, v, b, db);
    }

    if (packed >= 0) {
      sc.packedOrder = packed; // polled above, in this order, and none was ready
    } else {
      // 0. a uniformly random poll order over the active cases
      sc.packedOrder = -1;
      int[] order = sc.orderArray;
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = 0, k = 0; i < n; i++) {
        if (sc.kind(i) != Case.DEFAULT && !sc.chan(i).nil) {
          int j = below(rnd.nextInt(), k + 1); // inside-out Fisher-Yates
          order[k] = order[j];
          order[j] = i;
          k++;
        }
      }
    }
    // 1. poll each case on its own (lock-free, else that channel's lock only)
    for (int k = packed >= 0 ? active : 0; k < active; k++) {
      int i = sc.order(k);
      boolean claimLazy = dflt < 0 && k == active - 1; // (as above)
      if (sc.kind(i) == Case.SEND) {
        int r = sc.chan(i).pollSend(sc.value(i), dflt < 0, claimLazy);
        if (r == Chan.SENT) {
          return sent(sc, n, i);
        }
        if (r == Chan.SEND_CLOSED) {
          sc.clear(n);
          throw new ChannelClosedException();
        }
      } else {
        Object v = sc.chan(i).pollReceive(claimLazy);
        if (v != Chan.NOT_READY) {
          return received(sc, n, i, v);
        }
      }
    }
    Node[] nodes = sc.caseNodes;
    // 1b. Lazy registration: queue on the spin channel alone and spin there first (see the
    // overview); the other cases are registered only if the spin ends without a claim.
    int lazy = dflt < 0 ? spinCase(w, sc, active) : -1;
    int stamp = 0;
    int s = Waiter.WAITING;
    Chan<?> spinOn = null; // the channel a spin ran on, if any (for the back-off)
    // The case whose node is the record itself, not a scratch node: the one the select spins for,
    // most likely the one claimed. Its claimer then writes the value, the links and the claim to
    // one object, and the owner reads them from the line its spin already holds (see the overview).
    int self = lazy;
    boolean spunInSlot = false; // a spin in an unbuffered channel's wait slot ended unclaimed
    if (lazy >= 0 && sc.chan(lazy) instanceof UnbufferedChan<?> u) {
      // 1b through the channel's wait slot, lock-free (see UnbufferedChan.selectReceive)
      sc.spinActive = active;
      sc.spinCase = lazy;
      if (sc.kind(lazy) == Case.SEND) {
        int r = u.selectSend(w, sc, sc.value(lazy));
        if (r == Chan.SENT) {
          return sent(sc, n, lazy);
        }
        if (r == Chan.SEND_CLOSED) {
          sc.clear(n);
          throw new ChannelClosedException();
        }
        spunInSlot = r == Chan.SEND_NOT_READY;
      } else {
        Object v = u.selectReceive(w, sc, lazy);
        if (v != Chan.NOT_READY && v != Chan.SLOW) {
          return received(sc, n, lazy, v);
        }
        spunInSlot = v == Chan.NOT_READY;
      }
      if (spunInSlot) {
        lazy = -1; // withdrawn: register every case, without another spin
        self = -1;
      }
    }
    if (lazy >= 0) {
      Chan<?> ch = sc.chan(lazy);
      boolean send = sc.kind(lazy) == Case.SEND;
      int q = send ? DualQueue.SENDQ : DualQueue.RECVQ;
      ch.lock();
      if (send) {
        int r = ch.sendOrFreezeLocked(sc.value(lazy));
        if (r != Chan.SEND_NOT_READY) {
          ch.syncLocked();
          ch.unlockAndWake();
          if (r == Chan.SEND_CLOSED) {
            sc.clear(n);
            throw new ChannelClosedException();
          }
          return sent(sc, n, lazy);
        }
      } else {
        Object v = ch.recvOrFreezeLocked();
        if (v != Chan.NOT_READY) {
          ch.syncLocked();
          ch.unlockAndWake();
          return received(sc, n, lazy, v);
        }
      }
      if (Thread.interrupted()) {
        ch.syncLocked();
        ch.unlock();
        sc.clear(n);
        throw new InterruptedException();
      }
      stamp = w.begin();
      boolean first = ch.isEmpty(q);
      ch.add(q, w.prepare(stamp, lazy, send ? sc.value(lazy) : null));
      w.queued = Node.QUEUED_LAZILY; // not blocked yet: no non-blocking partner may claim it
      ch.syncLocked();
      ch.unlock();
      if (first) {
        spinOn = ch;
        sc.spinActive = active;
        sc.spinCase = lazy;
        s = w.spin(sc);
      }
    }
    // 2. lock every channel, freeze and poll again: only a poll of all cases at one instant may
    // run the default or block (Go's rule 28).
    boolean all = false; // whether every case is queued (else only `lazy`'s, if any)
    if (s == Waiter.WAITING) {
      Chan<?>[] locks = sc.lockOrder;
      int nlocks = lockOrder(sc, active, locks);
      lockAll(locks, nlocks);
      if (w.queued == Node.QUEUED_LAZILY) {
        w.queued = Node.QUEUED; // about to block or complete, every lock held: claimable by all
      }
      if (lazy >= 0 && (s = w.status()) != Waiter.WAITING) {
        unlockAllAndWake(locks, nlocks, null); // claimed between the spin and the locks
      } else {
        for (int k = 0; k < active; k++) {
          int i = sc.order(k);
          if (i == lazy) {
            continue; // queued: only a claim of its node makes it ready, and none came
          }
          Chan<?> ch = sc.chan(i);
          if (sc.kind(i) == Case.SEND) {
            int r = ch.sendOrFreezeLocked(sc.value(i), dflt < 0);
            if (r != Chan.SEND_NOT_READY) {
              withdrawLazyLocked(w, sc, lazy);
              unlockAllAndWake(locks, nlocks, ch);
              if (r == Chan.SEND_CLOSED) {
                sc.clear(n);
                throw new ChannelClosedException();
              }
              return sent(sc, n, i);
            }
          } else {
            Object v = ch.recvOrFreezeLocked(dflt < 0);
            if (v != Chan.NOT_READY) {
              withdrawLazyLocked(w, sc, lazy);
              unlockAllAndWake(locks, nlocks, ch);
              return received(sc, n, i, v);
            }
          }
        }
        if (dflt >= 0) {
          unlockAllAndWake(locks, nlocks, null);
          return sent(sc, n, dflt);
        }
        if (Thread.interrupted()) {
          withdrawLazyLocked(w, sc, lazy);
          unlockAllAndWake(locks, nlocks, null);
          sc.clear(n);
          throw new InterruptedException();
        }
        // Register: one node per case (the rest, after a lazy spin), all under the locks.
        if (lazy < 0) {
          stamp = w.begin();
        }
        // Spin if some case is first in line on a channel that advises spinning: e.g. a receive on
        // a data channel, while the shared `done` channel's queue holds the other party's
        // registration. (Not again after a lazy spin.)
        boolean spin = false;
        boolean canSpin = lazy < 0 && !spunInSlot && w.canSpin(); // only a real spin is an outcome
        for (int k = 0; k < active; k++) {
          int i = sc.order(k);
          if (i == lazy) {
            continue;
          }
          Chan<?> ch = sc.chan(i);
          boolean send = sc.kind(i) == Case.SEND;
          int q = send ? DualQueue.SENDQ : DualQueue.RECVQ;
          Node node = nodes[i];
          if (!spin && canSpin && ch.isEmpty(q) && ch.spinAdvised()) {
            spin = true;
            spinOn = ch;
            self = i;
            node = w;
          }
          ch.add(q, node.prepare(stamp, i, send ? sc.value(i) : null));
        }
        all = true;
        unlockAllAndWake(locks, nlocks, null);
        s = w.await(spin, WaitReason.SELECT, null);
      }
    }

    // 3. withdraw the losers
    int win = s == Waiter.CANCELLED ? -1 : Waiter.index(s);
    if (all) {
      for (int k = 0; k < active; k++) {
        int i = sc.order(k);
        Node node = caseNode(w, nodes, self, i);
        if (i != win) {
          Chan<?> ch = sc.chan(i);
          ch.lock();
          ch.remove(sc.kind(i) == Case.SEND ? DualQueue.SENDQ : DualQueue.RECVQ, node);
          ch.syncLocked();
          ch.unlock();
          node.item = null;
        }
      }
    }
    if (s == Waiter.CANCELLED) {
      sc.clear(n);
      throw new InterruptedException();
    }
    if (spinOn != null) {
      // a lazy spin failed if the select went on to register every case
      spinOn.spinOutcome(true, lazy >= 0 ? all : w.parked());
    }
    Node node = caseNode(w, nodes, self, win);
    Object item = node.item;
    node.item = null;
    boolean closed = Waiter.closed(s);
    if (sc.kind(win) == Case.SEND) {
      if (closed) {
        sc.clear(n);
        throw new ChannelClosedException();
      }
      return sent(sc, n, win);
    }
    return received(sc, n, win, closed ? Chan.CLOSED : item);
  }

  /**
   * A uniformly random poll order of the active cases (not default, channel not nil) among the
   * first {@code n} of four given by channel and value, packed: bits 0-2 hold their number m, bits
   * 3 + 2k and 4 + 2k the case polled k-th. -1 if fewer than two are active (a plain or
   * non-blocking operation) or more than one case is a default (an error): run()'s general path
   * handles those.
   */
  private static int order(
      int n,
      Chan<?> ch1,
      Object v1,
      Chan<?> ch2,
      Object v2,
      Chan<?> ch3,
      Object v3,
      Chan<?> ch4,
      Object v4) {
    long x = ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL;
    int packed = 0;
    int m = 0;
    int defaults = 0;
    for (int i = 0; i < n; i++) {
      Chan<?> ch = pick(i, ch1, ch2, ch3, ch4);
      if (ch == null) {
        defaults++;
      } else if (!ch.nil) {
        // inside-out Fisher-Yates: case i goes to a uniform position j in 0..m, the case there
        // moves to m. The positions are the digits of one 32-bit draw read as a fraction in
        // mixed radix 1, 2, .., 4 (bias below 24 / 2^32).
        x *= m + 1;
        int j = (int) (x >>> 32);
        x &= 0xFFFF_FFFFL;
        int there = (packed >>> (3 + 2 * j)) & 3;
        packed = packed & ~(3 << (3 + 2 * j)) | i << (3 + 2 * j) | there << (3 + 2 * m);
        m++;
      }
    }
    return m < 2 || defaults > 1 ? -1 : packed | m;
  }

  /** The {@code i}-th (0-3) of four arguments of a fixed-arity select. */
  private static <X> X pick(int i, X a, X b, X c, X d) {
    return i == 0 ? a : i == 1 ? b : i == 2 ? c : d;
  }

  /**
   * A number uniform in 0..bound-1 from 32 random bits {@code r} (multiply and shift, as Go's
   * runtime draws a select's order: bias below bound / 2^32, no division).
   */
  private static int below(int r, int bound) {
    return (int) (((r & 0xFFFF_FFFFL) * bound) >>> 32);
  }

  /**
   * A select with one non-nil case (on {@code ch}, with value or kind marker {@code v}, body {@code
   * b}): a plain operation, or with a default (body {@code db}, non-null) a non-blocking one.
   */
  private static <R> R single(Chan<?> ch, Object v, Object b, Object db)
      throws InterruptedException {
    int k = Case.kindOf(v);
    if (db == null) {
      if (k == Case.SEND) {
        sendPlain(ch, v);
        return Case.runCallable(b);
      }
      return Case.runReceive(k, b, ch.receive0());
    }
    if (k == Case.SEND) {
      int r = ch.pollSend(v);
      if (r == Chan.SEND_CLOSED) {
        throw new ChannelClosedException();
      }
      return r == Chan.SENT ? Case.runCallable(b) : Case.runCallable(db);
    }
    Object r = ch.pollReceive();
    return r != Chan.NOT_READY ? Case.runReceive(k, b, r) : Case.runCallable(db);
  }

  @SuppressWarnings("unchecked")
  private static <T> void sendPlain(Chan<T> ch, Object value) throws InterruptedException {
    ch.send((T) value);
  }

  /**
   * The case a blocking select queues on first and spins on (lazy registration), or -1 for the
   * usual all-at-once registration: the one active case on the channel that completed this thread's
   * last blocked select, if that channel advises spinning, its queue looks empty (a waiter spins
   * only first in line), and no other case of this select uses the channel.
   */
  private static int spinCase(Waiter w, Waiter.Extras sc, int active) {
    long id = sc.lastWon;
    if (id < 0 || !w.canSpin()) {
      return -1;
    }
    int found = -1;
    for (int k = 0; k < active; k++) {
      int i = sc.order(k);
      if (sc.chan(i).id == id) {
        if (found >= 0) {
          return -1;
        }
        found = i;
      }
    }
    if (found < 0) {
      return -1;
    }
    Chan<?> ch = sc.chan(found);
    int q = sc.kind(found) == Case.SEND ? DualQueue.SENDQ : DualQueue.RECVQ;
    return ch.looksEmpty(q) && ch.slotted(q) == 0 && ch.spinAdvised() ? found : -1;
  }

  /**
   * Whether a case other than the spin case of a select that spins queued on that case alone may
   * have become ready (a racy hint that ends the spin early, so that the case is not left waiting
   * for the whole spin).
   */
  static boolean othersMayBeReady(Waiter.Extras sc) {
    int lazy = sc.spinCase;
    for (int k = 0, m = sc.spinActive; k < m; k++) {
      int i = sc.order(k);
      if (i != lazy && sc.chan(i).mayBeReady(sc.kind(i) == Case.SEND)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Withdraws the lazily queued node of case {@code lazy} (if {@code lazy >= 0}) and ends its wait,
   * with every lock held: the select completes another case instead. Nobody claimed the node (the
   * caller saw the wait unclaimed with the lock of its channel held, and a claim takes that lock),
   * and nobody can now.
   */
  private static void withdrawLazyLocked(Waiter w, Waiter.Extras sc, int lazy) {
    if (lazy >= 0) {
      // the lazy case's node is the record itself
      sc.chan(lazy).remove(sc.kind(lazy) == Case.SEND ? DualQueue.SENDQ : DualQueue.RECVQ, w);
      w.item = null;
      w.tryCancel();
    }
  }

  /** Case {@code i}'s node: the record itself for case {@code self}, else its scratch node. */
  private static Node caseNode(Waiter w, Node[] nodes, int self, int i) {
    return i == self ? w : nodes[i];
  }

  /** Fills {@code a} with the distinct channels of the active cases, sorted by id; returns n. */
  private static int lockOrder(Waiter.Extras sc, int m, Chan<?>[] a) {
    int size = 0;
    for (int k = 0; k < m; k++) {
      Chan<?> ch = sc.chan(sc.order(k));
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
