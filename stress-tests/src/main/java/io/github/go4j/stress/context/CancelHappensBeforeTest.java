package io.github.go4j.stress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelCauseContext;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Context}, {@link CancelableContext}, {@link CancelCauseContext}): actions in a
 * thread prior to canceling a context (for an expired deadline: prior to creating the context)
 * happen-before actions in another thread after it observes that context or a descendant canceled
 * as a result: a receive from {@code done()} (or a select case on it) that observes the channel
 * closed, {@code err()} returning non-null, or {@code Context.cause} returning non-null.
 *
 * <p>Hazard: {@code err} and {@code cause} are read without the context's lock ({@code err} is
 * volatile, {@code cause} plain and written before it); {@code done} is created lazily and, for a
 * context canceled before anyone asked for it, replaced by a shared closed channel. A store order
 * or publication mistake in any of these (the cause written after {@code err}, {@code done} swapped
 * to the closed channel with a plain store, a descendant canceled through a detached child list
 * without publishing the canceller's writes) would let an observer see the context done and still
 * read stale data.
 */
public final class CancelHappensBeforeTest {
  private CancelHappensBeforeTest() {}

  /** The cause given to {@code cancel(cause)}. */
  static final RuntimeException CAUSE = new RuntimeException("cause");

  /** A blocking receive on {@code done()} (created with the state) woken by its close. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Saw done closed: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Saw done closed, but a write before cancel() is not seen.")
  @State
  public static class DoneReceive {
    final CancelableContext ctx = Context.withCancel(Context.background());
    int x;
    int y;

    public DoneReceive() {
      ctx.done();
    }

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      ctx.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      Received<Unit> got = Blocking.call(() -> ctx.done().receiveOk());
      r.r1 = got.ok() ? -2 : x;
      r.r2 = got.ok() ? -2 : y;
    }
  }

  /**
   * {@code done()} asked for only by the observer, racing the cancellation: it gets a fresh channel
   * (closed later by cancel), or the shared closed channel installed by cancel; a {@code
   * tryReceive} that sees it closed must see the writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Saw done closed: writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "Looked before the cancel.")
  @Outcome(expect = FORBIDDEN, desc = "Saw done closed, but a write before cancel() is not seen.")
  @State
  public static class LazyDoneTryReceive {
    final CancelableContext ctx = Context.withCancel(Context.background());
    int x;
    int y;

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      ctx.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      if (ctx.done().tryReceive().isPresent()) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /** {@code err()} returning non-null. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "err() non-null: writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "err() was null: not yet.")
  @Outcome(expect = FORBIDDEN, desc = "err() non-null, but a write before cancel() is not seen.")
  @State
  public static class Err {
    final CancelableContext ctx = Context.withCancel(Context.background());
    int x;
    int y;

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      ctx.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      if (ctx.err() != null) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /**
   * {@code Context.cause} returning non-null after {@code cancel(CAUSE)}: the writes and the cause
   * itself ({@code r3} = 1) are visible.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Saw the cause: writes visible.")
  @Outcome(id = "-1, -1, 0", expect = ACCEPTABLE_INTERESTING, desc = "cause was null: not yet.")
  @Outcome(expect = FORBIDDEN, desc = "Saw a cause, but not CAUSE or not the writes.")
  @State
  public static class Cause {
    final CancelCauseContext ctx = Context.withCancelCause(Context.background());
    int x;
    int y;

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      ctx.cancel(CAUSE);
    }

    @Actor
    public void observer(III_Result r) {
      r.r3 = causeCode(ctx);
      r.r1 = r.r3 == 0 ? Ops.NOT_READY : x;
      r.r2 = r.r3 == 0 ? Ops.NOT_READY : y;
    }
  }

  /**
   * A grandchild's {@code done()} in a blocking select (with a never-ready case), woken when the
   * canceller cancels the root: the cancellation reaches it through the detached child lists.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Descendant done: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Descendant done, but a write before cancel() is not seen.")
  @State
  public static class DescendantDoneSelect {
    final CancelableContext root = Context.withCancel(Context.background());
    final Context grandchild = Context.withCancel(Context.withCancel(root));
    final Channel<Unit> never = Channel.make();
    int x;
    int y;

    public DescendantDoneSelect() {
      grandchild.done();
    }

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      root.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      int which =
          Ops.select(
              grandchild.done().onReceiveOk((v, ok) -> ok ? -2 : 1), never.onReceive(v -> -3));
      r.r1 = which == 1 ? x : which;
      r.r2 = which == 1 ? y : which;
    }
  }

  /** A child's {@code err()} non-null after the parent's cancel. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Child err() non-null: writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "err() was null: not yet.")
  @Outcome(expect = FORBIDDEN, desc = "Child err() non-null, but a write is not seen.")
  @State
  public static class DescendantErr {
    final CancelableContext parent = Context.withCancel(Context.background());
    final Context child = Context.withCancel(parent);
    int x;
    int y;

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      parent.cancel();
    }

    @Actor
    public void observer(II_Result r) {
      if (child.err() != null) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      }
    }
  }

  /**
   * A child's {@code Context.cause} after the parent's {@code cancel(CAUSE)}: the parent's cause.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "Child has the parent's cause: visible.")
  @Outcome(id = "-1, -1, 0", expect = ACCEPTABLE_INTERESTING, desc = "cause was null: not yet.")
  @Outcome(expect = FORBIDDEN, desc = "Saw a cause, but not CAUSE or not the writes.")
  @State
  public static class DescendantCause {
    final CancelCauseContext parent = Context.withCancelCause(Context.background());
    final Context child = Context.withCancel(parent);
    int x;
    int y;

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      parent.cancel(CAUSE);
    }

    @Actor
    public void observer(III_Result r) {
      r.r3 = causeCode(child);
      r.r1 = r.r3 == 0 ? Ops.NOT_READY : x;
      r.r2 = r.r3 == 0 ? Ops.NOT_READY : y;
    }
  }

  /**
   * An expired deadline: the actor writes, then creates a context with a deadline 0-50 µs away and
   * publishes it through a data race, on purpose, so that the only edge to the observer is the
   * context's own (creation, the deadline timer, the close of {@code done}). The observer, if it
   * sees the context, waits for it to expire and must see the writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Saw it expire: writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "Did not see the context.")
  @Outcome(expect = FORBIDDEN, desc = "Saw it expire, but a write before creation is not seen.")
  @State
  public static class DeadlineExpired {
    Context ctx; // racy on purpose
    int x;
    int y;

    @Actor
    public void creator() {
      x = 1;
      y = 2;
      ctx =
          Context.withTimeout(
              Context.background(), Duration.ofNanos(ThreadLocalRandom.current().nextLong(50_000)));
    }

    @Actor
    public void observer(II_Result r) {
      Context c = ctx;
      if (c == null) {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
        return;
      }
      boolean ok = Blocking.call(() -> c.done().receiveOk().ok());
      r.r1 = ok || c.err() != Context.DEADLINE_EXCEEDED ? -2 : x;
      r.r2 = ok ? -2 : y;
    }
  }

  /** Codes the cause seen: 1 = CAUSE, 0 = null (not canceled yet), -1 = another cause. */
  static int causeCode(Context c) {
    Throwable cause = Context.cause(c);
    return cause == null ? 0 : cause == CAUSE ? 1 : -1;
  }
}
