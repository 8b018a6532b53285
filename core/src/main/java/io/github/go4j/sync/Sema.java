package io.github.go4j.sync;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's runtime semaphore ({@code runtime_Semacquire} / {@code runtime_Semrelease}) as RWMutex uses
 * it: a counting semaphore whose permits may be released before the goroutine that takes them has
 * arrived, with a FIFO queue of parked goroutines. Waits are not interruptible (Go's aren't).
 *
 * <p>A release hands its permits directly to queued goroutines (FIFO) and banks the rest; an
 * acquire takes a banked permit or queues. Both take a per-semaphore lock, used only on the
 * primitives' slow paths.
 */
final class Sema {
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList queue = new WaitList(); // guarded by lock
  private int permits; // guarded by lock

  /** Takes one permit, parking until one is released. */
  void acquire() {
    WaitNode n;
    lock.lock();
    try {
      if (permits > 0) {
        permits--;
        return;
      }
      n = new WaitNode(Thread.currentThread(), false);
      queue.addLast(n);
    } finally {
      lock.unlock();
    }
    n.awaitUninterruptibly();
  }

  /** Releases {@code k} permits: to the queued goroutines first, in FIFO order. */
  void release(int k) {
    WaitNode chain = null;
    WaitNode last = null;
    lock.lock();
    try {
      for (; k > 0; k--) {
        WaitNode h = queue.pollFirst();
        if (h == null) {
          break;
        }
        h.casGrant(WaitNode.GRANTED); // nodes here are never cancelled
        if (last == null) {
          chain = h;
        } else {
          last.wakeNext = h;
        }
        last = h;
      }
      permits += k;
    } finally {
      lock.unlock();
    }
    WaitNode.wakeChain(chain);
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
