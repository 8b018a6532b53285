package io.github.go4j.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.Go;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claims: actions before {@code Go.go(task)} happen-before the task runs (Go Javadoc); actions
 * before creating or resetting a timer happen-before the receive of its value, or the start of its
 * {@code afterFunc} function (Timer Javadoc).
 *
 * <p>Hazards: a goroutine or timer function started through a hand-off (thread factory, scheduler
 * queue, weak reference) that does not publish the starter's writes; a timer value delivered by the
 * scheduler thread without the writes that preceded the Reset that scheduled it.
 */
public final class GoAndTimerHbTest {
  private GoAndTimerHbTest() {}

  /** The goroutine sees what its starter wrote before go(). r1: what it saw. */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "The goroutine saw the prior write.")
  @Outcome(expect = FORBIDDEN, desc = "The goroutine missed a write made before go().")
  @State
  public static class GoStart {
    final CountDownLatch ran = new CountDownLatch(1);
    int x;
    volatile int seen = -1;

    @Actor
    public void starter() {
      x = 1;
      Go.go(
          () -> {
            seen = x;
            ran.countDown();
          });
    }

    @Arbiter
    public void arbiter(I_Result r) {
      try {
        ran.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = seen;
    }
  }

  /** An afterFunc function sees the writes made before the timer was created and reset. */
  @JCStressTest
  @Outcome(id = "3", expect = ACCEPTABLE, desc = "f saw the writes before create and reset.")
  @Outcome(expect = FORBIDDEN, desc = "f missed a write made before the timer was set.")
  @State
  public static class AfterFuncReset {
    final CountDownLatch ran = new CountDownLatch(1);
    int created;
    int reset;
    volatile int seen = -1;
    final Timer timer;

    {
      created = 1;
      timer =
          Time.afterFunc(
              Duration.ofHours(1),
              () -> {
                seen = created + 2 * reset;
                ran.countDown();
              });
    }

    @Actor
    public void resetter() {
      reset = 1;
      timer.reset(Duration.ZERO);
    }

    @Arbiter
    public void arbiter(I_Result r) {
      try {
        ran.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r1 = seen;
    }
  }

  /** Another thread receiving a channel timer's value sees the writes before its Reset. */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Value received; prior write visible.")
  @Outcome(expect = FORBIDDEN, desc = "Value received without the write made before reset().")
  @State
  public static class ChannelReset {
    final Timer timer = Time.newTimer(Duration.ofHours(1));
    int x;

    @Actor
    public void resetter() {
      x = 1;
      timer.reset(Duration.ZERO);
    }

    @Actor
    public void receiver(II_Result r) {
      try {
        r.r1 = timer.channel().receive() != null ? 1 : 0;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      r.r2 = x;
    }
  }
}
