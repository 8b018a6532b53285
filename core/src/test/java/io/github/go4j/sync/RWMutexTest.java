package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's src/sync/rwmutex_test.go (and the RWMutex part of TestMutexMisuse), ported. */
class RWMutexTest {

  private static void reader(
      RWMutex rwm,
      int iterations,
      AtomicInteger activity,
      AtomicReference<String> error,
      Channel<Boolean> cdone)
      throws InterruptedException {
    for (int i = 0; i < iterations; i++) {
      rwm.rLock();
      int n = activity.incrementAndGet();
      if (n < 1 || n >= 10000) {
        error.compareAndSet(null, "wlock(" + n + ")");
      }
      Thread.onSpinWait();
      activity.addAndGet(-1);
      rwm.rUnlock();
    }
    cdone.send(true);
  }

  private static void writer(
      RWMutex rwm,
      int iterations,
      AtomicInteger activity,
      AtomicReference<String> error,
      Channel<Boolean> cdone)
      throws InterruptedException {
    for (int i = 0; i < iterations; i++) {
      rwm.lock();
      int n = activity.addAndGet(10000);
      if (n != 10000) {
        error.compareAndSet(null, "wlock(" + n + ")");
      }
      Thread.onSpinWait();
      activity.addAndGet(-10000);
      rwm.unlock();
    }
    cdone.send(true);
  }

  /** Go's HammerRWMutex: activity counts active readers + 10000 per active writer. */
  private static void hammerRWMutex(int numReaders, int iterations) throws Exception {
    AtomicInteger activity = new AtomicInteger();
    AtomicReference<String> error = new AtomicReference<>();
    RWMutex rwm = new RWMutex();
    Channel<Boolean> cdone = Channel.make();
    go(() -> writer(rwm, iterations, activity, error, cdone));
    int i;
    for (i = 0; i < numReaders / 2; i++) {
      go(() -> reader(rwm, iterations, activity, error, cdone));
    }
    go(() -> writer(rwm, iterations, activity, error, cdone));
    for (; i < numReaders; i++) {
      go(() -> reader(rwm, iterations, activity, error, cdone));
    }
    for (int k = 0; k < 2 + numReaders; k++) {
      cdone.receive();
    }
    assertThat(error.get()).isNull();
    assertThat(activity.get()).isZero();
  }

  /** Rule 119 (Go's TestRWMutex). */
  @Test
  void testRWMutex() throws Exception {
    RWMutex m = new RWMutex();
    m.lock();
    assertThat(m.tryLock()).as("TryLock succeeded with mutex locked").isFalse();
    assertThat(m.tryRLock()).as("TryRLock succeeded with mutex locked").isFalse();
    m.unlock();

    assertThat(m.tryLock()).as("TryLock failed with mutex unlocked").isTrue();
    m.unlock();

    assertThat(m.tryRLock()).as("TryRLock failed with mutex unlocked").isTrue();
    assertThat(m.tryRLock()).as("TryRLock failed with mutex rlocked").isTrue();
    assertThat(m.tryLock()).as("TryLock succeeded with mutex rlocked").isFalse();
    m.rUnlock();
    m.rUnlock();

    int n = 300;
    for (int readers : new int[] {1, 3, 10, 5}) {
      hammerRWMutex(readers, n);
    }
  }

  private static void parallelReader(
      RWMutex m, Channel<Boolean> clocked, Channel<Boolean> cunlock, Channel<Boolean> cdone)
      throws InterruptedException {
    m.rLock();
    clocked.send(true);
    cunlock.receive();
    m.rUnlock();
    cdone.send(true);
  }

  private static void doTestParallelReaders(int numReaders) throws Exception {
    RWMutex m = new RWMutex();
    Channel<Boolean> clocked = Channel.make();
    Channel<Boolean> cunlock = Channel.make();
    Channel<Boolean> cdone = Channel.make();
    for (int i = 0; i < numReaders; i++) {
      go(() -> parallelReader(m, clocked, cunlock, cdone));
    }
    for (int i = 0; i < numReaders; i++) {
      clocked.receive(); // all read locks are held at once
    }
    for (int i = 0; i < numReaders; i++) {
      cunlock.send(true);
    }
    for (int i = 0; i < numReaders; i++) {
      cdone.receive();
    }
    assertThat(m.tryLock()).isTrue();
    m.unlock();
  }

  /** Rule 119 (Go's TestParallelReaders). */
  @Test
  void testParallelReaders() throws Exception {
    doTestParallelReaders(1);
    doTestParallelReaders(3);
    doTestParallelReaders(4);
  }

