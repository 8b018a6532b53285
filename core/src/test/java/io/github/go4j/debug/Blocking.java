package io.github.go4j.debug;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.GoroutineInfo;
import io.github.go4j.Goroutines;
import io.github.go4j.Task;

/** Helpers of the debug tests: goroutines that end quietly when interrupted, and their entries. */
final class Blocking {
  private Blocking() {}

  /** Starts {@code body} in a goroutine; an interrupt ends it without a panic. */
  static Thread go(Task body) {
    return Go.go(
        () -> {
          try {
            body.run();
          } catch (InterruptedException e) {
            // the test's cleanup
          }
        });
  }

  /** The registry's entry of goroutine {@code t}. */
  static GoroutineInfo info(Thread t) {
    return Goroutines.list().stream()
        .filter(g -> g.thread() == t)
        .findFirst()
        .orElseThrow(() -> new AssertionError(t + " is not registered"));
  }

  /** Waits until goroutine {@code t}'s dump entry starts with {@code goroutine N [state]:}. */
  static void awaitState(Thread t, String state) {
    String header = "goroutine " + t.threadId() + " [" + state + "]:\n";
    GoTesting.awaitTrue(t + " is in state " + state, () -> info(t).dump().startsWith(header));
  }

  /** Interrupts and joins {@code threads}; fails if one does not end. */
  static void stop(Thread... threads) throws InterruptedException {
    for (Thread t : threads) {
      t.interrupt();
    }
    join(threads);
  }

  /** Joins {@code threads}; fails if one does not end. */
  static void join(Thread... threads) throws InterruptedException {
    for (Thread t : threads) {
      if (!t.join(GoTesting.DEADLINE)) {
        throw new AssertionError(t + " did not end");
      }
    }
  }
}
