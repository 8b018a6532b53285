package io.github.go4j.time;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.internal.Chan;
import io.github.go4j.internal.Clock;
import io.github.go4j.internal.TimerQueue;
import io.github.go4j.internal.TimerRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code time.Ticker}: delivers the time on {@link #channel()} every period.
 *
 * <p>Go's rules: the channel holds at most one pending tick, so a slow receiver misses ticks rather
 * than queuing them. {@link #stop()} does not close the channel, and no tick (not even one already
 * waiting) is received after it returns. {@link #reset(Duration)} changes the period; the next tick
 * arrives one new period after the call. Each tick carries the time it was scheduled for. Each tick
 * goes to exactly one receiver. An unreferenced ticker is garbage-collected (Go 1.23); {@code
 * stop()} is not needed to release it.
 *
 * <p><b>Memory consistency effects:</b> actions prior to creating or resetting a ticker
 * happen-before the receive of its ticks.
 */
public final class Ticker {
  private final Chan<Instant> c = Chan.timerChannel(this);
  private final ReentrantLock lock = new ReentrantLock();

  private ScheduledFuture<?> future; // guarded by lock
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
    Objects.requireNonNull(d, "duration must not be null");
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
    if (future != null) {
      future.cancel(false);
      future = null;
    }
    c.clear();
  }

  private void start(long period) {
    long s = ++seq;
    if (period >= Clock.FOREVER) {
      return;
    }
    TimerRef<Ticker> ref = new TimerRef<>(this);
    future = TimerQueue.scheduleAtFixedRate(new Tick(ref, s, System.nanoTime(), period), period);
    ref.setFuture(future);
  }

  private boolean tick(long s, long when) {
    lock.lock();
    try {
      if (s != seq) {
        return false;
      }
      c.trySend(Clock.instantOf(when)); // dropped if a tick is still waiting
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** One ticker's periodic task; holds the ticker weakly and ends itself once it is gone. */
  private static final class Tick implements Runnable {
    private final TimerRef<Ticker> ref;
    private final long seq;
    private final long period;
    private long next;

    Tick(TimerRef<Ticker> ref, long seq, long start, long period) {
      this.ref = ref;
      this.seq = seq;
      this.period = period;
      this.next = start + period;
    }

    @Override
    public void run() {
      Ticker t = ref.get();
      long when = next;
      next += period;
      if (t == null || !t.tick(seq, when)) {
        // A periodic task ends when it throws: the ticker is gone or was stopped/reset.
        throw Ended.INSTANCE;
      }
    }
  }

  /** Ends a periodic task; preallocated, without a stack trace. */
  private static final class Ended extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Ended INSTANCE = new Ended();

    private Ended() {
      super("ticker ended", null, false, false);
    }
  }
}