  /** Rule 122 (Go's TestRLocker). */
  @Test
  void testRLocker() throws Exception {
    RWMutex wl = new RWMutex();
    Locker rl = wl.rLocker();
    Channel<Boolean> wlocked = Channel.make(1);
    Channel<Boolean> rlocked = Channel.make(1);
    int n = 10;
    go(
        () -> {
          for (int i = 0; i < n; i++) {
            rl.lock();
            rl.lock();
            rlocked.send(true);
            wl.lock();
            wlocked.send(true);
          }
        });
    for (int i = 0; i < n; i++) {
      rlocked.receive();
      rl.unlock();
      assertThat(wlocked.tryReceive()).as("RLocker() didn't read-lock it").isEmpty();
      rl.unlock();
      wlocked.receive();
      assertThat(rlocked.tryReceive()).as("RLocker() didn't respect the write lock").isEmpty();
      wl.unlock();
    }
  }

  /** Rule 121 (the RWMutex cases of Go's TestMutexMisuse). */
  @Test
  void testMutexMisuse() {
    RWMutex m = new RWMutex();
    assertThatThrownBy(m::unlock)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync: Unlock of unlocked RWMutex");
    m.lock();
    m.unlock();
    assertThatThrownBy(m::unlock).hasMessage("sync: Unlock of unlocked RWMutex");
    m.rLock();
    assertThatThrownBy(m::unlock).hasMessage("sync: Unlock of unlocked RWMutex");
    m.rUnlock();
    assertThatThrownBy(m::rUnlock)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync: RUnlock of unlocked RWMutex");
    m.lock();
    assertThatThrownBy(m::rUnlock).hasMessage("sync: RUnlock of unlocked RWMutex");
    m.unlock();
    assertThatThrownBy(() -> m.rLocker().unlock()).hasMessage("sync: RUnlock of unlocked RWMutex");
    // misuse did not corrupt the state
    assertThat(m.tryLock()).isTrue();
    m.unlock();
    assertThat(m.tryRLock()).isTrue();
    m.rUnlock();
  }

  /**
   * Go's RLock and Lock cannot be interrupted, and go4j's RWMutex has no interruptible variant: an
   * interrupt that reaches a goroutine blocked in {@code rLock} or {@code lock} leaves it waiting
   * and is kept in its interrupt status. Each goroutine reports whether the lock holder had let go
   * when it got in, so a lock call that returned early on the interrupt fails the test.
   */
  @Test
  void lockAndRLockAreNotInterruptible() throws Exception {
    RWMutex m = new RWMutex();
    AtomicBoolean writerLeft = new AtomicBoolean();
    m.lock();
    CompletableFuture<Boolean> reader = new CompletableFuture<>();
    Thread r =
        go(
            () -> {
              m.rLock();
              reader.complete(writerLeft.get() && Thread.currentThread().isInterrupted());
              m.rUnlock();
            });
    Polling.eventually("the reader is queued", () -> m.queuedReaders() == 1);
    r.interrupt();
    Polling.eventually(
        "the reader is parked again or got in",
        () -> reader.isDone() || r.getState() == Thread.State.WAITING);
    assertThat(m.queuedReaders()).as("still waiting after the interrupt").isEqualTo(1);
    writerLeft.set(true);
    m.unlock();
    assertThat(reader.get()).as("got in after the writer left, interrupt status kept").isTrue();

    AtomicBoolean readerLeft = new AtomicBoolean();
    m.rLock();
    CompletableFuture<Boolean> writer = new CompletableFuture<>();
    Thread w =
        go(
            () -> {
              m.lock();
              writer.complete(readerLeft.get() && Thread.currentThread().isInterrupted());
              m.unlock();
            });
    Polling.eventually("the writer waits for the reader", () -> m.queuedWriters() == 1);
    w.interrupt();
    Polling.eventually(
        "the writer is parked again or got in",
        () -> writer.isDone() || w.getState() == Thread.State.WAITING);
    assertThat(m.queuedWriters()).as("still waiting after the interrupt").isEqualTo(1);
    readerLeft.set(true);
    m.rUnlock();
    assertThat(writer.get()).as("got in after the reader left, interrupt status kept").isTrue();
  }

