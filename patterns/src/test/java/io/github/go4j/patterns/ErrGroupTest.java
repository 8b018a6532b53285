package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Go;
import io.github.go4j.PanicHandler;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.CanceledException;
import io.github.go4j.context.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ErrGroupTest {
  private static final Exception ERR1 = new Exception("errgroup_test: 1");
  private static final Exception ERR2 = new Exception("errgroup_test: 2");
  private static final Exception DOOM = new Exception("group_test: doomed");

  /** A task that throws {@code err} (Go's {@code return err}), or returns when it is null. */
  private static io.github.go4j.Task returning(Exception err) {
    return () -> {
      if (err != null) {
        throw err;
      }
    };
  }

  /** What {@code await()} reports: the cause of its ErrGroupException, or null. */
  private static Throwable awaitErr(ErrGroup g) throws InterruptedException {
    try {
      g.await();
      return null;
    } catch (ErrGroupException e) {
      return e.getCause();
    }
  }

  // ---- ports of x/sync errgroup_test.go ----

  @Test
  void testZeroGroup() throws Exception {
    int base = Leaks.baseline();
    List<List<Exception>> cases =
        List.of(
            List.of(),
            Arrays.asList((Exception) null),
            List.of(ERR1),
            Arrays.asList(ERR1, null),
            Arrays.asList(ERR1, null, ERR2));
    for (List<Exception> errs : cases) {
      ErrGroup g = new ErrGroup();
      Exception firstErr = null;
      for (Exception err : errs) {
        g.go(returning(err));
        if (firstErr == null && err != null) {
          firstErr = err;
        }
        assertThat(awaitErr(g)).as("after %s", errs).isSameAs(firstErr);
      }
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void testWithContext() throws Exception {
    int base = Leaks.baseline();
    record Case(List<Exception> errs, Exception want) {}
    List<Case> cases =
        List.of(
            new Case(List.of(), null),
            new Case(Arrays.asList((Exception) null), null),
            new Case(List.of(DOOM), DOOM),
            new Case(Arrays.asList(DOOM, null), DOOM));
    for (Case tc : cases) {
      ErrGroup g = ErrGroup.withContext(Context.background());
      Context ctx = g.context();
      for (Exception err : tc.errs()) {
        g.go(returning(err));
      }
      assertThat(awaitErr(g)).as("%s", tc.errs()).isSameAs(tc.want());
      assertThat(ctx.done().tryReceive()).as("ctx.done() closed after await").isPresent();
      assertThat(ctx.err()).isInstanceOf(CanceledException.class);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void testCancelCause() throws Exception {
    int base = Leaks.baseline();
    record Case(List<Exception> errs, Throwable want) {}
    List<Case> cases =
        List.of(
            new Case(List.of(), Context.CANCELED),
            new Case(Arrays.asList((Exception) null), Context.CANCELED),
            new Case(List.of(DOOM), DOOM),
            new Case(Arrays.asList(DOOM, null), DOOM));
    for (Case tc : cases) {
      ErrGroup g = ErrGroup.withContext(Context.background());
      Context ctx = g.context();
      for (Exception err : tc.errs()) {
        g.go(returning(err));
      }
      Throwable want = tc.want() == Context.CANCELED ? null : tc.want();
      assertThat(awaitErr(g)).isSameAs(want);
      assertThat(Context.cause(ctx)).as("cause after %s", tc.errs()).isSameAs(tc.want());
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void testTryGo() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    int n = 42;
    g.setLimit(42);
    Channel<Unit> ch = Channel.make();
    io.github.go4j.Task fn = () -> ch.send(Unit.VALUE);
    for (int i = 0; i < n; i++) {
      assertThat(g.tryGo(fn)).as("TryGo %d within the limit", i).isTrue();
    }
    assertThat(g.tryGo(fn)).as("TryGo is expected to fail but succeeded").isFalse();
    Go.go(
        () -> {
          for (int i = 0; i < n; i++) {
            ch.receive();
          }
        });
    g.await();
    assertThat(g.tryGo(fn)).as("TryGo is expected to succeed but failed").isTrue();
    Go.go(ch::receive);
    g.await();

    // Switch limit.
    g.setLimit(1);
    assertThat(g.tryGo(fn)).isTrue();
    assertThat(g.tryGo(fn)).as("TryGo is expected to fail but succeeded").isFalse();
    Go.go(ch::receive);
    g.await();

    // Block all calls.
    g.setLimit(0);
    for (int i = 0; i < 1 << 10; i++) {
      assertThat(g.tryGo(fn)).as("TryGo is expected to fail but succeeded").isFalse();
    }
    g.await();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void testGoLimit() throws Exception {
    int base = Leaks.baseline();
    int limit = 10;
    ErrGroup g = new ErrGroup();
    g.setLimit(limit);
    AtomicInteger active = new AtomicInteger();
    for (int i = 0; i <= 1 << 10; i++) {
      g.go(
          () -> {
            int n = active.incrementAndGet();
            if (n > limit) {
              throw new IllegalStateException("saw " + n + " active goroutines; want <= " + limit);
            }
            Thread
                .yield(); // Go sleeps 1 µs here to let others overlap; the outcome never depends on
            // it
            active.decrementAndGet();
          });
    }
    g.await(); // throws ErrGroupException if the limit was exceeded
    Leaks.assertNoGoroutineLeft(base);
  }

  // ---- one test per behaviour ----

  @Test
  void limitIsNeverExceededAndIsReachedWhenTasksBlock() throws Exception {
    int base = Leaks.baseline();
    int limit = 3;
    ErrGroup g = new ErrGroup();
    g.setLimit(limit);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    Channel<Unit> entered = Channel.make(100);
    Channel<Unit> gate = Channel.make();
    io.github.go4j.Task task =
        () -> {
          int n = inside.incrementAndGet();
          max.accumulateAndGet(n, Math::max);
          entered.send(Unit.VALUE);
          gate.receive();
          inside.decrementAndGet();
        };
    // A feeder goroutine starts 20 tasks; it blocks in go() whenever 3 run.
    Channel<Object> fed = Channel.make(1);
    Go.go(
        () -> {
          try {
            for (int i = 0; i < 20; i++) {
              g.go(task);
            }
            fed.send("ok");
          } catch (Throwable t) {
            fed.send(t);
          }
        });
    for (int i = 0; i < limit; i++) {
      entered.receive();
    }
    assertThat(inside.get()).isEqualTo(limit);
    assertThat(g.tryGo(task)).as("no slot free while %d run", limit).isFalse();
    for (int i = limit; i < 20; i++) {
      gate.send(Unit.VALUE); // lets one task end, so the feeder's blocked go() can start one more
      entered.receive();
    }
    for (int i = 0; i < limit; i++) {
      gate.send(Unit.VALUE);
    }
    assertThat(fed.receive()).isEqualTo("ok");
    g.await();
    assertThat(max.get()).isEqualTo(limit);
    assertThat(inside.get()).isZero();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void tryGoAtTheLimitReturnsFalseAndDoesNotRunTheTask() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    Channel<Unit> gate = Channel.make();
    assertThat(g.tryGo(gate::receive)).isTrue();
    AtomicBoolean ran = new AtomicBoolean();
    assertThat(g.tryGo(() -> ran.set(true))).isFalse();
    gate.send(Unit.VALUE);
    g.await();
    assertThat(ran).isFalse();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void firstErrorCancelsTheContextWithItsCauseBeforeAwait() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = ErrGroup.withContext(Context.background());
    Context ctx = g.context();
    Channel<Throwable> seen = Channel.make(1);
    g.go(
        () -> {
          ctx.done().receive(); // a sibling that stops when the group's context is done
          seen.send(Context.cause(ctx));
          ctx.throwIfDone();
        });
    IOException boom = new IOException("boom");
    g.go(
        () -> {
          throw boom;
        });
    assertThat(seen.receive()).as("the sibling saw the cancellation and its cause").isSameAs(boom);
    assertThat(ctx.err()).isInstanceOf(CanceledException.class);
    assertThat(g.err()).isSameAs(boom);
    assertThatThrownBy(g::await)
        .isInstanceOf(ErrGroupException.class)
        .hasCause(boom)
        .satisfies(e -> assertThat(e.getSuppressed()).as("the sibling's ctx error").isEmpty());
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void awaitCancelsTheContextWhenItReturns() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = ErrGroup.withContext(Context.background());
    Context ctx = g.context();
    g.go(() -> {});
    g.go(() -> {});
    assertThat(ctx.err()).as("no task failed: nothing cancels before await").isNull();
    g.await();
    assertThat(ctx.err()).isInstanceOf(CanceledException.class);
    assertThat(Context.cause(ctx)).isSameAs(Context.CANCELED);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void parentCancellationReachesTheGroupsContextAndTheCtxErrorIsTheGroupsError() throws Exception {
    int base = Leaks.baseline();
    try (CancelableContext parent = Context.withCancel(Context.background())) {
      ErrGroup g = ErrGroup.withContext(parent);
      Context ctx = g.context();
      Channel<Unit> started = Channel.make(1);
      g.go(
          () -> {
            started.send(Unit.VALUE);
            ctx.done().receive();
            ctx.throwIfDone(); // Go's return ctx.Err()
          });
      started.receive();
      parent.cancel();
      assertThatThrownBy(g::await)
          .isInstanceOf(ErrGroupException.class)
          .hasCauseInstanceOf(CanceledException.class);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void goInterruptedWhileBlockedOnTheLimitThrowsAndDidNotStartTheTask() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    Channel<Unit> gate = Channel.make();
    g.go(gate::receive); // holds the only slot
    AtomicBoolean ran = new AtomicBoolean();
    Channel<Throwable> outcome = Channel.make(1);
    Channel<Unit> ready = Channel.make();
    Thread caller =
        Go.go(
            () -> {
              ready.send(Unit.VALUE);
              try {
                g.go(() -> ran.set(true));
                outcome.send(new AssertionError("go() returned"));
              } catch (InterruptedException e) {
                outcome.send(e);
              }
            });
    ready.receive();
    caller.interrupt(); // before or while it blocks: the slot is held until the gate opens
    assertThat(outcome.receive()).isInstanceOf(InterruptedException.class);
    gate.send(Unit.VALUE);
    g.await();
    assertThat(ran).as("the interrupted go() did not start its task").isFalse();
    assertThat(g.tryGo(() -> {})).as("the slot it did not get is free").isTrue();
    g.await();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void setLimitZeroBlocksGoUntilInterrupted() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    g.setLimit(0);
    AtomicBoolean ran = new AtomicBoolean();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> g.go(() -> ran.set(true))).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).as("interrupt status cleared").isFalse();
    g.await();
    assertThat(ran).isFalse();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void negativeLimitMeansNoLimit() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    g.setLimit(0);
    g.setLimit(-1);
    Channel<Unit> gate = Channel.make();
    Channel<Unit> started = Channel.make(100);
    for (int i = 0; i < 100; i++) {
      assertThat(
              g.tryGo(
                  () -> {
                    started.send(Unit.VALUE);
                    gate.receive();
                  }))
          .isTrue();
    }
    for (int i = 0; i < 100; i++) {
      started.receive(); // all 100 run at once
    }
    assertThat(Go.numGoroutine())
        .as("counted by Go.numGoroutine")
        .isGreaterThanOrEqualTo(base + 100);
    gate.close();
    g.await();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void setLimitWhileGoroutinesAreActiveThrowsGosMessage() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    g.setLimit(3);
    Channel<Unit> gate = Channel.make();
    g.go(gate::receive);
    g.go(gate::receive);
    assertThatThrownBy(() -> g.setLimit(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("errgroup: modify limit while 2 goroutines in the group are still active");
    assertThat(g.tryGo(gate::receive)).as("the limit of 3 is unchanged").isTrue();
    assertThat(g.tryGo(gate::receive)).isFalse();
    gate.close();
    g.await();
    g.setLimit(5); // nothing runs any more
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void settingALimitOnAnUnlimitedGroupWithActiveGoroutinesIsRefusedButRemovingOneIsNot()
      throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    Channel<Unit> gate = Channel.make();
    g.go(gate::receive);
    assertThatThrownBy(() -> g.setLimit(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("errgroup: modify limit while 1 goroutines in the group are still active");
    g.setLimit(-1); // allowed, as in Go
    gate.close();
    g.await();

    g.setLimit(1);
    g.go(gate::receive); // gate closed: returns at once
    Channel<Unit> gate2 = Channel.make();
    g.await();
    g.go(gate2::receive);
    g.setLimit(-1); // removing the limit while one runs: its slot goes back to the old channel
    assertThat(g.tryGo(() -> {})).isTrue();
    gate2.close();
    g.await();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void laterFailuresAreSuppressedButAnswersToTheCancellationAreNot() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = ErrGroup.withContext(Context.background());
    Context ctx = g.context();
    IOException first = new IOException("first");
    IllegalStateException later = new IllegalStateException("later");
    g.go(
        () -> {
          throw first;
        });
    g.go(
        () -> {
          ctx.done().receive();
          throw later; // a real failure after the cancellation
        });
    g.go(
        () -> {
          ctx.done().receive();
          ctx.throwIfDone(); // an answer to the cancellation
        });
    g.go(
        () -> {
          ctx.done().receive();
          throw (Exception) Context.cause(ctx); // the first failure, rethrown
        });
    g.go(
        () -> {
          ctx.done().receive();
          throw new InterruptedException(); // an answer to the cancellation
        });
    assertThatThrownBy(g::await)
        .isInstanceOf(ErrGroupException.class)
        .hasCause(first)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(later));
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void errReturnsTheFirstErrorWithoutWaiting() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = ErrGroup.withContext(Context.background());
    Channel<Unit> gate = Channel.make();
    assertThat(g.err()).isNull();
    g.go(gate::receive); // still running while err() is read
    g.go(returning(ERR1));
    g.context().done().receive(); // the error is recorded before the context is cancelled
    assertThat(g.err()).isSameAs(ERR1);
    gate.send(Unit.VALUE);
    assertThatThrownBy(g::await).hasCause(ERR1);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void zeroGroupHasNoContext() {
    ErrGroup g = new ErrGroup();
    assertThatThrownBy(g::context)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no context");
  }

  @Test
  void awaitInterruptedThrowsAndTheGroupRunsOnWithItsContextNotCancelled() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = ErrGroup.withContext(Context.background());
    Channel<Unit> gate = Channel.make();
    g.go(gate::receive);
    Thread.currentThread().interrupt();
    assertThatThrownBy(g::await).isInstanceOf(InterruptedException.class);
    assertThat(g.context().err()).isNull();
    gate.send(Unit.VALUE);
    g.await();
    assertThat(g.context().err()).isInstanceOf(CanceledException.class);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void anErrorThrownByATaskIsTheGroupsErrorAndDoesNotReachThePanicHandler() throws Exception {
    int base = Leaks.baseline();
    ConcurrentLinkedQueue<Throwable> panics = new ConcurrentLinkedQueue<>();
    PanicHandler old = Go.panicHandler();
    Go.setPanicHandler((t, e) -> panics.add(e));
    try {
      ErrGroup g = new ErrGroup();
      AssertionError bug = new AssertionError("bug");
      g.go(
          () -> {
            throw bug;
          });
      assertThatThrownBy(g::await).isInstanceOf(ErrGroupException.class).hasCause(bug);
      Leaks.assertNoGoroutineLeft(base);
      assertThat(panics).isEmpty();
    } finally {
      Go.setPanicHandler(old);
    }
  }

  @Test
  void tasksMayStartTasksOfTheirOwnGroup() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    AtomicInteger ran = new AtomicInteger();
    g.go(
        () -> {
          for (int i = 0; i < 5; i++) {
            g.go(
                () -> {
                  ran.incrementAndGet();
                  g.go(ran::incrementAndGet);
                });
          }
        });
    g.await();
    assertThat(ran.get()).isEqualTo(10);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void awaitSeesEveryTasksWrites() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    int[] slots = new int[64]; // plain writes, published by await
    for (int i = 0; i < slots.length; i++) {
      int k = i;
      g.go(() -> slots[k] = k + 1);
    }
    g.await();
    for (int i = 0; i < slots.length; i++) {
      assertThat(slots[i]).isEqualTo(i + 1);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void nullArgumentsAreRefused() {
    ErrGroup g = new ErrGroup();
    assertThatThrownBy(() -> g.go(null)).hasMessage("task must not be null");
    assertThatThrownBy(() -> g.tryGo(null)).hasMessage("task must not be null");
    assertThatThrownBy(() -> ErrGroup.withContext(null)).hasMessage("parent must not be null");
  }

  @Test
  void awaitCanBeCalledRepeatedlyAndReportsTheSameCause() throws Exception {
    int base = Leaks.baseline();
    ErrGroup g = new ErrGroup();
    g.go(returning(ERR2));
    List<Throwable> causes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      try {
        g.await();
      } catch (ErrGroupException e) {
        causes.add(e.getCause());
      }
    }
    assertThat(causes).containsExactly(ERR2, ERR2);
    Leaks.assertNoGoroutineLeft(base);
  }
}
