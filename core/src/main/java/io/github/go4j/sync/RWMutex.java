package io.github.go4j.sync;

import io.github.go4j.internal.WaitReason;
import io.github.go4j.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code sync.RWMutex}: {@code var mu sync.RWMutex; mu.RLock(); defer mu.RUnlock()}.
 *
 * <pre>{@code
 * RWMutex mu = new RWMutex();
 * mu.rLock();                     // many readers at once
 * try { return cache.get(key); } finally { mu.rUnlock(); }
 *
 * mu.lock();                      // one writer, no readers
 * try { cache.put(key, value); } finally { mu.unlock(); }
 * }</pre>
 *
 * <p>A reader/writer mutual exclusion lock with Go's rules: it may be held by any number of readers
 * or by one writer; a new RWMutex is unlocked. A goroutine blocked in {@link #lock()} keeps new
 * readers out, so a writer is never starved by a stream of readers (and, as in Go, recursive read
 * locking is forbidden: a reader that read-locks again while a writer waits deadlocks). There is no
 * upgrade or downgrade. The lock is not owned by a thread: any goroutine may unlock it. Misuse
 * throws {@link IllegalStateException} with Go's fatal messages, "sync: RUnlock of unlocked
 * RWMutex" and "sync: Unlock of unlocked RWMutex". {@link #rLocker()} views the read lock as a
 * {@link Locker}. The write lock is itself a Locker.
 *
 * <p><b>Blocking and interruption:</b> {@link #lock()} and {@link #rLock()} block until the lock is
 * granted and cannot be interrupted, as in Go (an interrupt is kept in the interrupt status).
 * Unlike {@link Mutex}, RWMutex offers no interruptible variant: Go's algorithm counts a reader or
 * a writer in before it blocks, and withdrawing that count safely would cost the lock-free fast
 * paths. Use {@link #tryLock()}/{@link #tryRLock()}, or a {@link Semaphore} with a done channel,
 * where a bounded wait is needed. The other methods never block.
 *
 * <p><b>Memory consistency effects</b> (Go's memory model): the n-th call to {@code unlock()}
 * happens-before the return of the m-th call to {@code lock()} for n &lt; m. For any call to {@code
 * rLock()} there is an n such that the n-th call to {@code unlock()} happens-before the return of
 * that {@code rLock()}, and the matching call to {@code rUnlock()} happens-before the return of
 * call n+1 to {@code lock()}. Successful {@code tryLock()} and {@code tryRLock()} are like {@code
 * lock()} and {@code rLock()}; failed ones create no happens-before edge.
 */
public final class RWMutex implements Locker {
  /*
   * *** Overview ***
   *
   * Go's sync/rwmutex.go, unchanged in substance:
   *
   *   w            a Mutex held by the writer, and by the writer waiting for readers to leave
   *   readerCount  readers holding or waiting; minus MAX_READERS while a writer is pending
   *   readerWait   readers the pending writer still waits for ("departing readers")
   *   readerSem    where readers that arrived during a write wait; the writer's unlock
   *                releases exactly as many permits as readers counted in meanwhile
   *   writerSem    where the writer waits for the departing readers; the last one releases it
   *
   * rLock: getAndAdd(readerCount, 1); negative -> a writer is pending: wait on readerSem.
   * rUnlock: getAndAdd(readerCount, -1); negative -> a writer is pending: decrement readerWait,
   * and the last departing reader releases writerSem. lock: take w, subtract MAX_READERS from
   * readerCount (new readers now block), add the active readers to readerWait and wait on
   * writerSem unless they have all left. unlock: add MAX_READERS back, release the readers that
   * blocked meanwhile, then release w. Readers and writers take no lock when uncontended.
   *
   * The semaphores (Sema) are counting semaphores, because a permit may be released before
   * the reader or writer it is meant for has parked.
   *
   * *** Departures from Go ***
   *
   * - Misuse (rUnlock/unlock of an unlocked RWMutex) throws without ever publishing an invalid
   *   readerCount (Go's error is fatal): rUnlock and unlock are CAS loops that validate the word
   *   before changing it. (An add-then-undo would let a concurrent lock() read a reader that does
   *   not exist and wait for it forever.) The misuse a count cannot see - rUnlock by a goroutine
   *   that holds no read lock while others do - goes undetected, as in Go.
   */

  /** Go's rwmutexMaxReaders. */
  static final int MAX_READERS = 1 << 30;

  private final Mutex w = new Mutex();
  private final Sema writerSem = new Sema(WaitReason.RWMUTEX_LOCK, this);
  private final Sema readerSem = new Sema(WaitReason.RWMUTEX_RLOCK, this);

  /** Accessed through READER_COUNT. */
  private volatile int readerCount;

  /** Accessed through READER_WAIT. */
  private volatile int readerWait;

  private final Locker readLocker =
      new Locker() {
        @Override
        public void lock() {
          rLock();
        }

        @Override
        public void unlock() {
          rUnlock();
        }

        @Override
        public String toString() {
          return "RLocker[" + RWMutex.this + "]";
        }
      };

  /** Creates an unlocked RWMutex (Go's zero value). */
  public RWMutex() {}

  private int getAndAddReaderCount(int delta) {
    return (int) READER_COUNT.getAndAdd(this, delta);
  }

  /**
   * Go's {@code rw.RLock()}: locks for reading, blocking while a writer holds or waits for the
   * lock. Not interruptible. A goroutine must not read-lock again while it holds a read lock.
   */
  public void rLock() {
    // The record first: once counted, a reader must reach its wait, and the record's first
    // allocation may fail (an OutOfMemoryError then left a reader that the next writer waited for
    // in vain).
    Waiter.current();
    if (getAndAddReaderCount(1) + 1 < 0) {
      readerSem.acquire(); // a writer is pending: wait for its unlock
    }
  }

  /**
   * Go's {@code rw.TryRLock()}: read-locks if no writer holds or waits for the lock. Never blocks.
   *
   * @return whether the read lock was acquired
   */
  public boolean tryRLock() {
    for (; ; ) {
      int c = readerCount;
      if (c < 0) {
        return false;
      }
      if (READER_COUNT.compareAndSet(this, c, c + 1)) {
        return true;
      }
    }
  }

  /**
   * Go's {@code rw.RUnlock()}: undoes one {@link #rLock()}.
   *
   * @throws IllegalStateException "sync: RUnlock of unlocked RWMutex" if not read-locked
   */
  public void rUnlock() {
    int c;
    do {
      c = readerCount;
      if (c == 0 || c == -MAX_READERS) { // no reader holds or waits: validate before changing
        throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
      }
    } while (!READER_COUNT.weakCompareAndSet(this, c, c - 1));
    if (c - 1 < 0) {
      rUnlockSlow();
    }
  }

  private void rUnlockSlow() {
    // A writer is pending: the last departing reader lets it in.
    if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
      writerSem.release(1);
    }
  }

  /**
   * Go's {@code rw.Lock()}: locks for writing, blocking until no other writer holds the lock and
   * every reader has left. From the moment it is called, new readers block. Not interruptible.
   */
  @Override
  public void lock() {
    Waiter.current(); // the record first, as in rLock: nothing may fail after the announcement
    w.lock(); // resolve competition with other writers
    int r = getAndAddReaderCount(-MAX_READERS); // announce: new readers now block
    if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
      writerSem.acquire(); // wait for the active readers to leave
    }
  }

  /**
   * Go's {@code rw.TryLock()}: write-locks if the lock is free of readers and writers. Never
   * blocks.
   *
   * @return whether the write lock was acquired
   */
  public boolean tryLock() {
    if (!w.tryLock()) {
      return false;
    }
    if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
      w.unlock();
      return false;
    }
    return true;
  }

  /**
   * Go's {@code rw.Unlock()}: releases the write lock and lets in the readers that blocked during
   * the write. Any goroutine may call it.
   *
   * @throws IllegalStateException "sync: Unlock of unlocked RWMutex" if not write-locked
   */
  @Override
  public void unlock() {
    int c;
    do {
      c = readerCount;
      if (c >= 0) { // no writer holds the lock: validate before changing
        throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
      }
    } while (!READER_COUNT.weakCompareAndSet(this, c, c + MAX_READERS));
    int r = c + MAX_READERS; // the readers that arrived during the write
    if (r > 0) {
      readerSem.release(r); // the readers that blocked while the writer held the lock
    }
    w.unlock(); // allow other writers to proceed
  }

  /**
   * Go's {@code rw.RLocker()}: a {@link Locker} whose {@code lock} and {@code unlock} are this
   * RWMutex's {@link #rLock()} and {@link #rUnlock()}, with their memory consistency effects (see
   * the class description): a shared lock, so one reader's unlock orders nothing before another
   * reader's lock.
   *
   * @return the read-lock view (the same object on every call)
   */
  public Locker rLocker() {
    return readLocker;
  }

  /** Test hook: readers queued behind a writer. */
  int queuedReaders() {
    return readerSem.queued();
  }

  /** Test hook: writers waiting for readers to leave (0 or 1). */
  int queuedWriters() {
    return writerSem.queued();
  }

  /** Test hook: the write-lock mutex. */
  Mutex writerMutex() {
    return w;
  }

  @Override
  public String toString() {
    int c = readerCount;
    return c < 0
        ? "RWMutex[writer, readers waiting or departing=" + (c + MAX_READERS) + "]"
        : "RWMutex[readers=" + c + "]";
  }

  private static final VarHandle READER_COUNT;
  private static final VarHandle READER_WAIT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
      READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
