package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go's src/sync/cond_test.go, ported, and go4j's extras (interruption, done channel). */
class CondTest {

  /** Rule 111 (Go's TestCondSignal). */
  @Test
  void testCondSignal() throws Exception {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int n = 2;
    Channel<Boolean> running = Channel.make(n);
    Channel<Boolean> awake = Channel.make(n);
    for (int i = 0; i < n; i++) {
      go(
          () -> {
            m.lock();
            running.send(true);
            c.await();
            awake.send(true);
            m.unlock();
          });
    }
    for (int i = 0; i < n; i++) {
      running.receive(); // wait for everyone to run
    }
    while (n > 0) {
      assertThat(awake.tryReceive()).as("goroutine not asleep").isEmpty();
      m.lock();
      c.signal();
      m.unlock();
      awake.receive(); // deadlocks if no goroutine wakes up
      assertThat(awake.tryReceive()).as("too many goroutines awake").isEmpty();
      n--;
    }
    c.signal();
  }

  /** Rule 111 (Go's TestCondSignalGenerations): signal wakes the longest waiter. */
  @Test
  void testCondSignalGenerations() throws Exception {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int n = 100;
    Channel<Boolean> running = Channel.make(n);
    Channel<Integer> awake = Channel.make(n);
    for (int i = 0; i < n; i++) {
      int id = i;
      go(
          () -> {
            m.lock();
            running.send(true);
            c.await();
            awake.send(id);
            m.unlock();
          });
      if (i > 0) {
        int a = awake.receive();
        assertThat(a).as("wrong goroutine woke up").isEqualTo(i - 1);
      }
      running.receive();
      m.lock();
      c.signal();
      m.unlock();
    }
    assertThat(awake.receive()).isEqualTo(n - 1);
  }

