package io.github.go4j.stress;

import io.github.go4j.Task;
import java.util.concurrent.Callable;

/**
 * Runs a blocking go4j call inside a jcstress actor or arbiter, which cannot throw checked
 * exceptions. The call must surely return: another actor of the same test, a goroutine started with
 * the state, or a timer unblocks it. No actor is ever interrupted, so a checked exception ({@link
 * InterruptedException}, {@code BrokenBarrierException} where none was expected) is a harness
 * failure and surfaces as an {@link IllegalStateException}, which jcstress reports as an error.
 */
public final class Blocking {
  private Blocking() {}

  /**
   * Runs {@code t}, rethrowing a checked exception as {@link IllegalStateException}.
   *
   * @param t the blocking call
   */
  public static void run(Task t) {
    try {
      t.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Calls {@code c}, rethrowing a checked exception as {@link IllegalStateException}.
   *
   * @param c the blocking call
   * @param <T> the result type
   * @return its result
   */
  public static <T> T call(Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
