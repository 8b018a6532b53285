package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A test hook (see TestHooks) that holds each thread registered with it the first time the thread
 * runs it, until the test releases it; other threads pass. A held thread may hold the channel's
 * lock, so the hook never throws: it gives up after GoTesting's deadline, and the test's own waits
 * fail first. For the hook tests of the unbuffered channel's wait slots.
 */
final class HookGate implements Runnable {
  private final Map<Thread, CountDownLatch[]> held = new ConcurrentHashMap<>();

  /** Holds {@code t} at its next pass; returns {reached, release}. */
  CountDownLatch[] hold(Thread t) {
    return held.computeIfAbsent(
        t, k -> new CountDownLatch[] {new CountDownLatch(1), new CountDownLatch(1)});
  }

  /** Waits until {@code t} is held here. */
  void awaitHeld(Thread t) throws InterruptedException {
    assertThat(hold(t)[0].await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS))
        .as("%s reached its hook", t)
        .isTrue();
  }

  /** Lets {@code t} go on (it is no longer held at this hook). */
  void release(Thread t) {
    CountDownLatch[] l = held.remove(t);
    if (l != null) {
      l[1].countDown();
    }
  }

  void releaseAll() {
    held.values().forEach(l -> l[1].countDown());
    held.clear();
  }

  @Override
  public void run() {
    CountDownLatch[] l = held.get(Thread.currentThread());
    if (l == null || l[0].getCount() == 0) {
      return; // not held here, or held once already
    }
    l[0].countDown();
    try {
      l[1].await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts {@code body} in a goroutine held at each of {@code gates} the first time it runs it. */
  static <T> Goroutine<T> start(Callable<T> body, HookGate... gates) throws InterruptedException {
    return startAfter(
        t -> {
          for (HookGate gate : gates) {
            gate.hold(t);
          }
        },
        body);
  }

  /**
   * Starts {@code body} in a goroutine, which runs it only after {@code register} has been given
   * the goroutine's thread (so that a hook can tell that thread from the others from its start).
   */
  static <T> Goroutine<T> startAfter(Consumer<Thread> register, Callable<T> body)
      throws InterruptedException {
    CountDownLatch registered = new CountDownLatch(1);
    AtomicReference<Thread> self = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    Goroutine<T> g =
        Goroutine.start(
            () -> {
              self.set(Thread.currentThread());
              registered.countDown();
              go.await();
              return body.call();
            });
    registered.await();
    register.accept(self.get());
    go.countDown();
    return g;
  }

  /**
   * Skips a test of a receive's look at an unbuffered channel's wait slot unless it can run: the
   * hooks compiled in (the test-hooks execution) and a virtual thread that may spin, the only kind
   * that looks.
   */
  static void assumeLooking() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    assumeTrue(Waiter.VIRTUAL_SPIN, "a virtual thread may spin (several carriers)");
  }

  /**
   * A hook for UnbufferedChan.lookingHook: in the thread {@code looker} names, records that it
   * looked and runs the action in {@code atLook} (once); other threads pass.
   */
  static Runnable lookHook(
      Set<Thread> looked, AtomicReference<Thread> looker, AtomicReference<Runnable> atLook) {
    return () -> {
      if (Thread.currentThread() == looker.get()) {
        looked.add(Thread.currentThread());
        Runnable r = atLook.getAndSet(null);
        if (r != null) {
          r.run();
        }
      }
    };
  }

  /** Nobody waits on {@code engine} any more: both slots and both queues are empty. */
  static void assertIdle(UnbufferedChan<?> engine) {
    assertThat(engine.slotted(DualQueue.SENDQ)).as("a sender in the slot").isZero();
    assertThat(engine.slotted(DualQueue.RECVQ)).as("a receiver in the slot").isZero();
    assertThat(engine.queuedSenders()).as("queued senders").isZero();
    assertThat(engine.queuedReceivers()).as("queued receivers").isZero();
  }
}
