package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go's src/sync/waitgroup_test.go, ported, and go4j's extras (done channel, interruption). */
class WaitGroupTest {

  private static void testWaitGroup(WaitGroup wg1, WaitGroup wg2) throws Exception {
    int n = 16;
    wg1.add(n);
    wg2.add(n);
    Channel<Boolean> exited = Channel.make(n);
    for (int i = 0; i != n; i++) {
      go(
          () -> {
            wg1.done();
            wg2.await();
            exited.send(true);
          });
    }
    wg1.await();
    for (int i = 0; i != n; i++) {
      assertThat(exited.tryReceive()).as("WaitGroup released group too soon").isEmpty();
      wg2.done();
    }
    for (int i = 0; i != n; i++) {
      exited.receive(); // blocks if the WaitGroup fails to release someone
    }
  }

  /** Rule 94 and 97: all waiters released at zero; the same WaitGroups reused for 8 rounds. */
  @Test
  void testWaitGroup() throws Exception {
    WaitGroup wg1 = new WaitGroup();
    WaitGroup wg2 = new WaitGroup();
    for (int i = 0; i != 8; i++) {
      testWaitGroup(wg1, wg2);
    }
    assertThat(wg1.counter()).isZero();
    assertThat(wg2.waiters()).isZero();
  }

  /** Rule 95. */
  @Test
  void testWaitGroupMisuse() {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    wg.done();
    assertThatThrownBy(wg::done)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync: negative WaitGroup counter");
    // go4j leaves the counter unchanged, so the WaitGroup stays usable
    assertThat(wg.counter()).isZero();
    assertThatThrownBy(() -> wg.add(-5)).hasMessage("sync: negative WaitGroup counter");
  }

  /**
   * Rule 96: a positive add while waiters of a finished round are still registered (the state
   * between the counter reaching zero and their release) is Go's "Add called concurrently with
   * Wait". The racy state is set directly, since a real race cannot be produced deterministically.
   */
  @Test
  void testWaitGroupMisuseAddConcurrentlyWithWait() throws Exception {
    WaitGroup wg = new WaitGroup();
    MethodHandles.privateLookupIn(WaitGroup.class, MethodHandles.lookup())
        .findVarHandle(WaitGroup.class, "state", long.class)
        .setVolatile(wg, 1L); // counter 0, one waiter not yet released
    assertThatThrownBy(() -> wg.add(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sync: WaitGroup misuse: Add called concurrently with Wait");
  }

  /** Rule 98: Done happens-before the Wait it releases; no spurious wakeups. */
  @Test
  void testWaitGroupRace() throws Exception {
    for (int i = 0; i < 1000; i++) {
      WaitGroup wg = new WaitGroup();
      AtomicInteger n = new AtomicInteger();
      int[] plain = new int[2];
      wg.add(1);
      go(
          () -> {
            n.incrementAndGet();
            plain[0] = 1;
            wg.done();
          });
      wg.add(1);
      go(
          () -> {
            n.incrementAndGet();
            plain[1] = 1;
            wg.done();
          });
      wg.await();
      assertThat(n.get()).as("Spurious wakeup from Wait").isEqualTo(2);
      assertThat(plain).containsExactly(1, 1);
    }
  }

  /** Rule 99: Go 1.25 WaitGroup.Go. */
  @Test
  void testWaitGroupGo() throws Exception {
    WaitGroup wg = new WaitGroup();
    int[] i = new int[1];
    wg.go(() -> i[0]++);
    wg.await();
    assertThat(i[0]).isEqualTo(1);
  }

  /** Rule 99: a task started with go may itself call go on the same WaitGroup. */
  @Test
  void testWaitGroupGoNested() throws Exception {
    WaitGroup wg = new WaitGroup();
    AtomicInteger count = new AtomicInteger();
    wg.go(
        () -> {
          for (int k = 0; k < 10; k++) {
            wg.go(count::incrementAndGet);
          }
          count.incrementAndGet();
        });
    wg.await();
    assertThat(count.get()).isEqualTo(11);
  }

  /**
   * Rule 100 (Go's TestIssue76126): an exception thrown by a task started with go is not swallowed:
   * it reaches the panic handler, before await returns; the task still counts as done.
   */
  @Test
  void testIssue76126() throws Exception {
    AtomicReference<Throwable> reported = new AtomicReference<>();
    Go.setPanicHandler((g, e) -> reported.set(e));
    try {
      WaitGroup wg = new WaitGroup();
      IllegalStateException boom = new IllegalStateException("boom");
      wg.go(
          () -> {
            throw boom;
          });
      wg.await();
      assertThat(reported.get()).isSameAs(boom);
    } finally {
      Go.setPanicHandler(null);
    }
  }

  /**
   * A panic handler that throws while handling a wg.go task's exception: its exception goes to the
   * thread's uncaught-exception handler with the task's attached, and the panic handler is called
   * once. Before the fix its exception escaped the task's report, and the goroutine's own report
   * handed it to the panic handler as a second panic, the task's exception nowhere in it.
   */
  @Test
  void aThrowingPanicHandlerIsCalledOnceAndKeepsTheTasksException() throws Exception {
    List<Throwable> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    IllegalStateException handlerFailure = new IllegalStateException("handler failed");
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.set(e));
    Go.setPanicHandler(
        (g, e) -> {
          handled.add(e);
          throw handlerFailure;
        });
    try {
      WaitGroup wg = new WaitGroup();
      IllegalStateException boom = new IllegalStateException("boom");
      Thread t =
          wg.go(
              () -> {
                throw boom;
              });
      wg.await();
      t.join(); // the goroutine's thread has ended: every report it makes is made
      assertThat(handled)
          .as("the panic handler saw the task's exception only")
          .containsExactly(boom);
      assertThat(uncaught.get()).as("the handler's failure, uncaught").isSameAs(handlerFailure);
      assertThat(handlerFailure.getSuppressed())
          .as("the panic it was handling")
          .containsExactly(boom);
    } finally {
      Go.setPanicHandler(null);
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  @Test
  void awaitReturnsAtOnceOnZeroCounter() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.await();
    Channel<Unit> done = Channel.make();
    done.close();
    assertThat(wg.await(done)).as("a zero counter wins over a ready done").isTrue();
  }

  @Test
  void awaitWithDoneReturnsFalseWhenDoneIsReadyFirst() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Channel<Unit> closed = Channel.make();
    closed.close();
    assertThat(wg.await(closed)).isFalse();
    assertThat(wg.waiters()).isZero();

    Channel<Unit> done = Channel.make();
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread t = go(() -> result.complete(wg.await(done)));
    Polling.eventually("the waiter is registered", () -> wg.waiters() == 1);
    done.close();
    assertThat(result.get()).isFalse();
    t.join();
    assertThat(wg.waiters()).as("the cancelled waiter is uncounted").isZero();
    assertThat(wg.counter()).isEqualTo(1);
    wg.done(); // no waiter left to release
    assertThat(wg.await(Channel.nil())).isTrue();
  }

  @Test
  void awaitWithDoneReturnsTrueWhenCounterReachesZero() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Channel<Unit> done = Channel.make();
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    go(() -> result.complete(wg.await(done)));
    Polling.eventually("the waiter is registered", () -> wg.waiters() == 1);
    wg.done();
    assertThat(result.get()).isTrue();
  }

