package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The wait record's claim protocol: stamps make claims of an earlier wait fail after the record is
 * reused, exactly one of claim/cancel wins, and interruption either cancels or is kept.
 */
class WaiterTest {

  /**
   * The thread's record lives in its park-blocker field: the same record comes back on every call
   * and through a wait (await parks without replacing the blocker), and a foreign park that clears
   * the field only costs a fresh record, which then stays.
   */
  @Test
  void theRecordIsKeptInTheParkBlockerFieldAndSurvivesWaits() throws Exception {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Waiter w = Waiter.current();
                    assertThat(Waiter.current()).isSameAs(w);
                    assertThat(java.util.concurrent.locks.LockSupport.getBlocker(w.thread))
                        .isSameAs(w);
                    io.github.go4j.chan.Channel<Integer> ch = io.github.go4j.chan.Channel.make();
                    Thread receiver = Thread.currentThread();
                    Thread sender =
                        Thread.ofVirtual()
                            .start(
                                () -> {
                                  try {
                                    awaitParked(receiver); // the receive below parks, not spins
                                    ch.send(1);
                                  } catch (InterruptedException e) {
                                    throw new AssertionError(e);
                                  }
                                });
                    assertThat(ch.receive()).isEqualTo(1); // parked without another blocker
                    assertThat(Waiter.current()).as("after a wait").isSameAs(w);
                    // Not before the check above: a join that has to wait parks with a blocker
                    // (the JDK's latch), which clears the field, as the parkNanos below does.
                    sender.join();
                    // A j.u.c. park with a blocker clears the field when it returns.
                    java.util.concurrent.locks.LockSupport.parkNanos(this, 1);
                    Waiter fresh = Waiter.current();
                    assertThat(fresh.thread).isSameAs(Thread.currentThread());
                    assertThat(Waiter.current()).as("the fresh record stays").isSameAs(fresh);
                    int s = fresh.begin();
                    assertThat(fresh.tryClaim(s, 0, false)).isTrue();
                    assertThat(fresh.await(false)).isEqualTo(fresh.status());
                    result.complete("ok");
                  } catch (Throwable e) {
                    result.completeExceptionally(e);
                  }
                });
    assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
    t.join();
  }

  /**
   * The channel lock parks a contending thread with the channel as its blocker, then puts the
   * thread's record back: the record survives a wait for the lock.
   */
  @Test
  void theRecordSurvivesAParkOnTheChannelLock() throws Exception {
    Chan<?> ch = (Chan<?>) io.github.go4j.chan.Channel.<Integer>make();
    CompletableFuture<Boolean> same = new CompletableFuture<>();
    ch.lock();
    Thread contender =
        Thread.ofVirtual()
            .start(
                () -> {
                  Waiter w = Waiter.current();
                  ch.lock(); // spins a few microseconds, then queues and parks
                  ch.unlock();
                  same.complete(Waiter.current() == w);
                });
    try {
      awaitParked(contender);
      assertThat(java.util.concurrent.locks.LockSupport.getBlocker(contender))
          .as("parked on the lock")
          .isSameAs(ch);
    } finally {
      ch.unlock();
    }
    assertThat(same.get(30, TimeUnit.SECONDS)).as("the record after the lock wait").isTrue();
    contender.join();
  }

  /** Waits (bounded polling) until {@code t} is parked. */
  static void awaitParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(t + " did not park");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000);
    }
  }

  /**
   * A platform thread gets its own record back after a foreign park cleared the blocker field (a
   * pool worker's idle wait does that before every task): no new record per task.
   */
  @Test
  void aPlatformThreadKeepsItsRecordAcrossForeignParks() throws Exception {
    CompletableFuture<Boolean> same = new CompletableFuture<>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  Waiter w = Waiter.current();
                  java.util.concurrent.locks.LockSupport.parkNanos(this, 1); // clears the field
                  same.complete(Waiter.current() == w);
                });
    assertThat(same.get(30, TimeUnit.SECONDS)).isTrue();
    t.join();
  }

  /** The record of one thread is never another thread's, even if its blocker is a Waiter. */
  @Test
  void aForeignRecordInTheBlockerFieldIsNotUsed() throws Exception {
    Waiter other = Waiter.current(); // this thread's record
    CompletableFuture<Waiter> seen = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              java.util.concurrent.locks.LockSupport.setCurrentBlocker(other);
              seen.complete(Waiter.current());
            })
        .join();
    Waiter w = seen.get(30, TimeUnit.SECONDS);
    assertThat(w).isNotSameAs(other);
    assertThat(w.thread).isNotSameAs(Thread.currentThread());
  }

  /** A claim carrying the stamp of an earlier wait fails on the reused record (no ABA). */
  @Test
  void aStaleClaimFailsOnTheReusedRecord() {
    Waiter w = Waiter.current();
    int first = w.begin();
    assertThat(w.tryCancel()).isTrue(); // the first wait ends (e.g. the owner was interrupted)
    int second = w.begin();
    assertThat(second).isNotEqualTo(first);
    assertThat(w.tryClaim(first, 0, false)).as("claim of the earlier wait").isFalse();
    assertThat(w.status()).isEqualTo(Waiter.WAITING);
    assertThat(w.tryClaim(second, 3, true)).isTrue();
    assertThat(Waiter.index(w.status())).isEqualTo(3);
    assertThat(Waiter.closed(w.status())).isTrue();
  }

  /** Exactly one claim of a wait succeeds, and the owner cannot cancel a claimed wait. */
  @Test
  void oneClaimWins() {
    Waiter w = Waiter.current();
    int s = w.begin();
    assertThat(w.tryClaim(s, 1, false)).isTrue();
    assertThat(w.tryClaim(s, 2, false)).isFalse();
    assertThat(w.tryCancel()).isFalse();
    assertThat(Waiter.index(w.status())).isEqualTo(1);
    assertThat(Waiter.closed(w.status())).isFalse();
    assertThat(w.await(true)).as("await returns a claim made before it").isEqualTo(w.status());
  }

  /** A cancelled wait cannot be claimed. */
  @Test
  void aCancelledWaitCannotBeClaimed() {
    Waiter w = Waiter.current();
    int s = w.begin();
    assertThat(w.tryCancel()).isTrue();
    assertThat(w.tryClaim(s, 0, false)).isFalse();
    assertThat(w.status()).isEqualTo(Waiter.CANCELLED);
  }

  /** Node liveness follows the stamp: a node of an earlier wait is not waiting any more. */
  @Test
  void aNodeOfAnEarlierWaitIsNotLive() {
    Waiter w = Waiter.current();
    int first = w.begin();
    Node n = w.node().prepare(first, 0, null);
    assertThat(w.isWaiting(n.stamp)).isTrue();
    int second = w.begin();
    assertThat(w.isWaiting(first)).isFalse();
    assertThat(w.isWaiting(second)).isTrue();
    assertThat(n.claim(false)).isFalse();
  }

  /** An interrupt while parked cancels the wait and clears the interrupt status. */
  @Test
  void anInterruptCancels() throws Exception {
    CompletableFuture<Waiter> started = new CompletableFuture<>();
    CompletableFuture<Object[]> result = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  Waiter w = Waiter.current();
                  w.begin();
                  started.complete(w);
                  int s = w.await(false);
                  result.complete(new Object[] {s, Thread.currentThread().isInterrupted()});
                });
    started.get(30, TimeUnit.SECONDS);
    t.interrupt();
    Object[] r = result.get(30, TimeUnit.SECONDS);
    assertThat(r[0]).isEqualTo(Waiter.CANCELLED);
    assertThat(r[1]).isEqualTo(false);
  }

  /**
   * A claim that wins against an interrupt completes the wait, and the interrupt status is kept for
   * the owner's caller.
   */
  @Test
  void aClaimBeforeTheInterruptIsKept() throws Exception {
    CompletableFuture<int[]> stamp = new CompletableFuture<>();
    CompletableFuture<Object[]> result = new CompletableFuture<>();
    CompletableFuture<Waiter> rec = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  Waiter w = Waiter.current();
                  int s = w.begin();
                  rec.complete(w);
                  stamp.complete(new int[] {s});
                  int st = w.await(false);
                  result.complete(new Object[] {st, Thread.currentThread().isInterrupted()});
                });
    Waiter w = rec.get(30, TimeUnit.SECONDS);
    int s = stamp.get(30, TimeUnit.SECONDS)[0];
    assertThat(w.tryClaim(s, 5, false)).isTrue();
    t.interrupt();
    w.wake();
    Object[] r = result.get(30, TimeUnit.SECONDS);
    assertThat(Waiter.index((Integer) r[0])).isEqualTo(5);
    assertThat(r[1]).isEqualTo(true);
  }

  /**
   * The per-channel spin back-off: a run of spins that end in a park closes spinning on the channel
   * for a while (in time), a successful one reopens it at once; isolated failures are tolerated.
   */
  @Test
  void spinBackOffClosesOnFailureAndReopens() {
    Chan<Integer> c = Chan.make(0);
    assertThat(c.spinAdvised()).isTrue();
    c.spinOutcome(false, true); // a wait that did not spin says nothing
    assertThat(c.spinAdvised()).isTrue();
    for (int i = 1; i < Chan.SPIN_FAILURES_TOLERATED; i++) {
      c.spinOutcome(true, true);
      assertThat(c.spinAdvised()).as("after %d isolated failed spins", i).isTrue();
    }
    c.spinOutcome(true, true);
    assertThat(c.spinAdvised()).as("right after a run of failed spins").isFalse();
    awaitTrueWithin(() -> c.spinAdvised(), 5_000); // the window passes (10 us)
    c.spinOutcome(true, true);
    assertThat(c.spinAdvised()).as("a failure after the window: a longer one").isFalse();
    c.spinOutcome(true, false); // a success (by a waiter that spun anyway) reopens at once
    assertThat(c.spinAdvised()).isTrue();
    assertThat(Chan.make(BufferedChan.SPIN_CAPACITY).spinAdvised())
        .as("buffered channels with room for a batch never spin")
        .isFalse();
    assertThat(Chan.make(1).spinAdvised()).as("a one-slot buffer spins like a rendezvous").isTrue();
  }

  /**
   * A queued receiver first in line that the channel's back-off kept from spinning parks without
   * feeding the back-off: only a wait that spun is an outcome (awaitQueued keeps whether it spun in
   * the record across the park; a wait counted as a failed spin would cut the hour-long window of
   * backOffSpinningForTest to the 640 us of a run of failures).
   */
  @Test
  void aQueuedWaitThatTheBackOffKeptFromSpinningLeavesTheBackOffAlone() throws Exception {
    for (boolean virtual : new boolean[] {true, false}) {
      Chan<Integer> c = Chan.make(0);
      c.backOffSpinningForTest(); // also closes the wait slots: the receiver queues in recvq
      long until = c.spinBlockedUntilForTest();
      CompletableFuture<Integer> got = new CompletableFuture<>();
      Thread r =
          (virtual ? Thread.ofVirtual() : Thread.ofPlatform())
              .start(
                  () -> {
                    try {
                      got.complete(c.receive());
                    } catch (Throwable e) {
                      got.completeExceptionally(e);
                    }
                  });
      io.github.go4j.GoTesting.awaitQueuedReceivers(c, 1);
      awaitParked(r);
      c.send(7);
      assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(7);
      r.join();
      assertThat(c.spinBlockedUntilForTest())
          .as("virtual %s: the back-off's window after a wait that did not spin", virtual)
          .isEqualTo(until);
      assertThat(c.spinFailuresForTest()).isEqualTo(64);
    }
  }

  private static void awaitTrueWithin(java.util.function.BooleanSupplier cond, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!cond.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition not met in time").isNegative();
      Thread.onSpinWait();
    }
  }

  /**
   * The spin budgets by default: a virtual thread 2 us ({@code go4j.spinNanos}), a platform thread
   * ten times that ({@code go4j.platformSpinNanos}), since waking a parked platform thread is an OS
   * wake-up that a 2 us spin never outlasts (see Waiter.PLATFORM_SPIN_NANOS).
   */
  @Test
  void aPlatformThreadSpinsTenTimesLongerThanAVirtualThread() {
    assertThat(Waiter.spinNanos(true)).isEqualTo(Waiter.SPIN_NANOS).isEqualTo(2_000L);
    assertThat(Waiter.spinNanos(false)).isEqualTo(Waiter.PLATFORM_SPIN_NANOS).isEqualTo(20_000L);
  }
}
