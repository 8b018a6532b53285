package io.github.go4j.stress.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Ops;
import java.util.Optional;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim: writes made before {@code close(ch)} are visible after a receive that observes the close
 * (Go: "the closing of a channel is synchronized before a receive that returns because the channel
 * is closed"). This is what makes {@code done} channels and {@code ctx.done()} usable as signals.
 *
 * <p>Hazard: a receiver that learns of the close without synchronizing with the closer: a racy read
 * of the closed flag on a fast path, or a parked receiver woken by close through a path that does
 * not publish the closer's earlier writes. It would see {@code ok == false} and stale data.
 */
public final class CloseVisibilityTest {
  private CloseVisibilityTest() {}

  /** A plain receive parked (or about to park) on the channel, woken by close. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Close observed, prior writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Close observed but a prior write is not visible.")
  @State
  public static class Blocking {
    final Channel<Unit> ch = Channel.make();
    int x;
    int y;

    @Actor
    public void closer() {
      x = 1;
      y = 2;
      ch.close();
    }

    @Actor
    public void receiver(II_Result r) {
      Received<Unit> got = receiveOk(ch);
      if (!got.ok()) {
        r.r1 = x;
        r.r2 = y;
      }
    }
  }

  /** A non-blocking receive racing the close: either not ready, or the close with its writes. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Close observed, prior writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "tryReceive ran first.")
  @Outcome(expect = FORBIDDEN, desc = "Close observed but a prior write is not visible.")
  @State
  public static class Try {
    final Channel<Unit> ch = Channel.make();
    int x;
    int y;

    @Actor
    public void closer() {
      x = 1;
      y = 2;
      ch.close();
    }

    @Actor
    public void receiver(II_Result r) {
      Optional<Received<Unit>> got = ch.tryReceive();
      if (got.isEmpty()) {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
      } else if (!got.get().ok()) {
        r.r1 = x;
        r.r2 = y;
      }
    }
  }

  /**
   * A select blocked on the closing channel and on a channel that is never ready: close claims the
   * select's node, and the select's thread must see the closer's writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Close observed, prior writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Close observed but a prior write is not visible.")
  @State
  public static class Select {
    final Channel<Unit> ch = Channel.make();
    final Channel<Unit> never = Channel.make();
    int x;
    int y;

    @Actor
    public void closer() {
      x = 1;
      y = 2;
      ch.close();
    }

    @Actor
    public void receiver(II_Result r) {
      int which = Ops.select(ch.onReceiveOk((v, ok) -> ok ? 1 : 0), never.onReceive(v -> 2));
      if (which == 0) {
        r.r1 = x;
        r.r2 = y;
      }
    }
  }

  static Received<Unit> receiveOk(Channel<Unit> ch) {
    try {
      return ch.receiveOk();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
