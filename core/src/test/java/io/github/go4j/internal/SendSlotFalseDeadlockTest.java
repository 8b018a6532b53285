package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A sender waiting in an unbuffered channel's wait slot is never counted by the deadlock detector
 * as blocked in a wait that nothing can end once a receiver has taken its value. Its wait makes a
 * fresh stamp (begin()) only after its spin, and a taker's markOutcome claims the record only while
 * that stamp is open; a receiver that took the value during the spin, or whose take was still in
 * progress at the begin(), leaves it unclaimed. The sender used to count itself as blocked
 * (Diagnostics.parking) before it polled the slot again, so an explicit check made while it was
 * there and every other goroutine was blocked reported "all goroutines are asleep" although its
 * send had completed (raised in review). Each test holds the sender in those windows (Waiter's and
 * UnbufferedChan's hooks). Run in a child JVM with the registry and the test hooks on, which no
 * surefire execution has together.
 */
class SendSlotFalseDeadlockTest {

  @Test
  void aSenderTakenDuringItsSpinIsNotReportedAsDeadlocked() throws Exception {
    assertNoFalseDeadlock(TakenDuringSpin.class);
  }

  @Test
  void aSenderWhoseTakeIsInProgressAtItsBeginIsNotReportedAsDeadlocked() throws Exception {
    assertNoFalseDeadlock(TakeInProgress.class);
  }

  private static void assertNoFalseDeadlock(Class<?> child) throws Exception {
    GoTesting.ChildJvm run = GoTesting.runWithRegistryAndHooks(child, 600_000);
    String out = run.output();
    assertThat(out)
        .as(out)
        .contains("the receiver took: 1")
        .contains("a deadlock reported: false")
        .contains("the receiver finished with: 2");
    assertThat(run.exitStatus()).as(out).isZero();
  }

  /** Holds one thread at a hook once, until released (others run through untouched). */
  static final class Pause implements Runnable {
    private final AtomicReference<Thread> held;
    private final boolean hold;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Pause(AtomicReference<Thread> held, boolean hold) {
      this.held = held;
      this.hold = hold;
    }

    @Override
    public void run() {
      if (Thread.currentThread() != held.get() || reached.getCount() == 0) {
        return;
      }
      reached.countDown();
      if (!hold) {
        return;
      }
      try {
        if (!released.await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
          throw new AssertionError("the test never released the held thread");
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    boolean reached() {
      return reached.getCount() == 0;
    }

    void awaitReached(String what) {
      GoTesting.awaitTrue(what, this::reached);
    }

    void release() {
      released.countDown();
    }
  }

  /** The parties of both children: a sender, and a receiver that then blocks on another channel. */
  static final class Scenario {
    final Channel<Integer> c = Channel.make();
    final Channel<Integer> other = Channel.make();
    final AtomicReference<Thread> sender = new AtomicReference<>();
    final AtomicReference<Thread> receiver = new AtomicReference<>();
    final Pause atBegin = new Pause(sender, true);
    final Pause atParking = new Pause(sender, true);
    final Pause atBusy = new Pause(sender, false);
    final CountDownLatch sent = new CountDownLatch(1);
    final CountDownLatch resume = new CountDownLatch(1);
    final AtomicReference<Integer> took = new AtomicReference<>();
    Thread senderThread;
    Thread receiverThread;

    Scenario() {
      Waiter.outcomeBeginHook = atBegin;
      Waiter.outcomeParkingHook = atParking;
      Waiter.outcomeBusyHook = atBusy;
      Goroutines.setDeadlockHandler(r -> System.out.println("the detector reported:\n" + r));
    }

    /** Starts the sender and holds it at its begin(), after its spin, in the slot. */
    void startSender() {
      senderThread =
          Go.go(
              () -> {
                sender.set(Thread.currentThread());
                c.send(1); // a fresh channel, nobody there: it waits in the slot
                sent.countDown();
                resume.await(); // outside go4j: counted as running
                other.send(2);
              });
      atBegin.awaitReached("the sender at its begin(), after its spin");
    }

    /** Starts the receiver: it takes the sender's value, then blocks on {@code other}. */
    void startReceiver(boolean holdAtTaking) {
      receiverThread =
          Go.go(
              () -> {
                if (holdAtTaking) {
                  receiver.set(Thread.currentThread());
                }
                took.set(c.receive());
                System.out.println("the receiver finished with: " + other.receive());
              });
    }

    /**
     * Once the receiver blocks on {@code other} and the sender either returned from its send or
     * stands after Diagnostics.parking: checks for a deadlock (there is none), then lets both end.
     */
    void checkAndFinish() throws Exception {
      GoTesting.awaitTrue(
          "the receiver blocked on the other channel",
          () ->
              took.get() != null
                  && Goroutines.list().stream()
                      .anyMatch(
                          g ->
                              g.thread() == receiverThread
                                  && "chan receive".equals(g.waitReason())));
      System.out.println("the receiver took: " + took.get());
      GoTesting.awaitTrue(
          "the sender counted as blocked, or its send returned",
          () -> atParking.reached() || sent.getCount() == 0);
      System.out.println("the sender's send returned: " + (sent.getCount() == 0));
      System.out.println("a deadlock reported: " + Goroutines.checkDeadlock().isPresent());
      atParking.release();
      resume.countDown();
      senderThread.join();
      receiverThread.join();
      System.exit(0);
    }
  }

  /** The receiver takes the value while the sender stands between its spin and its begin(). */
  static final class TakenDuringSpin {
    public static void main(String[] args) throws Exception {
      Scenario s = new Scenario();
      s.startSender();
      s.startReceiver(false);
      GoTesting.awaitTrue("the receiver took the value", () -> s.took.get() != null);
      s.atBegin.release(); // begin(), then the registry counts it as blocked (old order)
      s.checkAndFinish();
    }
  }

  /**
   * The receiver takes the sender out of the slot (its markOutcome before the sender's begin()) and
   * stops before it empties the slot; the sender then makes its begin() and looks at the slot (its
   * thread there, a take in progress), and only then does the receiver finish the take.
   */
  static final class TakeInProgress {
    public static void main(String[] args) throws Exception {
      Scenario s = new Scenario();
      Pause atTaking = new Pause(s.receiver, true);
      UnbufferedChan.takingHook = atTaking;
      s.startSender();
      s.startReceiver(true);
      atTaking.awaitReached("the receiver in its take, after its markOutcome");
      s.atBegin.release();
      GoTesting.awaitTrue(
          "the sender saw the take in progress, or counted itself as blocked",
          () -> s.atBusy.reached() || s.atParking.reached());
      atTaking.release(); // the receiver empties the slot, then blocks on the other channel
      s.checkAndFinish();
    }
  }
}
