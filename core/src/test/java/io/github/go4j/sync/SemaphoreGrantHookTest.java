package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.internal.TestHooks;
import io.github.go4j.internal.Waiter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Semaphore's grant order, pinned through its grant hook ({@code Semaphore.grantHook}, run between
 * counting a queued request's tokens and granting it). A granted owner may return and release at
 * once, so the tokens must be counted before the grant; the window between the two steps is a few
 * instructions, which no race test hits reliably (SemaphoreTest's races and jcstress's
 * SemaphoreGrantCountTest missed "grant first, count after"). Stopping the releaser between the two
 * steps makes the order observable every time.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hook is compiled out and the tests are skipped.
 */
class SemaphoreGrantHookTest {

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void noHook() {
    Semaphore.grantHook = null;
  }

  /** Waiter's status of a wait that nobody claimed or cancelled yet (Waiter.WAITING). */
  private static final int UNCLAIMED = 0;

  /**
   * Starts a goroutine that acquires one token of {@code sem} and returns once it is queued; its
   * thread and wait record (the Waiter its acquire waits on) are published to {@code thread} and
   * {@code waiter}.
   */
  private static CompletableFuture<Void> queueAcquirer(
      Semaphore sem, AtomicReference<Thread> thread, AtomicReference<Waiter> waiter) {
    CompletableFuture<Void> acquired = new CompletableFuture<>();
    go(
        () -> {
          thread.set(Thread.currentThread());
          try {
            waiter.set(Waiter.current()); // the record acquire() waits on
            sem.acquire(1);
            acquired.complete(null);
          } catch (Throwable e) {
            acquired.completeExceptionally(e);
          }
        });
    Polling.eventually("the acquirer is queued", () -> sem.queued() == 1);
    return acquired;
  }

  /**
   * The tokens are in the count before the owner is granted: at the hook (after the count, before
   * the grant) the token is counted and the owner's wait is still unclaimed. With the grant first,
   * the hook sees the owner granted and the token uncounted, the state in which the owner's own
   * release throws "released more than held" and the token leaks.
   */
  @Test
  void tokensAreCountedBeforeTheGrant() throws Exception {
    Semaphore sem = new Semaphore(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    AtomicReference<Waiter> waiter = new AtomicReference<>();
    CompletableFuture<Void> acquired = queueAcquirer(sem, new AtomicReference<>(), waiter);
    AtomicInteger hookRuns = new AtomicInteger();
    AtomicLong inUseAtHook = new AtomicLong(-1);
    AtomicInteger ownerStatusAtHook = new AtomicInteger(-1);
    Semaphore.grantHook =
        () -> {
          hookRuns.incrementAndGet();
          inUseAtHook.set(sem.inUse());
          ownerStatusAtHook.set(waiter.get().status());
        };

    sem.release(1); // hands the token to the queued acquirer

    acquired.get();
    assertThat(hookRuns).as("the grant hook ran once").hasValue(1);
    assertThat(inUseAtHook.get()).as("the token is counted before the grant").isEqualTo(1);
    assertThat(ownerStatusAtHook.get())
        .as("the owner is not granted before its tokens are counted")
        .isEqualTo(UNCLAIMED);
    sem.release(1); // the granted token is the acquirer's: releasing it must succeed
    assertThat(sem.inUse()).isZero();
    assertThat(sem.queued()).isZero();
    assertThat(sem.tryAcquire(1)).as("no token leaked").isTrue();
  }

  /**
   * The other side of the same step: when the owner's interrupt wins against the grant (the owner
   * cancels its wait after its tokens were counted), the releaser takes the tokens back, and the
   * owner throws InterruptedException holding nothing.
   */
  @Test
  void aGrantLostToAnInterruptGivesTheTokensBack() throws Exception {
    Semaphore sem = new Semaphore(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    AtomicReference<Waiter> waiter = new AtomicReference<>();
    AtomicReference<Thread> acquirer = new AtomicReference<>();
    CompletableFuture<Void> acquired = queueAcquirer(sem, acquirer, waiter);
    AtomicLong inUseAtHook = new AtomicLong(-1);
    AtomicInteger ownerStatusAtHook = new AtomicInteger(-1);
    Semaphore.grantHook =
        () -> {
          Semaphore.grantHook = null; // once
          inUseAtHook.set(sem.inUse());
          acquirer.get().interrupt();
          // Ends when the interrupted owner cancelled its wait (or, were the grant already made,
          // at once: then the assertions below fail instead of this poll).
          Polling.eventually(
              "the interrupted owner cancels its wait", () -> waiter.get().status() != UNCLAIMED);
          ownerStatusAtHook.set(waiter.get().status());
        };

    sem.release(1); // the grant fails: the owner cancelled first

    assertThat(ownerStatusAtHook.get())
        .as("the interrupt won: the owner cancelled before the grant")
        .isEqualTo(Waiter.CANCELLED);
    assertThatThrownBy(acquired::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(inUseAtHook.get()).as("counted before the grant was tried").isEqualTo(1);
    assertThat(sem.inUse()).as("the failed grant gave the token back").isZero();
    assertThat(sem.queued()).isZero();
    assertThat(sem.tryAcquire(1)).isTrue();
    sem.release(1);
  }

  /**
   * A wait that met the semaphore's lock contended keeps its thread's wait record. The record lives
   * in the thread's park-blocker field (Waiter.current()), and a contended ReentrantLock parks with
   * the lock as blocker and clears the field when it returns: before PrimitiveLock the wait then
   * parked with an empty field (null below) and the thread's next go4j operation made a new record.
   * The grant hook holds the lock (a release granting another acquirer) while the second acquirer
   * arrives, so that its lock() must wait.
   */
  @Test
  void aWaitThatMetTheLockContendedKeepsItsRecord() throws Exception {
    Semaphore sem = new Semaphore(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    CompletableFuture<Void> first =
        queueAcquirer(sem, new AtomicReference<>(), new AtomicReference<>());
    CountDownLatch inHook = new CountDownLatch(1);
    CountDownLatch leaveHook = new CountDownLatch(1);
    Semaphore.grantHook =
        () -> {
          Semaphore.grantHook = null; // once
          inHook.countDown();
          try {
            leaveHook.await(); // the releaser holds the semaphore's lock meanwhile
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    CompletableFuture<Void> released = new CompletableFuture<>();
    go(
        () -> {
          sem.release(1); // grants the first acquirer, after the hook
          released.complete(null);
        });
    inHook.await();

    AtomicReference<Thread> thread = new AtomicReference<>();
    AtomicReference<Waiter> record = new AtomicReference<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    go(
        () -> {
          try {
            record.set(Waiter.current());
            thread.set(Thread.currentThread());
            sem.acquire(1);
            second.complete(null);
          } catch (Throwable e) {
            second.completeExceptionally(e);
          }
        });
    Polling.eventually(
        "the second acquirer waits for the semaphore's lock",
        () -> {
          Thread t = thread.get();
          return t != null
              && t.getState() == Thread.State.WAITING
              && LockSupport.getBlocker(t) != null
              && !(LockSupport.getBlocker(t) instanceof Waiter);
        });
    leaveHook.countDown();
    released.get();
    first.get();
    Polling.eventually(
        "the second acquirer is queued and parked",
        () -> sem.queued() == 1 && thread.get().getState() == Thread.State.WAITING);
    assertThat(LockSupport.getBlocker(thread.get()))
        .as("the blocker field of the queued wait: the thread's record")
        .isSameAs(record.get());

    sem.release(1); // the first acquirer's token, granted to the second
    second.get();
    sem.release(1);
    assertThat(sem.inUse()).isZero();
  }
}
