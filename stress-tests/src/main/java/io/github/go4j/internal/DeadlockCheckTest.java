package io.github.go4j.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The deadlock detector's claim ({@link GoroutineRegistry}'s class comment): "a claimed goroutine
 * is about to run: its waker claimed before it blocked itself, so the claim is visible once running
 * is 0". The registry's counter and checks, on a record and counter of this state's own (the
 * registry's are one per JVM): actor 1 is the last running goroutine, which claims the parked
 * goroutine's wait (a send to its receive) and then blocks itself, taking the running count from 1
 * to 0 as {@code GoroutineRegistry.blocked} does; actor 2 is the detector, which reads the counts
 * and then the parked goroutine's status as {@code GoroutineRegistry.asleep} does. {@code r1}: the
 * detector saw running = 0; {@code r2}: it saw the wait still WAITING.
 *
 * <p>Hazard: if the detector could see the waker's decrement but not its earlier claim, it would
 * find every goroutine blocked with an unclaimed wait and report a deadlock that is not one.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Checked before the claim: still running.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Claim seen; the waker was still running.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Running 0, and the claim is seen: no report.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Running 0 but the claim unseen: false report.")
@State
public class DeadlockCheckTest {
  private static final long EPOCH = 1L << 32;

  // A record of this state's own; no thread parks on it here.
  final Waiter parked = new Waiter();
  final int stamp = parked.begin();
  final AtomicLong counts = new AtomicLong(EPOCH + 1); // the waker is the one running goroutine

  @Actor
  public void waker() {
    parked.tryClaim(stamp, 0, false);
    counts.addAndGet(EPOCH - 1); // then it blocks itself
  }

  @Actor
  public void detector(II_Result r) {
    long c = counts.get();
    r.r1 = (int) c == 0 ? 1 : 0;
    r.r2 = parked.status() == Waiter.WAITING ? 1 : 0;
  }
}
