package io.github.go4j.stress.chan;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: a blocking select that queues on one channel first and spins there before it registers its
 * other cases (lazy registration) neither loses nor duplicates a value, and is still woken by its
 * other cases: a close of another case's channel during the spin, a value offered on another case's
 * channel during the spin or while the rest is being registered, and an interrupt during the spin
 * each end the select exactly once, with the outcome the counterpart saw.
 *
 * <p>In every test a goroutine (started with the state) first completes a select over the same two
 * channels {@code s} and {@code d} through {@code s} (the constructor sends it one value), so that
 * its next select spins on {@code s} with only {@code s} registered, the case under test; the
 * actors then race that second select.
 *
 * <p>Hazard: while it spins, the select is known to {@code s} only. If its other cases were never
 * looked at again before it parks, a close of {@code d} during the spin would leave it parked
 * forever; if its node on {@code s} were not withdrawn, under {@code s}'s lock, before it completes
 * another case found ready after the spin, a sender on {@code s} could still claim it (a value
 * handed to a select that ran another case: lost); and if a claim on {@code s} and the interrupt
 * were not decided by one CAS, an interrupted select could have taken a value.
 */
public final class LazySelectRaceTest {
  private LazySelectRaceTest() {}

  /** The constructor's half of the priming: the goroutine's first select completes through s. */
  private static void prime(Channel<Integer> s) {
    if (Ops.send(s, 0) != 1) {
      throw new IllegalStateException("the priming send did not complete");
    }
  }

  /**
   * The select spins on {@code s} vs {@code trySend(s, 1)} vs {@code close(d)}: the select ran its
   * {@code s} case exactly when {@code trySend} succeeded (1), else saw {@code d} closed (2).
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Took the value (before or after the close).")
  @Outcome(id = "-1, 2", expect = ACCEPTABLE, desc = "Saw d closed; trySend found no receiver.")
  @Outcome(id = "1, 2", expect = FORBIDDEN, desc = "Lost: trySend true, the select ran d's case.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Phantom: a value nobody sent.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class CloseOther {
    final Channel<Integer> s = Channel.make();
    final Channel<Unit> d = Channel.make();
    final Thread selector;
    volatile int outcome = -9;

    public CloseOther() {
      selector =
          go(
              () -> {
                Select.select(s.onReceive(v -> v), d.onReceive(u -> -5));
                outcome = Select.select(s.onReceive(v -> v == 1 ? 1 : -8), d.onReceive(u -> 2));
              });
      prime(s);
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.trySend(s, 1);
    }

    @Actor
    public void closer() {
      d.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(selector);
      r.r2 = outcome;
    }
  }

  /**
   * The select spins on {@code s} vs {@code trySend(s, 1)} vs {@code trySend(d, 2)}; afterwards the
   * arbiter closes {@code s} to release a select that neither reached (0). The select got exactly
   * the value whose {@code trySend} succeeded, and at most one did.
   */
  @JCStressTest
  @Outcome(id = "1, -1, 1", expect = ACCEPTABLE, desc = "Took s's value; d's trySend refused.")
  @Outcome(id = "-1, 1, 2", expect = ACCEPTABLE, desc = "Took d's value; s's trySend refused.")
  @Outcome(id = "-1, -1, 0", expect = ACCEPTABLE, desc = "Both refused; released by the close.")
  @Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "Duplicated: two sends for one select.")
  @Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "Duplicated: two sends for one select.")
  @Outcome(id = "1, -1, 0", expect = FORBIDDEN, desc = "Lost: s's trySend true, select saw close.")
  @Outcome(id = "-1, 1, 0", expect = FORBIDDEN, desc = "Lost: d's trySend true, select saw close.")
  @Outcome(id = "1, -1, 2", expect = FORBIDDEN, desc = "Lost s's value; phantom d value.")
  @Outcome(id = "-1, 1, 1", expect = FORBIDDEN, desc = "Lost d's value; phantom s value.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class OfferOther {
    final Channel<Integer> s = Channel.make();
    final Channel<Integer> d = Channel.make();
    final Thread selector;
    volatile int outcome = -9;

    public OfferOther() {
      selector =
          go(
              () -> {
                Select.select(s.onReceive(v -> v), d.onReceive(v -> -5));
                outcome =
                    Select.select(
                        s.onReceiveOk((v, ok) -> ok ? (v == 1 ? 1 : -8) : 0),
                        d.onReceive(v -> v == 2 ? 2 : -7));
              });
      prime(s);
    }

    @Actor
    public void sendS(III_Result r) {
      r.r1 = Ops.trySend(s, 1);
    }

    @Actor
    public void sendD(III_Result r) {
      r.r2 = Ops.trySend(d, 2);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      s.close();
      Ops.join(selector);
      r.r3 = outcome;
    }
  }

  /**
   * The select spins on {@code s} vs {@code trySend(s, 1)} vs an interrupt: the select ran its
   * {@code s} case exactly when {@code trySend} succeeded (1), else threw {@code
   * InterruptedException} (0); {@code d} never becomes ready.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Took the value before the interrupt won.")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "Interrupted; trySend found no receiver.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: trySend true, the select threw.")
  @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "Phantom: a value nobody sent.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class Interrupt {
    final Channel<Integer> s = Channel.make();
    final Channel<Unit> d = Channel.make();
    final Thread selector;
    volatile int outcome = -9;

    public Interrupt() {
      selector =
          go(
              () -> {
                Select.select(s.onReceive(v -> v), d.onReceive(u -> -5));
                try {
                  outcome = Select.select(s.onReceive(v -> v == 1 ? 1 : -8), d.onReceive(u -> -7));
                } catch (InterruptedException e) {
                  outcome = 0;
                }
              });
      prime(s);
    }

    @Actor
    public void sender(II_Result r) {
      r.r1 = Ops.trySend(s, 1);
    }

    @Actor
    public void interrupter() {
      selector.interrupt();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(selector);
      r.r2 = outcome;
    }
  }
}
