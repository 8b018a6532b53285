package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitParked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.Task;
import io.github.go4j.chan.Channel;
import io.github.go4j.sync.Barrier;
import io.github.go4j.sync.Cond;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.Semaphore;
import io.github.go4j.sync.WaitGroup;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sync primitive's wait with a done channel queues its node (the thread's wait record) and counts
 * it, then registers the wait on done (SyncWait.registerDone), which may throw before it registers
 * anything: an OutOfMemoryError making the done node on first use, say. The primitive must then
 * leave nothing of the wait behind. Before the fix (raised in review) the node stayed linked while
 * its thread went on and reused the record for its next wait, so the primitive's next release,
 * signal or barrier trip claimed that unrelated wait, and a semaphore counted the granted tokens
 * for nobody.
 *
 * <p>Each test makes registerDone throw once (its test hook), has the failing goroutine block next
 * on another WaitGroup, then releases the primitive: the goroutine's record must still be waiting
 * for the other WaitGroup, and the primitive must behave as if the failed wait never came.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class SyncWaitFailureHookTest {
  private final Channel<Void> done = Channel.make();
  private final WaitGroup next = new WaitGroup();
  private final AtomicInteger failures = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    next.add(1);
    SyncWait.registerDoneHook =
        () -> {
          if (failures.getAndIncrement() == 0) {
            throw new OutOfMemoryError("test: the done node's allocation failed");
          }
        };
  }

  @AfterEach
  void hooksOff() {
    SyncWait.registerDoneHook = null;
    done.close(); // releases whatever a failed test left waiting
  }

  /**
   * Starts a goroutine that runs {@code failing} (which must throw the hook's error), then waits on
   * {@link #next}; returns once it is parked there, with its wait record.
   */
  private Goroutine<Void> failThenWaitOnNext(Task failing) {
    Goroutine<Void> g =
        Goroutine.run(
            () -> {
              assertThatThrownBy(failing::run)
                  .isInstanceOf(OutOfMemoryError.class)
                  .hasMessageStartingWith("test:");
              next.await();
            });
    awaitParked(g.thread());
    assertThat(failures.get()).as("registerDone's hook ran").isEqualTo(1);
    return g;
  }

  /** The wait record the parked goroutine waits with (kept in its park-blocker field). */
  private static Waiter recordOf(Goroutine<?> g) {
    return (Waiter) LockSupport.getBlocker(g.thread());
  }

  /** The goroutine still waits for {@link #next}, and returns once that is released. */
  private void assertStillWaitingOnNext(Goroutine<Void> g) throws Exception {
    assertThat(recordOf(g).status())
        .as("the record's next wait was not claimed by the primitive")
        .isEqualTo(Waiter.WAITING);
    assertThat(g.isDone()).isFalse();
    next.done();
    g.join();
    assertThat(Chan.of(done, "done").queuedReceivers()).as("registered on done").isZero();
  }

  @Test
  void aSemaphoreAcquireWhoseDoneRegistrationFailsLeavesNothingQueued() throws Exception {
    Semaphore sem = new Semaphore(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    Goroutine<Void> g = failThenWaitOnNext(() -> sem.acquire(1, done));
    assertThat(sem.toString()).doesNotContain("waiters");
    sem.release(1);
    assertStillWaitingOnNext(g);
    assertThat(sem.tryAcquire(1)).as("the released token is free").isTrue();
  }

  @Test
  void aWaitGroupWaitWhoseDoneRegistrationFailsLeavesNothingQueued() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Goroutine<Void> g = failThenWaitOnNext(() -> wg.await(done));
    wg.done();
    assertStillWaitingOnNext(g);
    wg.await(); // the counter is zero
  }

  @Test
  void aCondWaitWhoseDoneRegistrationFailsLeavesNothingQueued() throws Exception {
    Mutex mu = new Mutex();
    Cond cond = new Cond(mu);
    Goroutine<Void> g =
        failThenWaitOnNext(
            () -> {
              mu.lock();
              try {
                cond.await(done);
              } finally {
                mu.unlock(); // still held: the wait never unlocked it
              }
            });
    mu.lock();
    cond.signal(); // nobody waits: the signal is a no-op
    mu.unlock();
    assertStillWaitingOnNext(g);
    // a real waiter gets the next signal
    Goroutine<Void> w =
        Goroutine.run(
            () -> {
              mu.lock();
              try {
                cond.await();
              } finally {
                mu.unlock();
              }
            });
    awaitParked(w.thread());
    mu.lock();
    cond.signal();
    mu.unlock();
    w.join();
  }

  @Test
  void aBarrierPartyWhoseDoneRegistrationFailsBreaksTheRound() throws Exception {
    Barrier barrier = new Barrier(3);
    Goroutine<Integer> first = Goroutine.start(barrier::await);
    awaitParked(first.thread());
    Goroutine<Void> g = failThenWaitOnNext(() -> barrier.await(done));
    assertThat(first.failure())
        .as("the party waiting in the round when another left it")
        .isInstanceOf(BrokenBarrierException.class);
    assertThatThrownBy(barrier::await)
        .as("the round lost a party: broken, not tripped by the third arrival")
        .isInstanceOf(BrokenBarrierException.class);
    assertStillWaitingOnNext(g);
    barrier.reset();
    Goroutine<Integer> a = Goroutine.start(barrier::await);
    Goroutine<Integer> b = Goroutine.start(barrier::await);
    assertThat(barrier.await() + a.join() + b.join())
        .as("a new round trips: 0 + 1 + 2")
        .isEqualTo(3);
  }
}