  @Test
  void interruptedAwaitThrowsAndWithdraws() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread t =
        go(
            () -> {
              try {
                wg.await();
                thrown.complete(null);
              } catch (InterruptedException e) {
                thrown.complete(e);
              }
            });
    Polling.eventually("the waiter is registered", () -> wg.waiters() == 1);
    t.interrupt();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(wg.waiters()).isZero();
    // the WaitGroup is intact: a later waiter is released by done()
    Thread w = go(wg::await);
    Polling.eventually("the second waiter is registered", () -> wg.waiters() == 1);
    wg.done();
    w.join();
    assertThat(wg.waiters()).isZero();
  }

  @Test
  void manyWaitersManyRounds() throws Exception {
    WaitGroup wg = new WaitGroup();
    for (int round = 0; round < 20; round++) {
      wg.add(1);
      List<Thread> waiters = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        waiters.add(go(wg::await));
      }
      wg.done();
      for (Thread t : waiters) {
        t.join();
      }
      assertThat(wg.counter()).isZero();
      assertThat(wg.waiters()).isZero();
    }
  }

  /**
   * A done channel with a buffer (the lock-free ring, 4 slots and more, included): a value sent on
   * it after the waiter registered must reach the waiter, not sit in the buffer. (The registration
   * must flag the ring as having a waiting receiver, or the send takes the lock-free path past it.)
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "cap={0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 4, 16})
  void awaitWithBufferedDoneReceivesASentValue(int cap) throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Channel<Unit> done = Channel.make(cap);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread t = go(() -> result.complete(wg.await(done)));
    io.github.go4j.GoTesting.awaitQueuedReceivers(done, 1);
    done.send(Unit.VALUE);
    assertThat(result.get()).isFalse();
    t.join();
    assertThat(done.len()).as("the value was consumed by the wait").isZero();
    wg.done();
  }
}
