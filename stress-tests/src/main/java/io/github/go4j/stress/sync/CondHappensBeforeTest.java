package io.github.go4j.stress.sync;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.sync.Cond;
import io.github.go4j.sync.Mutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Cond}): a call to {@code signal()} or {@code broadcast()} happens-before the return
 * of each {@code await} that it unblocks.
 *
 * <p>The waiters are goroutines started with the state, each waiting in {@code await} before the
 * actors run: the constructor locks the Mutex after the waiter holds it and so only once the waiter
 * has registered and released it inside {@code await}. The signalling actor writes {@code x = 1; y
 * = 2} and signals <em>without</em> holding the Mutex, so the signal is the only edge to the waiter
 * (its relock follows the constructor's unlock, which is older than the writes). The arbiter joins
 * the waiters and reports what they read after {@code await} returned.
 *
 * <p>Hazard: a waiter woken through a path that does not synchronize with the signaller: the claim
 * CAS on its wait record or the unpark (also on the {@code await(done)} path) ordered before the
 * signaller's earlier writes.
 */
public final class CondHappensBeforeTest {
  private CondHappensBeforeTest() {}

  /** A waiter goroutine parked in {@code await()} (or {@code await(done)} if done is not null). */
  static final class Waiter {
    final Thread thread;
    int sawX = -1;
    int sawY = -1;

    Waiter(Mutex mu, Cond cond, Channel<Unit> done, Fields f) {
      Channel<Unit> holding = Channel.make();
      thread =
          go(
              () -> {
                mu.lock();
                holding.close();
                if (done == null) {
                  cond.await();
                } else if (!cond.await(done)) {
                  throw new IllegalStateException("done fired; it never does");
                }
                sawX = f.x;
                sawY = f.y;
                mu.unlock();
              });
      Blocking.run(holding::receive);
      mu.lock(); // succeeds once the waiter has registered and unlocked inside await
      mu.unlock();
    }
  }

  /** The fields written before the signal. */
  static class Fields {
    int x;
    int y;
  }

  /** {@code signal()} wakes the one waiter (parked with LockSupport). */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Woken by the signal: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "await returned, but a write before signal() is not seen.")
  @State
  public static class Signal extends Fields {
    final Mutex mu = new Mutex();
    final Cond cond = new Cond(mu);
    final Waiter w = new Waiter(mu, cond, null, this);

    @Actor
    public void signaller() {
      x = 1;
      y = 2;
      cond.signal();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(w.thread);
      r.r1 = w.sawX;
      r.r2 = w.sawY;
    }
  }

  /**
   * {@code signal()} wakes a waiter in {@code await(done)} (done never fires): its wait is
   * registered on the Cond and on done, and the signaller's claim wins.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Woken by the signal: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "await returned, but a write before signal() is not seen.")
  @State
  public static class SignalDoneChannelWait extends Fields {
    final Mutex mu = new Mutex();
    final Cond cond = new Cond(mu);
    final Waiter w = new Waiter(mu, cond, Channel.make(), this);

    @Actor
    public void signaller() {
      x = 1;
      y = 2;
      cond.signal();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(w.thread);
      r.r1 = w.sawX;
      r.r2 = w.sawY;
    }
  }

  /** {@code broadcast()} wakes two waiters; each must see the writes. */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both woken: writes visible to both.")
  @Outcome(expect = FORBIDDEN, desc = "An await returned without seeing a write.")
  @State
  public static class Broadcast extends Fields {
    final Mutex mu = new Mutex();
    final Cond cond = new Cond(mu);
    final Waiter w1 = new Waiter(mu, cond, null, this);
    final Waiter w2 = new Waiter(mu, cond, null, this);

    @Actor
    public void broadcaster() {
      x = 1;
      y = 2;
      cond.broadcast();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      Ops.join(w1.thread);
      Ops.join(w2.thread);
      r.r1 = w1.sawX;
      r.r2 = w1.sawY;
      r.r3 = w2.sawX;
      r.r4 = w2.sawY;
    }
  }
}
