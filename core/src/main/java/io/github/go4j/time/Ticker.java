package io.github.go4j.time;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Chan;
import io.github.go4j.internal.Clock;
import io.github.go4j.internal.PrimitiveLock;
import io.github.go4j.internal.TestHooks;
import io.github.go4j.internal.TimerQueue;
import io.github.go4j.internal.TimerRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/**
 * Go's {@code time.Ticker}: delivers the time on {@link #channel()} every period.
 *
 * <p>Go's rules: the channel holds at most one pending tick, so a slow receiver misses ticks rather
 * than queuing them. {@link #stop()} does not close the channel, and no tick (not even one already
 * waiting) is received after it returns. {@link #reset(Duration)} changes the period; the next tick
 * arrives one new period after the call. Each tick carries the time it was scheduled for. Each tick
 * goes to exactly one receiver. A tick that runs late (the timer thread was busy or descheduled)
 * does not make the ticker catch up on the periods it missed: as in Go's runtime, the next tick is
 * due at the first multiple of the period after now, so even a period shorter than a tick's own
 * cost never delays the other timers. An unreferenced ticker is garbage-collected (Go 1.23); {@code
 * stop()} is not needed to release it.
 *
 * <p><b>Memory consistency effects:</b> actions prior to creating or resetting a ticker
 * happen-before the receive of its ticks.
 */
public final class Ticker {
  private final Chan<Instant> c = Chan.timerChannel(this);
  private final PrimitiveLock lock = new PrimitiveLock(); // keeps a waiting thread's wait record

  private Tick ticking; // guarded by lock: the task of the current period, null once stopped
  private long seq; // guarded by lock

  Ticker(Duration d) {
    long period = positiveNanos(d, "non-positive interval for NewTicker");
    lock.lock();
    try {
      start(period);
    } finally {
      lock.unlock();
    }
  }

  private static long positiveNanos(Duration d, String message) {
    Objects.requireNonNull(d, "duration d must not be null");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(message);
    }
    return Clock.saturatedNanos(d);
  }

  /**
   * Go's {@code t.C}: the channel of ticks. Receive-only, as Go's {@code <-chan Time}: the ticker
   * is its only sender, and the view cannot be cast to a full channel.
   *
   * @return the tick channel (the same object on every call)
   */
  public ReceiveChannel<Instant> channel() {
    return c.receiveOnly();
  }

  /**
   * Go's {@code t.Stop()}: turns the ticker off. The channel is not closed; no tick is received
   * after this returns (a tick waiting in the channel is discarded). Stopping twice is a no-op.
   */
  public void stop() {
    lock.lock();
    try {
      cancelLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code t.Reset(d)}: stops the ticker and restarts it with period {@code d}; the next tick
   * arrives after {@code d}. A tick waiting in the channel is discarded.
   *
   * @param d the new period
   * @throws IllegalArgumentException "non-positive interval for Ticker.Reset" if {@code d <= 0}
   */
  public void reset(Duration d) {
    long period = positiveNanos(d, "non-positive interval for Ticker.Reset");
    lock.lock();
    try {
      cancelLocked();
      start(period);
    } finally {
      lock.unlock();
    }
  }

  private void cancelLocked() {
    seq++;
    if (ticking != null) {
      ticking.cancel();
      ticking = null;
    }
    c.clear();
  }

  private void start(long period) {
    long s = ++seq;
    if (period >= Clock.FOREVER) {
      return;
    }
    ticking = new Tick(new TimerRef<>(this), s, System.nanoTime(), period);
    ticking.arm(period);
  }

  /** Test hook: whether ticks are scheduled (false once stopped, or for a "never" period). */
  boolean scheduled() {
    lock.lock();
    try {
      return ticking != null;
    } finally {
      lock.unlock();
    }
  }

  private boolean tick(long s, long when) {
    lock.lock();
    try {
      if (s != seq) {
        return false;
      }
      if (TestHooks.ON) {
        TestHooks.run(tickHook);
      }
      c.trySend(Clock.instantOf(when)); // dropped if a tick is still waiting
      return true;
    } finally {
      lock.unlock();
    }
  }

  /*
   * Test hook, for TimerFireFailureHookTest only (see TestHooks): tick runs tickHook (if set)
   * before it makes the tick's value, with the ticker's lock held, so that a test can make the
   * tick fail there.
   */
  static volatile Runnable tickHook;

  /**
   * One ticker's periodic task: holds the ticker weakly, re-arms itself after each tick (Go's
   * skip-ahead: the next tick is due at the first multiple of the period after now), and ends once
   * the ticker is gone, stopped or reset.
   */
  private static final class Tick implements Runnable {
    private final TimerRef<Ticker> ref;
    private final long seq;
    private final long period;
    private final int shard = TimerQueue.shardIndex();
    private long next; // timer thread only, after construction
    private volatile ScheduledFuture<?> future; // the current heap entry
    private volatile boolean cancelled;

    Tick(TimerRef<Ticker> ref, long seq, long start, long period) {
      this.ref = ref;
      this.seq = seq;
      this.period = period;
      this.next = start + period;
    }

    /** Schedules the next run after {@code delay}; stays cancelled if cancel() came first. */
    void arm(long delay) {
      ScheduledFuture<?> f = TimerQueue.schedule(shard, this, delay);
      future = f;
      ref.setFuture(f); // a collected ticker's entry is cancelled by TimerRef
      if (cancelled) { // cancel() ran between the schedule and the write: it may have missed f
        f.cancel(false);
      }
    }

    /** Ends the task: no further tick is scheduled, the pending one leaves the heap. */
    void cancel() {
      cancelled = true;
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }

    @Override
    public void run() {
      Ticker t = ref.get();
      long when = next;
      if (cancelled || t == null) {
        return; // the ticker is gone or was stopped
      }
      try {
        if (!t.tick(seq, when)) {
          return; // stopped or reset
        }
      } catch (Throwable e) {
        // Making this tick's value failed (an OutOfMemoryError): the tick is dropped, as one the
        // receiver was not ready for, and the ticker goes on. (Only if scheduling the next tick
        // fails as well does the ticker stop, until its reset.)
      }
      long now = System.nanoTime();
      long late = Math.max(0, now - when); // a task never runs before it is due
      long n = when + period * (1 + late / period); // Go: skip the periods already missed
      if (n - when < 0) { // overflow: the period is within a period of FOREVER
        return;
      }
      next = n;
      arm(Math.max(0, n - now));
    }
  }
}
