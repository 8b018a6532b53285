package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.go4j.Task;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.internal.Waiter;
import io.github.go4j.time.Time;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races of the shared wait layer ({@code internal.Waiter}) as the sync primitives use it. A blocked
 * goroutine waits on its thread's reusable wait record, so these tests check what reuse makes
 * possible: a grant racing with the done channel or an interrupt has exactly one outcome, leaks
 * nothing (tokens, lock ownership, waiter counts, signals), and never reaches the goroutine's
 * <em>next</em> wait, which it starts at once with the same record.
 *
 * <p>Each round: one long-lived goroutine (the same thread, so the same record, in every round)
 * blocks on a fresh primitive; once it is registered, two goroutines released together grant it and
 * cancel it (close its done channel, or interrupt it); in odd rounds the grant waits until the
 * cancellation has woken the goroutine, so that both orders of the claim race occur. The goroutine
 * reports the outcome and then at once waits on a second primitive that only the test releases; the
 * test checks that it really waits there and that the first primitive's books balance for the
 * reported outcome. Either outcome is valid, so nothing depends on timing; every assertion holds in
 * both branches.
 */
// Each race runs 150 rounds: about 5 s on a loaded 2-core machine, more than the 30 s default
// allows
// for comfortably on CI. A guard against hangs, not a timing assertion.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SyncWaitRaceTest {
  private static final int ROUNDS = 150;

  private enum Cancel {
    DONE,
    INTERRUPT
  }

  /** One primitive in one round. */
  private interface Subject {
    /**
     * The racing wait, run by the long-lived goroutine.
     *
     * @param done the done channel, or null to wait interruptibly without one
     * @return whether the wait ended by the grant; false if done or the interrupt won
     */
    boolean await(Channel<Unit> done) throws Exception;

    /** Whether the goroutine is registered in the primitive (the race starts then). */
    boolean registered();

    /** Runs once the goroutine is registered, before the race. */
    default void beforeRace() {}

    /** The grant, racing with the cancellation. */
    void grant() throws Exception;

    /** Checks the primitive's state for the outcome, once the wait and both racers are done. */
    void check(boolean granted) throws Exception;
  }

  private record Round(
      int index,
      Subject subject,
      Channel<Unit> done,
      WaitGroup racers,
      Semaphore next,
      AtomicBoolean nextReleased) {}

  /** Rounds of the race described in the class comment; returns how many rounds the grant won. */
  private static int race(Supplier<Subject> subjects, Cancel cancel) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Channel<Round> rounds = Channel.make();
    Channel<Boolean> results = Channel.make(1);
    Thread waiter =
        go(
            () -> {
              try {
                for (Round r; (r = rounds.receive()) != null; ) {
                  boolean granted;
                  try {
                    granted = r.subject().await(r.done());
                  } catch (InterruptedException e) {
                    granted = false;
                  }
                  results.send(granted);
                  awaitIgnoringInterrupts(r.racers()); // a late interrupt may still arrive
                  if (r.racers().counter() != 0) {
                    throw new AssertionError(
                        "round " + r.index() + ": the wait for the racers returned early");
                  }
                  Thread.interrupted(); // the racers are done: clear it
                  r.next().acquire(1); // a new wait on the same record, released only by the test
                  if (!r.nextReleased().get()) {
                    throw new AssertionError(
                        "round " + r.index() + ": the next wait returned before its release");
                  }
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
                results.trySend(false); // unblock the test, which then reports the failure
              }
            });
    int grants = 0;
    for (int i = 0; i < ROUNDS; i++) {
      Subject s = subjects.get();
      Channel<Unit> done = cancel == Cancel.DONE ? Channel.make() : null;
      Semaphore next = new Semaphore(1);
      assertThat(next.tryAcquire(1)).isTrue();
      AtomicBoolean nextReleased = new AtomicBoolean();
      WaitGroup racers = new WaitGroup();
      racers.add(2);
      rounds.send(new Round(i, s, done, racers, next, nextReleased));
      Polling.eventually("round " + i + ": registered", () -> s.registered() || failed(failure));
      checkNoFailure(failure);
      s.beforeRace();
      Channel<Unit> start = Channel.make();
      boolean lateGrant = i % 2 == 1;
      Function<Task, Thread> startRacer = action -> go(racer(start, racers, failure, action));
      Thread granter =
          startRacer.apply(
              () -> {
                if (lateGrant) {
                  awaitWokenBriefly(waiter); // grant while the cancelled waiter is waking up
                }
                s.grant();
              });
      Thread canceller =
          startRacer.apply(
              () -> {
                if (done != null) {
                  done.close();
                } else {
                  waiter.interrupt();
                }
              });
      start.close();
      boolean granted = receiveWithin(results, "round " + i + ": the outcome of the wait");
      checkNoFailure(failure);
      if (!racers.await(Time.after(Polling.DEADLINE))) {
        // which side hung, or whether the racers finished and the WaitGroup's wake-up was lost
        fail(
            "round %d: the racers did not finish (WaitGroup counter %d; granter %s; canceller %s;"
                + " waiter %s)",
            i, racers.counter(), where(granter), where(canceller), where(waiter));
      }
      checkNoFailure(failure);
      Polling.eventually(
          "round " + i + ": the goroutine waits on its next primitive",
          () -> next.queued() == 1 || failed(failure));
      checkNoFailure(failure);
      s.check(granted);
      if (granted) {
        grants++;
      }
      nextReleased.set(true);
      next.release(1);
    }
    rounds.close();
    waiter.join(Polling.DEADLINE);
    checkNoFailure(failure);
    assertThat(waiter.isAlive()).isFalse();
    return grants;
  }

  private static Task racer(
      Channel<Unit> start, WaitGroup racers, AtomicReference<Throwable> failure, Task action) {
    return () -> {
      try {
        start.receive();
        action.run();
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      } finally {
        racers.done();
      }
    };
  }

  /**
   * Waits, for a bounded time, until {@code t} is no longer parked: in odd rounds the grant then
   * lands while the waiter, woken by done or the interrupt, runs its side of the race (left to the
   * scheduler, a grant usually beats an unpark). Only the mix of outcomes depends on it: if the
   * bound passes, the grant just races from where it is.
   */
  /**
   * A thread's state, its go4j wait's status (0: not claimed; 2 or more: claimed, so a parked
   * thread then missed its wake-up) and its stack, for a failure message.
   */
  private static String where(Thread t) {
    StringBuilder b = new StringBuilder(String.valueOf(t.getState()));
    if (LockSupport.getBlocker(t) instanceof Waiter w) {
      b.append(", wait status ").append(w.status());
    }
    for (StackTraceElement e : t.getStackTrace()) {
      b.append("\n    at ").append(e);
    }
    return b.toString();
  }

  private static void awaitWokenBriefly(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    while (t.getState() == Thread.State.WAITING && System.nanoTime() - deadline < 0) {
      Thread.yield();
    }
  }

  private static void awaitIgnoringInterrupts(WaitGroup wg) {
    for (; ; ) {
      try {
        wg.await();
        return;
      } catch (InterruptedException e) {
        // the interrupting racer ran late; wait again
      }
    }
  }

  private static boolean failed(AtomicReference<Throwable> failure) {
    return failure.get() != null;
  }

  private static void checkNoFailure(AtomicReference<Throwable> failure) {
    Throwable e = failure.get();
    if (e != null) {
      throw new AssertionError("a goroutine failed", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Subjects

  /** Semaphore(1) whose token the test holds; the grant releases it to the waiter. */
  private static Subject semaphore() {
    Semaphore sem = new Semaphore(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    return new Subject() {
      @Override
      public boolean await(Channel<Unit> done) throws Exception {
        if (done != null) {
          return sem.acquire(1, done);
        }
        sem.acquire(1);
        return true;
      }

      @Override
      public boolean registered() {
        return sem.queued() == 1;
      }

      @Override
      public void grant() {
        sem.release(1);
      }

      @Override
      public void check(boolean granted) {
        // The one token is held by the waiter or free: never both, never lost.
        assertThat(sem.queued()).isZero();
        assertThat(sem.inUse()).as("tokens in use, granted=%s", granted).isEqualTo(granted ? 1 : 0);
        assertThat(sem.tryAcquire(1)).isEqualTo(!granted);
      }
    };
  }

  /** WaitGroup with counter 1; the grant is done(). */
  private static Subject waitGroup() {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    return new Subject() {
      @Override
      public boolean await(Channel<Unit> done) throws Exception {
        if (done != null) {
          return wg.await(done);
        }
        wg.await();
        return true;
      }

      @Override
      public boolean registered() {
        return wg.waiters() == 1;
      }

      @Override
      public void grant() {
        wg.done();
      }

      @Override
      public void check(boolean granted) {
        assertThat(wg.counter()).isZero();
        assertThat(wg.waiters()).as("waiters, granted=%s", granted).isZero();
      }
    };
  }

  /** Mutex the test holds; the grant unlocks it (the waiter is woken to take it). */
  private static Subject mutex() {
    Mutex m = new Mutex();
    m.lock();
    return new Subject() {
      @Override
      public boolean await(Channel<Unit> done) throws Exception {
        m.lockInterruptibly(); // interrupt only: Mutex has no done variant
        return true;
      }

      @Override
      public boolean registered() {
        return m.queued() == 1;
      }

      @Override
      public void grant() {
        m.unlock();
      }

      @Override
      public void check(boolean granted) {
        // Held by the waiter, or free with no bit left behind (WOKEN, WAITERS, STARVING).
        assertThat(m.queued()).isZero();
        assertThat(m.state())
            .as("state, granted=%s", granted)
            .isEqualTo(granted ? Mutex.LOCKED : 0);
      }
    };
  }

  /** Barrier of 2: the waiter arrives first; the grant is the second arrival. */
  private static Subject barrier() {
    Barrier b = new Barrier(2);
    AtomicReference<Object> second = new AtomicReference<>();
    return new Subject() {
      @Override
      public boolean await(Channel<Unit> done) throws Exception {
        int index = done != null ? b.await(done) : b.await();
        if (index != 0 && index != -1) {
          throw new AssertionError("first arrival got index " + index);
        }
        return index == 0;
      }

      @Override
      public boolean registered() {
        return b.waiting() == 1;
      }

      @Override
      public void grant() throws InterruptedException {
        try {
          second.set(b.await());
        } catch (BrokenBarrierException e) {
          second.set(e);
        }
      }

      @Override
      public void check(boolean granted) {
        // Both parties agree: the round completed for both, or it broke for both.
        if (granted) {
          assertThat(second.get()).isEqualTo(1);
        } else {
          assertThat(second.get()).isInstanceOf(BrokenBarrierException.class);
        }
        assertThat(b.isBroken()).isEqualTo(!granted);
        assertThat(b.waiting()).isZero();
      }
    };
  }

  /**
   * Cond with two waiters: the racing one first in line, a second one behind it. The grant is one
   * signal: it wakes the racing waiter, or, if that one left first, the second; never neither.
   */
  private static Subject cond() {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    CompletableFuture<Unit> secondWoken = new CompletableFuture<>();
    AtomicBoolean broadcastSent = new AtomicBoolean();
    return new Subject() {
      @Override
      public boolean await(Channel<Unit> done) throws Exception {
        m.lock();
        try {
          if (done != null) {
            return c.await(done);
          }
          try {
            c.await();
            return true;
          } catch (InterruptedException e) {
            return false;
          }
        } finally {
          m.unlock(); // await locked it again in every case
        }
      }

      @Override
      public boolean registered() {
        return c.waiters() == 1;
      }

      @Override
      public void beforeRace() {
        go(
            () -> {
              m.lock();
              c.await();
              m.unlock();
              secondWoken.complete(Unit.VALUE);
            });
        Polling.eventually("the second waiter is registered", () -> c.waiters() == 2);
      }

      @Override
      public void grant() {
        c.signal();
      }

      @Override
      public void check(boolean granted) throws Exception {
        if (granted) {
          // The signal went to the racing waiter: the second still waits, and a broadcast frees it.
          assertThat(c.waiters()).isEqualTo(1);
          assertThat(secondWoken).as("woken by the signal the first waiter took").isNotDone();
          broadcastSent.set(true);
          c.broadcast();
        }
        // Otherwise the racing waiter left: the signal must have gone to the second one.
        secondWoken.get(30, TimeUnit.SECONDS);
        assertThat(c.waiters()).isZero();
      }
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Tests

  @Test
  void semaphoreGrantRacingWithDone() throws Exception {
    race(SyncWaitRaceTest::semaphore, Cancel.DONE);
  }

  @Test
  void semaphoreGrantRacingWithInterrupt() throws Exception {
    race(SyncWaitRaceTest::semaphore, Cancel.INTERRUPT);
  }

  @Test
  void waitGroupReleaseRacingWithDone() throws Exception {
    race(SyncWaitRaceTest::waitGroup, Cancel.DONE);
  }

  @Test
  void waitGroupReleaseRacingWithInterrupt() throws Exception {
    race(SyncWaitRaceTest::waitGroup, Cancel.INTERRUPT);
  }

  @Test
  void mutexWakeRacingWithInterrupt() throws Exception {
    race(SyncWaitRaceTest::mutex, Cancel.INTERRUPT);
  }

  @Test
  void barrierTripRacingWithDone() throws Exception {
    race(SyncWaitRaceTest::barrier, Cancel.DONE);
  }

  @Test
  void barrierTripRacingWithInterrupt() throws Exception {
    race(SyncWaitRaceTest::barrier, Cancel.INTERRUPT);
  }

  @Test
  void condSignalRacingWithDoneIsNeverLost() throws Exception {
    race(SyncWaitRaceTest::cond, Cancel.DONE);
  }

  @Test
  void condSignalRacingWithInterruptIsNeverLost() throws Exception {
    race(SyncWaitRaceTest::cond, Cancel.INTERRUPT);
  }

  // ---------------------------------------------------------------------------------------------
  // A mass release that reaches a goroutine which left and already waits elsewhere

  /** The waiters a mass release wakes besides the leaver. */
  private static final int CROWD = 1000;

  /** A primitive that releases many waiters at once, with one extra waiter that leaves first. */
  private interface Crowd {
    /** One of the many waiters: returns once released. */
    void crowdWait() throws Exception;

    /**
     * The waiter that leaves: waits with {@code done}, which fires around the release.
     *
     * @return whether it was released (the release came first) rather than left
     */
    boolean leaverWait(Channel<Unit> done) throws Exception;

    /** How many waiters are registered. */
    int registered();

    /** The release of everybody, run right after done was closed. */
    void release() throws Exception;

    /** Checks the primitive after everybody has returned. */
    void check(boolean leaverReleased);
  }

  /**
   * The leaver is queued last, behind {@link #CROWD} waiters, and the primitive releases everybody
   * at once while the leaver's done fires: in even rounds done fires just before the release, in
   * odd rounds the first released waiter fires it, while the releaser is still busy with the rest.
   * Either way the leaver, once back, immediately waits on another primitive with the same record,
   * and the release must not reach that next wait. A releaser that unlinked the nodes under its
   * lock but claimed them after unlocking would, by the time it reaches the last node, claim the
   * leaver's next wait, which reuses the node under a new stamp (odd rounds catch that). The claims
   * must happen under the lock, where the leaver cannot withdraw its node and so cannot start
   * another wait.
   */
  private static void leaverBehindAMassRelease(Supplier<Crowd> crowds) throws Exception {
    for (int round = 0; round < 10; round++) {
      Crowd c = crowds.get();
      Channel<Unit> done = Channel.make();
      boolean doneFirst = round % 2 == 0;
      AtomicReference<Throwable> failure = new AtomicReference<>();
      WaitGroup crowdDone = new WaitGroup();
      // The first of the crowd and the leaver are platform threads: woken by the OS at once, not
      // queued behind the crowd's wake-ups in the virtual-thread scheduler.
      crowdDone.add(1);
      Thread.ofPlatform()
          .start(
              () -> {
                try {
                  c.crowdWait();
                  if (!doneFirst) {
                    done.close(); // the first released waiter: the releaser is still at work
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  crowdDone.done();
                }
              });
      Polling.eventually("the first of the crowd is registered", () -> c.registered() == 1);
      for (int i = 1; i < CROWD; i++) {
        crowdDone.go(c::crowdWait);
      }
      Polling.eventually("the crowd is registered", () -> c.registered() == CROWD);
      Semaphore next = new Semaphore(1);
      assertThat(next.tryAcquire(1)).isTrue();
      AtomicBoolean nextReleased = new AtomicBoolean();
      CompletableFuture<Boolean> leaverReleased = new CompletableFuture<>();
      Thread leaver =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      leaverReleased.complete(c.leaverWait(done));
                      next.acquire(1); // at once: the same record, a new stamp
                      if (!nextReleased.get()) {
                        throw new AssertionError("the next wait returned before its release");
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                      leaverReleased.complete(null);
                    }
                  });
      Polling.eventually("the leaver is registered", () -> c.registered() == CROWD + 1);
      if (doneFirst) {
        done.close();
      }
      c.release();
      Boolean released = leaverReleased.get(30, TimeUnit.SECONDS);
      checkNoFailure(failure);
      Polling.eventually(
          "the leaver waits on its next primitive", () -> next.queued() == 1 || failed(failure));
      checkNoFailure(failure);
      nextReleased.set(true);
      next.release(1);
      leaver.join(Polling.DEADLINE);
      checkNoFailure(failure);
      if (!crowdDone.await(Time.after(Polling.DEADLINE))) {
        fail("round " + round + ": the crowd was not released");
      }
      c.check(released);
    }
  }

  @Test
  void waitGroupReleaseNeverReachesALeaversNextWait() throws Exception {
    leaverBehindAMassRelease(
        () -> {
          WaitGroup wg = new WaitGroup();
          wg.add(1);
          return new Crowd() {
            @Override
            public void crowdWait() throws InterruptedException {
              wg.await();
            }

            @Override
            public boolean leaverWait(Channel<Unit> done) throws InterruptedException {
              return wg.await(done);
            }

            @Override
            public int registered() {
              return wg.waiters();
            }

            @Override
            public void release() {
              wg.done();
            }

            @Override
            public void check(boolean leaverReleased) {
              assertThat(wg.waiters()).isZero();
              assertThat(wg.counter()).isZero();
            }
          };
        });
  }

  @Test
  void condBroadcastNeverReachesALeaversNextWait() throws Exception {
    leaverBehindAMassRelease(
        () -> {
          Mutex m = new Mutex();
          Cond cond = new Cond(m);
          return new Crowd() {
            @Override
            public void crowdWait() throws InterruptedException {
              m.lock();
              try {
                cond.await();
              } finally {
                m.unlock();
              }
            }

            @Override
            public boolean leaverWait(Channel<Unit> done) throws InterruptedException {
              m.lock();
              try {
                return cond.await(done);
              } finally {
                m.unlock();
              }
            }

            @Override
            public int registered() {
              return cond.waiters();
            }

            @Override
            public void release() {
              cond.broadcast();
            }

            @Override
            public void check(boolean leaverReleased) {
              assertThat(cond.waiters()).isZero();
            }
          };
        });
  }

  @Test
  void barrierTripNeverReachesALeaversNextWait() throws Exception {
    leaverBehindAMassRelease(
        () -> {
          Barrier b = new Barrier(CROWD + 2); // the crowd, the leaver and the test's own arrival
          AtomicReference<Object> last = new AtomicReference<>();
          return new Crowd() {
            @Override
            public void crowdWait() throws InterruptedException {
              try {
                b.await();
              } catch (BrokenBarrierException e) {
                // the leaver broke the round first: that releases the crowd too
              }
            }

            @Override
            public boolean leaverWait(Channel<Unit> done) throws Exception {
              return b.await(done) >= 0;
            }

            @Override
            public int registered() {
              return b.waiting();
            }

            @Override
            public void release() throws InterruptedException {
              try {
                last.set(b.await());
              } catch (BrokenBarrierException e) {
                last.set(e);
              }
            }

            @Override
            public void check(boolean leaverReleased) {
              // The round tripped (the leaver counts as completed) or broke, for everybody alike.
              if (leaverReleased) {
                assertThat(last.get()).isEqualTo(CROWD + 1);
              } else {
                assertThat(last.get()).isInstanceOf(BrokenBarrierException.class);
              }
              assertThat(b.waiting()).isZero();
            }
          };
        });
  }

  /**
   * A Cond registers its waiter before it unlocks the Locker, and a Locker's unlock may itself
   * block on a go4j channel: that nested wait must not use (restamp, relink) the record of the
   * pending Cond wait. Here unlock() hands the lock back to a "lock server" over an unbuffered
   * channel, and the test signals the Cond while the waiter is still blocked in that send: the
   * signal must reach the Cond wait, and the send must still complete normally.
   */
  @Test
  void condLockerWhoseUnlockBlocksOnAChannel() throws Exception {
    Channel<Unit> unlocks = Channel.make();
    Semaphore held = new Semaphore(1);
    Locker l =
        new Locker() {
          @Override
          public void lock() {
            try {
              held.acquire(1);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }

          @Override
          public void unlock() {
            try {
              unlocks.send(Unit.VALUE); // blocks until the lock server takes it
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            held.release(1);
          }
        };
    Cond c = new Cond(l);
    for (int round = 0; round < 20; round++) {
      CompletableFuture<Boolean> woken = new CompletableFuture<>();
      Thread t =
          go(
              () -> {
                l.lock();
                c.await();
                woken.complete(true);
                l.unlock();
              });
      Polling.eventually("the waiter is registered", () -> c.waiters() == 1);
      Polling.parked(t); // blocked in unlock()'s send, with the Cond wait registered
      // The lock server runs in a goroutine: if the nested send had relinked the Cond's node,
      // the queues would be corrupt and it could loop forever; the test must fail, not hang.
      CompletableFuture<Integer> served = new CompletableFuture<>();
      go(
          () -> {
            c.signal();
            int left = c.waiters();
            unlocks.receive(); // unlock()'s send inside await: now that unlock() returns
            unlocks.receive(); // the final unlock(), after await relocked and returned
            served.complete(left);
          });
      assertThat(woken.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(served.get(30, TimeUnit.SECONDS)).as("waiters left after the signal").isZero();
      t.join();
      assertThat(held.inUse()).isZero();
    }
  }

  /** Receives a value from {@code ch}, failing after {@link Polling#DEADLINE}. */
  private static <T> T receiveWithin(Channel<T> ch, String what) throws InterruptedException {
    T v = Select.select(ch.onReceive(x -> x), Time.after(Polling.DEADLINE).onReceive(x -> null));
    if (v == null) {
      fail("timed out waiting for " + what);
    }
    return v;
  }
}
