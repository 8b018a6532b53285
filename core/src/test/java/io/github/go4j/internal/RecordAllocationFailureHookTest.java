package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitParked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.Task;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.RWMutex;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A goroutine's first go4j wait allocates its wait record (Waiter.current()), and that allocation
 * may fail (an OutOfMemoryError). A lock must then be left as it was: before the fix (found in
 * review, reproduced in a child JVM that filled its heap) Mutex.lock had already volunteered the
 * WOKEN bit, which stayed set, so that no unlock woke a queued goroutine again; RWMutex.rLock had
 * counted itself as a reader, and lock() had taken the writers' mutex and announced itself, so that
 * every later writer (or everybody) waited for good.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class RecordAllocationFailureHookTest {
  private final AtomicReference<Thread> failing = new AtomicReference<>();
  private final AtomicInteger failures = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    Waiter.installHook =
        () -> {
          if (Thread.currentThread() == failing.get()) {
            failures.incrementAndGet();
            throw new OutOfMemoryError("test: the wait record's allocation failed");
          }
        };
  }

  @AfterEach
  void hooksOff() {
    Waiter.installHook = null;
  }

  /** Runs {@code op} in a new goroutine, whose record's allocation fails; expects the error. */
  private void failInAFreshGoroutine(Task op) throws Exception {
    Goroutine.run(
            () -> {
              failing.set(Thread.currentThread());
              assertThatThrownBy(op::run)
                  .isInstanceOf(OutOfMemoryError.class)
                  .hasMessageStartingWith("test:");
            })
        .join();
    assertThat(failures.get()).as("the record's allocation failed").isPositive();
  }

  @Test
  void aMutexLockWhoseRecordCannotBeMadeLeavesTheWaitersWakeable() throws Exception {
    Mutex m = new Mutex();
    m.lock();
    Goroutine<Void> waiter =
        Goroutine.run(
            () -> {
              m.lock();
              m.unlock();
            });
    awaitParked(waiter.thread());
    failInAFreshGoroutine(m::lock); // spins (volunteering WOKEN on the old code), then fails
    m.unlock();
    waiter.join(); // woken: the unlock found no WOKEN bit left behind
    assertThat(m.tryLock()).isTrue();
    m.unlock();
  }

  @Test
  void aReadLockWhoseRecordCannotBeMadeCountsNoReader() throws Exception {
    RWMutex rw = new RWMutex();
    rw.lock();
    failInAFreshGoroutine(rw::rLock); // a writer holds the lock: the reader would wait
    rw.unlock();
    Goroutine<Void> writer =
        Goroutine.run(
            () -> {
              rw.lock();
              rw.unlock();
            });
    writer.join(); // no reader left counted for it to wait for
    assertThat(rw.tryLock()).isTrue();
    rw.unlock();
  }

  @Test
  void aWriteLockWhoseRecordCannotBeMadeLeavesTheLockFree() throws Exception {
    RWMutex rw = new RWMutex();
    rw.rLock();
    failInAFreshGoroutine(rw::lock); // a reader holds the lock: the writer would wait
    rw.rUnlock();
    Goroutine<Void> writer =
        Goroutine.run(
            () -> {
              rw.lock();
              rw.unlock();
            });
    writer.join();
    assertThat(rw.tryRLock()).as("no writer left announced").isTrue();
    rw.rUnlock();
  }
}
