package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Heartbeat;
import io.github.go4j.patterns.Steward;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link Steward}): actions prior to {@code Builder.start} happen-before the first ward
 * starts; a ward's actions prior to a {@code beat()} that sent a pulse happen-before the steward
 * receives it; a ward's actions before it returned or threw happen-before the listener is called
 * with its {@code Restart} (or the steward gives up on it); the cancellation of a replaced ward's
 * context happens-before the listener is called with its record; the listener's actions
 * happen-before the next ward starts; the steward's actions happen-before a receive that finds
 * {@code done()} closed.
 *
 * <p>Hazard: each ward runs on its own goroutine and reports its end through a one-slot exit
 * channel, racing the steward, which may give up on it first (a CAS on the ward's state decides);
 * the steward runs the listener and starts the next ward from its own goroutine. An exit taken
 * without the channel's edge (the steward seeing the CAS and reporting before the ward's exit was
 * received), a ward started from anything but the steward's goroutine after the listener, or a
 * {@code done()} closed before the steward's last actions breaks a claim.
 *
 * <p>Nothing here depends on real time: the steward's timeouts come from a {@link Steward.Timeouts}
 * that returns a nil channel (never ready) or records what it sees, and the wards have no ticker
 * ({@code pulseInterval(ZERO)}). Every steward ends by giving up (its {@code maxRestarts} is used
 * up by wards that throw or return at once), so no goroutine outlives its sample. The writes are to
 * plain fields: on x86 (TSO) a missing edge rarely shows as a stale read; the tests catch it with
 * certainty only on weak-memory CPUs (ARM, POWER), and on x86 when the compiler reorders or hoists
 * the reads.
 */
public final class StewardHappensBeforeTest {
  private StewardHappensBeforeTest() {}

  /** The steward's timeout: never reached, as no test's timeouts ever fire. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What the wards throw: shared, without a stack trace, so a sample stays cheap. */
  static final RuntimeException FAIL =
      new RuntimeException("ward failed", null, false, false) {
        private static final long serialVersionUID = 1L;
      };

  /**
   * Start, ward 1 throws, listener, ward 2 throws, give up: each link copies the previous one's
   * write. The actor writes, starts the steward, waits for {@code done()} and reads what the first
   * ward saw ({@code r1}), what the listener saw of the first ward ({@code r2}), what the second
   * ward saw of the listener ({@code r3}), and the second ward's own write ({@code r4}, ordered by
   * its throw, the steward giving up, and {@code done()}).
   */
  @JCStressTest
  @Outcome(id = "1, 2, 3, 4", expect = ACCEPTABLE, desc = "Every link saw the previous write.")
  @Outcome(id = "-1, -1, -1, -1", expect = FORBIDDEN, desc = "The steward did not stop.")
  @Outcome(expect = FORBIDDEN, desc = "A ward, the listener or the awaiting actor missed a write.")
  @State
  public static class RestartChain {
    /** Numbers the wards; taken before each ward's reads, so it orders nothing they test. */
    final AtomicInteger wards = new AtomicInteger();

    int beforeStart;
    int firstWardSaw = -1;
    int fromFirstWard;
    int listenerSaw = -1;
    int fromListener;
    int secondWardSaw = -1;
    int fromSecondWard;

    @Actor
    public void actor(IIII_Result r) {
      beforeStart = 1;
      Steward s =
          Steward.builder(TIMEOUT, this::ward)
              .maxRestarts(1)
              .pulseInterval(Duration.ZERO)
              .timeouts(d -> Channel.nil())
              .onRestart(
                  restart -> {
                    listenerSaw = fromFirstWard;
                    fromListener = 3;
                  })
              .start(Context.background());
      if (awaitDone(s)) {
        r.r1 = firstWardSaw;
        r.r2 = listenerSaw;
        r.r3 = secondWardSaw;
        r.r4 = fromSecondWard;
      } else {
        r.r1 = -1;
        r.r2 = -1;
        r.r3 = -1;
        r.r4 = -1;
      }
    }

    void ward(Context ctx, Heartbeat heartbeat) {
      switch (wards.getAndIncrement()) {
        case 0 -> {
          firstWardSaw = beforeStart;
          fromFirstWard = 2;
          throw FAIL;
        }
        case 1 -> {
          secondWardSaw = fromListener;
          fromSecondWard = 4;
          throw FAIL;
        }
        default -> throw new IllegalStateException("a third ward started: maxRestarts is 1");
      }
    }
  }

