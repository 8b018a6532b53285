package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.Barrier;
import io.github.go4j.sync.Cond;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.Semaphore;
import java.util.concurrent.BrokenBarrierException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claims: {@code Cond.signal()} happens-before the return of the {@code await()} it wakes (with its
 * Locker re-acquired); every party's actions before {@code Barrier.await()} happen-before every
 * party's return from it in that round; {@code Semaphore.release(n)} happens-before an {@code
 * acquire}/{@code tryAcquire} that obtains those tokens.
 *
 * <p>Hazards: a Cond waiter that returns without re-acquiring the lock, or woken without the
 * signaller's writes; a barrier round that releases a party before another's arrival is published;
 * tokens handed to a waiter (or taken by a barging tryAcquire) without the releaser's writes.
 */
public final class CondBarrierSemaphoreHbTest {
  private CondBarrierSemaphoreHbTest() {}

  /** A waiter woken by signal sees what the signaller wrote under the lock. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Woken waiter sees the signaller's write.")
  @Outcome(expect = FORBIDDEN, desc = "await returned without the signaller's write.")
  @State
  public static class CondSignal {
    final Mutex mu = new Mutex();
    final Cond cond = new Cond(mu);
    boolean ready;
    int x;

    @Actor
    public void signaller() {
      mu.lock();
      x = 1;
      ready = true;
      cond.signal();
      mu.unlock();
    }

    @Actor
    public void waiter(I_Result r) {
      mu.lock();
      try {
        while (!ready) {
          cond.await();
        }
        r.r1 = x;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      } finally {
        mu.unlock();
      }
    }
  }

  /** Two parties of one round each see the other's write after await. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Both see the other's write.")
  @Outcome(expect = FORBIDDEN, desc = "A party left the barrier without the other's write.")
  @State
  public static class BarrierRound {
    final Barrier barrier = new Barrier(2);
    int x;
    int y;

    @Actor
    public void a(II_Result r) {
      x = 1;
      await();
      r.r1 = y;
    }

    @Actor
    public void b(II_Result r) {
      y = 1;
      await();
      r.r2 = x;
    }

    private void await() {
      try {
        barrier.await();
      } catch (InterruptedException | BrokenBarrierException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** A blocked acquire released by release(1) sees the releaser's write. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "acquire returned after release; write visible.")
  @Outcome(expect = FORBIDDEN, desc = "acquire got the token without the releaser's write.")
  @State
  public static class SemaphoreAcquire {
    final Semaphore sem = new Semaphore(1);
    int x;

    {
      if (!sem.tryAcquire(1)) {
        throw new AssertionError("fresh semaphore must have its token");
      }
    }

    @Actor
    public void releaser() {
      x = 1;
      sem.release(1);
    }

    @Actor
    public void acquirer(I_Result r) {
      try {
        sem.acquire(1);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = x;
    }
  }

  /** A tryAcquire that gets the released token sees the releaser's write; else -1. */
  @JCStressTest
  @Outcome(
      id = {"1", "-1"},
      expect = ACCEPTABLE,
      desc = "Token with the write, or not yet.")
  @Outcome(expect = FORBIDDEN, desc = "tryAcquire got the token without the releaser's write.")
  @State
  public static class SemaphoreTryAcquire {
    final Semaphore sem = new Semaphore(1);
    int x;

    {
      if (!sem.tryAcquire(1)) {
        throw new AssertionError("fresh semaphore must have its token");
      }
    }

    @Actor
    public void releaser() {
      x = 1;
      sem.release(1);
    }

    @Actor
    public void acquirer(I_Result r) {
      r.r1 = sem.tryAcquire(1) ? x : -1;
    }
  }
}
