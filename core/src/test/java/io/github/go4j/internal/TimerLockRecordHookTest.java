package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.GoTesting.HeldTimerShard;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receive's inline fire of an overdue timer (Timer.runNow) takes the timer's lock inside a
 * select's poll. As a plain ReentrantLock, that lock's contended wait cleared the thread's
 * park-blocker field, which holds the thread's go4j wait record: the select lost its record midway,
 * and a later contended channel lock in lockAll made a new record and lock entry (allocations) with
 * the lower channels' locks held, which an OutOfMemoryError there kept for good (found in review).
 * The timer's lock is a PrimitiveLock now, which puts the record back.
 */
class TimerLockRecordHookTest {
  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    Waiter.lockWaiterHook = null;
  }

  @Test
  void aSelectWhosePollWaitedForTheTimersLockAllocatesNothingInLockAll() throws Exception {
    HeldTimerShard held = new HeldTimerShard();
    try {
      Channel<String> low = Channel.make(0);
      Timer t = Time.newTimer(Duration.ZERO); // due at once; its shard is held up
      Channel<String> high = Channel.make(0);
      Chan<?> cl = (Chan<?>) low;
      Chan<?> ct = Chan.of(t.channel(), "timer");
      Chan<?> ch = (Chan<?>) high;
      assertThat(cl.id).isLessThan(ct.id);
      assertThat(ct.id).isLessThan(ch.id);
      Field f = Timer.class.getDeclaredField("lock");
      f.setAccessible(true);
      ReentrantLock timerLock = (ReentrantLock) f.get(t);

      java.util.concurrent.atomic.AtomicReference<Thread> armed =
          new java.util.concurrent.atomic.AtomicReference<>();
      Waiter.lockWaiterHook =
          () -> {
            if (armed.get() == Thread.currentThread()) {
              throw new OutOfMemoryError("test: the allocation failed");
            }
          };
      Channel<String> ready = Channel.make(1);
      Channel<String> idle = Channel.make(0);
      timerLock.lock(); // e.g. a stop(), reset() or the timer thread's fire, running right now
      ch.lockForTest(); // contended when the select's lockAll reaches it
      Goroutine<Object> g;
      try {
        g =
            Goroutine.start(
                () -> {
                  ready.send("w");
                  // warm-up: the thread's scratch and lock entry exist (ensure), as after any
                  // earlier select of this thread
                  Select.select(
                      new SelectCase<?>[] {
                        ready.onReceive(v -> v), idle.onReceive(v -> v), idle.onReceive(v -> v)
                      });
                  armed.set(Thread.currentThread()); // from now on, a lock-entry allocation fails
                  try {
                    return Select.select(
                        new SelectCase<?>[] {
                          low.onReceive(v -> "low"),
                          t.channel().onReceive(v -> "timer"),
                          high.onReceive(v -> "high")
                        });
                  } catch (OutOfMemoryError e) {
                    return e;
                  }
                });
        GoTesting.awaitTrue(
            "the select's timer poll waits for the timer's lock",
            () -> timerLock.hasQueuedThread(g.thread()));
        assertThat(t.stop()).isTrue(); // the inline fire then finds it stopped
        timerLock.unlock();
        GoTesting.awaitTrue(
            "the select failed, or waits for high's lock in lockAll",
            () -> g.isDone() || ch.isLockQueued(g.thread()));
      } finally {
        ch.unlockForTest();
      }
      Object r = g.isDone() ? g.join() : null;
      if (r instanceof Throwable e) {
        e.printStackTrace(System.out);
        Goroutine<Void> locker =
            Goroutine.run(
                () -> {
                  cl.lockForTest();
                  cl.unlockForTest();
                });
        assertThat(r)
            .as(
                "the select allocated with locks held; a goroutine taking low's lock now waits"
                    + " for it: %s",
                waitQueued(cl, locker.thread()))
            .isEqualTo("low");
      }
      low.send("x"); // reached only if the select waits: it takes the value
      assertThat(g.join()).isEqualTo("low");
    } finally {
      held.close();
    }
  }

  private static boolean waitQueued(Chan<?> c, Thread t) {
    for (int i = 0; i < 200; i++) {
      if (c.isLockQueued(t)) {
        return true;
      }
      LockSupport.parkNanos(10_000_000);
    }
    return false;
  }
}
