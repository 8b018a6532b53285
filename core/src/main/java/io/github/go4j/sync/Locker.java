package io.github.go4j.sync;

/**
 * Go's {@code sync.Locker} interface: {@code type Locker interface { Lock(); Unlock() }}.
 *
 * <p>Implemented by {@link Mutex}, by {@link RWMutex} (its write lock) and by {@link
 * RWMutex#rLocker()} (its read lock); {@link Cond} waits on one. Like Go's, the lock is not
 * reentrant and not owned by a thread: any goroutine may unlock it.
 *
 * <p><b>Memory consistency effects:</b> for {@link Mutex} and the write lock of {@link RWMutex}, a
 * call to {@code unlock()} happens-before the return of every later {@code lock()} that acquires
 * the lock it released. The read lock of {@link RWMutex#rLocker()} is shared, so a read unlock
 * orders nothing before another read lock: its effects are RWMutex's (a read unlock happens-before
 * the next write lock returns, a write unlock before the read locks that wait for it).
 */
public interface Locker {
  /**
   * Go's {@code Lock}: acquires the lock, blocking until it is available. Not interruptible in this
   * package's implementations (Go's {@code Lock} cannot be interrupted either); an interrupt that
   * arrives while blocked is kept in the thread's interrupt status.
   */
  void lock();

  /**
   * Go's {@code Unlock}: releases the lock. It need not be called by the goroutine that locked it.
   *
   * @throws IllegalStateException if the lock is not held (Go's fatal error)
   */
  void unlock();
}
