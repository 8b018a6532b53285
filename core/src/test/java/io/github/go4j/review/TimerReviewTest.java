package io.github.go4j.review;

import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.internal.TimerQueue;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Review findings on go4j's timers and tickers (docs/conformance.md, section C). */
class TimerReviewTest {

  /** The number of tasks waiting in all timer shards' heaps (a test hook, no reflection). */
  private static int scheduledTasks() {
    return TimerQueue.pendingCount();
  }

  /**
   * Review finding 2 (rule 65, TestTimerGC). Go 1.23 made an unreferenced, unstopped timer garbage:
   * the classic {@code for { select { case v := <-ch: ...; case <-time.After(time.Hour): } }} no
   * longer accumulates timers. go4j collects the Timer object, but its scheduled task (a
   * ScheduledFutureTask holding the Fire record and a WeakReference) stays in the timer heap until
   * the original due time: here an hour. The heap grew by one entry per abandoned timer.
   *
   * <p>Fixed by {@code TimerRef}: collected timers' entries are cancelled at a later timer
   * creation, so the test creates timers while it waits, as a select loop would.
   */
  @Test
  void unreferencedTimersLeaveNothingInTheTimerHeap() throws Exception {
    final int n = 20_000;
    int before = scheduledTasks();
    WeakReference<Timer> probe = new WeakReference<>(Time.newTimer(Duration.ofHours(1)));
    for (int i = 0; i < n; i++) {
      Time.after(Duration.ofHours(1)); // dropped at once, as after a select that chose another case
    }
    awaitTrue(
        "the abandoned timers are collected",
        () -> {
          System.gc();
          return probe.get() == null;
        });
    // The next timer creations purge the collected timers' entries (the references reach the
    // queue shortly after the GC, on the JDK's reference-handler thread).
    awaitTrue(
        "the collected timers' heap entries are purged",
        () -> {
          Time.after(Duration.ofHours(1)).len();
          return scheduledTasks() - before < n / 10;
        });
    int leftover = scheduledTasks() - before;
    assertThat(leftover)
        .as("timer-heap entries left behind by %d collected, unstopped timers", n + 1)
        .isLessThan(n / 10);
  }
}
