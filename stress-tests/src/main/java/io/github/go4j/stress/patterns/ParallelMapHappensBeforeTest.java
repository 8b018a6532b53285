package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.context.Context;
import io.github.go4j.patterns.ParallelMap;
import io.github.go4j.patterns.PipelineException;
import io.github.go4j.stress.Blocking;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link ParallelMap}): actions in the calling thread prior to {@code parallelMap}
 * happen-before every call of the function; the actions of every call happen-before {@code
 * parallelMap} returns or throws.
 *
 * <p>Hazard: the calls run on goroutines started by the caller and joined with a {@code WaitGroup};
 * the results travel in a shared array, and the failure in an atomic. Writes of the function into
 * other plain fields are ordered before the caller's return only by the join: a join that returns
 * before a goroutine's last call has finished (or a failure that wakes the caller before the other
 * calls are joined) breaks the claim. The results themselves are not used as the carrier here: the
 * functions write fields the result does not reach.
 *
 * <p>The writes are to plain fields: on x86 (TSO) a missing edge rarely shows as a stale read; the
 * tests catch it with certainty only on weak-memory CPUs (ARM, POWER), and on x86 when the compiler
 * reorders or hoists the reads.
 */
public final class ParallelMapHappensBeforeTest {
  private ParallelMapHappensBeforeTest() {}

  static final List<Integer> FOUR = List.of(0, 1, 2, 3);
  static final List<Integer> TWO = List.of(0, 1);

  /** What the failing call throws: shared, without a stack trace, so a sample stays cheap. */
  static final RuntimeException FAIL =
      new RuntimeException("fn failed", null, false, false) {
        private static final long serialVersionUID = 1L;
      };

  /**
   * Four inputs on two goroutines: every call reads the caller's write and writes its own slot of a
   * side array (not its result); after {@code parallelMap} returns the caller reads them all.
   */
  @JCStressTest
  @Outcome(
      id = "4, 4",
      expect = ACCEPTABLE,
      desc = "Every call saw the caller's write; the caller saw every call's write.")
  @Outcome(expect = FORBIDDEN, desc = "A call or the returning caller missed a write.")
  @State
  public static class Returns {
    int x;
    final int[] seen = new int[4];
    final int[] side = new int[4];

    @Actor
    public void caller(II_Result r) {
      x = 1;
      List<Integer> out =
          Blocking.call(
              () ->
                  ParallelMap.parallelMap(
                      Context.background(),
                      FOUR,
                      i -> {
                        seen[i] = x;
                        side[i] = i + 1;
                        return i;
                      },
                      2));
      int saw = 0;
      int wrote = 0;
      for (int i = 0; i < 4; i++) {
        saw += seen[i];
        wrote += side[i] == i + 1 && out.get(i) == i ? 1 : 0;
      }
      r.r1 = saw;
      r.r2 = wrote;
    }
  }

  /**
   * Two inputs on two goroutines: the call on input 0 writes a field and returns; the call on input
   * 1 copies the caller's write and throws. Both always run (no failure can stop input 1 from being
   * claimed), on one goroutine or on two: then the failure may be recorded while input 0 is still
   * running, and {@code parallelMap} must still wait for it before it throws.
   */
  @JCStressTest
  @Outcome(id = "5, 2", expect = ACCEPTABLE, desc = "Threw; both calls' writes are visible.")
  @Outcome(id = "-2, -2", expect = FORBIDDEN, desc = "Returned although a call threw.")
  @Outcome(expect = FORBIDDEN, desc = "A call or the caller after the throw missed a write.")
  @State
  public static class Throws {
    int x;
    int fromFailed;
    int fromOther;

    @Actor
    public void caller(II_Result r) {
      x = 5;
      try {
        Blocking.call(
            () ->
                ParallelMap.parallelMap(
                    Context.background(),
                    TWO,
                    i -> {
                      if (i == 1) {
                        fromFailed = x;
                        throw FAIL;
                      }
                      fromOther = 2;
                      return i;
                    },
                    2));
        r.r1 = -2;
        r.r2 = -2;
      } catch (PipelineException e) {
        if (e.getCause() != FAIL) {
          throw e;
        }
        r.r1 = fromFailed;
        r.r2 = fromOther;
      }
    }
  }
}
