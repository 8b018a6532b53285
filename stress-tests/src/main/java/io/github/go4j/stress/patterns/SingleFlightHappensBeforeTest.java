package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.patterns.SingleFlight;
import io.github.go4j.stress.Blocking;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link SingleFlight}): actions of the function happen-before every caller of that call
 * obtains its result ({@code doCall} returns, or the result is received from the {@code doChan}
 * channel); the shared flags agree (both callers shared one call, or neither did); actions of the
 * leader prior to {@code doChan} (or {@code doCall}) happen-before its function runs.
 *
 * <p>Hazard: a duplicate reads the outcome from plain fields of the call object, written by the
 * leader; only the WaitGroup release (doCall) or the channel send (doChan) orders those writes and
 * the function's own before the duplicate's reads. A duplicate that joins a call already finishing
 * must not wait for it (it would see no release) nor get its outcome half-published.
 */
public final class SingleFlightHappensBeforeTest {
  private SingleFlightHappensBeforeTest() {}

  /** What a function wrote with plain stores, beyond its return value. */
  static final class Box {
    int written;
  }

  /** Two callers for one key, each with its own function writing its own box. */
  static final class Pair {
    final SingleFlight<String, Box> g = new SingleFlight<>();
    final Box a = new Box();
    final Box b = new Box();

    Box fnA() {
      a.written = 7;
      return a;
    }

    Box fnB() {
      b.written = 7;
      return b;
    }

    static void record(SingleFlight.Result<Box> res, int[] out) {
      if (res == null) { // lost: Waits.receive timed out
        out[0] = -2;
        out[1] = -2;
        return;
      }
      out[0] = res.value() == null ? -1 : res.value().written;
      out[1] = res.shared() ? 1 : 0;
    }
  }

  /** {@code doCall} on both sides: the duplicate waits on the call's WaitGroup. */
  @JCStressTest
  @Outcome(id = "7, 7, 0, 0", expect = ACCEPTABLE, desc = "Two calls, one after the other.")
  @Outcome(id = "7, 7, 1, 1", expect = ACCEPTABLE, desc = "One call, shared: writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "A write of the function was missed, or the flags disagree.")
  @State
  public static class DoCall {
    final Pair p = new Pair();

    @Actor
    public void first(IIII_Result r) {
      int[] out = new int[2];
      Pair.record(Blocking.call(() -> p.g.doCall("k", p::fnA)), out);
      r.r1 = out[0];
      r.r3 = out[1];
    }

    @Actor
    public void second(IIII_Result r) {
      int[] out = new int[2];
      Pair.record(Blocking.call(() -> p.g.doCall("k", p::fnB)), out);
      r.r2 = out[0];
      r.r4 = out[1];
    }
  }

  /** {@code doChan} on both sides: the functions run in goroutines, results come on channels. */
  @JCStressTest
  @Outcome(id = "7, 7, 0, 0", expect = ACCEPTABLE, desc = "Two calls, one after the other.")
  @Outcome(id = "7, 7, 1, 1", expect = ACCEPTABLE, desc = "One call, shared: writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "A write of the function was missed, or the flags disagree.")
  @State
  public static class DoChan {
    final Pair p = new Pair();

    @Actor
    public void first(IIII_Result r) {
      int[] out = new int[2];
      Pair.record(Waits.receive(p.g.doChan("k", p::fnA)).value(), out);
      r.r1 = out[0];
      r.r3 = out[1];
    }

    @Actor
    public void second(IIII_Result r) {
      int[] out = new int[2];
      Pair.record(Waits.receive(p.g.doChan("k", p::fnB)).value(), out);
      r.r2 = out[0];
      r.r4 = out[1];
    }
  }

  /** A leader with {@code doCall}, a duplicate with {@code doChan} (and the other way round). */
  @JCStressTest
  @Outcome(id = "7, 7, 0, 0", expect = ACCEPTABLE, desc = "Two calls, one after the other.")
  @Outcome(id = "7, 7, 1, 1", expect = ACCEPTABLE, desc = "One call, shared: writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "A write of the function was missed, or the flags disagree.")
  @State
  public static class DoCallAndDoChan {
    final Pair p = new Pair();

    @Actor
    public void first(IIII_Result r) {
      int[] out = new int[2];
      Pair.record(Blocking.call(() -> p.g.doCall("k", p::fnA)), out);
      r.r1 = out[0];
      r.r3 = out[1];
    }

    @Actor
    public void second(IIII_Result r) {
      int[] out = new int[2];
      Pair.record(Waits.receive(p.g.doChan("k", p::fnB)).value(), out);
      r.r2 = out[0];
      r.r4 = out[1];
    }
  }

  /**
   * Actions of the leader prior to {@code doChan} happen-before its function runs, on the new
   * goroutine {@code doChan} starts for it. Each of two actors writes its own field and calls
   * {@code doChan} for one key with a function that reads that field; only the leader's function
   * runs (or both, one call after the other), and each actor, once it has received its result,
   * reads what its own function saw: its own write (1), or -1 if it joined the other's call. (With
   * {@code doCall} the leader runs its function on its own thread: program order.)
   */
  @JCStressTest
  @Outcome(
      id = {"1, -1", "-1, 1", "1, 1"},
      expect = ACCEPTABLE,
      desc = "Each function that ran saw its leader's write.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "No function ran.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A function missed its leader's write (-2: no result within 30 s).")
  @State
  public static class LeaderWritesBeforeDoChan {
    final SingleFlight<String, Box> g = new SingleFlight<>();
    int beforeA;
    int beforeB;
    int fnASaw = -1;
    int fnBSaw = -1;

    @Actor
    public void first(II_Result r) {
      beforeA = 1;
      r.r1 = lost(g.doChan("k", this::fnA)) ? -2 : fnASaw;
    }

    @Actor
    public void second(II_Result r) {
      beforeB = 1;
      r.r2 = lost(g.doChan("k", this::fnB)) ? -2 : fnBSaw;
    }

    Box fnA() {
      fnASaw = beforeA;
      return null;
    }

    Box fnB() {
      fnBSaw = beforeB;
      return null;
    }
  }

  /** Receives a {@code doChan} result; true if it was lost (none within {@link Waits#LOST}). */
  static boolean lost(ReceiveChannel<?> ch) {
    Received<?> got = Waits.receive(ch);
    return got == Waits.TIMED_OUT;
  }
}
