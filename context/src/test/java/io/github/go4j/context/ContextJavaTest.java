package io.github.go4j.context;

import static io.github.go4j.Go.go;
import static io.github.go4j.context.OtherContext.isDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** What go4j adds for Java users, and Go rules that have no Go test of their own. */
class ContextJavaTest {

  @Test
  void closeIsCancelSoTryWithResourcesIsDeferCancel() {
    CancelableContext escaped;
    try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1))) {
      escaped = ctx;
      assertThat(ctx.err()).isNull();
    }
    assertThat(escaped.err()).isSameAs(Context.CANCELED);
    assertThat(((TimerCtx) escaped).timer()).as("timer released").isNull();
  }

  @Test
  void cancelIsIdempotentAndTheFirstCancellationWins() {
    CancelCauseContext ctx = Context.withCancelCause(Context.background());
    RuntimeException first = new RuntimeException("first");
    ctx.cancel(first);
    ctx.cancel(new RuntimeException("second"));
    ctx.cancel();
    assertThat(ctx.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(ctx)).isSameAs(first);
  }

  @Test
  void doneIsCreatedLazilyAndIsTheSameChannelOnEveryCall() {
    CancelableContext ctx = Context.withCancel(Context.background());
    ReceiveChannel<Unit> d = ctx.done();
    assertThat(ctx.done()).isSameAs(d);
    ctx.cancel();
    assertThat(ctx.done()).isSameAs(d);
    assertThat(d.tryReceive()).hasValueSatisfying(r -> assertThat(r.ok()).isFalse());

    CancelableContext never = Context.withCancel(Context.background());
    never.cancel(); // nobody asked for done: it is the shared closed channel
    assertThat(never.done()).isSameAs(CancelCtx.CLOSED.receiveOnly());
    assertThat(never.done()).isSameAs(never.done());
    assertThat(isDone(never)).isTrue();
  }

  @Test
  void doneWorksInSelectBesideOtherChannels() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    Channel<String> work = Channel.make();
    go(ctx::cancel);
    String r = Select.select(work.onReceive(s -> "work"), ctx.done().onReceive(x -> "canceled"));
    assertThat(r).isEqualTo("canceled");
    assertThat(ctx.err()).isSameAs(Context.CANCELED);

    String d =
        Select.select(
            Context.background().done().onReceive(x -> "never"),
            Select.onDefault(() -> "background is never done"));
    assertThat(d).isEqualTo("background is never done");
  }

  @Test
  void errIsNonNullOnceAReceiveObservesDone() throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      CancelableContext ctx = Context.withCancel(Context.background());
      ReceiveChannel<Unit> done = ctx.done();
      go(ctx::cancel);
      done.receive();
      assertThat(ctx.err()).isSameAs(Context.CANCELED);
    }
  }

  @Test
  void throwIfDoneThrowsErr() {
    CancelableContext ctx = Context.withCancel(Context.background());
    assertThatNoException().isThrownBy(ctx::throwIfDone);
    ctx.cancel();
    assertThatThrownBy(ctx::throwIfDone).isSameAs(Context.CANCELED);

    CancelableContext expired = Context.withTimeout(Context.background(), Duration.ZERO);
    assertThatThrownBy(expired::throwIfDone)
        .isInstanceOf(DeadlineExceededException.class)
        .hasMessage("context deadline exceeded");
  }

  @Test
  void errorsAreSingletonsEvenThroughSerialization() throws Exception {
    for (ContextException e :
        new ContextException[] {Context.CANCELED, Context.DEADLINE_EXCEEDED}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(e);
      }
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        assertThat(in.readObject()).isSameAs(e);
      }
      assertThat(e.getStackTrace()).isEmpty();
    }
  }

  @Test
  void contextKeysCompareByIdentity() {
    ContextKey<String> a = ContextKey.of("same");
    ContextKey<String> b = ContextKey.of("same");
    Context ctx = Context.withValue(Context.background(), a, "A");
    assertThat(ctx.value(a)).isEqualTo("A");
    assertThat(ctx.value(b)).isNull();
    assertThat(a).hasToString("same");
    assertThat(a.name()).isEqualTo("same");
  }

  @Test
  void deadlineToStringFollowsGo() {
    Instant at = Instant.parse("2100-01-02T03:04:05Z");
    try (CancelableContext ctx = Context.withDeadline(Context.background(), at)) {
      assertThat(ctx.deadline()).contains(at);
      assertThat(ctx.toString())
          .startsWith("context.Background.WithDeadline(2100-01-02T03:04:05Z [")
          .endsWith("s])")
          .contains("h");
      Context v = Context.withValue(ctx, ContextKey.of("k"), 7);
      assertThat(v.toString()).endsWith("]).WithValue(k, 7)");
      assertThat(v.deadline()).contains(at);
      assertThat(Context.withCancel(v).deadline()).contains(at);
    }
  }

  @Test
  void durationsFormatLikeGo() {
    assertThat(Contexts.formatDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(Contexts.formatDuration(Duration.ofNanos(999))).isEqualTo("999ns");
    assertThat(Contexts.formatDuration(Duration.ofNanos(1_500))).isEqualTo("1.5µs");
    assertThat(Contexts.formatDuration(Duration.ofNanos(2_250_000))).isEqualTo("2.25ms");
    assertThat(Contexts.formatDuration(Duration.ofMillis(1_500))).isEqualTo("1.5s");
    assertThat(Contexts.formatDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Contexts.formatDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(Contexts.formatDuration(Duration.ofSeconds(3723, 5))).isEqualTo("1h2m3.000000005s");
    assertThat(Contexts.formatDuration(Duration.ofMillis(-3))).isEqualTo("-3ms");
  }

  @Test
  void hugeAndNegativeTimeoutsSaturate() {
    try (CancelableContext forever =
        Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE))) {
      assertThat(forever.deadline()).contains(Instant.MAX);
      assertThat(isDone(forever)).isFalse();
    }
    CancelableContext past =
        Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MIN_VALUE));
    assertThat(past.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    assertThat(past.deadline()).contains(Instant.MIN);
  }

  @Test
  void aOneHourTimeoutIsNotDoneAndAOneMillisecondTimeoutBecomesDone() throws InterruptedException {
    try (CancelableContext hour = Context.withTimeout(Context.background(), Duration.ofHours(1));
        CancelableContext ms = Context.withTimeout(hour, Duration.ofMillis(1))) {
      assertThat(ms.done().receiveOk().ok()).isFalse();
      assertThat(ms.err()).isSameAs(Context.DEADLINE_EXCEEDED);
      assertThat(Context.cause(ms)).isSameAs(Context.DEADLINE_EXCEEDED);
      assertThat(hour.err()).isNull();
      // As in Go, the timer's cancel closes done first and unregisters from the parent after,
      // with no event in between to wait on: a bounded poll (as core's Polling.eventually does)
      // instead of expecting the unregistration the instant done closes.
      CancelCtx parent = (CancelCtx) hour;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (parent.childCount() != 0 && System.nanoTime() - giveUp < 0) {
        LockSupport.parkNanos(100_000);
      }
      assertThat(parent.childCount()).as("the expired child removed itself").isZero();
    }
  }

  @Test
  void parentDeadlineCancelsChildrenWithDeadlineExceededAndItsCause() throws InterruptedException {
    RuntimeException tooSlow = new RuntimeException("tooSlow");
    CancelableContext parent =
        Context.withTimeoutCause(Context.background(), Duration.ofMillis(1), tooSlow);
    CancelableContext child = Context.withTimeout(parent, Duration.ofHours(1));
    child.done().receive();
    assertThat(child.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    assertThat(Context.cause(child)).isSameAs(tooSlow);
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThatThrownBy(() -> Context.withDeadline(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Context.withTimeout(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Context.afterFunc(null, () -> {}))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Context.afterFunc(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Context.cause(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Context.interruptOnDone(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ContextKey.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void interruptOnDoneWakesAThreadBlockedInAJdkCall() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    CountDownLatch registered = new CountDownLatch(1);
    Channel<String> outcome = Channel.make(1);
    go(
        () -> {
          try (AfterFuncHandle h = Context.interruptOnDone(ctx, Thread.currentThread())) {
            registered.countDown();
            new LinkedBlockingQueue<String>().take(); // blocks until interrupted
            outcome.send("not interrupted");
          } catch (InterruptedException e) {
            outcome.send("interrupted: " + ctx.err().getMessage());
          }
        });
    registered.await();
    ctx.cancel();
    assertThat(outcome.receive()).isEqualTo("interrupted: context canceled");
  }

  @Test
  void interruptOnDoneStoppedInTimeNeverInterrupts() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    AfterFuncHandle h = Context.interruptOnDone(ctx, Thread.currentThread());
    assertThat(h.stop()).as("stopped before the cancellation").isTrue();
    assertThat(h.stop()).isFalse();
    ctx.cancel();
    CountDownLatch later = new CountDownLatch(1);
    Context.afterFunc(ctx, later::countDown);
    later.await(); // an afterFunc registered after the stopped one ran
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void interruptOnDoneAfterTheInterruptReportsFalse() {
    CancelableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    AfterFuncHandle h = Context.interruptOnDone(ctx, Thread.currentThread());
    assertThatThrownBy(() -> new CountDownLatch(1).await())
        .isInstanceOf(InterruptedException.class);
    assertThat(h.stop()).as("the interrupt was delivered").isFalse();
    assertThat(Thread.interrupted()).isFalse(); // await consumed it; nothing more arrives
  }

  /**
   * A custom context whose done() returns null, as a Go Done() returns nil for a context that is
   * never canceled, is a parent like background(): its children are canceled only by their own
   * cancel (raised in review: a NullPointerException without a message).
   */
  @Test
  void aCustomParentWhoseDoneIsNullIsNeverCanceled() {
    Context parent =
        new OtherContext(Context.background()) {
          @Override
          public ReceiveChannel<Unit> done() {
            return null;
          }
        };
    CancelableContext child = Context.withCancel(parent);
    assertThat(child.err()).isNull();
    assertThat(child.done().tryReceive()).isEmpty();
    child.cancel();
    assertThat(child.err()).isSameAs(Context.CANCELED);
  }

  /**
   * A custom context that is done by itself but forwards value() to a live go4j context: Go's Cause
   * finds that context's cancelCtx through Value and returns its cause, nil, although c is done;
   * go4j falls back to c.err() (docs/differences.md, "Context cause of a custom context").
   */
  @Test
  void theCauseOfADoneCustomContextOverALiveGo4jContextIsItsErr() {
    CancelableContext live = Context.withCancel(Context.background());
    CancelableContext own = Context.withCancel(Context.background());
    own.cancel();
    Context custom =
        new OtherContext(own) {
          @Override
          public <T> T value(ContextKey<T> key) {
            return live.value(key);
          }
        };
    assertThat(custom.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(custom)).as("Go: nil; go4j: err()").isSameAs(Context.CANCELED);
    live.cancel();
  }
}
