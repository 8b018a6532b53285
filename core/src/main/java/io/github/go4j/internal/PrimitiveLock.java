package io.github.go4j.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of a sync primitive (Mutex's queue lock, Semaphore's, WaitGroup's, Cond's, Barrier's): a
 * non-fair {@link ReentrantLock} whose {@link #lock()} keeps the thread's wait record.
 *
 * <p>A thread's wait record lives in its park-blocker field (see {@link Waiter#current()}), and a
 * contended ReentrantLock parks with {@code LockSupport.park(this)}, which clears that field when
 * it returns. A primitive takes its lock after it fetched the record for its wait (before the lock,
 * so that the record's first allocation is not made under it), and every release, signal and
 * withdrawal takes it too: each contended acquisition would leave the thread without its record, so
 * that the wait then parked with an empty blocker field (thread dumps show no blocker) and the
 * thread's next go4j operation made a new record. Here a contended acquisition puts back what the
 * field held before; an uncontended one ({@link #tryLock()} succeeds, as ReentrantLock's non-fair
 * lock() would) costs nothing more.
 */
public final class PrimitiveLock extends ReentrantLock {
  private static final long serialVersionUID = 1L;

  /** A non-fair lock. */
  public PrimitiveLock() {}

  /**
   * Acquires the lock as {@link ReentrantLock#lock()}; if it had to wait, the thread's park-blocker
   * field holds again what it held before.
   */
  @Override
  public void lock() {
    if (!tryLock()) {
      lockContended();
    }
  }

  private void lockContended() {
    Object record = LockSupport.getBlocker(Thread.currentThread());
    super.lock();
    if (record != null) {
      LockSupport.setCurrentBlocker(record);
    }
  }
}
