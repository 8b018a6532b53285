package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import io.github.go4j.sync.Mutex;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A goroutine interrupted in a wait that ignores interrupts (Mutex.lock) clears its status and
 * parks again, counted as blocked throughout and without signalling the detector. A detector that
 * looked in the moment its status was still set saw a goroutine about to run and went back to
 * waiting for a signal that never came: the deadlock was never reported (raised in review of
 * docs/debugging.md). The detector now looks again after its quiescence period while a blocked
 * goroutine's status is set.
 *
 * <p>Run in a child JVM with the registry and the test hooks on: the goroutine is held,
 * interrupted, in the moment after its park returns (Waiter.uninterruptibleWakeHook) until the
 * detector has seen its status (GoroutineRegistry.interruptedHook).
 */
class DeadlockUninterruptibleWaitTest {

  @Test
  void aDeadlockIsReportedAfterAnInterruptThatAMutexWaitIgnores() throws Exception {
    GoTesting.ChildJvm child = GoTesting.runWithRegistryAndHooks(Child.class, 50);
    String out = child.output();
    assertThat(out)
        .as(out)
        .contains("the first deadlock reported: true")
        .contains("the detector saw the interrupt: true")
        .contains("the deadlock after the interrupt reported: true");
  }

  /** A goroutine blocked in Mutex.lock for good, interrupted while a second one blocks. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      long deadline = GoTesting.DEADLINE.toSeconds();
      BlockingQueue<String> reports = new LinkedBlockingQueue<>();
      Goroutines.setDeadlockHandler(reports::add);
      Mutex m = new Mutex();
      m.lock(); // held by the main thread, which is no goroutine, for good
      Thread g = Go.go(m::lock);
      String first = reports.poll(deadline, TimeUnit.SECONDS);
      System.out.println("the first deadlock reported: " + (first != null));

      CountDownLatch held = new CountDownLatch(1);
      AtomicBoolean release = new AtomicBoolean();
      Waiter.uninterruptibleWakeHook =
          () -> {
            if (Thread.currentThread() == g && g.isInterrupted() && held.getCount() > 0) {
              held.countDown();
              while (!release.get()) {
                Thread.yield(); // status set, counted as blocked, not parked
              }
            }
          };
      CountDownLatch seen = new CountDownLatch(1);
      GoroutineRegistry.interruptedHook = seen::countDown;
      g.interrupt();
      if (!held.await(deadline, TimeUnit.SECONDS)) {
        System.out.println("the interrupted goroutine never woke");
        System.exit(1);
      }
      Channel<String> c = Channel.make();
      Go.go(c::receive); // blocks: the running count falls to 0 and the detector looks
      System.out.println(
          "the detector saw the interrupt: " + seen.await(deadline, TimeUnit.SECONDS));
      release.set(true); // g clears its status and parks again, without a signal
      String second = reports.poll(deadline, TimeUnit.SECONDS);
      System.out.println("the deadlock after the interrupt reported: " + (second != null));
      System.exit(0);
    }
  }
}
