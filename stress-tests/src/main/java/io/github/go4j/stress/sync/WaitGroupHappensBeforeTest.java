package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.PanicHandler;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Blocking;
import io.github.go4j.sync.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link WaitGroup}): actions prior to {@code done()} (or an {@code add} with a negative
 * delta) happen-before the return of any {@code await} that it unblocks or that observes the
 * counter at zero afterwards; for {@code go(task)}, the task's actions, and the panic handler's if
 * the task throws, happen-before such an {@code await} returns, and actions prior to {@code
 * go(task)} happen-before the task starts.
 *
 * <p>Hazard: the counter reaching zero is published without a release (a plain or opaque store), or
 * a parked waiter is woken through a path that does not synchronize with the decrement (the
 * releaser's claim CAS on its wait record, ordered before the decrementer's writes). A waiter would
 * then return from {@code await} and read stale results: the bug that makes {@code wg.Wait();
 * use(results)} unsafe.
 */
public final class WaitGroupHappensBeforeTest {
  private WaitGroupHappensBeforeTest() {}

  /** A channel that is already closed: a done channel that is ready at once. */
  static final Channel<Unit> READY = closed();

  static Channel<Unit> closed() {
    Channel<Unit> c = Channel.make();
    c.close();
    return c;
  }

  /**
   * {@code done()} vs a blocking {@code await()}: the waiter either finds the counter at zero (fast
   * path, a volatile read) or parks and is released by the decrementer.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await returned after done; writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "await returned, but a write before done() is not visible.")
  @State
  public static class Done {
    final WaitGroup wg = new WaitGroup();
    int x;
    int y;

    public Done() {
      wg.add(1);
    }

    @Actor
    public void worker() {
      x = 1;
      y = 2;
      wg.done();
    }

    @Actor
    public void waiter(II_Result r) {
      Blocking.run(wg::await);
      r.r1 = x;
      r.r2 = y;
    }
  }

  /** {@code add(-2)} takes the counter from 2 to zero: the same edge as {@code done()}. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await returned after add(-2); writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "await returned, but a write before add(-2) is not visible.")
  @State
  public static class NegativeAdd {
    final WaitGroup wg = new WaitGroup();
    int x;
    int y;

    public NegativeAdd() {
      wg.add(2);
    }

    @Actor
    public void worker() {
      x = 1;
      y = 2;
      wg.add(-2);
    }

    @Actor
    public void waiter(II_Result r) {
      Blocking.run(wg::await);
      r.r1 = x;
      r.r2 = y;
    }
  }

  /**
   * {@code done()} vs {@code await(done)} whose done channel is already closed: it returns true
   * only if it observes the counter at zero (a zero counter wins over a ready done channel at
   * entry), and then the writes must be visible; false means it looked before {@code done()}.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Observed zero; writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "Looked before done().")
  @Outcome(expect = FORBIDDEN, desc = "Observed zero, but a write before done() is not visible.")
  @State
  public static class ObservesZero {
    final WaitGroup wg = new WaitGroup();
    int x;
    int y;

    public ObservesZero() {
      wg.add(1);
    }

    @Actor
    public void worker() {
      x = 1;
      y = 2;
      wg.done();
    }

    @Actor
    public void waiter(II_Result r) {
      if (Blocking.call(() -> wg.await(READY))) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
    }
  }

  /**
   * {@code done()} vs a blocking {@code await(done)} with a done channel that never fires: a parked
   * waiter is registered on the WaitGroup and on done at once, and the releaser's claim wins.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "await returned after done; writes visible.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "await(done) returned false: never ready.")
  @Outcome(expect = FORBIDDEN, desc = "await returned, but a write before done() is not visible.")
  @State
  public static class DoneChannelWait {
    final WaitGroup wg = new WaitGroup();
    final Channel<Unit> never = Channel.make();
    int x;
    int y;

    public DoneChannelWait() {
      wg.add(1);
    }

    @Actor
    public void worker() {
      x = 1;
      y = 2;
      wg.done();
    }

    @Actor
    public void waiter(II_Result r) {
      if (Blocking.call(() -> wg.await(never))) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
    }
  }

  /**
   * {@code go(task)} started with the state; a blocking {@code await()} ({@code r1, r2}) and an
   * {@code await(READY)} that only looks ({@code r3, r4}) must both see the task's writes once they
   * observe the counter at zero.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both saw the task's writes.")
  @Outcome(
      id = "1, 2, -1, -1",
      expect = ACCEPTABLE_INTERESTING,
      desc = "The looking await ran before the task ended.")
  @Outcome(expect = FORBIDDEN, desc = "An await returned, but the task's writes are not visible.")
  @State
  public static class Go {
    final WaitGroup wg = new WaitGroup();
    int x;
    int y;

    public Go() {
      wg.go(
          () -> {
            x = 1;
            y = 2;
          });
    }

    @Actor
    public void waiter(IIII_Result r) {
      Blocking.run(wg::await);
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void looker(IIII_Result r) {
      if (Blocking.call(() -> wg.await(READY))) {
        r.r3 = x;
        r.r4 = y;
      } else {
        r.r3 = -1;
        r.r4 = -1;
      }
    }
  }

  /**
   * What the tasks of {@link GoPanicHandler} throw: it names its state, so that the panic handler
   * can write there (no stack trace: a sample stays cheap).
   */
  static final class OwnPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient GoPanicHandler state;

