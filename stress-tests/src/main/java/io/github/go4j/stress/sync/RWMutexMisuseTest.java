package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.RWMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim ({@link RWMutex}): a misused {@code rUnlock()} or {@code unlock()} (of an RWMutex not
 * locked that way) throws and leaves the state word as it was, at every instant: a concurrent
 * correct {@code tryLock()}/{@code tryRLock()} of the free RWMutex always succeeds, and the word is
 * intact afterwards. {@code r1}: the misuse threw; {@code r2}: the concurrent try succeeded; {@code
 * r3}: a {@code tryLock} after both succeeded.
 *
 * <p>Hazard: a misuse check that changes the reader count first and undoes the change after
 * detecting the misuse publishes, for a moment, a reader (or a writer) that does not exist. A
 * {@code tryLock} that reads the phantom reader fails on a free RWMutex; a {@code lock()} that
 * reads it waits for it to leave, forever (RWMutexTest's misuse tests show that hang; the
 * non-blocking form here keeps a failure from hanging the harness). The window is two instructions
 * wide: on an add-then-undo check the first test saw the forbidden outcome 299 times in 6.1 million
 * samples (5 x 1 s); the short mode of {@code mvn verify} may miss it, {@code -Pjcstress-full} and
 * RWMutexTest's misuse loops do not.
 */
public final class RWMutexMisuseTest {
  private RWMutexMisuseTest() {}

  /** {@code rUnlock} without {@code rLock} racing a writer's {@code tryLock/unlock}. */
  @JCStressTest
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Misuse refused; the writer went through.")
  @Outcome(
      id = "1, 0, 1",
      expect = FORBIDDEN,
      desc = "tryLock failed on a free RWMutex: it saw a phantom reader.")
  @Outcome(expect = FORBIDDEN, desc = "Misuse not refused, or the state word left corrupted.")
  @State
  public static class RUnlockVersusTryLock {
    final RWMutex mu = new RWMutex();

    @Actor
    public void misuser(III_Result r) {
      try {
        mu.rUnlock();
      } catch (IllegalStateException e) {
        r.r1 = 1;
      }
    }

    @Actor
    public void writer(III_Result r) {
      if (mu.tryLock()) {
        mu.unlock();
        r.r2 = 1;
      }
    }

    @Arbiter
    public void check(III_Result r) {
      if (mu.tryLock()) {
        mu.unlock();
        r.r3 = 1;
      }
    }
  }

  /** {@code unlock} without {@code lock} racing a reader's {@code tryRLock/rUnlock}. */
  @JCStressTest
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Misuse refused; the reader went through.")
  @Outcome(
      id = "1, 0, 1",
      expect = FORBIDDEN,
      desc = "tryRLock failed on a free RWMutex: it saw a phantom writer.")
  @Outcome(expect = FORBIDDEN, desc = "Misuse not refused, or the state word left corrupted.")
  @State
  public static class UnlockVersusTryRLock {
    final RWMutex mu = new RWMutex();

    @Actor
    public void misuser(III_Result r) {
      try {
        mu.unlock();
      } catch (IllegalStateException e) {
        r.r1 = 1;
      }
    }

    @Actor
    public void reader(III_Result r) {
      if (mu.tryRLock()) {
        mu.rUnlock();
        r.r2 = 1;
      }
    }

    @Arbiter
    public void check(III_Result r) {
      if (mu.tryLock()) {
        mu.unlock();
        r.r3 = 1;
      }
    }
  }
}
