package io.github.go4j.time;

import io.github.go4j.Go;
import io.github.go4j.Task;
import io.github.go4j.chan.Channel;
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
 * Go's {@code time.Timer}: a single event, either a value sent on {@link #channel()} ({@code
 * time.NewTimer}) or a function run in its own goroutine ({@code time.AfterFunc}).
 *
 * <p>Go 1.23 semantics: the timer channel is synchronous. Its {@code len} and {@code cap} are 0,
 * and once {@link #stop()} or {@link #reset(Duration)} returns, no value from before the call can
 * be received, even if the timer had already expired and its value was waiting. A channel timer
 * that nobody references (nobody can receive from it) is garbage-collected without {@code stop()},
 * and its entry in the scheduler's heap is purged at a later timer creation. An {@code afterFunc}
 * timer is held until it fires or is stopped: its function must run.
 *
 * <p>As in Go 1.23, a timer whose time has come is ready to every receiver: a receive, {@code
 * tryReceive}, {@code poll}, a select's case or a sync wait's done channel that finds the channel
 * empty after the due time first runs the overdue fire itself (Go's {@code maybeRunChan}), so the
 * value does not wait for the scheduler thread, which a loaded machine can delay.
 *
 * <p>Create timers with {@link Time#newTimer(Duration)}, {@link Time#after(Duration)} and {@link
 * Time#afterFunc(Duration, Task)}. No thread is started per timer: pending timers wait in a shared
 * heap served by one scheduler thread per core.
 *
 * <p><b>Memory consistency effects:</b> actions prior to creating or resetting a timer
 * happen-before the receive of its value, or the start of its function.
 */
public final class Timer {
  private final Chan<Instant> c; // null for afterFunc timers
  private final Task f; // null for channel timers
  private final PrimitiveLock lock = new PrimitiveLock(); // keeps a waiting thread's wait record

  static {
    Chan.installTimerRunner(Timer::runIfDue);
  }

  private ScheduledFuture<?> future; // guarded by lock
  private boolean active; // guarded by lock: started and neither fired nor stopped
  private long seq; // guarded by lock: bumped by stop/reset so an in-flight fire is ignored

  /**
   * When the scheduled fire of a channel timer is due ({@link System#nanoTime()}), or {@link
   * #NO_FIRE}: written under the lock, read without it by receivers of the channel (see {@link
   * #runIfDue}).
   */
  private volatile long dueAt = NO_FIRE;

  /** {@link #dueAt} when no fire is scheduled. */
  private static final long NO_FIRE = Long.MIN_VALUE;

  Timer(Duration d, Task f) {
    Objects.requireNonNull(d, "duration d must not be null");
    this.f = f;
    this.c = f == null ? Chan.timerChannel(this) : null;
    lock.lock();
    try {
      start(Clock.saturatedNanos(d));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code t.C}: the channel on which the timer delivers the time it was due. For a timer made
   * by {@link Time#afterFunc}, a nil channel (as in Go). Receive-only, as Go's {@code <-chan Time}:
   * the timer is its only sender, and the view cannot be cast to a {@link Channel}.
   *
   * @return the timer's channel (the same object on every call)
   */
  public ReceiveChannel<Instant> channel() {
    return c == null ? Channel.<Instant>nil().receiveOnly() : c.receiveOnly();
  }

  /**
   * Go's {@code t.Stop()}: prevents the timer from firing.
   *
   * <p>Returns true if the call stopped the timer: it was pending, or it had expired but its value
   * had not been received (that value is discarded; no stale value is received after this returns).
   * Returns false if the value was already received, the function already started, or the timer was
   * already stopped. For an {@code afterFunc} timer, false means the function has started in its
   * own goroutine; {@code stop} does not wait for it. Never blocks for long (takes the timer's
   * lock).
   *
   * @return whether the call stopped the timer
   */
  public boolean stop() {
    lock.lock();
    try {
      return cancelLocked();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Go's {@code t.Reset(d)}: changes the timer to expire after {@code d}; it then fires at the new
   * time, never the old one. Returns what {@link #stop()} would have returned. A value the timer
   * delivered before the call and that was not received is discarded. For an {@code afterFunc}
   * timer, a reset after the function started schedules it again; the runs may overlap.
   *
   * @param d the new delay; zero or negative fires at once
   * @return true if the timer had been active
   */
  public boolean reset(Duration d) {
    Objects.requireNonNull(d, "duration d must not be null");
    long nanos = Clock.saturatedNanos(d);
    lock.lock();
    try {
      boolean was = cancelLocked();
      start(nanos);
      return was;
    } finally {
      lock.unlock();
    }
  }

  private boolean cancelLocked() {
    boolean was = active;
    active = false;
    dueAt = NO_FIRE;
    seq++;
    if (future != null) {
      future.cancel(false);
      future = null;
    }
    if (c != null && c.clear()) {
      was = true; // expired but not received: Go 1.23 counts it as stopped
    }
    return was;
  }

  private void start(long delayNanos) {
    active = true;
    long s = ++seq;
    if (delayNanos >= Clock.FOREVER) {
      return; // never fires: Go clamps an overflowing deadline
    }
    schedule(s, System.nanoTime() + delayNanos, delayNanos);
  }

  /** Schedules the fire of run {@code s}, due at {@code due}, in {@code delayNanos}; lock held. */
  private void schedule(long s, long due, long delayNanos) {
    // Channel timers are held weakly: one nobody can receive from must not stay in the heap.
    if (c == null) {
      future = TimerQueue.schedule(new Fire(this, s, due), delayNanos);
    } else {
      TimerRef<Timer> ref = new TimerRef<>(this);
      future = TimerQueue.schedule(new Fire(ref, s, due), delayNanos);
      ref.setFuture(future);
      this.dueAt = due;
    }
  }

  /**
   * Go 1.23's {@code maybeRunChan}: a receive from a timer's channel (a receive, a poll, a select's
   * case; a sync wait polls its done channel before it registers there) first runs the timer's fire
   * itself if it is overdue, so that the value of a timer whose time has come is ready to every
   * receiver whether or not the timer thread has run yet (it may be late: a loaded machine, a burst
   * of timers on its shard). Called with no channel lock held; the fire takes the timer's lock and
   * then the channel's, as the timer thread does. The entry in the scheduler's heap is cancelled;
   * if that fire runs anyway, it finds the timer inactive (or a newer seq) and does nothing.
   */
  private static void runIfDue(Object owner) {
    if (owner instanceof Timer t) {
      long d = t.dueAt;
      if (d != NO_FIRE && System.nanoTime() - d >= 0) {
        t.runNow(d);
      }
    }
  }

  /** Runs the fire due at {@code d} now, if it is still the one scheduled (see runIfDue). */
  private void runNow(long d) {
    if (TestHooks.ON) {
      TestHooks.run(runNowHook);
    }
    lock.lock();
    try {
      if (!active || dueAt != d || future == null) {
        return; // fired, stopped or reset meanwhile
      }
      future.cancel(false);
      fire(seq, d);
    } finally {
      lock.unlock();
    }
  }

  /** How soon a fire that could not deliver (an allocation failed) is tried again. */
  private static final long REFIRE_NANOS = 1_000_000;

  private void fire(long s, long due) {
    lock.lock();
    try {
      if (s != seq || !active) {
        return; // stopped or reset after this fire was scheduled
      }
      Instant v = null;
      try {
        if (TestHooks.ON) {
          TestHooks.run(fireHook);
        }
        if (c != null) {
          v = Clock.instantOf(due);
        } else {
          Go.go(f); // throws only if the goroutine did not start
        }
      } catch (Throwable e) {
        // An allocation failed (the value, the goroutine: an OutOfMemoryError). Nothing was
        // delivered, so the timer stays active (stop() reports that it stopped it, and no value
        // follows) and fires again shortly; had it gone inactive, stop() would return false
        // with no value to receive, and Go's `if !t.Stop() { <-t.C }` would wait for good.
        refire(s, due);
        return;
      }
      active = false;
      future = null;
      dueAt = NO_FIRE;
      if (c != null) {
        c.trySend(v); // the slot is empty: stop/reset clear it
      }
    } finally {
      lock.unlock();
    }
  }

  private void refire(long s, long due) {
    try {
      schedule(s, due, REFIRE_NANOS);
    } catch (Throwable e) {
      future = null; // no fire is scheduled: the timer stays active until stop or reset
    }
  }

  /*
   * Test hook, for TimerFireFailureHookTest only (see TestHooks): fire runs fireHook (if set) where
   * its allocations begin (the value of a channel timer, the goroutine of an afterFunc), with the
   * timer's lock held, so that a test can make the fire fail there.
   */
  static volatile Runnable fireHook;

  /*
   * Test hook, for TimerRunIfDueHookTest only: runNow runs runNowHook (if set) after a receiver read
   * an overdue due time and before it takes the timer's lock, so that a test can stop or reset the
   * timer in between.
   */
  static volatile Runnable runNowHook;

  /** Test hook: whether a firing is scheduled (false for a stopped, fired or "never" timer). */
  boolean scheduled() {
    lock.lock();
    try {
      return future != null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return c == null ? "Timer(afterFunc)" : "Timer";
  }

  /** The scheduled firing; holds a function timer strongly and a channel timer weakly. */
  private record Fire(Object ref, long seq, long due) implements Runnable {
    @Override
    public void run() {
      Object r = ref;
      if (r instanceof TimerRef<?> w) {
        r = w.get();
      }
      if (r != null) {
        ((Timer) r).fire(seq, due);
      }
    }
  }
}
