package io.github.go4j.stress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.context.CancelCauseContext;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.stress.Blocking;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Context}): if {@code err()} returns non-null, {@code done()} is already closed, and
 * once a receive observes {@code done()} closed, {@code err()} returns non-null (Go issue 75533);
 * the first cancellation wins: {@code err()} and the cause never change afterwards.
 *
 * <p>Hazard: cancellation writes {@code err}, then closes {@code done}; a reader of {@code err} in
 * between must not report "done" while {@code done} is still open ({@code err()} waits on the lock
 * in that window), and a receiver that sees {@code done} closed must find {@code err} already set.
 * Racing cancellations (a parent's and the child's own, or a cancel and the deadline timer) must
 * not overwrite each other's error or cause.
 */
public final class ErrDoneConsistencyTest {
  private ErrDoneConsistencyTest() {}

  static final RuntimeException PARENT_CAUSE = new RuntimeException("parent");
  static final RuntimeException CHILD_CAUSE = new RuntimeException("child");

  /**
   * {@code r1} = {@code err()} non-null, then {@code r2} = {@code done()} observed closed by {@code
   * tryReceive}; the done channel exists before the cancel (so the close is a real one).
   */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "0, 1", "1, 1"},
      expect = ACCEPTABLE,
      desc = "Consistent.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "err() non-null while done() still open.")
  @State
  public static class ErrImpliesDoneClosed {
    final CancelableContext ctx = Context.withCancel(Context.background());

    public ErrImpliesDoneClosed() {
      ctx.done();
    }

    @Actor
    public void canceller() {
      ctx.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      r.r1 = ctx.err() != null ? 1 : 0;
      r.r2 = ctx.done().tryReceive().isPresent() ? 1 : 0;
    }
  }

  /** {@code r1} = {@code done()} observed closed, then {@code r2} = {@code err()} non-null. */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "0, 1", "1, 1"},
      expect = ACCEPTABLE,
      desc = "Consistent.")
  @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "done() closed, but err() still null.")
  @State
  public static class DoneClosedImpliesErr {
    final CancelableContext ctx = Context.withCancel(Context.background());

    public DoneClosedImpliesErr() {
      ctx.done();
    }

    @Actor
    public void canceller() {
      ctx.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      r.r1 = ctx.done().tryReceive().isPresent() ? 1 : 0;
      r.r2 = ctx.err() != null ? 1 : 0;
    }
  }

  /** Both directions on a child canceled by its parent: {@code r1, r2} as above, then reversed. */
  @JCStressTest
  @Outcome(
      id = {"0, 0, 0, 0", "0, 0, 0, 1", "0, 0, 1, 1", "0, 1, 1, 1", "1, 1, 1, 1"},
      expect = ACCEPTABLE,
      desc = "Consistent.")
  @Outcome(expect = FORBIDDEN, desc = "err() and done() disagree, or a cancellation reverted.")
  @State
  public static class Descendant {
    final CancelableContext parent = Context.withCancel(Context.background());
    final Context child = Context.withCancel(parent);

    public Descendant() {
      child.done();
    }

    @Actor
    public void canceller() {
      parent.cancel();
    }

    @Actor
    public void observer(IIII_Result r) {
      r.r1 = child.err() != null ? 1 : 0;
      r.r2 = child.done().tryReceive().isPresent() ? 1 : 0;
      r.r3 = child.done().tryReceive().isPresent() ? 1 : 0;
      r.r4 = child.err() != null ? 1 : 0;
    }
  }

  /**
   * The parent's {@code cancel(PARENT_CAUSE)} races the child's own {@code cancel(CHILD_CAUSE)}.
   * The observer reads the child's cause before ({@code r1}) and after ({@code r2}) its cancel, the
   * arbiter reads it again ({@code r3}) and the parent's ({@code r4}). Codes: 0 = null, 1 = the
   * parent's cause, 2 = the child's. Whichever cause the child got first, it keeps.
   */
  @JCStressTest
  @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "The parent's cancel came first.")
  @Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "The parent's, between the reads.")
  @Outcome(id = "0, 2, 2, 1", expect = ACCEPTABLE, desc = "The child's own cancel came first.")
  @Outcome(expect = FORBIDDEN, desc = "A cause changed after it was seen, or went missing.")
  @State
  public static class CauseNeverChanges {
    final CancelCauseContext parent = Context.withCancelCause(Context.background());
    final CancelCauseContext child = Context.withCancelCause(parent);

    static int code(Context c) {
      Throwable t = Context.cause(c);
      return t == null ? 0 : t == PARENT_CAUSE ? 1 : t == CHILD_CAUSE ? 2 : -1;
    }

    @Actor
    public void parentCanceller() {
      parent.cancel(PARENT_CAUSE);
    }

    @Actor
    public void childCanceller(IIII_Result r) {
      r.r1 = code(child);
      child.cancel(CHILD_CAUSE);
      r.r2 = code(child);
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r3 = code(child);
      r.r4 = code(parent);
    }
  }

  /**
   * {@code cancel()} races the deadline timer (due 0-50 µs after creation): the observer's {@code
   * err()} ({@code r1}; 0 = null, 1 = CANCELED, 2 = DEADLINE_EXCEEDED), once non-null, is the final
   * one ({@code r2}, read by the arbiter after waiting for {@code done()}; -9 if the cause is not
   * that same error).
   */
  @JCStressTest
  @Outcome(
      id = {"0, 1", "0, 2", "1, 1", "2, 2"},
      expect = ACCEPTABLE,
      desc = "err() never changed once set.")
  @Outcome(
      id = {"1, 2", "2, 1"},
      expect = FORBIDDEN,
      desc = "err() changed after it was seen.")
  @Outcome(expect = FORBIDDEN, desc = "Something else.")
  @State
  public static class ErrNeverChanges {
    final CancelableContext ctx =
        Context.withTimeout(
            Context.background(), Duration.ofNanos(ThreadLocalRandom.current().nextLong(50_000)));

    static int code(Context c) {
      Object e = c.err();
      return e == null ? 0 : e == Context.CANCELED ? 1 : e == Context.DEADLINE_EXCEEDED ? 2 : -1;
    }

    @Actor
    public void canceller() {
      ctx.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      r.r1 = code(ctx);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Blocking.run(() -> ctx.done().receive());
      int e = code(ctx);
      r.r2 = Context.cause(ctx) == ctx.err() ? e : -9; // no cause given: the cause is err()
    }
  }
}
