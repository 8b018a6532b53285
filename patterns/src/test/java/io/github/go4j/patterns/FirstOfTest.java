package io.github.go4j.patterns;

import static io.github.go4j.patterns.FirstOf.firstOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Go;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.CanceledException;
import io.github.go4j.context.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstOfTest {
  /** Each loser reports what its context's err() was once it saw it done, then exits. */
  private final Channel<Object> exited = Channel.make(100);

  /** A replica that announces its start, then waits for its cancellation and reports it. */
  private ThrowingFunction<Context, String> loser(Channel<Unit> started) {
    return c -> {
      started.send(Unit.VALUE);
      c.done().receive();
      exited.send(c.err());
      c.throwIfDone();
      return "loser";
    };
  }

  @Test
  void firstSuccessWinsAndTheLosersContextsAreCancelledAndTheyAllExit() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> started = Channel.make(2);
    String r =
        firstOf(
            Context.background(),
            loser(started),
            c -> {
              started.receive(); // win only once both losers run
              started.receive();
              return "winner";
            },
            loser(started));
    assertThat(r).isEqualTo("winner");
    // Both losers had started before the winner returned; their context must now be done.
    assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void returnsAtTheFirstSuccessWithoutWaitingForTheLosers() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> release = Channel.make();
    Channel<Context> loserCtx = Channel.make(1);
    String r =
        firstOf(
            Context.background(),
            List.of(
                c -> {
                  loserCtx.send(c);
                  release.receive(); // ignores its context until the test lets it go
                  return "late";
                },
                c -> {
                  loserCtx.receive(); // the loser is running
                  return "fast";
                }));
    // If firstOf waited for the loser, it would never have returned: the loser waits for us.
    assertThat(r).isEqualTo("fast");
    assertThat(Go.numGoroutine()).as("the loser still runs").isGreaterThan(base);
    release.send(Unit.VALUE);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void failuresAreToleratedWhileAnotherReplicaSucceeds() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> failed = Channel.make();
    String r =
        firstOf(
            Context.background(),
            c -> {
              failed.close();
              throw new IOException("replica 0 down");
            },
            c -> {
              failed.receive(); // succeed only after replica 0 failed
              return "ok";
            });
    assertThat(r).isEqualTo("ok");
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void whenAllFailItThrowsFirstOfExceptionWithEveryFailureSuppressedInReplicaOrder()
      throws Exception {
    int base = Leaks.baseline();
    IOException e0 = new IOException("0");
    IllegalStateException e1 = new IllegalStateException("1");
    AssertionError e2 = new AssertionError("2");
    Channel<Unit> order1 = Channel.make();
    Channel<Unit> order2 = Channel.make();
    List<ThrowingFunction<Context, Integer>> replicas =
        List.of(
            c -> {
              order2.receive(); // replica 0 fails last, replica 2 first
              throw e0;
            },
            c -> {
              order1.receive();
              order2.close();
              throw e1;
            },
            c -> {
              order1.close();
              throw e2;
            });
    assertThatThrownBy(() -> firstOf(Context.background(), replicas))
        .isInstanceOfSatisfying(
            FirstOfException.class,
            e -> {
              assertThat(e.getSuppressed()).containsExactly(e0, e1, e2);
              assertThat(e.failures()).containsExactly(e0, e1, e2);
              assertThat(e.getCause()).isNull();
              assertThat(e).hasMessage("firstOf: all 3 replicas failed");
            });
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void whenTheContextIsDoneFirstItThrowsCtxErrAndCancelsTheReplicas() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> started = Channel.make(2);
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      Go.go(
          () -> {
            started.receive();
            started.receive();
            ctx.cancel(); // both replicas run: now end the request
          });
      assertThatThrownBy(() -> firstOf(ctx, loser(started), loser(started)))
          .isSameAs(Context.CANCELED);
    }
    assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void whenTheContextIsDoneItThrowsCtxErrWithoutWaitingForReplicasThatIgnoreIt() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> started = Channel.make(1);
    Channel<Unit> release = Channel.make();
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      Go.go(
          () -> {
            started.receive();
            ctx.cancel();
          });
      assertThatThrownBy(
              () ->
                  firstOf(
                      ctx,
                      c -> {
                        started.send(Unit.VALUE);
                        release.receive(); // ignores its context
                        return "late";
                      }))
          .isSameAs(Context.CANCELED);
    }
    release.send(Unit.VALUE);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void aContextAlreadyDoneStartsNoReplica() throws Exception {
    int base = Leaks.baseline();
    AtomicInteger ran = new AtomicInteger();
    CancelableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> firstOf(ctx, c -> ran.incrementAndGet())).isSameAs(Context.CANCELED);
    assertThat(ran.get()).isZero();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void interruptedWhileWaitingItThrowsAndCancelsTheReplicas() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> started = Channel.make(1);
    Channel<Object> outcome = Channel.make(1);
    Thread caller =
        Go.go(
            () -> {
              try {
                outcome.send(firstOf(Context.background(), loser(started)));
              } catch (Throwable t) {
                outcome.send(t);
              }
            });
    started.receive();
    caller.interrupt();
    assertThat(outcome.receive()).isInstanceOf(InterruptedException.class);
    assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void aWinnerReturningNullIsAResult() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> started = Channel.make(1);
    String r =
        firstOf(
            Context.background(),
            loser(started),
            c -> {
              started.receive();
              return null;
            });
    assertThat(r).isNull();
    assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void eachReplicaRunsOnItsOwnCountedGoroutine() throws Exception {
    int base = Leaks.baseline();
    int n = 5;
    Channel<Unit> started = Channel.make(n);
    List<ThrowingFunction<Context, String>> replicas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replicas.add(loser(started));
    }
    replicas.add(
        c -> {
          for (int i = 0; i < n; i++) {
            started.receive();
          }
          assertThat(Go.numGoroutine()).isGreaterThanOrEqualTo(base + n + 1);
          return "w";
        });
    assertThat(firstOf(Context.background(), replicas)).isEqualTo("w");
    for (int i = 0; i < n; i++) {
      assertThat(exited.receive()).isInstanceOf(CanceledException.class);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void badArgumentsAreRefused() {
    Context bg = Context.background();
    ThrowingFunction<Context, String> ok = c -> "x";
    assertThatThrownBy(() -> firstOf(null, ok)).hasMessage("context ctx must not be null");
    assertThatThrownBy(() -> firstOf(bg, (List<ThrowingFunction<Context, String>>) null))
        .hasMessage("replicas must not be null");
    assertThatThrownBy(() -> firstOf(bg, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("replicas must not be empty");
    assertThatThrownBy(() -> firstOf(bg, Arrays.asList(ok, null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("replicas[1] must not be null");
  }
}
