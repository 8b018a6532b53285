package io.github.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.chan.ReceiveChannel;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Channel timers are held weakly, and what {@code -Djdk.trackAllThreads=false} does to them
 * (docs/differences.md, "Garbage-collected timers"): a goroutine that nothing else references,
 * parked on the channel of a timer that nothing else references, is kept alive (and with it the
 * timer) only by the JDK's tracking of every virtual thread, on by default. With the flag off, all
 * three are collected: the goroutine never wakes up and never runs its {@code finally} block.
 *
 * <p>The flag is read once per JVM, so each case runs {@link ParkedOnATimer} in a child JVM
 * (bounded: destroyed if it does not end in time) and asserts on what it reports. The timer is an
 * hour long, so no outcome depends on how fast the collections run.
 */
class TrackAllThreadsTest {

  @Test
  void aGoroutineParkedOnAnUnreferencedTimerIsCollectedWithTrackAllThreadsOff() throws Exception {
    assertThat(runChild("-Djdk.trackAllThreads=false"))
        .containsExactly(
            "goroutine collected=true", "timer collected=true", "woke=false", "finally ran=false");
  }

  @Test
  void aGoroutineParkedOnAnUnreferencedTimerKeepsItAliveByDefault() throws Exception {
    assertThat(runChild())
        .containsExactly(
            "goroutine collected=false",
            "timer collected=false",
            "woke=false",
            "finally ran=false");
  }

  /** Runs {@link ParkedOnATimer} in a child JVM with {@code flags}; returns its output lines. */
  private static List<String> runChild(String... flags) throws IOException, InterruptedException {
    // A small heap and the serial collector: the child is tiny, and the machine may be shared.
    // One carrier thread, so that ParkedOnATimer can tell when the carrier has let go of the
    // goroutine (see ParkedOnATimer#flushCarrier).
    List<String> command =
        new ArrayList<>(
            List.of(
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1"));
    command.addAll(List.of(flags));
    GoTesting.ChildJvm child =
        GoTesting.runJava(ParkedOnATimer.class, command.toArray(String[]::new));
    assertThat(child.exitStatus()).as(child.output()).isZero();
    return child.output().lines().toList();
  }

  /**
   * The child program: one goroutine creates an hour-long timer and parks receiving from its
   * channel; nothing else references the goroutine, the timer or the channel (this program holds
   * only weak references to them). After full collections (each confirmed by a collected canary),
   * it prints whether the goroutine and the timer were collected and whether the goroutine woke up
   * or ran its {@code finally} block.
   */
  static final class ParkedOnATimer {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private ParkedOnATimer() {}

    public static void main(String[] args) throws Exception {
      AtomicReference<WeakReference<Thread>> goroutine = new AtomicReference<>();
      AtomicReference<WeakReference<Timer>> timer = new AtomicReference<>();
      AtomicBoolean woke = new AtomicBoolean();
      AtomicBoolean finallyRan = new AtomicBoolean();
      CountDownLatch ready = new CountDownLatch(1);
      start(goroutine, timer, woke, finallyRan, ready);
      ready.await();
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      while (!parked(goroutine.get())) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("the goroutine did not park on the timer channel");
        }
        LockSupport.parkNanos(100_000);
      }
      flushCarrier();
      boolean collected = false;
      for (int round = 0; round < 3 && !collected; round++) {
        fullGc();
        collected = goroutine.get().get() == null;
      }
      System.out.println("goroutine collected=" + collected);
      System.out.println("timer collected=" + (timer.get().get() == null));
      System.out.println("woke=" + woke.get());
      System.out.println("finally ran=" + finallyRan.get());
    }

    /** Starts the goroutine; its Thread is not kept (Go.go's result is dropped here). */
    private static void start(
        AtomicReference<WeakReference<Thread>> goroutine,
        AtomicReference<WeakReference<Timer>> timer,
        AtomicBoolean woke,
        AtomicBoolean finallyRan,
        CountDownLatch ready) {
      Go.go(
          () -> {
            try {
              ReceiveChannel<Instant> c = newTimer(timer);
              goroutine.set(new WeakReference<>(Thread.currentThread()));
              ready.countDown();
              c.receive();
              woke.set(true);
            } finally {
              finallyRan.set(true);
            }
          });
    }

    private static ReceiveChannel<Instant> newTimer(AtomicReference<WeakReference<Timer>> ref) {
      Timer t = Time.newTimer(Duration.ofHours(1));
      ref.set(new WeakReference<>(t));
      return t.channel();
    }

    private static boolean parked(WeakReference<Thread> ref) {
      Thread t = ref.get();
      return t != null && t.getState() == Thread.State.WAITING;
    }

    /**
     * Returns once the (only) carrier thread has finished running the goroutine. A virtual thread
     * reports WAITING as soon as it has parked, while its carrier is still inside the
     * continuation's run method, whose frame references the virtual thread; a collection in that
     * window (a carrier preempted there on a loaded machine) finds the goroutine reachable. The
     * scheduler has one carrier, so a virtual thread started now runs only after the goroutine's
     * run has returned.
     */
    private static void flushCarrier() throws InterruptedException {
      Thread flush = Thread.ofVirtual().start(() -> {});
      if (!flush.join(Duration.ofNanos(DEADLINE_NANOS))) {
        throw new AssertionError("the carrier thread did not run another virtual thread");
      }
    }

    /** A full collection: System.gc() until an object allocated before it has been collected. */
    private static void fullGc() {
      WeakReference<Object> canary = new WeakReference<>(new Object());
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      while (canary.get() != null) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("System.gc() collected nothing");
        }
        System.gc();
      }
    }
  }
}
