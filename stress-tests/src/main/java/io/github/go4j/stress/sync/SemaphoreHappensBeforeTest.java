package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.sync.Semaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Semaphore}): actions prior to {@code release(n)} happen-before the return of every
 * {@code acquire} or successful {@code tryAcquire} that obtains tokens afterwards (in particular
 * those released).
 *
 * <p>Each state's semaphore starts with all its tokens held (acquired in the constructor), so the
 * acquirer can only obtain them from the releasing actor, which writes {@code x = 1; y = 2} first.
 *
 * <p>Hazard: tokens handed over without synchronization: the lock-free fast paths (a CAS on the
 * packed state word), or the grant of a queued request by a releaser ({@code notifyWaiters}, which
 * adds the tokens on the waiter's behalf and claims its wait record with a CAS, also on the {@code
 * acquire(n, done)} path, where the wait is registered on done as well).
 */
public final class SemaphoreHappensBeforeTest {
  private SemaphoreHappensBeforeTest() {}

  /** Blocking {@code acquire(1)}: fast path after the release, or parked and granted by it. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Acquired the released token: visible.")
  @Outcome(expect = FORBIDDEN, desc = "Acquired, but a write before release() is not visible.")
  @State
  public static class Acquire {
    final Semaphore sem = new Semaphore(1);
    int x;
    int y;

    public Acquire() {
      sem.tryAcquire(1);
    }

    @Actor
    public void releaser() {
      x = 1;
      y = 2;
      sem.release(1);
    }

    @Actor
    public void acquirer(II_Result r) {
      Blocking.run(() -> sem.acquire(1));
      r.r1 = x;
      r.r2 = y;
    }
  }

  /**
   * Blocking {@code acquire(2, done)} on a semaphore of 2 (done never fires): a weighted request
   * granted by the release of both tokens, registered on the semaphore and on done when it waits.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Acquired the released tokens: visible.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "acquire(n, done) failed: done never fires.")
  @Outcome(expect = FORBIDDEN, desc = "Acquired, but a write before release() is not visible.")
  @State
  public static class AcquireDoneChannel {
    final Semaphore sem = new Semaphore(2);
    final Channel<Unit> never = Channel.make();
    int x;
    int y;

    public AcquireDoneChannel() {
      sem.tryAcquire(2);
    }

    @Actor
    public void releaser() {
      x = 1;
      y = 2;
      sem.release(2);
    }

    @Actor
    public void acquirer(II_Result r) {
      if (Blocking.call(() -> sem.acquire(2, never))) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /** {@code tryAcquire(1)}: a successful one sees the writes; -1 means it ran first. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Acquired the released token: visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryAcquire before release.")
  @Outcome(expect = FORBIDDEN, desc = "Acquired, but a write before release() is not visible.")
  @State
  public static class TryAcquire {
    final Semaphore sem = new Semaphore(1);
    int x;
    int y;

    public TryAcquire() {
      sem.tryAcquire(1);
    }

    @Actor
    public void releaser() {
      x = 1;
      y = 2;
      sem.release(1);
    }

    @Actor
    public void acquirer(II_Result r) {
      if (sem.tryAcquire(1)) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }
}
