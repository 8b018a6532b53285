package io.github.go4j.internal;

import io.github.go4j.chan.ReceiveChannel;

/**
 * A sync primitive's wait with a done channel ({@code acquire(n, done)}, {@code await(done)}, ...):
 * the x/sync idiom {@code select { case <-ready: case <-done: }}, built on the same Waiter as a
 * select with two cases. Case one is the primitive's own wait list (a grant claims the wait with
 * the primitive's outcome); case {@link #DONE} is a receive node on the done channel (a send on
 * done or its close claims the wait). Exactly one claim wins.
 *
 * <p>Protocol, for a primitive with its own lock:
 *
 * <pre>{@code
 * Waiter w = Waiter.current();
 * int stamp = w.begin();
 * primitiveLock.lock();
 * boolean waiting = false;
 * try {
 *   ... queue w.node (prepared with stamp) on the primitive's WaitQueue, count it ...
 *   try {
 *     if (done != null && SyncWait.registerDone(w, stamp, done)) {
 *       return "done";                                    // done was ready: nothing registered
 *     }
 *     waiting = true;
 *   } finally {
 *     if (!waiting) ... unqueue w.node, undo its count ... // done was ready, or it threw
 *   }
 * } finally {
 *   primitiveLock.unlock();
 * }
 * int s = w.await(false);                                 // or awaitUninterruptibly()
 * if (done != null) SyncWait.withdrawDone(w, done, s);
 * ... s == CANCELLED: interrupted, unqueue w.node; Waiter.index(s) == DONE: done fired,
 *     unqueue w.node; else granted ...
 * }</pre>
 *
 * Registering on done while the primitive's lock is held makes the two registrations one atomic
 * step: a grant needs the primitive's lock and a counterpart on done needs done's lock, so neither
 * can claim the wait before both nodes are queued (lock order: primitive, then channel; channel
 * code never takes a primitive's lock).
 *
 * <p>registerDone may throw before it registers anything on done (an OutOfMemoryError making the
 * done node on first use, a StackOverflowError). The primitive must then leave nothing queued or
 * counted for the wait: its node is the thread's record, which the thread reuses for its next wait
 * while a stale node would still be linked, and a grant, signal or barrier trip would land on a
 * wait that nobody awaits (its tokens lost for good, a signal lost, a round tripped without the
 * party).
 */
public final class SyncWait {
  private SyncWait() {}

  /** The outcome ({@link Waiter#index(int)}) of a wait that ended because done was ready. */
  public static final int DONE = 1 << 20;

  /**
   * Checks that {@code done} can be waited on: a primitive calls it before it queues anything, so
   * that a bad argument leaves no registration behind.
   *
   * @param done the done channel given to a primitive's wait
   * @throws NullPointerException if {@code done} is null
   * @throws IllegalArgumentException if {@code done} is not a go4j channel
   */
  public static void checkDone(ReceiveChannel<?> done) {
    Chan.of(done, "done channel");
  }

  /**
   * Registers the current wait of {@code w} on {@code done}, or receives from {@code done} at once
   * if it is ready (its value, if it has one, is consumed, as a select's case would).
   *
   * @param w the current thread's waiter, with a wait begun under {@code stamp}
   * @param stamp the stamp returned by {@link Waiter#begin()}
   * @param done a go4j channel (as every {@link ReceiveChannel} from go4j is)
   * @return true if done was ready: nothing was registered and the caller must give up its wait
   */
  public static boolean registerDone(Waiter w, int stamp, ReceiveChannel<?> done) {
    Chan<?> ch = Chan.of(done, "done channel");
    if (ch.nil) {
      return false; // never ready
    }
    if (TestHooks.ON) {
      TestHooks.run(registerDoneHook);
    }
    Node n = w.doneNode(); // made on first use: not under done's lock, which an OOM would keep
    ch.lock();
    Object v = ch.recvOrFreezeLocked();
    if (v != Chan.NOT_READY) {
      ch.syncLocked();
      ch.unlockAndWake();
      return true;
    }
    ch.add(DualQueue.RECVQ, n.prepare(stamp, DONE, null));
    ch.syncLocked();
    ch.unlock();
    return false;
  }

  /*
   * Test hook, for SyncWaitFailureHookTest only (see TestHooks): registerDone runs
   * registerDoneHook (if set) where its first allocation may fail (the done node, made on first
   * use), so that a test can make it throw there, with the primitive's node already queued.
   */
  static volatile Runnable registerDoneHook;

  /**
   * After the wait ended, withdraws its registration on {@code done} unless done's counterpart
   * claimed it (and so removed it already).
   *
   * @param w the current thread's waiter
   * @param done the channel given to {@link #registerDone}
   * @param status what the wait returned
   */
  public static void withdrawDone(Waiter w, ReceiveChannel<?> done, int status) {
    Chan<?> ch = Chan.of(done, "done channel");
    if (ch.nil) {
      return; // registerDone made no node (nor must this, after the wait: it could fail)
    }
    Node n = w.doneNode();
    if (status != Waiter.CANCELLED && Waiter.index(status) == DONE) {
      n.item = null; // claimed through done: its claimer unlinked the node
      return;
    }
    ch.lock();
    ch.remove(DualQueue.RECVQ, n);
    ch.syncLocked();
    ch.unlock();
    n.item = null;
  }

  /**
   * Whether a wait's status says that done fired.
   *
   * @param status what the wait returned
   * @return true if claimed through done
   */
  public static boolean isDone(int status) {
    return status != Waiter.CANCELLED && status != Waiter.WAITING && Waiter.index(status) == DONE;
  }
}