    OwnPanic(GoPanicHandler state) {
      super("WaitGroupHappensBeforeTest panic", null, false, false);
      this.state = state;
    }
  }

  /**
   * The panic handler of {@link GoPanicHandler}: installed once per JVM (the handler is global, and
   * many states run at once, so it cannot be set and restored per sample), it handles only {@link
   * OwnPanic} and passes every other exception on to the handler it replaced, which therefore keeps
   * doing what it did for every other goroutine of the JVM.
   */
  static final class OwnPanics {
    private OwnPanics() {}

    static final PanicHandler PREVIOUS = io.github.go4j.Go.panicHandler();

    static {
      io.github.go4j.Go.setPanicHandler(
          (goroutine, panic) -> {
            if (panic instanceof OwnPanic p) {
              p.state.handled = 1;
            } else {
              PREVIOUS.panic(goroutine, panic);
            }
          });
    }

    /** Installs the handler (the first call initializes this class). */
    static void install() {}
  }

  /**
   * {@code go(task)} whose task writes and throws: the panic handler (which {@code go} calls before
   * its {@code done()}) writes too. A blocking {@code await()} ({@code r1, r2}) and an {@code
   * await(READY)} that only looks ({@code r3, r4}) must see the task's write and the handler's once
   * they observe the counter at zero.
   */
  @JCStressTest
  @Outcome(
      id = "1, 1, 1, 1",
      expect = ACCEPTABLE,
      desc = "Both saw the task's and handler's writes.")
  @Outcome(
      id = "1, 1, -1, -1",
      expect = ACCEPTABLE_INTERESTING,
      desc = "The looking await ran before the task ended.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "An await returned, but the task's or the panic handler's write is not visible.")
  @State
  public static class GoPanicHandler {
    final WaitGroup wg = new WaitGroup();
    int x;
    int handled; // written by the panic handler

    public GoPanicHandler() {
      OwnPanics.install();
      wg.go(
          () -> {
            x = 1;
            throw new OwnPanic(this);
          });
    }

    @Actor
    public void waiter(IIII_Result r) {
      Blocking.run(wg::await);
      r.r1 = x;
      r.r2 = handled;
    }

    @Actor
    public void looker(IIII_Result r) {
      if (Blocking.call(() -> wg.await(READY))) {
        r.r3 = x;
        r.r4 = handled;
      } else {
        r.r3 = -1;
        r.r4 = -1;
      }
    }
  }

  /**
   * Actions prior to {@code go(task)} happen-before the task starts: each of two actors writes its
   * own field and then starts a task that reads both fields. A task must see its starter's write
   * ({@code r1}, {@code r3}); whether it sees the other actor's is a race ({@code r2}, {@code r4}).
   * The arbiter's {@code await} waits for both tasks.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 0, 1, 0", "1, 0, 1, 1", "1, 1, 1, 0", "1, 1, 1, 1"},
      expect = ACCEPTABLE,
      desc = "Each task saw its starter's write.")
  @Outcome(expect = FORBIDDEN, desc = "A task did not see a write made before go(task).")
  @State
  public static class GoStart {
    final WaitGroup wg = new WaitGroup();
    int x;
    int y;
    int sawX1;
    int sawY1;
    int sawX2;
    int sawY2;

    @Actor
    public void starter1() {
      x = 1;
      wg.go(
          () -> {
            sawX1 = x;
            sawY1 = y;
          });
    }

    @Actor
    public void starter2() {
      y = 1;
      wg.go(
          () -> {
            sawY2 = y;
            sawX2 = x;
          });
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      Blocking.run(wg::await);
      r.r1 = sawX1;
      r.r2 = sawY1;
      r.r3 = sawY2;
      r.r4 = sawX2;
    }
  }
}
