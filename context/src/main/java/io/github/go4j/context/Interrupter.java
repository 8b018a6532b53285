package io.github.go4j.context;

import io.github.go4j.Task;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The function behind {@link Context#interruptOnDone}: interrupts a thread unless stopped first.
 *
 * <p>A bare {@code afterFunc} cannot promise that the function will not run after {@code stop()}
 * returned false, since the function may have started but not yet acted. Here the interrupt and
 * {@code stop} serialize on a lock, so once {@code stop} returns the interrupt has either been
 * delivered or never will be.
 */
final class Interrupter implements Task {
  private final Thread target;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean stopped; // guarded by lock
  private boolean fired; // guarded by lock

  Interrupter(Thread target) {
    this.target = target;
  }

  /** Runs in the afterFunc goroutine once the context is done. */
  @Override
  public void run() {
    lock.lock();
    try {
      if (!stopped) {
        fired = true;
        target.interrupt(); // no user code: Thread.interrupt only sets the flag and unparks
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the arrangement.
   *
   * @param registration the afterFunc registration to release
   * @return true if this call prevented the interrupt
   */
  boolean stop(AfterFuncHandle registration) {
    registration.stop(); // releases the registration in the context tree
    lock.lock();
    try {
      if (stopped) {
        return false;
      }
      stopped = true;
      return !fired;
    } finally {
      lock.unlock();
    }
  }
}
