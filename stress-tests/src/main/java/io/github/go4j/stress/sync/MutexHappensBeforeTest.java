package io.github.go4j.stress.sync;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Mutex}, Go's memory model): the n-th call to {@code unlock()} happens-before the
 * return of the m-th successful {@code lock()}, {@code lockInterruptibly()} or {@code tryLock()}
 * for n &lt; m, in normal mode (a woken waiter competes) and in starvation mode (direct hand-off).
 *
 * <p>One actor writes {@code x = 1; y = 2} inside its critical section; the other reads both inside
 * its own. Reading {@code 0, 0} means it got the lock first; {@code 1, 2} that it got it second;
 * anything else means a critical section saw half of another's writes.
 *
 * <p>Hazard: an acquire that is not an acquire (a plain read of the state word on a fast path), a
 * release that clears {@code LOCKED} with a plain store, or a waiter that is handed the lock (its
 * node's grant CAS in starvation mode) without synchronizing with the unlocker.
 */
public final class MutexHappensBeforeTest {
  private MutexHappensBeforeTest() {}

  /** Both actors {@code lock()}: contended fast and slow paths (spinning, parking, waking). */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The reader locked second: writes visible.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader locked first.")
  @Outcome(expect = FORBIDDEN, desc = "The reader saw half of the writer's critical section.")
  @State
  public static class Lock {
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

  /** The reader uses {@code tryLock()}: a successful one is an acquire; -1 means it failed. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "tryLock after the unlock: writes visible.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "tryLock before the writer's lock.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryLock found it locked.")
  @Outcome(expect = FORBIDDEN, desc = "The reader saw half of the writer's critical section.")
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
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /**
   * The mutex is locked with the state; the writer writes and unlocks, the reader blocks in {@code
   * lockInterruptibly()} until then (spinning or parked, woken in normal mode): it must see the
   * writes, always.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Acquired after the unlock: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Acquired, but a write before unlock() is not visible.")
  @State
  public static class LockInterruptiblyAfterUnlock {
    final Mutex mu = new Mutex();
    int x;
    int y;

    public LockInterruptiblyAfterUnlock() {
      mu.lock();
    }

    @Actor
    public void writer() {
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Actor
    public void reader(II_Result r) {
      Blocking.run(mu::lockInterruptibly);
      r.r1 = x;
      r.r2 = y;
      mu.unlock();
    }
  }

  /**
   * Starvation mode: the state's constructor locks the mutex, starts a waiter goroutine, lets it
   * wait more than 1 ms (Go's starvation threshold: the aging is the condition under test, not a
   * wait for the goroutine to run), then unlocks and at once locks again. The woken waiter loses
   * that race, having waited over 1 ms, and switches the mutex to starvation mode ({@code r3} = 1);
   * the writer's unlock then hands the lock directly to it (the grant CAS on its node), and it must
   * see the writes. Rarely the waiter wins the race in the constructor instead ({@code r3} = 0; it
   * read {@code 0, 0} before the writer ran, and the writer's unlock has nobody to wake).
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Handed off in starvation mode: visible.")
  @Outcome(
      id = "0, 0, 0",
      expect = ACCEPTABLE_INTERESTING,
      desc = "The waiter won the constructor's race.")
  @Outcome(expect = FORBIDDEN, desc = "Handed the lock, but a write before unlock() is not seen.")
  @State
  public static class StarvationHandOff {
    final Mutex mu = new Mutex();
    final Thread waiter;
    final int starving;
    int x;
    int y;
    int sawX = -1;
    int sawY = -1;
    volatile boolean acquired;

    public StarvationHandOff() {
      mu.lock();
      waiter =
          go(
              () -> {
                mu.lock();
                acquired = true;
                sawX = x;
                sawY = y;
                mu.unlock();
              });
      awaitUntil(() -> mu.toString().contains("waiters"));
      long queuedAt = System.nanoTime();
      long age = TimeUnit.MICROSECONDS.toNanos(1_100);
      for (long left; (left = age - (System.nanoTime() - queuedAt)) > 0; ) {
        LockSupport.parkNanos(left);
      }
      mu.unlock(); // wakes the waiter (normal mode)
      mu.lock(); // barges in before it runs; it then queues again, starving
      awaitUntil(() -> acquired || mu.toString().contains("starving"));
      starving = acquired ? 0 : 1;
    }

    @Actor
    public void writer() {
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Ops.join(waiter);
      r.r1 = sawX;
      r.r2 = sawY;
      r.r3 = starving;
    }
  }

  /** Bounded polling with a generous deadline: a stuck setup is a harness error, not a hang. */
  static void awaitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("setup condition not reached in 30 s");
      }
      Thread.yield();
    }
  }
}
