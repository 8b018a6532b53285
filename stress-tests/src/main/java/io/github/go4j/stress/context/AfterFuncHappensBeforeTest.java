package io.github.go4j.stress.context;

import static io.github.go4j.Go.go;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.AfterFuncHandle;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@code Context.afterFunc}, {@link AfterFuncHandle}, {@code Context.interruptOnDone}):
 * actions prior to {@code afterFunc(ctx, f)} and prior to the cancellation of {@code ctx}
 * happen-before {@code f} starts; if {@code stop()} returns true, {@code f} never runs. Actions
 * prior to the cancellation happen-before the interrupt of {@code interruptOnDone} is delivered.
 *
 * <p>Hazard: {@code f} is started in a new goroutine by whichever thread wins the single CAS on the
 * registration (the canceller, or the registering thread if the context is already done), and
 * {@code stop()} competes for the same CAS. A start that does not carry the canceller's or the
 * registrar's writes, or a {@code stop()} that reports success although the cancellation already
 * started {@code f}, breaks the claim.
 */
public final class AfterFuncHappensBeforeTest {
  private AfterFuncHappensBeforeTest() {}

  /** How long the arbiter waits for an {@code f} that must run before calling it lost. */
  static final Duration LOST = Duration.ofSeconds(30);

  /**
   * One actor writes {@code a} and registers {@code f}; the other writes {@code b} and cancels.
   * Whichever order, {@code f} starts after both and must see both writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "f saw both writes.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "f never ran.")
  @Outcome(expect = FORBIDDEN, desc = "f missed a write before afterFunc or before cancel.")
  @State
  public static class StartsAfterRegistrationAndCancel {
    final CancelableContext ctx = Context.withCancel(Context.background());
    final Channel<Unit> ran = Channel.make();
    int a;
    int b;
    int sawA = -1;
    int sawB = -1;

    @Actor
    public void registrar() {
      a = 1;
      Context.afterFunc(
          ctx,
          () -> {
            sawA = a;
            sawB = b;
            ran.close();
          });
    }

    @Actor
    public void canceller() {
      b = 2;
      ctx.cancel();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      if (awaitRun(ran)) {
        r.r1 = sawA;
        r.r2 = sawB;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
    }
  }

  /**
   * {@code stop()} ({@code r1}: 1 = true) races the cancel. True: {@code f} has not run ({@code r2}
   * = 0) and cannot run any more (its single CAS is taken). False: the cancel started {@code f},
   * which runs ({@code r2} = 1, within a generous deadline) and sees the canceller's write ({@code
   * r3}).
   */
  @JCStressTest
  @Outcome(id = "1, 0, -1", expect = ACCEPTABLE, desc = "Stopped before the cancel: f never ran.")
  @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Cancel first: f ran and saw the write.")
  @Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "stop() said true, but f ran.")
  @Outcome(id = "0, 0, -1", expect = FORBIDDEN, desc = "stop() said false, but f never ran.")
  @Outcome(expect = FORBIDDEN, desc = "f missed the write before cancel().")
  @State
  public static class StopVsCancel {
    final CancelableContext ctx = Context.withCancel(Context.background());
    final Channel<Unit> ran = Channel.make();
    final AfterFuncHandle handle;
    int x;
    int sawX = -1;

    public StopVsCancel() {
      handle =
          Context.afterFunc(
              ctx,
              () -> {
                sawX = x;
                ran.close();
              });
    }

    @Actor
    public void stopper(III_Result r) {
      r.r1 = handle.stop() ? 1 : 0;
    }

    @Actor
    public void canceller() {
      x = 1;
      ctx.cancel();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      boolean didRun = r.r1 == 1 ? ran.tryReceive().isPresent() : awaitRun(ran);
      r.r2 = didRun ? 1 : 0;
      r.r3 = didRun ? sawX : -1;
    }
  }

  /**
   * {@code interruptOnDone}: a goroutine registers itself and blocks in a JDK call ({@code
   * CountDownLatch.await}); the actor writes and cancels. The interrupt must arrive, and the
   * goroutine, having caught it, must see the writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Interrupted: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Interrupted, but a write before cancel() is not seen.")
  @State
  public static class InterruptOnDone {
    final CancelableContext ctx = Context.withCancel(Context.background());
    final Thread blocked;
    int x;
    int y;
    int sawX = -1;
    int sawY = -1;

    public InterruptOnDone() {
      blocked =
          go(
              () -> {
                try (AfterFuncHandle h = Context.interruptOnDone(ctx, Thread.currentThread())) {
                  new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                  sawX = x;
                  sawY = y;
                }
              });
    }

    @Actor
    public void canceller() {
      x = 1;
      y = 2;
      ctx.cancel();
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Ops.join(blocked);
      r.r1 = sawX;
      r.r2 = sawY;
    }
  }

  /** Waits for {@code ran} to close, at most {@link #LOST}: false means {@code f} never ran. */
  static boolean awaitRun(Channel<Unit> ran) {
    return Blocking.call(
        () -> Select.select(ran.onReceive(u -> true), Time.after(LOST).onReceive(t -> false)));
  }
}
