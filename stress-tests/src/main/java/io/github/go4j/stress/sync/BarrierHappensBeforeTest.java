package io.github.go4j.stress.sync;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.sync.Barrier;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Barrier}): actions in each party prior to its {@code await} in a round
 * happen-before the return of {@code await} in every party of that round; actions prior to an
 * {@code await} that breaks a round, or prior to {@code reset()}, happen-before the {@link
 * BrokenBarrierException} thrown in the parties it affects.
 *
 * <p>Hazard: the last arrival trips the round and claims the waiters' wait records under the
 * barrier's lock, waking them after unlocking it; a waiter released by that claim (also on the
 * {@code await(done)} path) without synchronizing with the last arrival would miss the last
 * arrival's writes, and the last arrival, which never waits, must itself see every earlier
 * arrival's writes.
 */
public final class BarrierHappensBeforeTest {
  private BarrierHappensBeforeTest() {}

  /** Two parties, each writes its field and awaits; each must see the other's write. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Each party sees the other's write.")
  @Outcome(expect = FORBIDDEN, desc = "A party passed the barrier without the other's write.")
  @State
  public static class Await {
    final Barrier barrier = new Barrier(2);
    int x;
    int y;

    @Actor
    public void party1(II_Result r) {
      x = 1;
      Blocking.call(barrier::await);
      r.r1 = y;
    }

    @Actor
    public void party2(II_Result r) {
      y = 1;
      Blocking.call(barrier::await);
      r.r2 = x;
    }
  }

  /**
   * The same with {@code await(done)} (done never fires): the first arrival's wait is registered on
   * the barrier and on done, and the last arrival's claim wins.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Each party sees the other's write.")
  @Outcome(expect = FORBIDDEN, desc = "A party passed the barrier without the other's write.")
  @State
  public static class AwaitDoneChannel {
    final Barrier barrier = new Barrier(2);
    final Channel<Unit> never = Channel.make();
    int x;
    int y;

    @Actor
    public void party1(II_Result r) {
      x = 1;
      Blocking.call(() -> barrier.await(never));
      r.r1 = y;
    }

    @Actor
    public void party2(II_Result r) {
      y = 1;
      Blocking.call(() -> barrier.await(never));
      r.r2 = x;
    }
  }

  /**
   * The breaker arrives with a done channel that is already closed, which breaks the round (even if
   * it would have been the last arrival); the other party, waiting or arriving after, gets {@link
   * BrokenBarrierException} ({@code r3} = 1) and must see the breaker's writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Broken: the breaker's writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Not broken, or broken without the breaker's writes.")
  @State
  public static class BrokenByDone {
    static final Channel<Unit> READY = WaitGroupHappensBeforeTest.READY;
    final Barrier barrier = new Barrier(2);
    int x;
    int y;

    @Actor
    public void breaker() {
      x = 1;
      y = 2;
      if (Blocking.call(() -> barrier.await(READY)) != -1) {
        throw new IllegalStateException("await(ready done) did not leave");
      }
    }

    @Actor
    public void party(III_Result r) {
      try {
        Blocking.call(barrier::await);
        r.r3 = 0;
      } catch (IllegalStateException e) {
        r.r3 = e.getCause() instanceof BrokenBarrierException ? 1 : -1;
      }
      r.r1 = x;
      r.r2 = y;
    }
  }

  /**
   * A party goroutine waits in a round (the constructor polls, bounded, until it is registered);
   * the actor writes and calls {@code reset()}, which breaks the round: the party gets {@link
   * BrokenBarrierException} ({@code r3} = 1) and must see the writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Broken by reset: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Not broken, or broken without the resetter's writes.")
  @State
  public static class BrokenByReset {
    final Barrier barrier = new Barrier(2);
    final Thread party;
    int x;
    int y;
    int sawX = -1;
    int sawY = -1;
    int broken = -1;

    public BrokenByReset() {
      party =
          go(
              () -> {
                try {
                  barrier.await();
                  broken = 0;
                } catch (BrokenBarrierException e) {
                  broken = 1;
                }
                sawX = x;
                sawY = y;
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (barrier.waiting() == 0) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the party did not arrive in 30 s");
        }
        Thread.yield();
      }
    }

    @Actor
    public void resetter() {
      x = 1;
      y = 2;
      barrier.reset();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Ops.join(party);
      r.r1 = sawX;
      r.r2 = sawY;
      r.r3 = broken;
    }
  }

  /**
   * A party that breaks the round while it waits: a party goroutine waits in a round of three (the
   * constructor polls, bounded, until it is registered); the breaker writes and awaits with a done
   * channel that the other actor closes. Closed before the breaker arrives, it breaks the round on
   * entry; closed while the breaker waits, the breaker leaves and breaks it then (a separate path,
   * under the barrier's lock after its wake-up). Either way the waiting party, registered before
   * the breaker's writes could reach it through the lock, gets {@link BrokenBarrierException}
   * ({@code r3} = 1) and must see the writes made before the breaker's {@code await}.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Broken: the breaker's writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Not broken, or broken without the breaker's writes.")
  @State
  public static class BrokenByDoneWhileWaiting {
    final Barrier barrier = new Barrier(3);
    final Channel<Unit> done = Channel.make();
    final Thread party;
    int x;
    int y;
    int sawX = -1;
    int sawY = -1;
    int broken = -1;

    public BrokenByDoneWhileWaiting() {
      party =
          go(
              () -> {
                try {
                  barrier.await();
                  broken = 0;
                } catch (BrokenBarrierException e) {
                  broken = 1;
                }
                sawX = x;
                sawY = y;
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (barrier.waiting() == 0) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the party did not arrive in 30 s");
        }
        Thread.yield();
      }
    }

    @Actor
    public void breaker() {
      x = 1;
      y = 2;
      if (Blocking.call(() -> barrier.await(done)) != -1) {
        throw new IllegalStateException("await(done) did not leave: the round cannot trip");
      }
    }

    @Actor
    public void closer() {
      done.close();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Ops.join(party);
      r.r1 = sawX;
      r.r2 = sawY;
      r.r3 = broken;
    }
  }
}
