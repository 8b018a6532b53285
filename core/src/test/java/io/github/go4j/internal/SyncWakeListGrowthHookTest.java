package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.Task;
import io.github.go4j.sync.Barrier;
import io.github.go4j.sync.Cond;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.RWMutex;
import io.github.go4j.sync.Semaphore;
import io.github.go4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync primitives collect the goroutines they grant under their lock in Wakeups, which makes a
 * WakeList for the second one and grows it at the fifth: both allocations come after the grant CAS.
 * An OutOfMemoryError there (simulated with WakeList's growHook, as CloseAllocationFailureHookTest
 * does for a channel's close) used to abort the release with every waiter granted so far claimed
 * but never unparked (parked for good), and the rest still queued behind a state that was already
 * reset: Cond.broadcast, a Barrier's trip, WaitGroup's release, Semaphore.release and
 * RWMutex.unlock (its readerSem release of the readers that queued during the write).
 *
 * <p>Runs in the surefire execution {@code test-hooks}; elsewhere it is skipped.
 */
class SyncWakeListGrowthHookTest {
  private static final int WAITERS = 5; // the fifth add grows the WakeList (room for four)

  private final List<Goroutine<?>> waiters = new ArrayList<>();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    WakeList.growHook = null;
    for (Goroutine<?> g : waiters) {
      LockSupport.unpark(g.thread()); // a granted waiter that was never woken: let it finish
    }
  }

  private void startWaiter(Task body) {
    waiters.add(Goroutine.run(body));
  }

  /** Every waiter parked in its go4j wait (record open and parked). */
  private void awaitAllParked() {
    GoTesting.awaitTrue(
        WAITERS + " waiters parked",
        () ->
            waiters.stream()
                .allMatch(
                    g ->
                        g.thread().getState() == Thread.State.WAITING
                            && LockSupport.getBlocker(g.thread()) instanceof Waiter w
                            && w.status() == Waiter.WAITING
                            && w.parked()));
  }

  /** Runs {@code release} in a goroutine whose WakeList growth fails; returns what it threw. */
  private static Throwable releaseWithFailingGrowth(Task release) throws Exception {
    AtomicReference<Thread> releaser = new AtomicReference<>();
    WakeList.growHook =
        () -> {
          if (Thread.currentThread() == releaser.get()) {
            throw new OutOfMemoryError("test: the WakeList's growth failed");
          }
        };
    Goroutine<Throwable> r =
        Goroutine.start(
            () -> {
              releaser.set(Thread.currentThread());
              try {
                release.run();
                return null;
              } catch (OutOfMemoryError e) {
                return e;
              }
            });
    Throwable t = r.join();
    WakeList.growHook = null;
    return t;
  }

  /** Every waiter returns (bounded poll: 5 s instead of the 20 s join deadline per goroutine). */
  private void assertAllWaitersReturn() throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!waiters.stream().allMatch(Goroutine::isDone) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    long stuck = waiters.stream().filter(g -> !g.isDone()).count();
    assertThat(stuck).as("waiters granted but never woken").isZero();
    for (Goroutine<?> g : waiters) {
      g.join();
    }
  }

  @Test
  void condBroadcastWakesEveryWaiterWhenItsListCannotGrow() throws Exception {
    Mutex mu = new Mutex();
    Cond cond = new Cond(mu);
    for (int i = 0; i < WAITERS; i++) {
      startWaiter(
          () -> {
            mu.lock();
            try {
              cond.await();
            } finally {
              mu.unlock();
            }
          });
    }
    GoTesting.awaitTrue("all registered", () -> cond.toString().startsWith("Cond[waiters=5"));
    awaitAllParked();
    releaseWithFailingGrowth(cond::broadcast);
    assertAllWaitersReturn();
  }

  @Test
  void barrierTripWakesEveryPartyWhenItsListCannotGrow() throws Exception {
    Barrier barrier = new Barrier(WAITERS + 1);
    for (int i = 0; i < WAITERS; i++) {
      startWaiter(barrier::await);
    }
    GoTesting.awaitTrue("all arrived", () -> barrier.waiting() == WAITERS);
    awaitAllParked();
    releaseWithFailingGrowth(barrier::await);
    assertAllWaitersReturn();
  }

  @Test
  void waitGroupReleaseWakesEveryWaiterWhenItsListCannotGrow() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    for (int i = 0; i < WAITERS; i++) {
      startWaiter(wg::await);
    }
    GoTesting.awaitTrue("all registered", () -> wg.toString().endsWith("waiters=5]"));
    awaitAllParked();
    releaseWithFailingGrowth(wg::done);
    assertAllWaitersReturn();
  }

  @Test
  void semaphoreReleaseGrantsAndWakesEveryFittingRequestWhenItsListCannotGrow() throws Exception {
    Semaphore sem = new Semaphore(WAITERS);
    assertThat(sem.tryAcquire(WAITERS)).isTrue();
    for (int i = 0; i < WAITERS; i++) {
      startWaiter(() -> sem.acquire(1));
    }
    awaitAllParked();
    releaseWithFailingGrowth(() -> sem.release(WAITERS));
    assertAllWaitersReturn();
    sem.release(WAITERS); // every waiter holds its token
    assertThat(sem.tryAcquire(WAITERS)).isTrue();
  }

  @Test
  void rwMutexUnlockLetsInEveryQueuedReaderWhenItsListCannotGrow() throws Exception {
    RWMutex rw = new RWMutex();
    rw.lock();
    for (int i = 0; i < WAITERS; i++) {
      startWaiter(
          () -> {
            rw.rLock();
            rw.rUnlock();
          });
    }
    awaitAllParked();
    releaseWithFailingGrowth(rw::unlock);
    assertAllWaitersReturn();
    assertThat(rw.tryLock()).as("no reader left holding the lock").isTrue();
  }
}