  /** Rule 112 (Go's TestCondBroadcast): every waiter wakes exactly once per broadcast. */
  @Test
  void testCondBroadcast() throws Exception {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    int n = 100;
    Channel<Integer> running = Channel.make(n);
    Channel<Integer> awake = Channel.make(n);
    boolean[] exit = new boolean[1];
    for (int i = 0; i < n; i++) {
      int g = i;
      go(
          () -> {
            m.lock();
            while (!exit[0]) {
              running.send(g);
              c.await();
              awake.send(g);
            }
            m.unlock();
          });
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        running.receive(); // deadlocks unless n are running
      }
      if (i == n - 1) {
        m.lock();
        exit[0] = true;
        m.unlock();
      }
      assertThat(awake.tryReceive()).as("goroutine not asleep").isEmpty();
      m.lock();
      c.broadcast();
      m.unlock();
      boolean[] seen = new boolean[n];
      for (int k = 0; k < n; k++) {
        int g = awake.receive();
        assertThat(seen[g]).as("goroutine woke up twice").isFalse();
        seen[g] = true;
      }
    }
    assertThat(running.tryReceive()).as("goroutine did not exit").isEmpty();
    c.broadcast();
  }

  /** Rules 110 and 112 (Go's TestRace): wait releases and reacquires L; state passes through. */
  @Test
  void testRace() throws Exception {
    int[] x = {0};
    Cond c = new Cond(new Mutex());
    Channel<Boolean> done = Channel.make();
    AtomicReference<String> error = new AtomicReference<>();
    go(
        () -> {
          c.locker().lock();
          x[0] = 1;
          c.await();
          if (x[0] != 2) {
            error.compareAndSet(null, "want 2");
          }
          x[0] = 3;
          c.signal();
          c.locker().unlock();
          done.send(true);
        });
    go(
        () -> {
          c.locker().lock();
          for (; ; ) {
            if (x[0] == 1) {
              x[0] = 2;
              c.signal();
              break;
            }
            c.locker().unlock();
            Thread.yield(); // Go's runtime.Gosched(): this is the test's polling loop
            c.locker().lock();
          }
          c.locker().unlock();
          done.send(true);
        });
    go(
        () -> {
          c.locker().lock();
          for (; ; ) {
            if (x[0] == 2) {
              c.await();
              if (x[0] != 3) {
                error.compareAndSet(null, "want 3");
              }
              break;
            }
            if (x[0] == 3) {
              break;
            }
            c.locker().unlock();
            Thread.yield();
            c.locker().lock();
          }
          c.locker().unlock();
          done.send(true);
        });
    done.receive();
    done.receive();
    done.receive();
    assertThat(error.get()).isNull();
  }

  /**
   * Rules 112 and 113 (Go's TestCondSignalStealing): a waiter that started before a broadcast is
   * woken by it even when a new waiter races with the broadcast (which runs without holding L).
   */
  @Test
  void testCondSignalStealing() throws Exception {
    for (int iters = 0; iters < 200; iters++) {
      Mutex m = new Mutex();
      Cond cond = new Cond(m);
      Channel<Unit> ch = Channel.make();
      go(
          () -> {
            m.lock();
            ch.send(Unit.VALUE);
            cond.await();
            m.unlock();
            ch.send(Unit.VALUE);
          });
      ch.receive();
      m.lock(); // the waiter is inside await: it held m when we synchronized
      m.unlock();

      boolean[] done = {false};
      go(cond::broadcast);
      go(
          () -> {
            m.lock();
            while (!done[0]) {
              cond.await();
            }
            m.unlock();
          });
      boolean woken =
          Select.select(
              ch.onReceive(u -> true), Time.after(Duration.ofSeconds(30)).onReceive(t -> false));
      assertThat(woken).as("First waiter didn't get broadcast.").isTrue();

      m.lock(); // release the second waiter in case it didn't get the broadcast
      done[0] = true;
      m.unlock();
      cond.broadcast();
    }
  }

  /** Rule 111: signal and broadcast with no waiter are no-ops and are not remembered. */
  @Test
  void signalWithoutWaitersIsNotRemembered() throws Exception {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    c.signal();
    c.broadcast();
    Channel<Unit> done = Channel.make();
    CompletableFuture<Boolean> r = new CompletableFuture<>();
    Thread t =
        go(
            () -> {
              m.lock();
              r.complete(c.await(done));
              m.unlock();
            });
    Polling.eventually("the waiter is registered", () -> c.waiters() == 1);
    Polling.parked(t); // no stale signal woke it
    assertThat(r).isNotDone();
    done.close();
    assertThat(r.get()).as("woken by done, not by the old signal").isFalse();
  }

  @Test
  void interruptedAwaitRelocksAndDoesNotSwallowASignal() throws Exception {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    CompletableFuture<Object> first = new CompletableFuture<>();
    CompletableFuture<Boolean> second = new CompletableFuture<>();
    Thread t1 =
        go(
            () -> {
              m.lock();
              try {
                c.await();
                first.complete("woken");
              } catch (InterruptedException e) {
                first.complete(m.tryLock() ? "not relocked" : e); // m must be held again
              } finally {
                m.unlock();
              }
            });
    Polling.eventually("the first waiter is registered", () -> c.waiters() == 1);
    go(
        () -> {
          m.lock();
          c.await();
          second.complete(true);
          m.unlock();
        });
    Polling.eventually("the second waiter is registered", () -> c.waiters() == 2);
    t1.interrupt();
    assertThat(first.get()).isInstanceOf(InterruptedException.class);
    assertThat(c.waiters()).isEqualTo(1);
    c.signal(); // goes to the second waiter, not to the cancelled first one
    assertThat(second.get()).isTrue();
  }

  @Test
  void awaitWithoutHoldingTheLockerThrowsAndLeavesNoWaiter() {
    Mutex m = new Mutex();
    Cond c = new Cond(m);
    assertThatThrownBy(c::await).hasMessage("sync: unlock of unlocked mutex");
    assertThat(c.waiters()).isZero();
  }

  @Test
  void worksWithTheReadLockerOfAnRWMutex() throws Exception {
    RWMutex rw = new RWMutex();
    Cond c = new Cond(rw.rLocker());
    rw.rLock();
    Thread t =
        go(
            () -> {
              rw.rLock();
              c.await();
              rw.rUnlock();
            });
    Polling.eventually("the waiter is registered", () -> c.waiters() == 1);
    rw.rUnlock();
    Polling.parked(t);
    c.broadcast();
    t.join();
    assertThat(rw.tryLock()).isTrue();
    rw.unlock();
  }
}
