package io.github.go4j.sync;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked goroutine of a sync primitive: the counterpart of Go's {@code sudog} on a semaphore
 * queue, with cancellation.
 *
 * <p>The node's {@link #status} starts at {@link #WAITING} and changes exactly once, by a CAS: a
 * granter sets a positive outcome ({@link #GRANTED}, {@link #WOKEN}, {@link #BROKEN}) or the owner
 * sets {@link #CANCELLED} when it is interrupted or its done channel fires. Whoever wins the CAS
 * decides: a grant that wins hands the resource over (the owner keeps it even if it was being
 * interrupted, and sets its interrupt status again); a cancel that wins makes every later grant
 * fail, and the granter moves on to the next node. So a grant is never lost and never duplicated.
 *
 * <p>Waking: a node that waits without a done channel parks with {@link LockSupport}; the granter
 * unparks it after the CAS. A node that waits with a done channel (the slow path of the cancellable
 * methods only) carries a private unbuffered {@link #ready} channel that the granter closes, and
 * the owner waits in a {@code select} on {@code ready} and {@code done}, the way x/sync's semaphore
 * waits on its per-waiter {@code ready chan struct{}}. No polling either way.
 *
 * <p>Links ({@link #prev}, {@link #next}, {@link #linked}) belong to a {@link WaitList} and are
 * guarded by the owning primitive's lock.
 */
final class WaitNode {
  static final int WAITING = 0;

  /** The resource was handed over (lock ownership, tokens, a completed round). */
  static final int GRANTED = 1;

  /** Woken to compete again (a Mutex in normal mode): nothing was handed over. */
  static final int WOKEN = 2;

  /** The barrier round this node waited for was broken. */
  static final int BROKEN = 3;

  /** The owner gave up (interrupt or done) before any grant. */
  static final int CANCELLED = -1;

  final Thread thread;

  /** Closed by the granter when the owner waits with a done channel; null otherwise. */
  final Channel<Unit> ready;

  /** WAITING until one CAS sets the outcome. */
  private volatile int status;

  /**
   * A request size (Semaphore) or an arrival index (Barrier); written before the node is shared.
   */
  long arg;

  /** System.nanoTime() of the first enqueue (Mutex starvation); owner-written before sharing. */
  long since;

  WaitNode prev; // guarded by the owner's lock
  WaitNode next; // guarded by the owner's lock
  boolean linked; // guarded by the owner's lock

  /** Set by the owner when its done channel won the select (owner-only). */
  boolean doneFired;

  /** A granter's chain of nodes to wake once it has released its lock. */
  WaitNode wakeNext;

  WaitNode(Thread thread, boolean cancellableByDone) {
    this.thread = thread;
    this.ready = cancellableByDone ? Channel.make() : null;
  }

  int status() {
    return status;
  }

  /** Resets a node for another wait (Mutex reuses its node); the node must not be linked. */
  void reset() {
    STATUS.setVolatile(this, WAITING);
  }

  /** Claims the node with a positive outcome; at most one claim or cancel ever succeeds. */
  boolean casGrant(int outcome) {
    return STATUS.compareAndSet(this, WAITING, outcome);
  }

  /** The owner's claim: succeeds only if nobody granted the node first. */
  boolean casCancel() {
    return STATUS.compareAndSet(this, WAITING, CANCELLED);
  }

  /** Wakes the owner after a successful grant; call after releasing any lock. */
  void wake() {
    if (ready != null) {
      ready.close();
    } else {
      LockSupport.unpark(thread);
    }
  }

  /** Wakes every node of a chain linked through {@link #wakeNext}; call after unlocking. */
  static void wakeChain(WaitNode n) {
    while (n != null) {
      WaitNode next = n.wakeNext;
      n.wakeNext = null;
      n.wake();
      n = next;
    }
  }

  /**
   * Waits for a grant, ignoring interrupts (Go's non-interruptible waits); an interrupt received
   * meanwhile is restored before returning.
   *
   * @return the outcome, never CANCELLED
   */
  int awaitUninterruptibly() {
    boolean interrupted = false;
    int s;
    while ((s = status) == WAITING) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return s;
  }

  /**
   * Waits for a grant, or until interrupted, or until {@code done} is ready.
   *
   * @param done the done channel, or null; must be non-null iff the node has a {@link #ready}
   * @return the outcome; CANCELLED if {@code done} won (the caller withdraws the node)
   * @throws InterruptedException if the interrupt won; the caller must withdraw the node
   */
  int await(ReceiveChannel<?> done) throws InterruptedException {
    if (done == null) {
      int s;
      while ((s = status) == WAITING) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          if (casCancel()) {
            throw new InterruptedException();
          }
          Thread.currentThread().interrupt(); // granted concurrently: keep the grant and the status
          return status;
        }
      }
      return s;
    }
    boolean granted;
    try {
      granted = Select.select(ready.onReceive(u -> true), done.onReceive(v -> false));
    } catch (InterruptedException e) {
      if (casCancel()) {
        throw e;
      }
      Thread.currentThread().interrupt();
      return status;
    }
    if (granted) {
      return status; // ready is closed only after a grant
    }
    doneFired = true;
    return casCancel() ? CANCELLED : status; // a failed cancel means a grant won the race
  }

  private static final VarHandle STATUS;

  static {
    try {
      STATUS = MethodHandles.lookup().findVarHandle(WaitNode.class, "status", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
