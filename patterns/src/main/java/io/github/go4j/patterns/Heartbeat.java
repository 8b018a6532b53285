package io.github.go4j.patterns;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.SendChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.time.Ticker;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A heartbeat ("Concurrency in Go", ch. 5): a worker tells whoever watches it that it is alive by
 * pulsing on a channel, at an interval and per unit of work, without ever blocking on the pulse.
 *
 * <pre>{@code
 * heartbeat := make(chan interface{}, 1)
 * sendPulse := func() {
 *     select {
 *     case heartbeat <- struct{}{}:
 *     default: // nobody has read the last pulse: no need to queue another
 *     }
 * }
 * pulse := time.Tick(pulseInterval)
 * for {
 *     select {
 *     case <-done:
 *         return
 *     case <-pulse:
 *         sendPulse()
 *     case r := <-work:
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p><b>The worker side.</b> {@link #beat()} is {@code sendPulse()}: a non-blocking send on a
 * channel of capacity 1, so a pulse nobody has read yet is not queued twice and a worker nobody
 * watches never blocks. Call it once per unit of work for per-work pulses. Interval pulses must
 * come from the worker's own loop, so that they stop when the worker is stuck (that is the point):
 * a heartbeat made with {@link #make(Duration)} owns a ticker, and the worker includes {@link
 * #onTick(Object)} in its selects, or lets {@link #receiver(ReceiveChannel, ReceiveChannel)} and
 * {@link #send(SendChannel, Object, ReceiveChannel)} do so: they wait for their channel operation
 * and pulse on every tick that arrives meanwhile. The Go book's {@code doWork(done, pulseInterval)}
 * ports in a few lines:
 *
 * <pre>{@code
 * record Work(Heartbeat heartbeat, ReceiveChannel<Instant> results) {}
 *
 * static Work doWork(ReceiveChannel<Unit> done, Duration pulseInterval) {
 *   Heartbeat heartbeat = Heartbeat.make(pulseInterval);
 *   Channel<Instant> results = Channel.make();
 *   go(() -> {
 *     Ticker workGen = Time.newTicker(pulseInterval.multipliedBy(2));
 *     try (heartbeat) {                                   // defer close(heartbeat)
 *       Heartbeat.Receiver<Instant> work = heartbeat.receiver(workGen.channel(), done);
 *       for (Instant r; (r = work.next()) != null; ) {    // pulses while it waits for work
 *         if (!heartbeat.send(results, r, done)) {        // sendResult(r): pulses while blocked
 *           return;
 *         }
 *       }
 *     } finally {
 *       workGen.stop();
 *       results.close();                                  // defer close(results)
 *     }
 *   });
 *   return new Work(heartbeat, results);
 * }
 * }</pre>
 *
 * <p><b>The monitor side.</b> {@link #pulses()} is the channel to watch, in a select with the
 * results and a timeout. Select bodies return a value, so a monitor counts pulses in its own loop
 * variable, with no holder captured by a lambda:
 *
 * <pre>{@code
 * int pulses = 0;
 * for (;;) {
 *   Event e = Select.select(
 *       w.heartbeat().pulses().onReceiveOk((x, ok) -> ok ? Event.PULSE : Event.CLOSED),
 *       w.results().onReceiveOk((r, ok) -> ok ? Event.RESULT : Event.CLOSED),
 *       Time.after(timeout).onReceive(t -> Event.TIMEOUT));
 *   if (e == Event.PULSE) pulses++; else if (e != Event.RESULT) break;
 * }
 * }</pre>
 *
 * <p>{@link #close()} is Go's {@code defer close(heartbeat)}: it stops the ticker and closes {@link
 * #pulses()}, so the monitor sees the worker end; a {@link Steward} watches heartbeats it makes
 * itself and does not need it.
 *
 * <p><b>Blocking and interruption:</b> {@link #beat()}, {@link #close()} and {@link #pulses()}
 * never block. {@link Receiver#next()} and {@link #send(SendChannel, Object, ReceiveChannel)} block
 * like the channel operation they wait for, and throw {@link InterruptedException} if interrupted
 * while blocked (nothing was received or sent then).
 *
 * <p><b>Memory consistency effects:</b> those of the pulse channel: actions of the worker prior to
 * a {@link #beat()} that returned true (that sent a pulse) happen-before the monitor's receive of
 * that pulse returns. A beat that returned false sent nothing and orders nothing; actions prior to
 * {@link #close()} happen-before a receive that finds {@link #pulses()} closed.
 */
public final class Heartbeat implements AutoCloseable {
  /** The result of a tick case inside this class's own loops. */
  private static final Object TICKED = new Object();

  /** The result of the done case inside this class's own loops. */
  private static final Object CANCELED = new Object();

  /** The result of the send case of {@link #send}. */
  private static final Object SENT = new Object();

  private final Channel<Unit> pulses = Channel.make(1);
  private final ReceiveChannel<?> ticks;
  private final Ticker ticker; // owned, stopped by close(); null for per-work or given ticks
  private final SelectCase<Object> tick; // made once: every loop of this heartbeat reuses it
  private final AtomicBoolean closed = new AtomicBoolean();

  private Heartbeat(ReceiveChannel<?> ticks, Ticker ticker) {
    this.ticks = ticks;
    this.ticker = ticker;
    this.tick = onTick(TICKED);
  }

  /**
   * A heartbeat for per-work pulses only: the worker calls {@link #beat()} per unit of work. Its
   * {@link #onTick(Object)} case is never chosen (it waits on a nil channel).
   *
   * @return a new heartbeat
   */
  public static Heartbeat make() {
    return new Heartbeat(Channel.nil(), null);
  }

  /**
   * A heartbeat whose worker pulses every {@code interval} while it runs its loop: Go's {@code
   * pulse := time.Tick(pulseInterval)}. It owns a {@link Ticker}, started now and stopped by {@link
   * #close()}. The ticker only offers ticks; a pulse is sent when the worker's select takes one
   * ({@link #onTick(Object)}, {@link #receiver}, {@link #send}). As with a ticker, a worker that is
   * slower than the interval misses ticks instead of queuing them.
   *
   * @param interval the period of the pulses
   * @return a new heartbeat
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if {@code interval} is zero or negative
   */
  public static Heartbeat make(Duration interval) {
    Objects.requireNonNull(interval, "interval must not be null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    Ticker t = Time.newTicker(interval);
    return new Heartbeat(t.channel(), t);
  }

  /**
   * A heartbeat pulsing on the ticks of {@code ticks}, a channel that delivers a value per period
   * and is never closed (like a {@link Ticker}'s): for a tick source the caller controls, such as a
   * ticker shared by several workers or a test's channel. The caller owns the source; {@link
   * #close()} does not stop it.
   *
   * @param ticks the tick source
   * @return a new heartbeat
   * @throws NullPointerException if {@code ticks} is null
   */
  public static Heartbeat withTicks(ReceiveChannel<?> ticks) {
    return new Heartbeat(Objects.requireNonNull(ticks, "ticks must not be null"), null);
  }

  /**
   * The monitor's side: the channel on which pulses arrive. It holds at most one pulse (capacity
   * 1); a receive returns {@link Unit#VALUE} per pulse, and null once the heartbeat is {@linkplain
   * #close() closed} and drained.
   *
   * @return the pulse channel (the same object on every call)
   */
  public ReceiveChannel<Unit> pulses() {
    return pulses.receiveOnly();
  }

  /**
   * Emits a pulse unless one is already waiting to be read: Go's {@code select { case heartbeat <-
   * struct{}{}: default: }}. Never blocks; safe to call from several goroutines. After {@link
   * #close()} it does nothing and returns false (a worker may race the code that closes it).
   *
   * @return true if a pulse was sent; false if the previous one had not been read yet (the monitor
   *     will still see that one) or the heartbeat is closed
   */
  public boolean beat() {
    if (closed.get()) {
      return false;
    }
    try {
      return pulses.trySend(Unit.VALUE);
    } catch (ChannelClosedException e) {
      return false; // closed between the check and the send
    }
  }

  /**
   * The select case {@code case <-pulse: sendPulse()}, for a worker's own select loop: it receives
   * a tick, {@linkplain #beat() beats}, and returns {@code result} to {@code select}. Make it once
   * before the loop and reuse it; it allocates nothing per tick.
   *
   * <pre>{@code
   * SelectCase<Step> tick = heartbeat.onTick(Step.TICK);
   * for (;;) {
   *   Step s = Select.select(tick, done.onReceive(x -> Step.DONE), work.onReceive(w -> handle(w)));
   *   if (s == Step.DONE) return;
   * }
   * }</pre>
   *
   * <p>For a heartbeat made by {@link #make()} the case is never chosen. If the tick source of
   * {@link #withTicks(ReceiveChannel)} is closed, the case's body throws {@link
   * IllegalStateException} out of {@code select} (a closed source would otherwise be chosen at
   * every select, pulsing for a worker that may be stuck everywhere else).
   *
   * @param result what the case returns to {@code select}, to tell the loop a tick was handled
   * @param <R> the result type
   * @return the case
   */
  public <R> SelectCase<R> onTick(R result) {
    return ticks.onReceive(
        t -> {
          if (t == null) {
            throw new IllegalStateException("heartbeat tick source closed");
          }
          beat();
          return result;
        });
  }

  /**
   * The receive loop of a worker with a heartbeat: Go's {@code for { select { case <-done: return;
   * case <-pulse: sendPulse(); case v := <-in: ... } }}. The returned {@link Receiver} makes its
   * select cases once, so {@link Receiver#next()} allocates nothing per value or tick.
   *
   * @param in the worker's input
   * @param done closed to stop the worker (a context's {@code done()})
   * @param <T> the element type
   * @return the receiver, to use on the worker's goroutine
   * @throws NullPointerException if {@code in} or {@code done} is null
   */
  public <T> Receiver<T> receiver(ReceiveChannel<? extends T> in, ReceiveChannel<?> done) {
    Objects.requireNonNull(in, "input channel in must not be null");
    Objects.requireNonNull(done, "done channel must not be null");
    return new Receiver<>(in, done, tick);
  }

  /**
   * Sends {@code v} on {@code out}, pulsing on every tick that arrives while the send waits, unless
   * {@code done} is closed first: Go's {@code sendResult}:
   *
   * <pre>{@code
   * for {
   *     select {
   *     case <-done:
   *         return
   *     case <-pulse:
   *         sendPulse()
   *     case results <- r:
   *         return
   *     }
   * }
   * }</pre>
   *
   * <p>A send that can complete without blocking completes even if {@code done} is closed, and
   * allocates nothing; a blocking one makes two select cases.
   *
   * @param out where to send
   * @param v the value; not null
   * @param done closed to stop waiting
   * @param <T> the element type
   * @return true if sent, false if {@code done} was closed while it waited
   * @throws InterruptedException if interrupted while blocked; {@code v} was not sent
   * @throws NullPointerException if an argument is null
   * @throws ChannelClosedException if {@code out} is closed
   */
  public <T> boolean send(SendChannel<? super T> out, T v, ReceiveChannel<?> done)
      throws InterruptedException {
    Objects.requireNonNull(out, "output channel out must not be null");
    Objects.requireNonNull(v, "value v must not be null");
    Objects.requireNonNull(done, "done channel must not be null");
    if (out.trySend(v)) {
      return true;
    }
    SelectCase<Object> sent = out.onSend(v, () -> SENT);
    SelectCase<Object> canceled = done.onReceive(x -> CANCELED);
    for (; ; ) {
      Object r = Select.select(sent, tick, canceled);
      if (r != TICKED) {
        return r == SENT;
      }
    }
  }

  /**
   * Go's {@code close(heartbeat)}: stops the ticker this heartbeat owns (if made by {@link
   * #make(Duration)}) and closes {@link #pulses()}; a pulse not read yet stays receivable, then
   * receives return null. Later {@link #beat()}s do nothing. Idempotent; never blocks.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stopTicks();
      pulses.close();
    }
  }

  /**
   * Stops the owned ticker without closing the pulses: for a {@link Steward}, which retires the
   * heartbeat of a ward it abandoned (the ward may still be running and beating).
   */
  void stopTicks() {
    if (ticker != null) {
      ticker.stop();
    }
  }

  /**
   * The receiving side of a worker loop with a heartbeat: {@code for v := range orDone(done, in)},
   * pulsing on ticks while it waits. Made by {@link Heartbeat#receiver}. It holds only the select
   * cases, made once, and no state between calls, so goroutines may share it.
   *
   * @param <T> the element type
   */
  public static final class Receiver<T> {
    private final SelectCase<Object> value;
    private final SelectCase<Object> tick;
    private final SelectCase<Object> canceled;

    private Receiver(
        ReceiveChannel<? extends T> in, ReceiveChannel<?> done, SelectCase<Object> tick) {
      this.value = in.onReceive(v -> v == null ? CANCELED : v);
      this.tick = tick;
      this.canceled = done.onReceive(x -> CANCELED);
    }

    /**
     * The next value of the input, pulsing once per tick that arrives while it waits; null when the
     * input is closed and drained or {@code done} is closed (if several are ready, any may be
     * chosen, as in Go).
     *
     * @return the next value, or null
     * @throws InterruptedException if interrupted while blocked; nothing was received
     */
    @SuppressWarnings("unchecked")
    public T next() throws InterruptedException {
      for (; ; ) {
        Object r = Select.select(value, tick, canceled);
        if (r != TICKED) {
          return r == CANCELED ? null : (T) r;
        }
      }
    }
  }
}
