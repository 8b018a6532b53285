package io.github.go4j.stress.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.stress.Blocking;
import io.github.go4j.stress.Ops;
import io.github.go4j.time.Ticker;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link Timer}, {@link Ticker}): actions prior to creating or resetting a timer
 * happen-before the receive of its value, or the start of its function; actions prior to creating
 * or resetting a ticker happen-before the receive of its ticks.
 *
 * <p>Every timer here is due 1-50 µs after it is (re)armed, so it fires on the go4j timer thread
 * while or soon after the actors run; the receiver blocks on the channel (surely unblocked) and
 * must then see the writes made before the arming. For a channel timer's creation, the timer is
 * published to the receiver through a data race, on purpose, so that the only edge for the writes
 * is the timer's own (the timer's channel is a final field, so the racy reader still reaches a
 * properly constructed channel). A ticker is armed by the same code on creation and on reset
 * ({@code start} under the ticker's lock), so {@link ResetTicker} covers both; a racy-creation
 * ticker test would leave tickers firing every few µs until the arbiter, which swamps the timer
 * threads.
 *
 * <p>Hazard: the arming thread hands the timer to the scheduler (a heap entry, a sequence number
 * under the timer's lock) and the firing thread sends on the channel or starts the function: if
 * that hand-off were a plain field read by the timer thread, the fired value or the function could
 * not carry the arming thread's writes.
 */
public final class TimerHappensBeforeTest {
  private TimerHappensBeforeTest() {}

  static Duration soon() {
    return Duration.ofNanos(1 + ThreadLocalRandom.current().nextLong(50_000));
  }

  static final Duration HOUR = Duration.ofHours(1);

  /** {@code reset(soon)} of a channel timer armed for an hour; the receiver waits for its value. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Received the value: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Received, but a write before reset() is not visible.")
  @State
  public static class ResetChannelTimer {
    final Timer timer = Time.newTimer(HOUR);
    int x;
    int y;

    @Actor
    public void resetter() {
      x = 1;
      y = 2;
      timer.reset(soon());
    }

    @Actor
    public void receiver(II_Result r) {
      Blocking.call(() -> timer.channel().receive());
      r.r1 = x;
      r.r2 = y;
    }
  }

  /**
   * A channel timer created by one actor and published racily; the other, if it sees the timer,
   * waits for its value ({@code -1} = it did not see the timer).
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Received the value: writes visible.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "Did not see the timer.")
  @Outcome(expect = FORBIDDEN, desc = "Received, but a write before creation is not visible.")
  @State
  public static class CreateChannelTimer {
    Timer timer; // racy on purpose
    int x;
    int y;

    @Actor
    public void creator() {
      x = 1;
      y = 2;
      timer = Time.newTimer(soon());
    }

    @Actor
    public void receiver(II_Result r) {
      Timer t = timer;
      if (t == null) {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
        return;
      }
      Blocking.call(() -> t.channel().receive());
      r.r1 = x;
      r.r2 = y;
    }
  }

  /** The function of {@code Time.afterFunc} sees the writes made before it was created. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "f saw the writes.")
  @Outcome(expect = FORBIDDEN, desc = "f missed a write made before afterFunc.")
  @State
  public static class CreateAfterFunc {
    final Channel<Unit> ran = Channel.make();
    int x;
    int y;
    int sawX = -1;
    int sawY = -1;

    @Actor
    public void creator() {
      x = 1;
      y = 2;
      Time.afterFunc(
          soon(),
          () -> {
            sawX = x;
            sawY = y;
            ran.close();
          });
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Blocking.run(ran::receive);
      r.r1 = sawX;
      r.r2 = sawY;
    }
  }

  /** An {@code afterFunc} timer armed for an hour, reset to soon: f sees the resetter's writes. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "f saw the writes.")
  @Outcome(expect = FORBIDDEN, desc = "f missed a write made before reset.")
  @State
  public static class ResetAfterFunc {
    final Channel<Unit> ran = Channel.make();
    final Timer timer;
    int x;
    int y;
    int sawX = -1;
    int sawY = -1;

    public ResetAfterFunc() {
      timer =
          Time.afterFunc(
              HOUR,
              () -> {
                sawX = x;
                sawY = y;
                ran.close();
              });
    }

    @Actor
    public void resetter() {
      x = 1;
      y = 2;
      timer.reset(soon());
    }

    @Arbiter
    public void arbiter(II_Result r) {
      Blocking.run(ran::receive);
      r.r1 = sawX;
      r.r2 = sawY;
    }
  }

  /** A ticker with a period of an hour, reset to soon: the first tick carries the writes. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Received a tick: writes visible.")
  @Outcome(expect = FORBIDDEN, desc = "Received a tick, but a write before reset() is not seen.")
  @State
  public static class ResetTicker {
    final Ticker ticker = Time.newTicker(HOUR);
    int x;
    int y;

    @Actor
    public void resetter() {
      x = 1;
      y = 2;
      ticker.reset(soon());
    }

    @Actor
    public void receiver(II_Result r) {
      Blocking.call(() -> ticker.channel().receive());
      ticker.stop(); // a tick every few µs would swamp the timer threads across the stride
      r.r1 = x;
      r.r2 = y;
    }
  }
}