  /**
   * Misuse beside correct use (issue: a failed {@code rUnlock} must not publish a phantom reader):
   * one platform thread calls {@code rUnlock} on an RWMutex it never read-locked, in a loop, while
   * another locks and unlocks it for writing. Every misuse throws and the writer never stalls. With
   * an add-then-undo misuse check the writer's {@code lock} could read the phantom reader and wait
   * for it forever (it did within 5,000 to 32 million cycles; the test fails that way within a
   * second).
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a fixed number of cycles: about 4 s here
  void misusedRUnlockNeverStallsAWriter() throws Exception {
    RWMutex m = new RWMutex();
    misuseBesideCorrectUse(
        m::rUnlock,
        "sync: RUnlock of unlocked RWMutex",
        () -> {
          m.lock();
          m.unlock();
        });
    assertThat(m.tryLock()).as("state after the race").isTrue();
    m.unlock();
  }

  /** As above, with {@code unlock} misused beside readers that lock and unlock. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a fixed number of cycles: about 4 s here
  void misusedUnlockNeverStallsAReader() throws Exception {
    RWMutex m = new RWMutex();
    misuseBesideCorrectUse(
        m::unlock,
        "sync: Unlock of unlocked RWMutex",
        () -> {
          m.rLock();
          m.rUnlock();
        });
    assertThat(m.tryLock()).as("state after the race").isTrue();
    m.unlock();
  }

  private static void misuseBesideCorrectUse(Runnable misuse, String message, Runnable correct)
      throws InterruptedException {
    AtomicLong misuses = new AtomicLong();
    AtomicLong cycles = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> wrong = new AtomicReference<>();
    Thread misuser =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (!stop.get()) {
                    try {
                      misuse.run();
                      wrong.compareAndSet(null, new AssertionError("misuse did not throw"));
                    } catch (IllegalStateException e) {
                      if (!message.equals(e.getMessage())) {
                        wrong.compareAndSet(null, e);
                      }
                    }
                    misuses.incrementAndGet();
                  }
                });
    Thread user =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  // Run until a million misuses happened while this loop ran, however the two
                  // threads are scheduled (on a loaded machine the misuser may start late).
                  long until = misuses.get() + 1_000_000;
                  for (long i = 0; i < 10_000 || misuses.get() < until; i++) {
                    correct.run();
                    cycles.lazySet(i + 1);
                  }
                });
    user.join(60_000); // a hang detector, not a timing assertion: the loop takes about a second
    stop.set(true);
    misuser.join();
    assertThat(user.isAlive())
        .as("correct use stalled after %d cycles beside %d misuses", cycles.get(), misuses.get())
        .isFalse();
    assertThat(wrong.get()).isNull();
  }

  /**
   * Rule 120: a pending writer keeps new readers out (no writer starvation), and its unlock lets in
   * every reader that blocked meanwhile (rule 122).
   */
  @Test
  void pendingWriterBlocksNewReaders() throws Exception {
    RWMutex m = new RWMutex();
    m.rLock(); // an active reader
    CompletableFuture<Boolean> writerIn = new CompletableFuture<>();
    Thread writer =
        go(
            () -> {
              m.lock();
              writerIn.complete(true);
              m.unlock();
            });
    Polling.eventually("the writer waits for the reader", () -> m.queuedWriters() == 1);
    assertThat(m.tryRLock()).as("new readers are kept out").isFalse();
    AtomicInteger readersIn = new AtomicInteger();
    Thread[] readers = new Thread[3];
    for (int i = 0; i < readers.length; i++) {
      readers[i] =
          go(
              () -> {
                m.rLock();
                readersIn.incrementAndGet();
                m.rUnlock();
              });
    }
    Polling.eventually("new readers queue behind the writer", () -> m.queuedReaders() == 3);
    assertThat(writerIn).isNotDone();
    m.rUnlock(); // the last departing reader lets the writer in
    assertThat(writerIn.get()).isTrue();
    for (Thread t : readers) {
      t.join();
    }
    assertThat(readersIn.get()).isEqualTo(3);
    // The readers can finish while the writer is still inside unlock(): like Go's, it lets the
    // readers in before it releases its writer mutex, so wait for the writer to return.
    writer.join();
    assertThat(m.tryLock()).isTrue();
    m.unlock();
  }

  /** Writers exclude each other and readers: a plain counter stays exact. */
  @Test
  void writersAndReadersSeeConsistentState() throws Exception {
    RWMutex m = new RWMutex();
    int[] pair = new int[2];
    AtomicInteger torn = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    for (int g = 0; g < 4; g++) {
      wg.go(
          () -> {
            for (int i = 0; i < 2000; i++) {
              m.lock();
              pair[0]++;
              pair[1]++;
              m.unlock();
            }
          });
      wg.go(
          () -> {
            for (int i = 0; i < 2000; i++) {
              m.rLock();
              if (pair[0] != pair[1]) {
                torn.incrementAndGet();
              }
              m.rUnlock();
            }
          });
    }
    wg.await();
    assertThat(pair).containsExactly(8000, 8000);
    assertThat(torn.get()).isZero();
  }

  @Test
  void writeLockIsALockerUnlockableByAnotherGoroutine() throws Exception {
    RWMutex m = new RWMutex();
    Locker l = m;
    l.lock();
    go(l::unlock).join();
    assertThat(m.tryRLock()).isTrue();
    m.rUnlock();
  }
}
