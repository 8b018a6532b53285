package io.github.go4j.sync;

import io.github.go4j.internal.Node;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.WaitQueue;
import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;

/**
 * Go's runtime semaphore ({@code runtime_Semacquire} / {@code runtime_Semrelease}) as RWMutex uses
 * it: a counting semaphore whose permits may be released before the goroutine that takes them has
 * arrived, with a FIFO queue of parked goroutines. Waits are not interruptible (Go's aren't).
 *
 * <p>A release hands its permits directly to queued goroutines (FIFO) and banks the rest; an
 * acquire takes a banked permit or queues. Both take a per-semaphore lock, used only on the
 * primitives' slow paths. A queued goroutine waits on its thread's reusable {@link Waiter} record
 * (its {@link Waiter#node() node} in the queue); the release grants it under the lock and wakes it
 * after unlocking, so a blocking acquire allocates nothing.
 */
final class Sema {
  /** The outcome of a grant: a permit was handed over. */
  private static final int GRANTED = 0;

  private final PrimitiveLock lock = new PrimitiveLock();
  private final WaitQueue queue = new WaitQueue(); // guarded by lock
  private int permits; // guarded by lock
  private final WaitReason reason;
  private final Object owner;

  /** A semaphore whose waits a goroutine dump shows as "semacquire". */
  Sema() {
    this(WaitReason.SEMACQUIRE, null);
  }

  /**
   * A semaphore inside a primitive.
   *
   * @param reason how a goroutine dump shows its waits ("sync.RWMutex.RLock")
   * @param owner the primitive a dump shows them waiting on
   */
  Sema(WaitReason reason, Object owner) {
    this.reason = reason;
    this.owner = owner;
  }

  /** Takes one permit, parking until one is released. */
  void acquire() {
    Waiter w = Waiter.current();
    lock.lock();
    try {
      if (permits > 0) {
        permits--;
        return;
      }
      queue.add(w.node().prepare(w.begin(), 0, null));
    } finally {
      lock.unlock();
    }
    // Never cancelled: the releaser that unlinked the node has granted it.
    w.awaitUninterruptibly(reason, owner);
  }

  /** Releases {@code k} permits: to the queued goroutines first, in FIFO order. */
  void release(int k) {
    Object wake = null;
    lock.lock();
    try {
      while (k > 0) {
        Node h = queue.poll();
        if (h == null) {
          break;
        }
        if (h.grant(GRANTED)) { // nodes here are never cancelled, so this always succeeds
          wake = Wakeups.add(wake, h);
          k--;
        }
      }
      permits += k;
    } finally {
      lock.unlock();
    }
    Wakeups.wake(wake);
  }

  /** Test hook: queued goroutines. */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }
}
