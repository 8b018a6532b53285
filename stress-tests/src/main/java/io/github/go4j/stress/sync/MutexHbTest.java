package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.RWMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims (Mutex, RWMutex Javadoc): the n-th {@code unlock} happens-before the m-th successful
 * {@code lock}/{@code tryLock} (n &lt; m); an RWMutex writer's {@code unlock} happens-before a
 * later {@code rLock}, and readers and a writer never overlap.
 *
 * <p>Hazard: a lock handed over (fast path, spin, or FIFO hand-off in starvation mode) without
 * publishing the critical section: the next holder sees half of the previous holder's writes.
 */
public final class MutexHbTest {
  private MutexHbTest() {}

  /** Two critical sections: the second sees all or nothing of the first. */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "1, 2"},
      expect = ACCEPTABLE,
      desc = "Sections ordered; all-or-nothing.")
  @Outcome(expect = FORBIDDEN, desc = "A lock holder saw part of another section's writes.")
  @State
  public static class LockUnlock {
    final Mutex mu = new Mutex();
    int x;
    int y;

    @Actor
    public void writer() {
      mu.lock();
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Actor
    public void reader(II_Result r) {
      mu.lock();
      r.r1 = x;
      r.r2 = y;
      mu.unlock();
    }
  }

  /** A successful tryLock synchronizes like lock; a failed one reports -1. */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "1, 2", "-1, -1"},
      expect = ACCEPTABLE,
      desc = "All-or-nothing, or busy.")
  @Outcome(expect = FORBIDDEN, desc = "tryLock succeeded but saw part of the writer's section.")
  @State
  public static class TryLock {
    final Mutex mu = new Mutex();
    int x;
    int y;

    @Actor
    public void writer() {
      mu.lock();
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Actor
    public void reader(II_Result r) {
      if (mu.tryLock()) {
        r.r1 = x;
        r.r2 = y;
        mu.unlock();
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
    }
  }

  /** An RWMutex reader sees all or nothing of a writer's section. */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "1, 2"},
      expect = ACCEPTABLE,
      desc = "Reader before or after the writer.")
  @Outcome(expect = FORBIDDEN, desc = "A reader overlapped a writer or missed its writes.")
  @State
  public static class ReadWrite {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    @Actor
    public void writer() {
      mu.lock();
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Actor
    public void reader(II_Result r) {
      mu.rLock();
      r.r1 = x;
      r.r2 = y;
      mu.rUnlock();
    }
  }
}
