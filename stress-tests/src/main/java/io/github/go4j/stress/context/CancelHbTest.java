package io.github.go4j.stress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.context.AfterFuncHandle;
import io.github.go4j.context.CancelCauseContext;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claims (Context Javadoc): actions before {@code cancel()} happen-before another thread observes
 * the cancellation of that context or of a descendant it cancelled — {@code done()} seen closed,
 * {@code err()} non-null, {@code Context.cause} non-null; {@code err()} is non-null only once
 * {@code done()} is closed; actions before {@code afterFunc(ctx, f)} and before the cancellation
 * happen-before {@code f} starts, and {@code stop() == true} means {@code f} does not run.
 *
 * <p>Hazards: a cancellation flag published before (or without) the canceller's writes; err set on
 * a child before its done channel closes (Go issue 75533); an afterFunc started without the
 * registration's or the canceller's writes; a stopped afterFunc that still runs.
 */
public final class CancelHbTest {
  private CancelHbTest() {}

  /** Observing err() non-null publishes the canceller's writes. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Cancelled, write visible.")
  @Outcome(id = "-1", expect = ACCEPTABLE_INTERESTING, desc = "Not cancelled yet.")
  @Outcome(expect = FORBIDDEN, desc = "err() non-null but the canceller's write is not visible.")
  @State
  public static class Err {
    final CancelableContext ctx = Context.withCancel(Context.background());
    int x;

    @Actor
    public void canceller() {
      x = 1;
      ctx.cancel();
    }

    @Actor
    public void observer(I_Result r) {
      r.r1 = ctx.err() != null ? x : -1;
    }
  }

  /** done() of a descendant seen closed publishes the canceller's writes. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Child done, write visible.")
  @Outcome(id = "-1", expect = ACCEPTABLE_INTERESTING, desc = "Not cancelled yet.")
  @Outcome(expect = FORBIDDEN, desc = "child.done() closed but the canceller's write not visible.")
  @State
  public static class DescendantDone {
    final CancelableContext parent = Context.withCancel(Context.background());
    final CancelableContext child = Context.withCancel(parent);
    int x;

    @Actor
    public void canceller() {
      x = 1;
      parent.cancel();
    }

    @Actor
    public void observer(I_Result r) {
      r.r1 = child.done().tryReceive().isPresent() ? x : -1;
    }
  }

  /** Context.cause non-null publishes the canceller's writes. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Cause seen, write visible.")
  @Outcome(id = "-1", expect = ACCEPTABLE_INTERESTING, desc = "Not cancelled yet.")
  @Outcome(expect = FORBIDDEN, desc = "cause non-null but the canceller's write not visible.")
  @State
  public static class Cause {
    final CancelCauseContext ctx = Context.withCancelCause(Context.background());
    int x;

    @Actor
    public void canceller() {
      x = 1;
      ctx.cancel(new IllegalStateException("boom"));
    }

    @Actor
    public void observer(I_Result r) {
      r.r1 = Context.cause(ctx) != null ? x : -1;
    }
  }

  /** err() non-null implies done() closed (read in that order); never err without done. */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "0, 1", "1, 1"},
      expect = ACCEPTABLE,
      desc = "Consistent.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "err() non-null while done() not closed.")
  @State
  public static class ErrImpliesDone {
    final CancelableContext parent = Context.withCancel(Context.background());
    final CancelableContext child = Context.withCancel(parent);

    @Actor
    public void canceller() {
      parent.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      r.r1 = child.err() != null ? 1 : 0;
      r.r2 = child.done().tryReceive().isPresent() ? 1 : 0;
    }
  }

  /**
   * An afterFunc sees the writes made before its registration and before the cancellation; a stop()
   * that returns true means it never ran. r1: what f saw (-1: f did not run), r2: stop().
   */
  @JCStressTest
  @Outcome(id = "3, 0", expect = ACCEPTABLE, desc = "f ran, saw both writes; stop came late.")
  @Outcome(id = "-1, 1", expect = ACCEPTABLE, desc = "stop() prevented f.")
  @Outcome(expect = FORBIDDEN, desc = "f missed a write, or ran although stop() returned true.")
  @State
  public static class AfterFunc {
    final CancelableContext ctx = Context.withCancel(Context.background());
    final CountDownLatch ran = new CountDownLatch(1);
    int registered;
    int cancelled;
    volatile int seen = -1;
    AfterFuncHandle handle;

    {
      registered = 1;
      handle =
          Context.afterFunc(
              ctx,
              () -> {
                seen = registered + 2 * cancelled;
                ran.countDown();
              });
    }

    @Actor
    public void canceller() {
      cancelled = 1;
      ctx.cancel();
    }

    @Actor
    public void stopper(II_Result r) {
      r.r2 = handle.stop() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(II_Result r) {
      if (r.r2 == 0) { // f was not stopped: it runs (or ran) after the cancel
        try {
          ran.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      r.r1 = seen;
    }
  }
}
