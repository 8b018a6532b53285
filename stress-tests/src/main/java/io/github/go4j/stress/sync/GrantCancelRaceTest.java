package io.github.go4j.stress.sync;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.sync.Barrier;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.Semaphore;
import java.util.concurrent.BrokenBarrierException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: a sync wait that is granted while its done channel fires or its goroutine is interrupted
 * ends in exactly one way, and what was handed over is never lost or duplicated: the acquired
 * tokens or lock are held by the waiter, or else still free; a barrier round completes for both
 * parties or breaks for both.
 *
 * <p>The waiter is a goroutine started with the state (actors are jcstress's own threads and must
 * not be interrupted); actor 1 grants, actor 2 cancels (closes done, or interrupts the goroutine);
 * the arbiter joins the goroutine and looks at the primitive. The goroutine may also run before or
 * after both actors: then it takes the fast path, or sees done ready (or its interrupt) on entry.
 *
 * <p>Hazard: the waiter waits on its thread's reusable wait record, and the grant, done's claim and
 * the interrupt race on one CAS of that record. If two of them could both win, a semaphore would
 * hand out a token twice or lose it (the granter counts the tokens before its CAS and takes them
 * back when the CAS fails), a mutex would end up held by nobody or by a goroutine that threw, and a
 * barrier party could leave a round the other party completed.
 */
public final class GrantCancelRaceTest {
  private GrantCancelRaceTest() {}

  /** {@code acquire(1, done)} on a semaphore whose token the state holds: release vs done. */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Acquired; the token is taken.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "done won; the token is free.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: acquired, and still free.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Leaked: not acquired, and not free.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class SemaphoreReleaseVsDone {
    final Semaphore sem = new Semaphore(1);
    final Channel<Unit> done = Channel.make();
    final Thread waiter;
    volatile int acquired = -9;

    public SemaphoreReleaseVsDone() {
      sem.tryAcquire(1);
      waiter = go(() -> acquired = sem.acquire(1, done) ? 1 : 0);
    }

    @Actor
    public void releaser() {
      sem.release(1);
    }

    @Actor
    public void canceller() {
      done.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(waiter);
      r.r1 = acquired;
      r.r2 = sem.tryAcquire(1) ? 1 : 0;
    }
  }

  /** {@code acquire(1)} on a semaphore whose token the state holds: release vs interrupt. */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Acquired; the token is taken.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Interrupted; the token is free.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Duplicated: acquired, and still free.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Leaked: interrupted, and not free.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class SemaphoreReleaseVsInterrupt {
    final Semaphore sem = new Semaphore(1);
    final Thread waiter;
    volatile int acquired = -9;

    public SemaphoreReleaseVsInterrupt() {
      sem.tryAcquire(1);
      waiter =
          go(
              () -> {
                try {
                  sem.acquire(1);
                  acquired = 1;
                } catch (InterruptedException e) {
                  acquired = 0;
                }
              });
    }

    @Actor
    public void releaser() {
      sem.release(1);
    }

    @Actor
    public void interrupter() {
      waiter.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(waiter);
      r.r1 = acquired;
      r.r2 = sem.tryAcquire(1) ? 1 : 0;
    }
  }

  /** {@code lockInterruptibly()} on a mutex the state holds: unlock vs interrupt. */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Locked; the mutex is held by the waiter.")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Interrupted; the mutex is free.")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Locked, yet free: two owners.")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Interrupted, yet held: nobody owns it.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class MutexUnlockVsInterrupt {
    final Mutex mu = new Mutex();
    final Thread waiter;
    volatile int locked = -9;

    public MutexUnlockVsInterrupt() {
      mu.lock();
      waiter =
          go(
              () -> {
                try {
                  mu.lockInterruptibly();
                  locked = 1; // kept: the arbiter checks that nobody else can take it
                } catch (InterruptedException e) {
                  locked = 0;
                }
              });
    }

    @Actor
    public void unlocker() {
      mu.unlock();
    }

    @Actor
    public void interrupter() {
      waiter.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(waiter);
      r.r1 = locked;
      r.r2 = mu.tryLock() ? 1 : 0;
    }
  }

  /**
   * A barrier of two: the goroutine arrives with {@code await(done)}, actor 1 arrives with {@code
   * await()}, actor 2 closes done. {@code r1}: actor 1's index (-2: BrokenBarrierException); {@code
   * r2}: the goroutine's (-1: left because of done).
   */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Tripped by actor 1 (the goroutine was first).")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Tripped by the goroutine (actor 1 was first).")
  @Outcome(id = "-2, -1", expect = ACCEPTABLE, desc = "done won: the round broke for both.")
  @Outcome(id = "1, -1", expect = FORBIDDEN, desc = "Completed for actor 1, left by the other.")
  @Outcome(id = "0, -1", expect = FORBIDDEN, desc = "Completed for actor 1, left by the other.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class BarrierTripVsDone {
    final Barrier barrier = new Barrier(2);
    final Channel<Unit> done = Channel.make();
    final Thread party;
    volatile int index = -9;

    public BarrierTripVsDone() {
      party =
          go(
              () -> {
                try {
                  index = barrier.await(done);
                } catch (BrokenBarrierException e) {
                  index = -3; // nobody else breaks the round
                }
              });
    }

    @Actor
    public void arrival(II_Result r) {
      r.r1 =
          Blocking.call(
              () -> {
                try {
                  return barrier.await(); // returns: the goroutine arrives, or breaks the round
                } catch (BrokenBarrierException e) {
                  return -2;
                }
              });
    }

    @Actor
    public void canceller() {
      done.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(party);
      r.r2 = index;
    }
  }
}
