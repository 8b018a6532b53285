package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.FirstOf;
import io.github.go4j.patterns.FirstOfException;
import io.github.go4j.stress.Blocking;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link FirstOf}): actions prior to {@code firstOf} happen-before each replica starts; the
 * actions of each failed replica before it threw happen-before {@code firstOf} throws the {@link
 * FirstOfException}; the cancellation of the replicas' context happens-before a loser observes it
 * done. (The winner's edge is {@code ErrGroupHappensBeforeTest.FirstOfPublishesTheWinner}.)
 *
 * <p>Hazard: each replica runs on a goroutine of its own and hands its outcome to {@code firstOf}
 * through a channel with a slot per replica; the replicas' other writes go into plain fields that
 * only those hand-offs order. A replica started without the caller's edge, a failure counted
 * without receiving its outcome from the channel (a counter or a flag read racily), or a child
 * context cancelled before {@code firstOf} took the winner's outcome breaks a claim.
 */
public final class FirstOfHappensBeforeTest {
  private FirstOfHappensBeforeTest() {}

  /** What a failing replica throws: shared, without a stack trace, so a sample stays cheap. */
  static final RuntimeException FAIL =
      new RuntimeException("replica failed", null, false, false) {
        private static final long serialVersionUID = 1L;
      };

  /**
   * The caller writes, then runs two replicas that both read that write, write their own field and
   * throw; in the {@code catch} of the {@link FirstOfException} it reads what each replica saw
   * ({@code r1}, {@code r3}) and wrote ({@code r2}, {@code r4}).
   */
  @JCStressTest
  @Outcome(
      id = "1, 2, 1, 2",
      expect = ACCEPTABLE,
      desc = "Both replicas saw the caller's write; the caller saw both replicas' writes.")
  @Outcome(
      id = "-1, -1, -1, -1",
      expect = FORBIDDEN,
      desc = "firstOf did not throw FirstOfException.")
  @Outcome(expect = FORBIDDEN, desc = "A replica or the caller missed a write.")
  @State
  public static class AllReplicasFail {
    int before;
    int saw1 = -1;
    int wrote1;
    int saw2 = -1;
    int wrote2;

    @Actor
    public void caller(IIII_Result r) {
      before = 1;
      try {
        Blocking.call(
            () ->
                FirstOf.<Object>firstOf(
                    Context.background(),
                    c -> {
                      saw1 = before;
                      wrote1 = 2;
                      throw FAIL;
                    },
                    c -> {
                      saw2 = before;
                      wrote2 = 2;
                      throw FAIL;
                    }));
        r.r1 = r.r2 = r.r3 = r.r4 = -1;
      } catch (FirstOfException e) {
        r.r1 = saw1;
        r.r2 = wrote1;
        r.r3 = saw2;
        r.r4 = wrote2;
      }
    }
  }

  /** The winner's value. */
  static final Object WON = new Object();

  /**
   * Replica 1 writes and returns (it always wins: replica 2 only throws). Replica 2 waits until it
   * observes its context done (cancelled by {@code firstOf} after it took the winner's outcome) and
   * then reads the winner's write, which reaches it only through that chain; it reports what it
   * read on a one-slot channel ({@code r2}; -1 if its context was not done within {@link
   * Waits#LOST}). {@code r1}: firstOf returned the winner's value.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The loser saw the winner's write.")
  @Outcome(
      id = {"1, -1", "1, -2"},
      expect = FORBIDDEN,
      desc = "The loser's context was not cancelled, or it did not report, within 30 s.")
  @Outcome(expect = FORBIDDEN, desc = "The loser observed the cancellation but missed the write.")
  @State
  public static class LoserObservesCancellation {
    final Channel<Integer> loserSaw = Channel.make(1);
    int won;

    @Actor
    public void caller(II_Result r) {
      Object v =
          Blocking.call(
              () ->
                  FirstOf.<Object>firstOf(
                      Context.background(),
                      c -> {
                        won = 1;
                        return WON;
                      },
                      c -> {
                        Received<?> done = Waits.receive(c.done());
                        loserSaw.trySend(done == Waits.TIMED_OUT ? -1 : won);
                        throw FAIL;
                      }));
      r.r1 = v == WON ? 1 : 0;
      Received<?> saw = Waits.receive(loserSaw);
      r.r2 = saw == Waits.TIMED_OUT ? -2 : (Integer) saw.value();
    }
  }
}
