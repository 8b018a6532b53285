package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.Semaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Semaphore}): when {@code acquire} returns true, the tokens it acquired are already
 * counted as in use, so the goroutine may release them at once.
 *
 * <p>The state holds the only token; actor 1 acquires it (blocking: fast path if the release came
 * first, else queued and granted by it) and releases it again at once; actor 2 releases. {@code
 * r1}: 1 if actor 1's release succeeded, 0 if it threw "released more than held"; {@code r2}: 1 if
 * the token is free at the end, 0 if it leaked.
 *
 * <p>Hazard: a releaser that publishes the grant (the CAS on the waiter's wait record) before it
 * adds the tokens to the count. A waiter that sees the grant at once (it had not parked yet)
 * returns and may release before the tokens are counted: "released more than held", and tokens
 * leaked (a real bug once, found by SemaphoreTest's cancellation race). The window is a few
 * instructions in compiled code, wider in the interpreter, so this test catches that order only now
 * and then; core's SemaphoreGrantHookTest stops the releaser between the two steps (a test hook)
 * and catches it every time.
 */
public final class SemaphoreGrantCountTest {
  private SemaphoreGrantCountTest() {}

  /** Blocking {@code acquire(1)}. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Acquired and released; the token is free.")
  @Outcome(id = "0, .*", expect = FORBIDDEN, desc = "acquire returned before its token counted.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Acquire {
    final Semaphore sem = new Semaphore(1);

    public Acquire() {
      sem.tryAcquire(1);
    }

    @Actor
    public void acquirer(II_Result r) {
      try {
        sem.acquire(1);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      try {
        sem.release(1);
        r.r1 = 1;
      } catch (IllegalStateException releasedMoreThanHeld) {
        r.r1 = 0;
      }
    }

    @Actor
    public void releaser() {
      sem.release(1);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = sem.tryAcquire(1) ? 1 : 0;
    }
  }
}
