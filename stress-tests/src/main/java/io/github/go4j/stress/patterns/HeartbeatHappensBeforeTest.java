package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Received;
import io.github.go4j.chan.Unit;
import io.github.go4j.patterns.Heartbeat;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link Heartbeat}): actions of the worker prior to a {@code beat()} that returned true
 * happen-before the monitor's receive of that pulse returns; actions prior to {@code close()}
 * happen-before a receive that finds {@code pulses()} closed.
 *
 * <p>Hazard: {@code beat()} is a non-blocking send guarded by a volatile "closed" flag, and {@code
 * close()} sets that flag before it closes the channel. A beat that reports true without a send the
 * monitor synchronizes with (for instance, a pulse published by a plain flag), or a close that
 * makes the channel look closed before the closer's writes are released, breaks the claim.
 *
 * <p>The writes are to plain fields: on x86 (TSO) a missing edge rarely shows as a stale read; the
 * tests catch it with certainty only on weak-memory CPUs (ARM, POWER), and on x86 when the compiler
 * reorders or hoists the reads.
 */
public final class HeartbeatHappensBeforeTest {
  private HeartbeatHappensBeforeTest() {}

  /**
   * The worker writes and beats (on a fresh heartbeat the beat always sends); the monitor receives
   * the pulse, reads the write, and closes the heartbeat.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Pulse sent and received; write visible.")
  @Outcome(expect = FORBIDDEN, desc = "No pulse arrived (-1), or the monitor missed the write.")
  @State
  public static class BeatThenReceive {
    final Heartbeat heartbeat = Heartbeat.make();
    int x;

    @Actor
    public void worker(II_Result r) {
      x = 1;
      r.r1 = heartbeat.beat() ? 1 : 0;
    }

    @Actor
    public void monitor(II_Result r) {
      Received<Unit> got = Waits.receive(heartbeat.pulses());
      r.r2 = got.ok() ? x : -1;
      heartbeat.close();
    }
  }

  /**
   * The worker writes, beats, writes again and closes; the monitor receives until it finds the
   * pulses closed. The second write is ordered before the monitor's read by the close alone.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Found closed; both writes visible.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "The close never showed.")
  @Outcome(expect = FORBIDDEN, desc = "Found closed, but missed a write before beat() or close().")
  @State
  public static class CloseThenFindClosed {
    final Heartbeat heartbeat = Heartbeat.make();
    int x;
    int y;

    @Actor
    public void worker() {
      x = 1;
      heartbeat.beat();
      y = 2;
      heartbeat.close();
    }

    @Actor
    public void monitor(II_Result r) {
      if (Waits.drain(heartbeat.pulses())) {
        r.r1 = x;
        r.r2 = y;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
    }
  }
}
