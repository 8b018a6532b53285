package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Allocations that failed while a channel lock was held (found in review, reproduced first in a
 * child JVM that filled its heap): close() grew its list of claimed waiters after it had marked the
 * channel closed, and a select made its entry for contended channel locks (the thread's first
 * contention) inside lockAll, with the locks of lower channels held. Either OutOfMemoryError left a
 * channel's lock held for good (every later operation on it waited forever) and, for close, the
 * claimed waiters never woken. Now close sizes its list before it changes anything, and a select
 * makes the lock entry with its scratch, before it takes any lock.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class CloseAllocationFailureHookTest {
  private final AtomicReference<Thread> failing = new AtomicReference<>();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    WakeList.growHook = null;
    Waiter.lockWaiterHook = null;
  }

  private static Runnable failingOn(AtomicReference<Thread> thread) {
    return () -> {
      if (Thread.currentThread() == thread.get()) {
        throw new OutOfMemoryError("test: the allocation failed");
      }
    };
  }

  @Test
  void closeWithManyWaitersDoesNotGrowItsListWhileItHoldsTheLock() throws Exception {
    for (int cap : new int[] {0, 1, 64}) {
      Channel<String> ch = Channel.make(cap);
      Chan<?> c = (Chan<?>) ch;
      List<Goroutine<Received<String>>> receivers = new ArrayList<>();
      for (int i = 0; i < 9; i++) { // more than a list of four holds: the old list grew twice
        receivers.add(Goroutine.start(ch::receiveOk));
      }
      GoTesting.awaitTrue("nine receivers wait", () -> c.queuedReceivers() == 9);
      AtomicReference<Thread> closer = new AtomicReference<>();
      WakeList.growHook = failingOn(closer);
      Goroutine<Throwable> close =
          Goroutine.start(
              () -> {
                closer.set(Thread.currentThread());
                try {
                  ch.close();
                  return null;
                } catch (OutOfMemoryError e) {
                  return e;
                }
              });
      assertThat(close.join()).as("cap %d: close allocated nothing under the lock", cap).isNull();
      WakeList.growHook = null;
      for (Goroutine<Received<String>> r : receivers) {
        assertThat(r.join().ok()).as("cap %d: woken by the close", cap).isFalse();
      }
      Goroutine<Boolean> probe = Goroutine.start(() -> ch.tryReceive().isPresent());
      assertThat(probe.join()).as("cap %d: the lock is free, the channel closed", cap).isTrue();
    }
  }

  @Test
  void aSelectThatCannotMakeItsLockEntryHoldsNoLockAndQueuesNothing() throws Exception {
    Channel<String> a = Channel.make(0);
    Channel<String> b = Channel.make(0); // a later id: locked after a
    Chan<?> ca = (Chan<?>) a;
    Chan<?> cb = (Chan<?>) b;
    assertThat(ca.id).isLessThan(cb.id);
    Waiter.lockWaiterHook = failingOn(failing);
    cb.lockForTest(); // contended when the select reaches it
    Goroutine<Object> g;
    try {
      g =
          Goroutine.start(
              () -> {
                failing.set(Thread.currentThread());
                try {
                  return Select.select(a.onReceive(v -> v), b.onReceive(v -> v));
                } catch (OutOfMemoryError e) {
                  return e;
                }
              });
      assertThat(g.join()).as("the select failed to make its lock entry").isInstanceOf(Error.class);
    } finally {
      cb.unlockForTest();
    }
    Goroutine<Integer> probe = Goroutine.start(() -> ca.queuedReceivers() + cb.queuedReceivers());
    assertThat(probe.join()).as("both locks free, no case left queued").isZero();
    Goroutine<Boolean> sender = Goroutine.start(() -> a.trySend("x"));
    assertThat(sender.join()).as("no receiver: nothing takes the value").isFalse();
  }
}
