package io.github.go4j.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.Go;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Claim ({@link Go#go}): actions in a thread prior to {@code go(task)} happen-before the task
 * starts.
 *
 * <p>Each of two actors writes two fields and starts a goroutine that reads them (and, racily, the
 * other actor's); the arbiter joins both goroutines. A goroutine must see its starter's writes.
 *
 * <p>Hazard: a goroutine started through a path without {@code Thread.start}'s edge (a task handed
 * to a pooled carrier or queue through a racy field, a lazily started virtual thread).
 */
public final class GoHappensBeforeTest {
  private GoHappensBeforeTest() {}

  /** Two starters, two goroutines; {@code r1, r2} and {@code r3, r4} are what each task saw. */
  @JCStressTest
  @Outcome(id = "1, 2, 3, 4", expect = ACCEPTABLE, desc = "Each task saw its starter's writes.")
  @Outcome(expect = FORBIDDEN, desc = "A task missed a write made before go(task).")
  @State
  public static class Start {
    int a;
    int b;
    int c;
    int d;
    Thread t1;
    Thread t2;
    int sawA = -1;
    int sawB = -1;
    int sawC = -1;
    int sawD = -1;

    @Actor
    public void starter1() {
      a = 1;
      b = 2;
      t1 =
          Go.go(
              () -> {
                sawA = a;
                sawB = b;
              });
    }

    @Actor
    public void starter2() {
      c = 3;
      d = 4;
      t2 =
          Go.go(
              () -> {
                sawC = c;
                sawD = d;
              });
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      Ops.join(t1);
      Ops.join(t2);
      r.r1 = sawA;
      r.r2 = sawB;
      r.r3 = sawC;
      r.r4 = sawD;
    }
  }
}
