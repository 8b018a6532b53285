package io.github.go4j.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A channel's lock: a non-reentrant mutex that spins briefly before it queues.
 *
 * <p>Channel critical sections are a few dozen instructions and never block, so a thread that finds
 * the lock held almost always gets it within a few hundred nanoseconds. {@link
 * java.util.concurrent.locks.ReentrantLock} would queue (allocating a node) and park at once, which
 * for a virtual thread means unmounting and a later rescheduling — microseconds. This lock retries
 * the CAS for up to {@link #SPINS} {@link Thread#onSpinWait()}s first, and only then falls back to
 * {@link AbstractQueuedSynchronizer}'s queue, which parks with {@code LockSupport} (never pinning a
 * virtual thread). Like Go's runtime mutex it is not fair: a spinning thread may barge ahead of a
 * queued one; channel fairness comes from the channels' own FIFO wait queues, not from this lock.
 *
 * <p>State: 0 free, 1 held. {@link Chan} extends this class so that the lock word shares the
 * channel object's cache lines (Go keeps its lock inside {@code hchan}): a separate lock object
 * would be one more cache line moving between the sender's and the receiver's cores on every
 * operation.
 */
@SuppressWarnings("serial") // never serialized; AQS happens to be Serializable
abstract class ChanLock extends AbstractQueuedSynchronizer {
  /**
   * CAS retries before queuing: about the length of the longest channel critical section (a
   * select's lock-all pass over a few channels) on current x86 and ARM cores. On one core spinning
   * cannot help, so it is off.
   */
  private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 100 : 0;

  final void lock() {
    if (!compareAndSetState(0, 1)) {
      slowLock();
    }
  }

  private void slowLock() {
    for (int i = SPINS; i > 0; i--) {
      Thread.onSpinWait();
      if (getState() == 0 && compareAndSetState(0, 1)) {
        return;
      }
    }
    acquire(1);
  }

  final void unlock() {
    release(1);
  }

  @Override
  protected final boolean tryAcquire(int ignored) {
    return compareAndSetState(0, 1);
  }

  @Override
  protected final boolean tryRelease(int ignored) {
    setState(0); // volatile write: publishes the critical section to the next holder
    return true;
  }

  @Override
  protected final boolean isHeldExclusively() {
    return getState() != 0;
  }
}
