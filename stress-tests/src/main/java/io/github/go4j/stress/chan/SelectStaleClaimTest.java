package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.stress.Goroutine;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Claim: a select parked on several channels is completed by exactly one counterpart, and once it
 * returned, its registrations on the other channels can no longer be completed, even while its
 * goroutine is already blocked in its next operation: a value is never delivered twice, never to
 * the wrong case, never to the goroutine's next operation, and never reported sent without being
 * delivered.
 *
 * <p>The state starts a goroutine that blocks in {@code select(a.onReceive, b.onReceive)} (phase 1)
 * on unbuffered channels and then, as soon as the select returned, in {@code c.receiveOk()} (phase
 * 2). The actors wait until it is parked in the select ({@link Goroutine#awaitBlocked}) and then
 * {@code trySend} on {@code a}, {@code b} (and {@code c}). The arbiter closes {@code a}, {@code b},
 * {@code c} (releasing the goroutine wherever it is) and joins it. Results: the {@code trySend}s (1
 * sent, -1 not ready), then the select's case and value ({@code 11}: 1 received through {@code a};
 * {@code 22}: 2 through {@code b}; {@code 10}, {@code 20}: the close of {@code a} or {@code b}),
 * then what {@code c.receiveOk()} got (0: the close; else the value). -9 everywhere: the goroutine
 * was not seen parked in time (see {@link Goroutine}); -8: it went on without a partner.
 *
 * <p>Hazard: the losing registration on {@code b} is withdrawn while a sender on {@code b} tries to
 * claim it. With one wait record per operation, the claim CAS fails on the record already claimed
 * through {@code a}. An engine that reuses a per-thread wait record for the goroutine's next
 * operation (and withdraws lazily) must tell the select's claim from the receive's: a stale claim
 * through {@code b} that succeeds on the reused record delivers 2 to {@code c.receiveOk()} (as if
 * it came from {@code c}), or makes {@code trySend(b)} report a send that nobody received, or
 * completes the select twice.
 */
public final class SelectStaleClaimTest {
  private SelectStaleClaimTest() {}

  private static final int NOT_YET = Integer.MIN_VALUE;

  /** The goroutine's body: the select, then the receive on {@code c}. */
  abstract static class Base {
    final Channel<Integer> a = Channel.make();
    final Channel<Integer> b = Channel.make();
    final Channel<Integer> c = Channel.make();
    final Goroutine selector;
    volatile int selected = -7;
    volatile int next = -7;

    Base() {
      selector =
          Goroutine.start(
              self -> {
                SelectCase<Integer> ca = a.onReceiveOk((v, ok) -> ok ? 10 + v : 10);
                SelectCase<Integer> cb = b.onReceiveOk((v, ok) -> ok ? 20 + v : 20);
                self.blocking(1);
                selected = Select.select(ca, cb);
                self.blocking(2);
                Received<Integer> got = c.receiveOk();
                next = got.ok() ? got.value() : 0;
              });
    }

    /** Actor 1 of the sequenced tests: {@code trySend(a, 1)} once the select is parked. */
    volatile int first = NOT_YET;

    void sendFirst(IIIII_Result r) {
      int res = selector.awaitBlocked(1) ? Ops.trySend(a, 1) : Goroutine.MISSED;
      r.r1 = res;
      first = res;
    }

    /**
     * Actor 2 of the sequenced tests: waits for actor 1 (which never blocks) and returns its
     * result.
     */
    int awaitFirst() {
      int res;
      while ((res = first) == NOT_YET) {
        Thread.onSpinWait();
      }
      return res;
    }

    /** Closes the channels (the goroutine returns wherever it is blocked) and joins it. */
    void release() {
      a.close();
      b.close();
      c.close();
      selector.join();
    }
  }

  /**
   * Two claimers: {@code trySend(a, 1)} and {@code trySend(b, 2)} race for the one parked select.
   * Exactly one succeeds (the first to arrive finds the select parked on its channel, the other
   * finds it claimed or withdrawn), and the select ran that case; the goroutine's receive on {@code
   * c} then gets only the close.
   */
  @JCStressTest
  @Outcome(id = "1, -1, 11, 0", expect = ACCEPTABLE, desc = "a won; b found it claimed or gone.")
  @Outcome(id = "-1, 1, 22, 0", expect = ACCEPTABLE, desc = "b won; a found it claimed or gone.")
  @Outcome(
      id = {"1, 1, 11, 2", "1, 1, 22, 1"},
      expect = FORBIDDEN,
      desc = "Stale claim: the loser's value went to the receive on c.")
  @Outcome(
      id = {"1, 1, 11, 0", "1, 1, 22, 0"},
      expect = FORBIDDEN,
      desc = "Both sends reported done for one select: a value lost.")
  @Outcome(
      id = {"-1, -1, 10, 0", "-1, -1, 20, 0"},
      expect = FORBIDDEN,
      desc = "Both refused while the select was parked on both.")
  @Outcome(
      id = {"1, -1, 22, 0", "-1, 1, 11, 0"},
      expect = FORBIDDEN,
      desc = "Wrong case: the select ran the loser's case.")
  @Outcome(id = "-9, -9, -9, -9", expect = ACCEPTABLE_INTERESTING, desc = "Setup missed: skipped.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class TwoClaimers extends Base {
    @Actor
    public void senderA(IIII_Result r) {
      if (selector.awaitBlocked(1)) {
        r.r1 = Ops.trySend(a, 1);
      }
    }

    @Actor
    public void senderB(IIII_Result r) {
      if (selector.awaitBlocked(1)) {
        r.r2 = Ops.trySend(b, 2);
      }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      release();
      r.r3 = selected;
      r.r4 = next;
      int f = selector.failure();
      if (f != 0) {
        r.r1 = r.r2 = r.r3 = r.r4 = f;
      }
    }
  }

  /**
   * Claim after the win: actor 2 starts only once {@code trySend(a, 1)} returned (it always
   * succeeds: the select is parked on {@code a}), so its {@code trySend(b, 2)} races the select's
   * wake-up, its withdrawal from {@code b} and its next registration, on {@code c}; then it tries
   * {@code trySend(c, 3)}, which succeeds if the goroutine is already parked on {@code c}. {@code
   * b} must refuse; {@code c} delivers 3 exactly when its {@code trySend} succeeded.
   */
  @JCStressTest
  @Outcome(
      id = "1, -1, -1, 11, 0",
      expect = ACCEPTABLE,
      desc = "b refused; not yet parked on c: c refused.")
  @Outcome(
      id = "1, -1, 1, 11, 3",
      expect = ACCEPTABLE,
      desc = "b refused; already parked on c: 3 received.")
  @Outcome(
      id = {"1, 1, -1, 11, 2", "1, 1, 1, 11, 2"},
      expect = FORBIDDEN,
      desc = "Stale claim: b's value was received as if from c.")
  @Outcome(
      id = {"1, 1, -1, 11, 0", "1, 1, 1, 11, 3"},
      expect = FORBIDDEN,
      desc = "Lost: b reported sent to a select that had already returned.")
  @Outcome(id = "1, -1, 1, 11, 0", expect = FORBIDDEN, desc = "Lost: c reported sent, never got.")
  @Outcome(id = "-9, -9, -9, -9, -9", expect = ACCEPTABLE_INTERESTING, desc = "Setup missed.")
  @Outcome(expect = FORBIDDEN, desc = "Something else (a refused, or the select ran b's case).")
  @State
  public static class ClaimAfterWin extends Base {

    @Actor
    public void senderA(IIIII_Result r) {
      sendFirst(r);
    }

    @Actor
    public void senderBc(IIIII_Result r) {
      awaitFirst();
      r.r2 = Ops.trySend(b, 2);
      r.r3 = Ops.trySend(c, 3);
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
      release();
      r.r4 = selected;
      r.r5 = next;
      int f = selector.failure();
      if (f != 0) {
        r.r1 = r.r2 = r.r3 = r.r4 = r.r5 = f;
      }
    }
  }

  /**
   * Claim after the owner moved on: as {@link ClaimAfterWin}, but actor 2 also waits until the
   * goroutine is parked in its receive on {@code c} (phase 2), so the stale registration on {@code
   * b}, if the engine left one, meets a wait record that is live again for another operation.
   * {@code trySend(b, 2)} must refuse, and {@code trySend(c, 3)} must reach the parked receive.
   */
  @JCStressTest
  @Outcome(id = "1, -1, 1, 11, 3", expect = ACCEPTABLE, desc = "b refused; 3 received from c.")
  @Outcome(
      id = "1, 1, -1, 11, 2",
      expect = FORBIDDEN,
      desc = "Stale claim: b's value was received as if from c.")
  @Outcome(id = "1, 1, 1, 11, 3", expect = FORBIDDEN, desc = "Lost: b reported sent.")
  @Outcome(
      id = "1, -1, -1, 11, 3",
      expect = FORBIDDEN,
      desc = "c refused a parked receiver (and then delivered).")
  @Outcome(id = "-9, -9, -9, -9, -9", expect = ACCEPTABLE_INTERESTING, desc = "Setup missed.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class ClaimAfterMovedOn extends Base {

    @Actor
    public void senderA(IIIII_Result r) {
      sendFirst(r);
    }

    @Actor
    public void senderBc(IIIII_Result r) {
      // Phase 2 follows only a won select: if trySend(a) failed, the result shows it.
      if (awaitFirst() == 1 && selector.awaitBlocked(2)) {
        r.r2 = Ops.trySend(b, 2);
        r.r3 = Ops.trySend(c, 3);
      }
    }

    @Arbiter
    public void arbiter(IIIII_Result r) {
      release();
      r.r4 = selected;
      r.r5 = next;
      int f = selector.failure();
      if (f != 0) {
        r.r1 = r.r2 = r.r3 = r.r4 = r.r5 = f;
      }
    }
  }
}
