package io.github.go4j.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ScheduledFuture;

/**
 * How the scheduler holds a channel timer or ticker: weakly, and able to cancel the timer's heap
 * entry once the timer has been collected.
 *
 * <p>Go 1.23 frees a timer nobody references. Here the timer object and its channel are freed by
 * the GC as soon as nobody references them, but the scheduler's heap entry (the task and this
 * reference, about 170 bytes) would stay until its due time — for {@code Time.after(1h)} in a loop,
 * an hour. So each reference is registered with a {@link ReferenceQueue}, and every timer creation
 * first drains that queue and cancels the entries of collected timers ({@link #expungeStale()}),
 * which removes them from the heap at once ({@code removeOnCancelPolicy}). No cleaner thread is
 * needed: the workloads that create garbage timers are the ones that create timers, and they do the
 * cleaning.
 *
 * @param <T> the referent type (Timer or Ticker)
 */
public final class TimerRef<T> extends WeakReference<T> {
  private static final ReferenceQueue<Object> STALE = new ReferenceQueue<>();

  /** The heap entry; set right after scheduling (volatile: read by whoever expunges). */
  private volatile ScheduledFuture<?> future;

  /**
   * A reference to {@code referent}, after expunging the entries of collected timers.
   *
   * @param referent the timer
   */
  public TimerRef(T referent) {
    super(referent, STALE);
    expungeStale();
  }

  /**
   * Records the heap entry this reference's task lives in.
   *
   * @param f the entry
   */
  public void setFuture(ScheduledFuture<?> f) {
    future = f;
    if (refersTo(null)) {
      f.cancel(false); // collected already: possible only if the caller dropped it meanwhile
    }
  }

  /** Cancels the heap entries of timers the GC has collected. Cheap when there are none. */
  static void expungeStale() {
    for (Object r; (r = STALE.poll()) != null; ) {
      ScheduledFuture<?> f = ((TimerRef<?>) r).future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
