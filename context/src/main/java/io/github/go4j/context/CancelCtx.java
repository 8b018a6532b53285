package io.github.go4j.context;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code cancelCtx}: a node of the cancellation tree, behind {@link Context#withCancel}; the
 * base of {@link TimerCtx} (deadlines) and {@link AfterFuncNode} ({@code afterFunc}).
 */
class CancelCtx implements CancelableContext {
  /*
   * *** Overview ***
   *
   * The algorithm is Go's context.go, with three changes noted under "Departures". Each node has
   * its own ReentrantLock (no global lock; it never pins a virtual thread) guarding its state:
   * err and cause, the lazily made done channel, and its children. A node is registered in the
   * child list of its nearest go4j ancestor that is a CancelCtx (`registeredIn`, Go's
   * parentCancelCtx), found through the private key CANCEL_CTX_KEY, which every go4j context
   * (and any custom context that delegates value() to one) answers with the nearest CancelCtx.
   *
   * *** Cancellation ***
   *
   * markCanceled does, under the node's lock: record cause and err; close done (or install the
   * shared CLOSED channel if nobody asked for done yet); set doneClosed; detach the child list.
   * The caller that wins (err was null) then, outside every lock:
   *   - runs the subclass hook (TimerCtx stops its timer; AfterFuncNode starts f in a goroutine);
   *   - cancels the detached children with the same err and cause, iteratively;
   *   - removes the node from its parent's list, or unregisters it from a custom parent.
   * A caller that loses (a second cancel(), the deadline's timer, a winner above) waits until the
   * winner has canceled the node's descendants (Settling), so that every cancel() returns with the
   * whole subtree done, as Go's, whose losers wait on the node's lock.
   * A node is canceled at most once, so each step runs at most once per node: the whole tree
   * costs time linear in its size, and the parent's list is empty afterwards.
   *
   * *** Invariants ***
   *
   * - err != null never reverts, and err, cause and done change only under the lock.
   * - err is written before done is closed, and doneClosed after: so a thread that sees done
   *   closed sees err, and err() waits (lock, unlock) in the short window where err is set but
   *   done not yet closed, so that err() != null implies done is closed (Go issue 75533).
   * - Once err != null, the child list, childCount and parentStop are frozen: additions and
   *   removals check err under the lock. The winner alone then reads them (winner only).
   * - A child's sibling links are guarded by the lock of the parent whose list holds it; after
   *   the parent detaches its list, only the parent's winner touches them.
   *
   * *** Lock ordering ***
   *
   * No code holds two context locks at once. Under its own lock a node closes its done channel
   * (the channel's lock, then unparks) and a TimerCtx creates its timer (the timer's lock); no
   * user code (afterFunc functions, custom contexts' methods, stop handles) runs under any lock.
   *
   * *** Departures from Go's context.go ***
   *
   * - Go cancels children recursively while holding the parent's lock; here the parent detaches
   *   its children and the winner cancels them after unlocking, with an explicit work list: no
   *   nested locks and no recursion, so a chain of 10^5 contexts cannot overflow the stack.
   *   Cancellation is still synchronous: cancel() returns after every descendant is done.
   * - Children are an intrusive doubly linked list (prevSibling, nextSibling) instead of a map:
   *   O(1) add and remove with no allocation.
   * - Go registers with a custom AfterFunc parent while holding the child's lock; here the child
   *   registers without a lock and publishes the stop handle under its lock afterwards, calling
   *   it at once if the child was canceled meanwhile.
   */

  /** The done channel of contexts canceled before anyone asked for it: Go's closedchan. */
  static final Channel<Unit> CLOSED = closedChannel();

  /** Go's {@code &cancelCtxKey}: go4j contexts answer it with their nearest CancelCtx. */
  static final ContextKey<CancelCtx> CANCEL_CTX_KEY = ContextKey.of("context.cancelCtxKey");

  /** {@link #CANCEL_CTX_KEY} typed so that lookups return Object, unchecked. */
  static final ContextKey<?> ANY_CANCEL_CTX_KEY = CANCEL_CTX_KEY;

  /** Goroutines started to watch custom parents: Go's {@code context.goroutines} test hook. */
  private static final AtomicLong CUSTOM_PARENT_GOROUTINES = new AtomicLong();

  final Context parent;

  /** The go4j ancestor whose child list holds this node (or did), or null: Go's parentCancelCtx. */
  private final CancelCtx registeredIn;

  /** The deadline, inherited from the parent (Go's embedded Context.Deadline), or a TimerCtx's. */
  private final Optional<Instant> deadline;

  final ReentrantLock lock = new ReentrantLock();

  /** Created lazily (Go's atomic.Value done); volatile: done() reads it without the lock. */
  private volatile Channel<Unit> done;

  /** Volatile: err() reads it without the lock. Written under the lock before done closes. */
  private volatile ContextException err;

  /** Volatile, written under the lock after done is closed; see err(). */
  private volatile boolean doneClosed;

  /** Written under the lock before err; read after a volatile read of err sees it non-null. */
  private Throwable cause;

  private CancelCtx children; // guarded by lock; frozen once err != null
  private int childCount; // guarded by lock
  private CancelCtx detached; // winner only: the child list taken by markCanceled
  private AfterFuncHandle parentStop; // guarded by lock; frozen once err != null

  CancelCtx prevSibling; // guarded by registeredIn.lock
  CancelCtx nextSibling; // guarded by registeredIn.lock

  CancelCtx(Context parent) {
    this(parent, parent.deadline());
  }

  CancelCtx(Context parent, Optional<Instant> deadline) {
    this.parent = parent;
    this.deadline = deadline;
    this.registeredIn = parentCancelCtx(parent);
  }

  private static Channel<Unit> closedChannel() {
    Channel<Unit> c = Channel.make();
    c.close();
    return c;
  }

  /**
   * A parent's done channel; null, which a custom context may return as Go's nil channel (a Go
   * {@code Done()} that returns nil: never canceled), is the nil channel.
   */
  private static ReceiveChannel<Unit> doneOf(Context parent) {
    ReceiveChannel<Unit> d = parent.done();
    return d != null ? d : Channel.<Unit>nil();
  }

  /**
   * Go's {@code parentCancelCtx}: the CancelCtx behind {@code parent}, if {@code parent} is one or
   * wraps one without replacing its done channel.
   */
  private static CancelCtx parentCancelCtx(Context parent) {
    ReceiveChannel<Unit> pdone = doneOf(parent);
    if (pdone == CLOSED.receiveOnly() || pdone == Channel.<Unit>nil()) {
      return null;
    }
    Object o = parent.value(ANY_CANCEL_CTX_KEY); // wildcard: no cast of a custom context's answer
    if (o instanceof CancelCtx p && p.done != null && p.done.receiveOnly() == pdone) {
      return p;
    }
    return null;
  }

  /**
   * Go's {@code propagateCancel}: arranges for this node to be canceled when its parent is. Called
   * once, right after construction, before the node is returned to the user.
   */
  final void propagateCancel() {
    Context p = parent;
    ReceiveChannel<Unit> pdone = doneOf(p);
    if (pdone == Channel.<Unit>nil()) {
      return; // the parent is never canceled
    }
    if (pdone.tryReceive().isPresent()) {
      cancel(false, errOf(p), Context.cause(p)); // the parent is already done
      return;
    }
    CancelCtx pc = registeredIn;
    if (pc != null) {
      ContextException perr;
      Throwable pcause;
      pc.lock.lock();
      try {
        perr = pc.err;
        if (perr == null) {
          pc.addChild(this);
          return;
        }
        pcause = pc.cause;
      } finally {
        pc.lock.unlock();
      }
      cancel(false, perr, pcause); // canceled since parentCancelCtx looked
      return;
    }
    if (p instanceof AfterFuncContext a) {
      AfterFuncHandle stop = a.afterFunc(() -> cancel(false, errOf(p), Context.cause(p)));
      lock.lock();
      try {
        if (err == null) {
          parentStop = stop;
          stop = null;
        }
      } finally {
        lock.unlock();
      }
      if (stop != null) {
        stop.stop(); // canceled while registering: unregister now
      }
      return;
    }
    CUSTOM_PARENT_GOROUTINES.incrementAndGet();
    ReceiveChannel<Unit> mine = done();
    Go.go(
        () ->
            Select.select(
                pdone.onReceive(
                    x -> {
                      cancel(false, errOf(p), Context.cause(p));
                      return null;
                    }),
                mine.onReceive(x -> null)));
  }

  /** A custom parent's err, or CANCELED if it closed done without setting one (a broken parent). */
  private static ContextException errOf(Context p) {
    ContextException e = p.err();
    return e != null ? e : Context.CANCELED;
  }

  private void addChild(CancelCtx c) { // lock held, err == null
    CancelCtx h = children;
    c.prevSibling = null;
    c.nextSibling = h;
    if (h != null) {
      h.prevSibling = c;
    }
    children = c;
    childCount++;
  }

  private void unlinkChild(CancelCtx c) { // lock held, err == null, c is in the list
    CancelCtx prev = c.prevSibling;
    CancelCtx next = c.nextSibling;
    if (prev != null) {
      prev.nextSibling = next;
    } else {
      children = next;
    }
    if (next != null) {
      next.prevSibling = prev;
    }
    c.prevSibling = null;
    c.nextSibling = null;
    childCount--;
  }

  /**
   * Go's {@code cancelCtx.cancel}: closes done, cancels every descendant with the same err and
   * cause, and if {@code removeFromParent}, removes this node from its parent.
   *
   * @param removeFromParent whether to unregister from the parent (false when the parent cancels)
   * @param e the error, CANCELED or DEADLINE_EXCEEDED
   * @param c the cause, or null for {@code e}
   */
  final void cancel(boolean removeFromParent, ContextException e, Throwable c) {
    Object won = markCanceled(e, c, null);
    if (won == null) {
      awaitSettled(); // Go: a losing cancel waits on the lock until the winner is done
      return;
    }
    afterCanceled();
    CancelCtx kids = takeDetached();
    if (kids != null) {
      Settling s = (Settling) won; // made by markCanceled: the node had children
      try {
        cancelDescendants(kids, e, c, s);
      } finally {
        s.done.countDown();
      }
    }
    if (removeFromParent) {
      // After the descendants, as Go's removeChild: a parent canceled meanwhile still finds this
      // node in its list, and waits until its subtree is done.
      removeFromParent();
    }
  }

  /**
   * Cancels detached child lists, depth first, with an explicit stack of lists. A node that another
   * caller canceled first is waited for: its own descendants are done when this returns.
   */
  private static void cancelDescendants(
      CancelCtx head, ContextException e, Throwable c, Settling s) {
    ArrayDeque<CancelCtx> lists = new ArrayDeque<>();
    lists.push(head);
    CancelCtx n;
    while ((n = lists.poll()) != null) {
      while (n != null) {
        CancelCtx next = n.nextSibling;
        n.prevSibling = null; // the list is detached: its links are the winner's alone
        n.nextSibling = null; // and unlinking lets canceled siblings be collected
        if (n.markCanceled(e, c, s) != null) {
          n.afterCanceled();
          CancelCtx kids = n.takeDetached();
          if (kids != null) {
            lists.push(kids);
          }
        } else {
          n.awaitSettled(); // canceled by its own cancel(), whose winner is still at its subtree
        }
        n = next;
      }
    }
  }

  /**
   * The cancellation of a subtree in progress: its winner counts {@code done} down once every node
   * it canceled has its descendants canceled and its afterFunc functions started. A node canceled
   * with children points to it (settling) so that a losing cancel() of that node, or a winner above
   * that meets it already canceled, waits until then: Go's cancel holds the node's lock while it
   * cancels the children, and another cancel waits for that lock. The waits only ever point down
   * the tree (a winner waits only for nodes inside its subtree, canceled by callers whose subtrees
   * lie further down), so they cannot form a cycle.
   */
  private static final class Settling {
    final CountDownLatch done = new CountDownLatch(1);
  }

  /** Returned by markCanceled for a winner when the node had no children (nothing to settle). */
  private static final Object WON = new Object();

  /** The cancellation that is canceling this node's children, or null; see Settling. */
  private volatile Settling settling;

  /**
   * Waits, uninterruptibly (as Go's lock), until the descendants of this canceled node are
   * canceled; an interrupt received meanwhile is restored.
   */
  private void awaitSettled() {
    Settling s = settling;
    if (s == null) {
      return; // no children when it was canceled: nothing to wait for
    }
    boolean interrupted = false;
    for (; ; ) {
      try {
        s.done.await();
        break;
      } catch (InterruptedException ie) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Marks this node canceled unless it already is. If it had children, it now points to the
   * cancellation {@code s} (made here if null) that will cancel them.
   *
   * @return null if it was canceled already; else the winner's Settling if the node had children
   *     (the one given, or a new one), or WON
   */
  private Object markCanceled(ContextException e, Throwable c, Settling s) {
    lock.lock();
    try {
      if (err != null) {
        return null;
      }
      Object won = WON;
      if (children != null) {
        if (s == null) {
          s = new Settling();
        }
        settling = s; // before err: a loser that sees err (under this lock) sees it
        won = s;
      }
      cause = c != null ? c : e; // before err: readers that see err see the cause
      err = e; // before close: a receiver that sees done closed sees err
      Channel<Unit> d = done;
      if (d == null) {
        done = CLOSED;
      } else {
        d.close();
      }
      doneClosed = true;
      detached = children;
      children = null;
      childCount = 0;
      return won;
    } finally {
      lock.unlock();
    }
  }

  private CancelCtx takeDetached() { // winner only
    CancelCtx kids = detached;
    detached = null;
    return kids;
  }

  /** Go's {@code removeChild}; winner only. */
  private void removeFromParent() {
    CancelCtx p = registeredIn;
    if (p != null) {
      p.lock.lock();
      try {
        if (p.err == null) { // else p detached its list and cancels it: leave the links alone
          p.unlinkChild(this);
        }
      } finally {
        p.lock.unlock();
      }
    }
    AfterFuncHandle stop = parentStop; // frozen since err was set
    if (stop != null) {
      parentStop = null;
      stop.stop();
    }
  }

  /** Runs once, in the winner, outside every lock, right after the node is canceled. */
  void afterCanceled() {}

  /**
   * The cause if this node is canceled, else null. Reads err (volatile) before cause (plain), which
   * was written before err. If a cancellation is in progress, returns once it has finished: done
   * closed and the descendants canceled, as Go's Cause, which waits on the lock that Go's cancel
   * holds meanwhile (the wait of a losing cancel()).
   */
  final Throwable causeIfCanceled() {
    if (err() == null) { // err() waits until done is closed
      return null;
    }
    awaitSettled();
    return cause;
  }

  /** Whether this node is canceled; lock held. */
  final boolean isCanceledLocked() {
    return err != null;
  }

  @Override
  public final Optional<Instant> deadline() {
    return deadline;
  }

  @Override
  public final ReceiveChannel<Unit> done() {
    Channel<Unit> d = done;
    if (d != null) {
      return d.receiveOnly(); // read-only: a holder cannot close it
    }
    lock.lock();
    try {
      d = done;
      if (d == null) {
        d = Channel.make();
        done = d;
      }
      return d.receiveOnly();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public final ContextException err() {
    ContextException e = err;
    if (e != null && !doneClosed) {
      lock.lock(); // the canceler holds it until done is closed
      lock.unlock();
    }
    return e;
  }

  @Override
  @SuppressWarnings("unchecked")
  public final <T> T value(ContextKey<T> key) {
    return (T) Contexts.value(this, key);
  }

  @Override
  public void cancel() {
    cancel(true, Context.CANCELED, null);
  }

  @Override
  public String toString() {
    return Contexts.name(this);
  }

  /** Test hook: the number of children registered in this node. */
  final int childCount() {
    lock.lock();
    try {
      return childCount;
    } finally {
      lock.unlock();
    }
  }

  /** Test hook: the go4j ancestor this node registered with, or null. */
  final CancelCtx registeredIn() {
    return registeredIn;
  }

  /** Test hook: goroutines started so far to watch custom parents. */
  static long customParentGoroutines() {
    return CUSTOM_PARENT_GOROUTINES.get();
  }
}
