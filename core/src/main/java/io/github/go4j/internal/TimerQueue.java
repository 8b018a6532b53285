package io.github.go4j.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler behind go4j's timers: Go's per-P timer heaps.
 *
 * <p>A few shards (one per core, at most 8), each a {@link ScheduledThreadPoolExecutor} with one
 * daemon platform thread and a binary heap of pending timers; a timer goes to the shard of the
 * thread that schedules it, so threads that create timers at once rarely meet on one heap lock.
 * Cancelled timers leave the heap at once ({@code removeOnCancelPolicy}), so Stop and Reset leave
 * nothing behind. There is no thread per timer. Tasks run here must be short: they send on a timer
 * channel or start a goroutine.
 */
public final class TimerQueue {
  private static final ScheduledThreadPoolExecutor[] SHARDS;

  static {
    int n = Math.min(8, Math.max(1, Runtime.getRuntime().availableProcessors()));
    SHARDS = new ScheduledThreadPoolExecutor[n];
    for (int i = 0; i < n; i++) {
      String name = "go4j-timer-" + i;
      // A shard's thread starts with its first timer, in whatever thread makes that timer; it
      // takes nothing from that thread (an afterFunc's goroutine, started here, would inherit it,
      // whoever made the timer, and the JVM would keep it reachable for good): no inheritable
      // thread-locals, and go4j's own class loader as its context class loader.
      ThreadFactory tf =
          r -> {
            Thread t =
                Thread.ofPlatform()
                    .name(name)
                    .daemon(true)
                    .inheritInheritableThreadLocals(false)
                    .unstarted(r);
            t.setContextClassLoader(TimerQueue.class.getClassLoader());
            return t;
          };
      ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, tf);
      e.setRemoveOnCancelPolicy(true);
      e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      SHARDS[i] = e;
    }
  }

  private TimerQueue() {}

  private static ScheduledThreadPoolExecutor shard() {
    return SHARDS[shardIndex()];
  }

  /**
   * The shard of the current thread: its timers run on that shard's thread, in due order.
   *
   * @return the shard's index
   */
  public static int shardIndex() {
    return (int) (Thread.currentThread().threadId() % SHARDS.length);
  }

  /**
   * Test hook: the number of tasks waiting in all shards' heaps.
   *
   * @return pending timer tasks
   */
  public static int pendingCount() {
    int n = 0;
    for (ScheduledThreadPoolExecutor e : SHARDS) {
      n += e.getQueue().size();
    }
    return n;
  }

  /**
   * Whether no timer task is pending or running in any shard (the deadlock detector's question: can
   * a timer still send on a channel or start a goroutine?).
   *
   * @return true if every shard is idle
   */
  public static boolean idle() {
    for (ScheduledThreadPoolExecutor e : SHARDS) {
      if (!e.getQueue().isEmpty() || e.getActiveCount() != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Runs {@code task} once after {@code delayNanos}.
   *
   * @param task what to run on the timer thread
   * @param delayNanos the delay, at least 0
   * @return the handle that cancels it
   */
  public static ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    return shard().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code task} once after {@code delayNanos} on shard {@code shard} (a ticker re-arms itself
   * on the shard it started on, so that its ticks keep their order with the creator's timers).
   *
   * @param shard a shard index from {@link #shardIndex()}
   * @param task what to run on the timer thread
   * @param delayNanos the delay, at least 0
   * @return the handle that cancels it
   */
  public static ScheduledFuture<?> schedule(int shard, Runnable task, long delayNanos) {
    return SHARDS[shard].schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }
}
