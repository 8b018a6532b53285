package io.github.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.GoTesting.HeldTimerShard;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.sync.Semaphore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Go 1.23's {@code maybeRunChan}: a timer whose time has come is ready to every receiver of its
 * channel, whether or not the scheduler has run its fire yet. Each test holds up the scheduler
 * shard that its thread's timers go to ({@link HeldTimerShard}), makes a timer due at once, and
 * receives from it: before the change the value waited for the held-up shard, so a non-blocking
 * receive found nothing and a blocking one waited.
 */
class TimerRunIfDueTest {

  @Test
  void anOverdueTimersValueIsReadyToTryReceive() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Instant before = Instant.now();
      Timer t = Time.newTimer(Duration.ZERO);
      var got = t.channel().tryReceive();
      assertThat(got).as("the value of the overdue timer, fired by the receive").isPresent();
      assertThat(got.get().ok()).isTrue();
      assertThat(got.get().value()).isAfterOrEqualTo(before.minusMillis(20));
      assertThat(t.stop()).as("fired and received: nothing to stop").isFalse();
      held.releaseAndDrain();
      assertThat(t.channel().tryReceive())
          .as("the scheduled fire, run late, delivers nothing more")
          .isEmpty();
    }
  }

  @Test
  void anOverdueTimersValueIsReadyToPollAndToTimeAfter() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Timer t = Time.newTimer(Duration.ofNanos(-1));
      assertThat(t.channel().poll()).as("poll fires the overdue timer").isNotNull();
      assertThat(Time.after(Duration.ZERO).poll()).as("Time.after(0)'s channel").isNotNull();
      held.releaseAndDrain();
      assertThat(t.channel().poll()).isNull();
    }
  }

  @Test
  void aBlockingReceiveOfAnOverdueTimerDoesNotWaitForTheScheduler() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Timer t = Time.newTimer(Duration.ZERO);
      // The receive runs in another goroutine (another shard, maybe): the fire is the timer's.
      Goroutine<Instant> r = Goroutine.start(() -> t.channel().receive());
      assertThat(r.join()).as("received while the timer's shard is held").isNotNull();
      assertThat(t.reset(Duration.ofHours(1))).as("fired: reset finds it inactive").isFalse();
      held.releaseAndDrain();
      assertThat(t.stop()).as("the reset's schedule is pending").isTrue();
      assertThat(t.channel().tryReceive()).isEmpty();
    }
  }

  @Test
  void aSelectWithADefaultTakesTheOverdueTimersCase() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Channel<Integer> never = Channel.make();
      for (int i = 0; i < 3; i++) {
        Timer t = Time.newTimer(Duration.ZERO);
        String two =
            Select.select(t.channel().onReceive(v -> "timer"), Select.onDefault(() -> "default"));
        assertThat(two).as("two cases, round %d", i).isEqualTo("timer");
        Timer u = Time.newTimer(Duration.ZERO);
        String three =
            Select.select(
                never.onReceive(v -> "never"),
                u.channel().onReceive(v -> "timer"),
                Select.onDefault(() -> "default"));
        assertThat(three).as("three cases, round %d", i).isEqualTo("timer");
        Timer x = Time.newTimer(Duration.ZERO);
        String list =
            Select.select(
                List.of(
                    never.onReceive(v -> "never"),
                    x.channel().onReceive(v -> "timer"),
                    never.onReceive(v -> "never"),
                    never.onReceive(v -> "never"),
                    never.onReceive(v -> "never"),
                    Select.<String>onDefault(() -> "default")));
        assertThat(list).as("six cases, round %d", i).isEqualTo("timer");
      }
      held.releaseAndDrain();
    }
  }

  @Test
  void anOverdueTimerAsASyncWaitsDoneChannelEndsTheWait() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Semaphore sem = new Semaphore(1);
      sem.acquire(1);
      Timer t = Time.newTimer(Duration.ZERO);
      Goroutine<Boolean> g = Goroutine.start(() -> sem.acquire(1, t.channel()));
      assertThat(g.join()).as("done (the overdue timer) was ready: no tokens").isFalse();
      held.releaseAndDrain();
    }
  }

  @Test
  void aStoppedOrPendingTimerIsNotFiredByAReceive() throws Exception {
    try (HeldTimerShard held = new HeldTimerShard()) {
      Timer stopped = Time.newTimer(Duration.ZERO);
      assertThat(stopped.stop()).as("stopped before it fired").isTrue();
      assertThat(stopped.channel().tryReceive()).as("a stopped timer never fires").isEmpty();
      Timer pending = Time.newTimer(Duration.ofHours(1));
      assertThat(pending.channel().tryReceive()).as("not due yet").isEmpty();
      assertThat(pending.stop()).isTrue();
      held.releaseAndDrain();
    }
  }
}
