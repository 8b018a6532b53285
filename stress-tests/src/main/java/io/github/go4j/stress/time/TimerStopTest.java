package io.github.go4j.stress.time;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Claim (Go 1.23 timers): {@code t.Stop()} and {@code t.Reset(d)} race with the timer firing and
 * with a receiver, and still: a true result means the value was not and will not be received; a
 * false result means the value was already received; and after either call returns, no value from
 * before the call can be received ({@code r3}, a receive after everything, is always empty).
 *
 * <p>Each state's timer is due after a random 0-50 µs, so its firing (on the go4j timer thread)
 * lands before, between or after the actors. {@code r1}: the result of stop/reset (1 = true);
 * {@code r2}: a racing {@code tryReceive} got the value; {@code r3}: a {@code tryReceive} after
 * both actors got a value.
 *
 * <p>Hazard: the fire's send and Stop's clear not being atomic with each other (Stop clears the
 * slot, then an in-flight fire sends a stale value; or Stop reports "stopped" for a value that a
 * receiver already took), i.e. pre-1.23 behaviour where a stale time is received after Stop.
 */
public final class TimerStopTest {
  private TimerStopTest() {}

  static Duration soon() {
    return Duration.ofNanos(ThreadLocalRandom.current().nextLong(50_000));
  }

  /** {@code Stop} vs the firing vs a receive. */
  @JCStressTest
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Stopped before the value was received.")
  @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Received first; Stop returned false.")
  @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "Stop said true, but the value was received.")
  @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "Stop said false, nobody got the value.")
  @Outcome(expect = FORBIDDEN, desc = "A stale value was receivable after Stop.")
  @State
  public static class StopVsFire {
    final Timer timer = Time.newTimer(soon());

    @Actor
    public void stopper(III_Result r) {
      r.r1 = timer.stop() ? 1 : 0;
    }

    @Actor
    public void receiver(III_Result r) {
      r.r2 = timer.channel().tryReceive().isPresent() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = timer.channel().tryReceive().isPresent() ? 1 : 0;
    }
  }

  /**
   * {@code Reset} (to an hour away) vs the firing vs a receive: the same table as Stop, and the old
   * value never arrives after Reset. The arbiter stops the timer so none stays scheduled.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Reset before the value was received.")
  @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Received first; Reset returned false.")
  @Outcome(id = "1, 1, 0", expect = FORBIDDEN, desc = "Reset said true, but the value arrived.")
  @Outcome(id = "0, 0, 0", expect = FORBIDDEN, desc = "Reset said false, nobody got the value.")
  @Outcome(expect = FORBIDDEN, desc = "A stale value was receivable after Reset.")
  @State
  public static class ResetVsFire {
    final Timer timer = Time.newTimer(soon());

    @Actor
    public void resetter(III_Result r) {
      r.r1 = timer.reset(Duration.ofHours(1)) ? 1 : 0;
    }

    @Actor
    public void receiver(III_Result r) {
      r.r2 = timer.channel().tryReceive().isPresent() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = timer.channel().tryReceive().isPresent() ? 1 : 0;
      timer.stop();
    }
  }
}
