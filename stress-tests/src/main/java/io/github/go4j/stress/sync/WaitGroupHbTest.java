package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claim (WaitGroup Javadoc): a call to {@code done()} happens-before the return of any {@code
 * await()} it unblocks; with {@code go(task)}, the task happens-before that {@code await()}.
 *
 * <p>Hazard: a waiter released by a counter that reached zero through a relaxed update, or woken by
 * a path that does not publish the worker's writes: it would return from {@code await()} and read
 * stale results — the bug WaitGroup exists to prevent.
 */
public final class WaitGroupHbTest {
  private WaitGroupHbTest() {}

  /** A worker's writes before done() are seen after await() returns. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await returned after done; writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "await returned but the worker's writes are not visible.")
  @State
  public static class DoneThenAwait {
    final WaitGroup wg = new WaitGroup();
    int x;
    int y;

    {
      wg.add(1);
    }

    @Actor
    public void worker() {
      x = 1;
      y = 2;
      wg.done();
    }

    @Actor
    public void waiter(II_Result r) {
      try {
        wg.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = x;
      r.r2 = y;
    }
  }

  /** A task started by go(task) runs on another goroutine; its writes are seen after await(). */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "The task's write is visible after await.")
  @Outcome(expect = FORBIDDEN, desc = "await returned before the task's write was visible.")
  @State
  public static class GoThenAwait {
    final WaitGroup wg = new WaitGroup();
    int x;

    @Actor
    public void actor(I_Result r) {
      wg.go(() -> x = 1);
      try {
        wg.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = x;
    }
  }
}
