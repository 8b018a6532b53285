package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.UncheckedInterruptedException;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelCauseContext;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.time.Time;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Healing unhealthy goroutines ("Concurrency in Go", ch. 5): a steward runs a ward on its own
 * goroutine, watches the ward's {@link Heartbeat}, and when no pulse arrives within a timeout it
 * cancels the ward and starts a new one.
 *
 * <pre>{@code
 * wardHeartbeat = startGoroutine(or(wardDone, done), timeout/2)
 * for {
 *     timeoutSignal := time.After(timeout)
 *     select {
 *     case <-wardHeartbeat:
 *         continue                 // healthy: wait a new timeout
 *     case <-timeoutSignal:
 *         log.Println("steward: ward unhealthy; restarting")
 *         close(wardDone)
 *         startWard()
 *     case <-done:
 *         return
 *     }
 * }
 * }</pre>
 *
 * <pre>{@code
 * Steward steward = Steward.builder(Duration.ofSeconds(2), (ctx, heartbeat) -> {
 *       Heartbeat.Receiver<Job> jobs = heartbeat.receiver(queue, ctx.done()); // pulses every second
 *       for (Job j; (j = jobs.next()) != null; ) {
 *         heartbeat.beat();                                                 // and per job
 *         j.run();
 *       }
 *     })
 *     .maxRestarts(5)
 *     .onRestart(r -> log.warn("restarted ward: {}", r))
 *     .start(ctx);
 * steward.await();   // returns when ctx is done; throws StewardException if it gave up
 * }</pre>
 *
 * <p><b>Policy.</b> Each ward gets a fresh child context of the steward's and a fresh heartbeat
 * (with a ticker of the {@linkplain Builder#pulseInterval pulse interval}, by default half the
 * timeout, as in Go). The timeout restarts at every pulse the steward receives. A ward needs a
 * restart ({@link Reason}) when no pulse arrives within the timeout, when it returns, or when it
 * throws, unless the steward is stopping. Its context is then canceled (for a timeout, with a
 * {@link TimeoutException} as its {@linkplain Context#cause(Context) cause}), the restart is
 * reported to the {@linkplain Builder#onRestart listener} (by default it is logged, as Go's steward
 * does, on {@link System.Logger} {@code io.github.go4j.patterns.Steward} at {@code WARNING}), and a
 * new ward starts. The steward does not wait for a canceled ward: an unhealthy ward may be stuck
 * for good, which is why it is replaced. A ward that ignores its context keeps running, as in Go;
 * nothing can stop it.
 *
 * <p><b>End.</b> The steward stops when its parent context is done or {@link #cancel()} is called:
 * it cancels the ward's context and stops, {@link #failure()} stays null and {@link #await()}
 * returns normally. It gives up when a ward needs a restart after {@linkplain Builder#maxRestarts
 * the limit} is used up (or the listener throws): it cancels the ward and stops, and {@link
 * #await()} throws the {@link StewardException} that {@link #failure()} returns, with the last
 * ward's exception as its cause. In both cases {@link #done()} is closed once the steward's
 * goroutine has finished its work; no goroutine of the steward's own is left.
 *
 * <p><b>Exceptions are not lost.</b> What a ward throws while it is the current one is reported in
 * its {@link Restart} record or, if it was the last straw, as the cause of the {@link
 * StewardException}. A ward that was already replaced (or that ends after the steward stopped) and
 * then throws anything other than a response to its cancellation (a {@link ContextException}, an
 * {@link InterruptedException}, its context's cause) has its exception passed to {@link
 * Go#panicHandler()}, like any goroutine's unrecovered panic.
 *
 * <p><b>Time.</b> The timeouts come from a {@link Timeouts} ({@link Timeouts#real()} by default:
 * go4j timers); a test passes one whose timeouts fire when it says so. The steward arms a timeout
 * per pulse it receives, as Go's does ({@code time.After} in the loop): pulses coalesce in the
 * heartbeat's one-slot channel, so a ward beating per item costs the steward at most one timer per
 * loop turn.
 *
 * <p><b>Blocking and interruption:</b> only {@link #await()} blocks (until the steward stops); it
 * throws {@link InterruptedException} if interrupted while waiting, and the steward runs on. The
 * listener runs on the steward's goroutine: while it blocks, the steward watches nothing. An
 * interrupt status the listener leaves set is cleared when it returns: it does not stop the steward
 * ({@link #cancel()} does).
 *
 * <p><b>Memory consistency effects:</b> actions prior to {@link Builder#start(Context)}
 * happen-before the first ward starts. A ward's actions prior to a {@link Heartbeat#beat()} that
 * sent a pulse happen-before the steward receives it; a ward's actions before it returned or threw
 * happen-before the listener is called with its {@link Restart} (or the steward gives up on it).
 * The cancellation of a replaced ward's context happens-before the listener is called with its
 * record, and the listener's actions happen-before the next ward starts. The steward's actions (the
 * listener's included) happen-before a receive that finds {@link #done()} closed, and so before
 * {@link #await()} returns.
 */
public final class Steward {
  private static final System.Logger LOG = System.getLogger(Steward.class.getName());

  /** A never-chosen pulse case: the current ward's heartbeat was closed. */
  private static final SelectCase<Event> NO_PULSES =
      Channel.<Unit>nil().onReceive(x -> Event.PULSE);

  /** What woke the steward. */
  private enum Event {
    PULSE,
    PULSES_CLOSED,
    EXITED,
    TIMEOUT,
    STOP
  }

  /** A ward's life, as seen by the race between its end and the steward giving up on it. */
  private static final int RUNNING = 0;

  private static final int EXITED = 1;
  private static final int ABANDONED = 2;

  private final Duration timeout;
  private final int maxRestarts;
  private final Duration pulseInterval;
  private final ThrowingConsumer<? super Restart> listener;
  private final Timeouts timeouts;
  private final Ward ward;
  private final CancelableContext ctx;
  private final Channel<Unit> done = Channel.make();

  /** Written by the steward before it closes {@link #done}. */
  private volatile StewardException failure;

  private Steward(Builder b, Context parent) {
    this.timeout = b.timeout;
    this.maxRestarts = b.maxRestarts;
    this.pulseInterval = b.pulseInterval != null ? b.pulseInterval : b.timeout.dividedBy(2);
    this.listener = b.listener;
    this.timeouts = b.timeouts;
    this.ward = b.ward;
    this.ctx = Context.withCancel(parent);
  }

  /**
   * Starts building a steward: Go's {@code newSteward(timeout, startGoroutine)}.
   *
   * @param timeout how long the ward may go without a pulse before it is restarted
   * @param ward the goroutine to run and heal
   * @return the builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static Builder builder(Duration timeout, Ward ward) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    Objects.requireNonNull(ward, "ward must not be null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new Builder(timeout, ward);
  }

  /**
   * Go's {@code done} of the steward: closed once the steward has stopped (parent done, {@link
   * #cancel()}, or gave up) and canceled its last ward. Usable in a select.
   *
   * @return the channel, closed when the steward stops
   */
  public ReceiveChannel<Unit> done() {
    return done.receiveOnly();
  }

  /**
   * Stops the steward as if its parent context were canceled: the current ward's context is
   * canceled and no ward starts after it. Never blocks; idempotent.
   */
  public void cancel() {
    ctx.cancel();
  }

  /**
   * Waits until the steward stops.
   *
   * @throws StewardException the steward's {@linkplain #failure() failure} if it gave up
   * @throws InterruptedException if interrupted while waiting (the steward runs on)
   */
  public void await() throws InterruptedException {
    done.receive();
    StewardException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /**
   * Why the steward gave up, once it has.
   *
   * @return the failure, or null while the steward runs and if it stopped because it was canceled
   */
  public StewardException failure() {
    return failure;
  }

  @Override
  public String toString() {
    return "Steward(timeout=" + timeout + ", maxRestarts=" + maxRestarts + ")";
  }

  private void start() {
    Go.go(this::run);
  }

  /** The steward's goroutine: Go's monitor loop. */
  private void run() {
    StewardException fail = null;
    WardRun cur = null;
    int restarts = 0;
    try {
      if (ctx.err() != null) {
        return; // the parent was done before the steward started: no ward to run
      }
      SelectCase<Event> stop = ctx.done().onReceive(x -> Event.STOP);
      cur = new WardRun();
      SelectCase<Event> timer = arm();
      for (; ; ) {
        Event e = Select.select(cur.pulse, cur.exitCase, timer, stop);
        if (e == Event.PULSE) {
          timer = arm();
          continue;
        }
        if (e == Event.PULSES_CLOSED) {
          cur.pulse = NO_PULSES; // the ward closed its heartbeat: only the timeout is left
          continue;
        }
        if (e == Event.STOP) {
          return;
        }
        Exit exit =
            cur.retire(
                e == Event.TIMEOUT
                    ? new TimeoutException("steward: no heartbeat within " + timeout)
                    : null);
        if (ctx.err() != null) {
          return; // the ward ended because the steward is stopping
        }
        Reason reason =
            exit == null
                ? Reason.HEARTBEAT_TIMEOUT
                : exit.failure == null ? Reason.RETURNED : Reason.THREW;
        Throwable wardFailure = exit == null ? null : exit.failure;
        cur.reported = true;
        if (restarts >= maxRestarts) {
          fail =
              new StewardException(
                  "steward gave up after " + restarts + " restart(s): " + describe(reason),
                  restarts,
                  reason,
                  wardFailure);
          return;
        }
        restarts++;
        try {
          listener.accept(new Restart(restarts, reason, wardFailure));
        } catch (Throwable t) {
          fail = new StewardException("steward restart listener threw", restarts - 1, reason, t);
          if (wardFailure != null) {
            fail.addSuppressed(wardFailure);
          }
          return;
        } finally {
          Thread.interrupted(); // the listener's leftover interrupt: not a stop of the steward
        }
        if (ctx.err() != null) {
          return; // stopped while the listener ran: no ward starts after cancel()
        }
        cur = new WardRun();
        timer = arm();
      }
    } catch (Throwable t) { // the Timeouts threw, or the steward's goroutine was interrupted
      fail = new StewardException("steward failed: " + t, restarts, null, t);
    } finally {
      if (cur != null) {
        finish(cur);
      }
      ctx.cancel();
      failure = fail;
      done.close();
    }
  }

  private static String describe(Reason reason) {
    return switch (reason) {
      case HEARTBEAT_TIMEOUT -> "the ward's heartbeat stopped";
      case RETURNED -> "the ward returned";
      case THREW -> "the ward threw";
    };
  }

  /** Retires the last ward as the steward stops; reports a failure nobody else will see. */
  private void finish(WardRun last) {
    Exit exit;
    try {
      exit = last.retire(null);
    } catch (InterruptedException e) { // only while taking an exit that is on its way
      Thread.currentThread().interrupt();
      last.ctx.cancel();
      last.heartbeat.stopTicks();
      return; // the ward's exit stays in its channel; it was not reported by the steward
    }
    if (exit != null
        && exit.failure != null
        && !last.reported
        && !isCancellation(exit.failure, last.ctx)) {
      Ops.reportPanic(exit.failure);
    }
  }

  /** Whether {@code t} is how a ward answers the cancellation of {@code wardCtx}. */
  private static boolean isCancellation(Throwable t, Context wardCtx) {
    return t instanceof ContextException
        || t instanceof InterruptedException
        || t instanceof UncheckedInterruptedException
        || (wardCtx.err() != null && t == Context.cause(wardCtx));
  }

  /** A new timeout: Go's {@code timeoutSignal := time.After(timeout)}. */
  private SelectCase<Event> arm() {
    ReceiveChannel<?> c =
        Objects.requireNonNull(timeouts.after(timeout), "Timeouts.after returned null");
    return c.onReceive(x -> Event.TIMEOUT);
  }

  /** How a ward ended: returned (failure null) or threw. */
  private record Exit(Throwable failure) {}

  /** One ward: its goroutine, context, heartbeat and the select cases that watch them. */
  private final class WardRun {
    final CancelCauseContext ctx = Context.withCancelCause(Steward.this.ctx);
    final Heartbeat heartbeat =
        pulseInterval.isZero() ? Heartbeat.make() : Heartbeat.make(pulseInterval);
    final Channel<Exit> exit = Channel.make(1); // one send, never blocks
    final AtomicInteger state = new AtomicInteger(RUNNING);

    // Used by the steward's goroutine only.
    SelectCase<Event> pulse =
        heartbeat.pulses().onReceiveOk((x, ok) -> ok ? Event.PULSE : Event.PULSES_CLOSED);
    final SelectCase<Event> exitCase =
        exit.onReceive(
            x -> {
              exited = x;
              return Event.EXITED;
            });
    Exit exited;
    boolean retired;
    boolean reported; // its failure went into a Restart or the StewardException

    WardRun() {
      Go.go(this::body);
    }

    private void body() {
      Throwable t = null;
      try {
        ward.run(ctx, heartbeat);
      } catch (Throwable e) {
        t = e;
      }
      heartbeat.stopTicks();
      if (state.compareAndSet(RUNNING, EXITED)) {
        exit.trySend(new Exit(t)); // the steward takes it (from its select or in retire)
      } else if (t != null && !isCancellation(t, ctx)) {
        Ops.reportPanic(t); // replaced already: nobody waits
      }
    }

    /**
     * Gives up on this ward: cancels its context (with {@code cause}) and its ticker. Returns how
     * it ended if it ended before the steward gave up on it, else null; from then on its end is its
     * own (see {@link #body()}). Idempotent.
     */
    Exit retire(Throwable cause) throws InterruptedException {
      if (!retired) {
        if (exited == null && !state.compareAndSet(RUNNING, ABANDONED)) {
          exited = exit.receive(); // it ended first: its exit is being sent right now
        }
        retired = true;
        ctx.cancel(cause);
        heartbeat.stopTicks();
      }
      return exited;
    }
  }

  /**
   * The goroutine a steward watches: Go's {@code startGoroutineFn}. It runs on its own goroutine
   * until {@code ctx} is done, pulsing on {@code heartbeat} (per unit of work with {@link
   * Heartbeat#beat()}, and at the interval through {@link Heartbeat#onTick}, {@link
   * Heartbeat#receiver} or {@link Heartbeat#send}). Returning or throwing while the steward runs
   * counts as unhealthy: the ward is restarted.
   */
  @FunctionalInterface
  public interface Ward {
    /**
     * Runs the ward.
     *
     * @param ctx canceled when the steward replaces this ward or stops
     * @param heartbeat this ward's heartbeat, watched by the steward
     * @throws Exception anything; reported in the {@link Restart} record
     */
    void run(Context ctx, Heartbeat heartbeat) throws Exception;
  }

  /**
   * Where a steward's timeouts come from: Go's {@code time.After}. Tests pass their own, whose
   * channels deliver when the test says so.
   */
  @FunctionalInterface
  public interface Timeouts {
    /**
     * A channel that delivers a value (or is closed) once {@code timeout} has passed. The steward
     * calls it from its goroutine when a ward starts and at every pulse, and stops watching the
     * previous channel.
     *
     * @param timeout the steward's timeout
     * @return the channel; not null
     */
    ReceiveChannel<?> after(Duration timeout);

    /**
     * go4j timers: {@link Time#after(Duration)}. A timeout the steward no longer watches is
     * garbage-collected with its timer.
     *
     * @return the real time source
     */
    static Timeouts real() {
      return Time::after;
    }
  }

  /** Why a ward was restarted. */
  public enum Reason {
    /** No pulse arrived within the timeout; the ward's context was canceled. */
    HEARTBEAT_TIMEOUT,
    /** The ward returned although the steward was still running. */
    RETURNED,
    /** The ward threw. */
    THREW
  }

  /**
   * The report of one restart, given to the {@linkplain Builder#onRestart listener} after the old
   * ward's context was canceled and before the new ward starts.
   *
   * @param attempt which restart this is: 1 for the first
   * @param reason why the ward was restarted
   * @param failure what the ward threw ({@link Reason#THREW}), else null
   */
  public record Restart(int attempt, Reason reason, Throwable failure) {}

  /**
   * Configures and starts a {@link Steward}. Not safe for concurrent use; each {@link
   * #start(Context)} starts an independent steward.
   */
  public static final class Builder {
    private final Duration timeout;
    private final Ward ward;
    private int maxRestarts = Integer.MAX_VALUE;
    private Duration pulseInterval; // null: timeout / 2
    private ThrowingConsumer<? super Restart> listener = Steward::log;
    private Timeouts timeouts = Timeouts.real();

    private Builder(Duration timeout, Ward ward) {
      this.timeout = timeout;
      this.ward = ward;
    }

    /**
     * The most restarts the steward makes; when another one is needed it gives up. Default: {@link
     * Integer#MAX_VALUE} (Go's steward never gives up).
     *
     * @param maxRestarts the limit; 0 means the first unhealthy ward ends the steward
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRestarts} is negative
     */
    public Builder maxRestarts(int maxRestarts) {
      if (maxRestarts < 0) {
        throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
      }
      this.maxRestarts = maxRestarts;
      return this;
    }

    /**
     * The interval of each ward's heartbeat ticker ({@link Heartbeat#make(Duration)}). Default:
     * half the timeout, as in Go. {@link Duration#ZERO}: no ticker ({@link Heartbeat#make()}); the
     * ward beats per unit of work only. A ticker must beat more often than the timeout: a ward that
     * pulses on its ticks only would otherwise miss every timeout and be restarted for good.
     *
     * @param pulseInterval the interval, shorter than the timeout, or zero for none
     * @return this builder
     * @throws NullPointerException if {@code pulseInterval} is null
     * @throws IllegalArgumentException if {@code pulseInterval} is negative, or not shorter than
     *     the timeout
     */
    public Builder pulseInterval(Duration pulseInterval) {
      Objects.requireNonNull(pulseInterval, "pulseInterval must not be null");
      if (pulseInterval.isNegative()) {
        throw new IllegalArgumentException("pulseInterval must not be negative: " + pulseInterval);
      }
      if (!pulseInterval.isZero() && pulseInterval.compareTo(timeout) >= 0) {
        throw new IllegalArgumentException(
            "pulseInterval must be shorter than the timeout: " + pulseInterval + " >= " + timeout);
      }
      this.pulseInterval = pulseInterval;
      return this;
    }

    /**
     * What to do with each restart's report; runs on the steward's goroutine. If it throws, the
     * steward gives up with that exception as the {@link StewardException}'s cause. An interrupt
     * status it leaves set (say, restored after catching {@link InterruptedException}) is cleared
     * when it returns: it does not stop the steward. Default: log it at {@code WARNING} on {@link
     * System.Logger} {@code io.github.go4j.patterns.Steward}.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder onRestart(ThrowingConsumer<? super Restart> listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * The source of the steward's timeouts. Default: {@link Timeouts#real()}.
     *
     * @param timeouts the source
     * @return this builder
     * @throws NullPointerException if {@code timeouts} is null
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts must not be null");
      return this;
    }

    /**
     * Starts the steward and its first ward, each on its own goroutine. Never blocks.
     *
     * @param parent the context whose end stops the steward
     * @return the running steward
     * @throws NullPointerException if {@code parent} is null
     * @throws IllegalArgumentException if no pulse interval was set and half the timeout is zero (a
     *     timeout of 1 ns: Go's {@code time.NewTicker} panics on it)
     */
    public Steward start(Context parent) {
      Objects.requireNonNull(parent, "parent must not be null");
      if (pulseInterval == null && timeout.dividedBy(2).isZero()) {
        // Go's time.NewTicker(timeout/2) panics here: "non-positive interval for NewTicker"
        throw new IllegalArgumentException(
            "no default pulseInterval for a timeout of "
                + timeout
                + " (half of it is zero): set pulseInterval, Duration.ZERO for none");
      }
      Steward s = new Steward(this, parent);
      s.start();
      return s;
    }
  }

  private static void log(Restart r) {
    String msg =
        "steward: ward unhealthy; restarting (restart "
            + r.attempt()
            + ", "
            + describe(r.reason())
            + ")";
    if (r.failure() != null) {
      LOG.log(Level.WARNING, msg, r.failure());
    } else {
      LOG.log(Level.WARNING, msg);
    }
  }
}