  /**
   * The ward writes, beats, waits until the steward has re-armed its timeout for that pulse, and
   * returns (the steward then gives up: {@code maxRestarts(0)}). The steward arms a timeout when
   * the ward starts and at every pulse it receives, from its own goroutine, so the second call of
   * the {@link Steward.Timeouts} runs after the receive of the pulse and must see the ward's write.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Pulse sent; the steward saw the write.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "The steward did not stop.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "The pulse was not received, or its receiver missed the write.")
  @State
  public static class BeatThenStewardReceives {
    final Channel<Unit> armedAtPulse = Channel.make();
    int arms; // the steward's goroutine only
    int beforeBeat;
    int sawAtPulse = -1;
    int sent;

    @Actor
    public void actor(II_Result r) {
      Steward s =
          Steward.builder(TIMEOUT, this::ward)
              .maxRestarts(0)
              .pulseInterval(Duration.ZERO)
              .timeouts(this::after)
              .start(Context.background());
      if (awaitDone(s)) {
        r.r1 = sent;
        r.r2 = sawAtPulse;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
    }

    ReceiveChannel<?> after(Duration d) {
      if (++arms == 2) { // the first call was for the ward's start
        sawAtPulse = beforeBeat;
        armedAtPulse.close();
      }
      return Channel.nil();
    }

    void ward(Context ctx, Heartbeat heartbeat) throws InterruptedException {
      beforeBeat = 1;
      sent = heartbeat.beat() ? 1 : 0;
      Select.select(
          armedAtPulse.onReceive(x -> x),
          ctx.done().onReceive(x -> x),
          Time.after(Waits.LOST).onReceive(t -> Unit.VALUE));
    }
  }

  /**
   * Two replacements, each checked by the listener on the replaced ward's context: ward 1 keeps
   * running and is replaced for a heartbeat timeout (its only timeout is a channel that ward 1
   * itself closes once it has stored its context, so the timeout fires at once and nothing depends
   * on real time); ward 2 throws; ward 3 throws and the steward gives up ({@code maxRestarts(2)}).
   * The listener, called with restart 1 and then 2, must find that ward's context cancelled: {@code
   * err()} non-null (1) and {@code done()} closed, as a {@code tryReceive} shows it (2); {@code
   * r1}, {@code r2}: the sums for wards 1 and 2, 3 when both hold, -1 if the listener was not
   * called.
   */
  @JCStressTest
  @Outcome(id = "3, 3", expect = ACCEPTABLE, desc = "Each listener call saw its ward cancelled.")
  @Outcome(id = "-2, -2", expect = FORBIDDEN, desc = "The steward did not stop.")
  @Outcome(expect = FORBIDDEN, desc = "A listener call found the replaced ward's context live.")
  @State
  public static class ReplacedWardCancelledBeforeListener {
    /** Numbers the wards; taken before each ward's writes, so it orders nothing they test. */
    final AtomicInteger wards = new AtomicInteger();

    /** Closed by ward 1 after it stored its context: the steward's first timeout. */
    final Channel<Unit> timeout1 = Channel.make();

    int arms; // the steward's goroutine only
    Context ctx1; // written by ward 1 before it closes timeout1
    Context ctx2; // written by ward 2 before it throws
    int listenerSaw1 = -1;
    int listenerSaw2 = -1;

    @Actor
    public void actor(II_Result r) {
      Steward s =
          Steward.builder(TIMEOUT, this::ward)
              .maxRestarts(2)
              .pulseInterval(Duration.ZERO)
              .timeouts(this::after)
              .onRestart(
                  restart -> {
                    if (restart.attempt() == 1) {
                      listenerSaw1 = cancelled(ctx1);
                    } else {
                      listenerSaw2 = cancelled(ctx2);
                    }
                  })
              .start(Context.background());
      if (awaitDone(s)) {
        r.r1 = listenerSaw1;
        r.r2 = listenerSaw2;
      } else {
        r.r1 = -2;
        r.r2 = -2;
      }
    }

    ReceiveChannel<?> after(Duration d) {
      return ++arms == 1 ? timeout1 : Channel.nil(); // the first call is for ward 1's start
    }

    /** 1 if {@code ctx.err()} is non-null, plus 2 if {@code done()} is found closed. */
    static int cancelled(Context ctx) {
      Optional<? extends Received<?>> got = ctx.done().tryReceive();
      return (ctx.err() != null ? 1 : 0) + (got.isPresent() && !got.get().ok() ? 2 : 0);
    }

    void ward(Context ctx, Heartbeat heartbeat) {
      switch (wards.getAndIncrement()) {
        case 0 -> {
          ctx1 = ctx;
          timeout1.close(); // the steward replaces this ward now
          Waits.receive(ctx.done()); // then it returns, replaced: nobody waits for its exit
        }
        case 1 -> {
          ctx2 = ctx;
          throw FAIL;
        }
        case 2 -> throw FAIL;
        default -> throw new IllegalStateException("a fourth ward started: maxRestarts is 2");
      }
    }
  }

  /**
   * Waits for {@code s} to stop, at most {@link Waits#LOST}; false (and cancels it) if it did not.
   */
  static boolean awaitDone(Steward s) {
    if (Waits.drain(s.done())) {
      return true;
    }
    s.cancel();
    return false;
  }
}
