package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.stress.Ops;
import io.github.go4j.sync.RWMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link RWMutex}, Go's memory model): the n-th call to {@code unlock()} happens-before the
 * return of the m-th call to {@code lock()} for n &lt; m; for any call to {@code rLock()} there is
 * an n such that the n-th {@code unlock()} happens-before the return of that {@code rLock()}, and
 * the matching {@code rUnlock()} happens-before the return of call n+1 to {@code lock()};
 * successful {@code tryLock()} / {@code tryRLock()} are like {@code lock()} / {@code rLock()}.
 *
 * <p>Hazard: the reader count is a single atomic word changed by {@code getAndAdd}; a reader that
 * passes it, or a writer woken by the last departing reader ({@code writerSem}) or a reader woken
 * by the writer's unlock ({@code readerSem}), must synchronize with the other side's release. A
 * plain update or a wake-up that races ahead of the counter would let a reader see half of a write
 * or a writer overwrite data a reader has not finished with (here: the writer not seeing what the
 * reader wrote before {@code rUnlock}).
 */
public final class RWMutexHappensBeforeTest {
  private RWMutexHappensBeforeTest() {}

  /** Writer {@code lock/unlock} vs reader {@code rLock/rUnlock}: unlock happens-before rLock. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Read-locked after the unlock: visible.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Read-locked before the writer.")
  @Outcome(expect = FORBIDDEN, desc = "The reader saw half of the writer's critical section.")
  @State
  public static class UnlockThenRLock {
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

  /**
   * Reader {@code rLock/rUnlock} (it writes: the claim is about what the writer sees of actions
   * before {@code rUnlock}) vs writer {@code lock/unlock}: rUnlock happens-before the next lock.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Locked after the rUnlock: visible.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Locked before the reader.")
  @Outcome(expect = FORBIDDEN, desc = "The writer saw half of the reader's critical section.")
  @State
  public static class RUnlockThenLock {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    @Actor
    public void reader() {
      mu.rLock();
      x = 1;
      y = 2;
      mu.rUnlock();
    }

    @Actor
    public void writer(II_Result r) {
      mu.lock();
      r.r1 = x;
      r.r2 = y;
      mu.unlock();
    }
  }

  /**
   * The state is write-locked; the writer writes and unlocks, the reader blocks in {@code rLock()}
   * (counted in, parked on {@code readerSem}) until the unlock releases it: always visible.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Released by the unlock: visible.")
  @Outcome(expect = FORBIDDEN, desc = "Read-locked, but a write before unlock() is not visible.")
  @State
  public static class ReaderWaitsForWriter {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    public ReaderWaitsForWriter() {
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
      mu.rLock();
      r.r1 = x;
      r.r2 = y;
      mu.rUnlock();
    }
  }

  /**
   * The state is read-locked; the reader writes and read-unlocks, the writer blocks in {@code
   * lock()} (parked on {@code writerSem}) until the last departing reader lets it in: always
   * visible.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Let in by the rUnlock: visible.")
  @Outcome(expect = FORBIDDEN, desc = "Locked, but a write before rUnlock() is not visible.")
  @State
  public static class WriterWaitsForReader {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    public WriterWaitsForReader() {
      mu.rLock();
    }

    @Actor
    public void reader() {
      x = 1;
      y = 2;
      mu.rUnlock();
    }

    @Actor
    public void writer(II_Result r) {
      mu.lock();
      r.r1 = x;
      r.r2 = y;
      mu.unlock();
    }
  }

  /** {@code tryLock} vs {@code tryRLock}: each, when it succeeds, sees the other's writes. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "tryRLock after the unlock: visible.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "tryRLock first, or tryLock failed.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryRLock failed.")
  @Outcome(expect = FORBIDDEN, desc = "The reader saw half of the writer's critical section.")
  @State
  public static class TryLockThenTryRLock {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    @Actor
    public void writer() {
      if (mu.tryLock()) {
        x = 1;
        y = 2;
        mu.unlock();
      }
    }

    @Actor
    public void reader(II_Result r) {
      if (mu.tryRLock()) {
        r.r1 = x;
        r.r2 = y;
        mu.rUnlock();
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /**
   * Two writers, {@code lock/unlock} each: the n-th unlock happens-before the return of the m-th
   * lock for n &lt; m. The writer-writer edge goes through the internal writer Mutex and the reader
   * count's announcement, not through a reader's path.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Locked after the other unlock: visible.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Locked before the other writer.")
  @Outcome(expect = FORBIDDEN, desc = "A writer saw half of the other's critical section.")
  @State
  public static class UnlockThenLock {
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
    public void second(II_Result r) {
      mu.lock();
      r.r1 = x;
      r.r2 = y;
      mu.unlock();
    }
  }

  /**
   * The state is write-locked; the first writer writes and unlocks, the second blocks in {@code
   * lock()} (parked on the internal writer Mutex) until then: always visible.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Locked after the unlock: visible.")
  @Outcome(expect = FORBIDDEN, desc = "Locked, but a write before unlock() is not visible.")
  @State
  public static class WriterWaitsForWriter {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    public WriterWaitsForWriter() {
      mu.lock();
    }

    @Actor
    public void writer() {
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Actor
    public void second(II_Result r) {
      mu.lock();
      r.r1 = x;
      r.r2 = y;
      mu.unlock();
    }
  }

  /**
   * The state is write-locked; the writer writes and unlocks, the other side's {@code tryLock()},
   * when it succeeds, took the lock that unlock released and must see the writes (-1: it failed).
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "tryLock after the unlock: visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryLock found it locked.")
  @Outcome(expect = FORBIDDEN, desc = "tryLock succeeded, but a write before unlock() is unseen.")
  @State
  public static class UnlockThenTryLock {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    public UnlockThenTryLock() {
      mu.lock();
    }

    @Actor
    public void writer() {
      x = 1;
      y = 2;
      mu.unlock();
    }

    @Actor
    public void tryWriter(II_Result r) {
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
   * The state is read-locked; the reader writes and read-unlocks, the other side's {@code
   * tryLock()}, when it succeeds (the reader count was back at zero), must see the writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "tryLock after the rUnlock: visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryLock found it read-locked.")
  @Outcome(expect = FORBIDDEN, desc = "tryLock succeeded, but a write before rUnlock() is unseen.")
  @State
  public static class RUnlockThenTryLock {
    final RWMutex mu = new RWMutex();
    int x;
    int y;

    public RUnlockThenTryLock() {
      mu.rLock();
    }

    @Actor
    public void reader() {
      x = 1;
      y = 2;
      mu.rUnlock();
    }

    @Actor
    public void tryWriter(II_Result r) {
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
}
