package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Received;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.ErrGroup;
import io.github.go4j.patterns.ErrGroupException;
import io.github.go4j.patterns.FirstOf;
import io.github.go4j.stress.Blocking;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link ErrGroup}, {@link FirstOf}): actions prior to {@code go(task)} or a {@code
 * tryGo(task)} that returns true happen-before the task starts; a task's actions before it throws
 * the group's first exception happen-before another thread observes the group's context done, and
 * before {@code err()} returns that exception there; with a limit, the actions of a task
 * happen-before the {@code go} or successful {@code tryGo} that takes the slot it gave back returns
 * (so tasks serialized by a limit of 1 see each other's writes); the actions of every task
 * happen-before {@code await()} returns. The winning replica's actions before it returned
 * happen-before {@code firstOf} returns its value.
 *
 * <p>Hazard: the first error is recorded after (or without a release before) the cancellation of
 * the context; a slot is given back (the token channel drained) before the task's writes are
 * ordered, or a blocked {@code go} acquires a slot through a path that does not synchronize with
 * the release; a replica's outcome reaches {@code firstOf} without the channel hand-off that
 * carries its writes.
 */
public final class ErrGroupHappensBeforeTest {
  private ErrGroupHappensBeforeTest() {}

  static final RuntimeException BOOM = new RuntimeException("boom", null, false, false) {};

  /** A task fails; another thread waits for the group's context to be done, then reads. */
  @JCStressTest
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Write, err() and cause all seen.")
  @Outcome(
      id = "-1, -1, -1",
      expect = FORBIDDEN,
      desc = "The context was not cancelled within 30 s of the failure.")
  @Outcome(expect = FORBIDDEN, desc = "The observer missed the task's write or the error.")
  @State
  public static class FirstErrorCancelsContext {
    final ErrGroup g = ErrGroup.withContext(Context.background());
    int data;

    @Actor
    public void starter() {
      Blocking.run(
          () ->
              g.go(
                  () -> {
                    data = 1;
                    throw BOOM;
                  }));
    }

    @Actor
    public void observer(III_Result r) {
      Received<?> got = Waits.receive(g.context().done());
      if (got == Waits.TIMED_OUT) {
        r.r1 = r.r2 = r.r3 = -1;
        return;
      }
      r.r1 = data;
      r.r2 = g.err() == BOOM ? 1 : 0;
      r.r3 = Context.cause(g.context()) == BOOM ? 1 : 0;
      try {
        Blocking.run(g::await); // nothing left running
      } catch (ErrGroupException expected) {
        // the group reports BOOM
      }
    }
  }

  /**
   * A task fails on a group without a context (nothing is cancelled, so {@code err()} is the only
   * edge); another thread polls {@code err()} once and, if it returns the task's exception, reads
   * the task's write ({@code r1}; -1 if {@code err()} was still null, {@code r2}: 1 if it was the
   * task's exception). The arbiter's {@code await} waits for the task.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "err() returned the failure: write seen.")
  @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "err() was still null.")
  @Outcome(expect = FORBIDDEN, desc = "err() returned the failure, but the write is not seen.")
  @State
  public static class ErrPublishesTheFailure {
    final ErrGroup g = new ErrGroup();
    int data;

    @Actor
    public void starter() {
      Blocking.run(
          () ->
              g.go(
                  () -> {
                    data = 1;
                    throw BOOM;
                  }));
    }

    @Actor
    public void observer(II_Result r) {
      Throwable e = g.err();
      if (e == null) {
        r.r1 = -1;
        r.r2 = 0;
      } else {
        r.r1 = data;
        r.r2 = e == BOOM ? 1 : 0;
      }
    }

    @Arbiter
    public void arbiter() {
      try {
        Blocking.run(g::await);
      } catch (ErrGroupException expected) {
        // the group reports BOOM
      }
    }
  }

  /**
   * Two actors start one task each on a group limited to 1: the second task runs only after the
   * first gave its slot back, so each sees the other's plain writes; await publishes them.
   */
  @JCStressTest
  @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Serialized: no update lost, no overlap.")
  @Outcome(expect = FORBIDDEN, desc = "Two tasks overlapped or await missed a write.")
  @State
  public static class LimitOneSerializesTasks {
    final ErrGroup g = new ErrGroup();
    int counter;
    int inside;
    int overlap;

    public LimitOneSerializesTasks() {
      g.setLimit(1);
    }

    void task() {
      if (inside != 0) {
        overlap = 1;
      }
      inside = 1;
      counter++;
      inside = 0;
    }

    @Actor
    public void first() {
      Blocking.run(() -> g.go(this::task));
    }

    @Actor
    public void second() {
      Blocking.run(() -> g.go(this::task));
    }

    @Arbiter
    public void check(II_Result r) {
      Blocking.run(g::await);
      r.r1 = counter;
      r.r2 = overlap;
    }
  }

  /**
   * Actions prior to {@code go(task)} and to a {@code tryGo(task)} that returns true happen-before
   * the task starts: each of two actors writes its own field and then starts a task that reads
   * both, one with {@code go}, the other with {@code tryGo} (no limit: it always starts the task,
   * else {@code r3} and {@code r4} are -1). A task must see its starter's write ({@code r1}, {@code
   * r3}); whether it sees the other actor's is a race ({@code r2}, {@code r4}). The arbiter's
   * {@code await} waits for both tasks.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 0, 1, 0", "1, 0, 1, 1", "1, 1, 1, 0", "1, 1, 1, 1"},
      expect = ACCEPTABLE,
      desc = "Each task saw its starter's write.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A task did not see a write made before go or tryGo, or tryGo refused.")
  @State
  public static class GoAndTryGoStart {
    final ErrGroup g = new ErrGroup();
    int x;
    int y;
    int sawX1;
    int sawY1;
    int sawX2 = -1;
    int sawY2 = -1;

    @Actor
    public void goStarter() {
      x = 1;
      Blocking.run(
          () ->
              g.go(
                  () -> {
                    sawX1 = x;
                    sawY1 = y;
                  }));
    }

    @Actor
    public void tryGoStarter() {
      y = 1;
      g.tryGo(
          () -> {
            sawY2 = y;
            sawX2 = x;
          });
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      Blocking.run(g::await);
      r.r1 = sawX1;
      r.r2 = sawY1;
      r.r3 = sawY2;
      r.r4 = sawX2;
    }
  }

  /**
   * As {@link LimitOneSerializesTasks}, with the second task started by a {@code tryGo} that the
   * actor repeats until it succeeds: a successful {@code tryGo} that takes the slot the first task
   * gave back returns after that task's actions, so the second task sees them.
   */
  @JCStressTest
  @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Serialized: no update lost, no overlap.")
  @Outcome(expect = FORBIDDEN, desc = "Two tasks overlapped or await missed a write.")
  @State
  public static class LimitOneGoAndTryGo {
    final ErrGroup g = new ErrGroup();
    int counter;
    int inside;
    int overlap;

    public LimitOneGoAndTryGo() {
      g.setLimit(1);
    }

    void task() {
      if (inside != 0) {
        overlap = 1;
      }
      inside = 1;
      counter++;
      inside = 0;
    }

    @Actor
    public void goStarter() {
      Blocking.run(() -> g.go(this::task));
    }

    @Actor
    public void tryGoStarter() {
      while (!g.tryGo(this::task)) {
        Thread.yield(); // 2 CPUs: let the running task's carrier finish it
      }
    }

    @Arbiter
    public void check(II_Result r) {
      Blocking.run(g::await);
      r.r1 = counter;
      r.r2 = overlap;
    }
  }

  /** A mutable result: its plain field is written by the replica before it returns it. */
  static final class Box {
    int value;
  }

  /** The winner writes plain fields and returns; the caller of firstOf reads them. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The winner's writes are seen.")
  @Outcome(expect = FORBIDDEN, desc = "firstOf returned a value whose writes are not visible.")
  @State
  public static class FirstOfPublishesTheWinner {
    int side;

    @Actor
    public void caller(II_Result r) {
      Box b =
          Blocking.call(
              () ->
                  FirstOf.firstOf(
                      Context.background(),
                      c -> {
                        Box x = new Box();
                        x.value = 1;
                        side = 2;
                        return x;
                      },
                      c -> {
                        Box x = new Box();
                        x.value = 1;
                        side = 2;
                        return x;
                      }));
      r.r1 = b.value;
      r.r2 = side;
    }
  }
}
