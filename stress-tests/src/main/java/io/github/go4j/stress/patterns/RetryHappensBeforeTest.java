package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Retry;
import io.github.go4j.patterns.RetryException;
import io.github.go4j.stress.Blocking;
import java.util.function.IntSupplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claim ({@link Retry}): actions prior to {@code call} happen-before the first attempt; actions of
 * an attempt happen-before the next attempt and before {@code call} returns or throws its outcome,
 * for every caller sharing a keyed sequence.
 *
 * <p>Hazard: a keyed sequence runs its attempts on a goroutine of its own (a {@code SingleFlight}'s
 * {@code doChan}), started by whichever caller got there first, and every caller gets the outcome
 * from its own channel; the attempts' writes go into plain fields that no channel carries. A
 * sequence started without the starter's edge, or an outcome (here a {@link RetryException} copied
 * for each caller) handed over without the edge of the last attempt's end, breaks the claim.
 *
 * <p>No real time: the sleeper returns a channel that is already closed, so the wait between two
 * attempts ends at once. Each sequence makes two attempts, both fail; a code {@code 100 * a + 10 *
 * b + c} sums up what a caller saw of the sequence that produced its outcome: {@code a}, what the
 * first attempt read of its starter's write before {@code call}; {@code b}, what the second attempt
 * read of the first one's write; {@code c}, the second (last) attempt's own write. {@code 112}: all
 * seen.
 */
public final class RetryHappensBeforeTest {
  private RetryHappensBeforeTest() {}

  /** A channel that is already closed: the wait between attempts ends at once. */
  static final Channel<Unit> NOW = closed();

  static Channel<Unit> closed() {
    Channel<Unit> c = Channel.make();
    c.close();
    return c;
  }

  /** Two attempts, no jitter, no real timer. */
  static Retry twoAttempts() {
    return Retry.builder().maxAttempts(2).jitter(0).sleeper(d -> NOW).build();
  }

  /** What an attempt throws: one per sequence, so that an outcome names its sequence. */
  static RuntimeException failure(String name) {
    return new RuntimeException(name, null, false, false) {
      private static final long serialVersionUID = 1L;
    };
  }

  static final RuntimeException FAIL_A = failure("sequence A failed");
  static final RuntimeException FAIL_B = failure("sequence B failed");

  /** One sequence's attempts and what they saw; written only by that sequence's attempts. */
  static final class Sequence {
    final RuntimeException fail;
    int attempts;
    int sawBeforeCall = -1;
    int fromFirst;
    int secondSawFirst = -1;
    int fromSecond;

    Sequence(RuntimeException fail) {
      this.fail = fail;
    }

    /** One attempt; {@code beforeCall} reads the starter's write made before {@code call}. */
    Object attempt(IntSupplier beforeCall) {
      if (++attempts == 1) {
        sawBeforeCall = beforeCall.getAsInt();
        fromFirst = 1;
      } else {
        secondSawFirst = fromFirst;
        fromSecond = 2;
      }
      throw fail;
    }

    int code() {
      return 100 * sawBeforeCall + 10 * secondSawFirst + fromSecond;
    }
  }

  /**
   * Two callers share a keyed sequence (or, if one comes after the other's ended, run one each).
   * Each writes its own field, calls, and from the {@link RetryException} it gets (whose cause
   * names the sequence) reads that sequence's fields: the starter's write seen by the first
   * attempt, the first attempt's write seen by the second, the second's own write; plus 1000 if it
   * got the other caller's sequence (it joined it).
   */
  @JCStressTest
  @Outcome(
      id = "112, 112",
      expect = ACCEPTABLE,
      desc = "One sequence each, one after the other: every write seen.")
  @Outcome(
      id = {"112, 1112", "1112, 112"},
      expect = ACCEPTABLE,
      desc = "One shared sequence: both callers saw every write of it.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "An attempt or a caller missed a write (-1: no RetryException of a sequence).")
  @State
  public static class KeyedSequenceShared {
    final Retry retry = twoAttempts();
    final Sequence a = new Sequence(FAIL_A);
    final Sequence b = new Sequence(FAIL_B);
    int beforeA;
    int beforeB;

    int call(Sequence mine, IntSupplier beforeCall) {
      try {
        Blocking.call(() -> retry.call(Context.background(), this, c -> mine.attempt(beforeCall)));
        return -1;
      } catch (RetryException e) {
        Sequence s = e.getCause() == FAIL_A ? a : e.getCause() == FAIL_B ? b : null;
        return s == null ? -1 : s.code() + (s == mine ? 0 : 1000); // 1000: joined the other's
      }
    }

    @Actor
    public void callerA(II_Result r) {
      beforeA = 1;
      r.r1 = call(a, () -> beforeA); // sequence a runs only if A started it
    }

    @Actor
    public void callerB(II_Result r) {
      beforeB = 1;
      r.r2 = call(b, () -> beforeB);
    }
  }

  /**
   * Without a key the attempts run on the caller's thread: the same two-attempt sequence, one
   * caller, and its outcome read after {@code call} threw.
   */
  @JCStressTest
  @Outcome(id = "112", expect = ACCEPTABLE, desc = "Every write of the sequence seen.")
  @Outcome(expect = FORBIDDEN, desc = "An attempt or the caller missed a write.")
  @State
  public static class Unkeyed {
    final Retry retry = twoAttempts();
    final Sequence s = new Sequence(FAIL_A);
    int before;

    @Actor
    public void caller(I_Result r) {
      before = 1;
      try {
        Blocking.call(() -> retry.call(Context.background(), c -> s.attempt(() -> before)));
        r.r1 = -1;
      } catch (RetryException e) {
        r.r1 = e.getCause() == FAIL_A ? s.code() : -1;
      }
    }
  }
}
