package io.github.go4j.context;

import static io.github.go4j.Go.go;
import static io.github.go4j.context.OtherContext.isDone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Ports of Go's src/context/x_test.go and context_test.go (docs/conformance.md, rules 68-92). */
class ContextTest {
  /** Go's shortDuration: a deadline that passes during the test. */
  static final Duration SHORT = Duration.ofMillis(1);

  /** Go's veryLongDuration: a deadline that never passes during the test. */
  static final Duration VERY_LONG = Duration.ofHours(1000);

  @Test
  void testBackground() {
    Context c = Context.background();
    assertThat(c).isNotNull();
    assertThat(isDone(c)).isFalse();
    assertThat(c.done()).isSameAs(Channel.nil());
    assertThat(c.err()).isNull();
    assertThat(c.deadline()).isEmpty();
    ContextKey<String> k = ContextKey.of("k");
    assertThat(c.value(k)).isNull();
    assertThat(c).hasToString("context.Background");
  }

  @Test
  void testTODO() {
    Context c = Context.todo();
    assertThat(c).isNotNull();
    assertThat(isDone(c)).isFalse();
    assertThat(c.done()).isSameAs(Channel.nil());
    assertThat(c.err()).isNull();
    assertThat(c.deadline()).isEmpty();
    ContextKey<String> k = ContextKey.of("k");
    assertThat(c.value(k)).isNull();
    assertThat(c).hasToString("context.TODO");
  }

  @Test
  void testWithCancel() {
    CancelableContext c1 = Context.withCancel(Context.background());
    assertThat(c1).hasToString("context.Background.WithCancel");

    Context o = new OtherContext(c1);
    CancelableContext c2 = Context.withCancel(o);
    List<Context> contexts = List.of(c1, o, c2);
    for (Context c : contexts) {
      assertThat(c.done()).isNotSameAs(Channel.nil());
      assertThat(c.err()).isNull();
      assertThat(isDone(c)).isFalse();
    }

    c1.cancel(); // should propagate synchronously
    for (Context c : contexts) {
      assertThat(isDone(c)).isTrue();
      assertThat(c.err()).isSameAs(Context.CANCELED);
    }
  }

  @Test
  void testParentFinishesChild() {
    // parent -> cancelChild; parent -> valueChild -> timerChild
    CancelableContext parent = Context.withCancel(Context.background());
    CancelableContext cancelChild = Context.withCancel(parent);
    Context valueChild = Context.withValue(parent, ContextKey.of("key"), "value");
    CancelableContext timerChild = Context.withTimeout(valueChild, VERY_LONG);
    try (cancelChild;
        timerChild) {
      for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
        assertThat(isDone(c)).isFalse();
      }
      CancelCtx pc = (CancelCtx) parent;
      CancelCtx cc = (CancelCtx) cancelChild;
      TimerCtx tc = (TimerCtx) timerChild;
      assertThat(pc.childCount()).isEqualTo(2);
      assertThat(cc.registeredIn()).isSameAs(pc);
      assertThat(tc.registeredIn()).isSameAs(pc);

      parent.cancel();

      assertThat(pc.childCount()).isZero();
      for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
        assertThat(isDone(c)).as("%s done", c).isTrue();
        assertThat(c.err()).isSameAs(Context.CANCELED);
      }
      assertThat(tc.timer()).as("the timer is released").isNull();

      // A child of a canceled parent is canceled at once.
      Context precanceledChild = Context.withValue(parent, ContextKey.of("key"), "value");
      assertThat(isDone(precanceledChild)).isTrue();
      assertThat(precanceledChild.err()).isSameAs(Context.CANCELED);
    }
  }

  @Test
  void testChildFinishesFirst() {
    CancelableContext cancelable = Context.withCancel(Context.background());
    try (cancelable) {
      for (Context parent : List.of(Context.background(), cancelable)) {
        CancelableContext child = Context.withCancel(parent);
        assertThat(isDone(parent)).isFalse();
        assertThat(isDone(child)).isFalse();

        CancelCtx cc = (CancelCtx) child;
        CancelCtx pc = parent instanceof CancelCtx p ? p : null; // null for Background
        assertThat(cc.registeredIn()).isSameAs(pc);
        if (pc != null) {
          assertThat(pc.childCount()).isEqualTo(1);
        }

        child.cancel();

        if (pc != null) {
          assertThat(pc.childCount()).as("the child removed itself").isZero();
        }
        assertThat(isDone(child)).isTrue();
        assertThat(child.err()).isSameAs(Context.CANCELED);
        assertThat(isDone(parent)).isFalse();
        assertThat(parent.err()).isNull();
      }
    }
  }

  /** Go's testDeadline helper: waits for done (no wall-clock check) and expects the deadline. */
  private static void awaitDeadline(Context c, String name) throws InterruptedException {
    assertThat(c.done().receiveOk().ok()).as(name).isFalse();
    assertThat(c.err()).as(name).isSameAs(Context.DEADLINE_EXCEEDED);
  }

  @Test
  void testDeadline() throws InterruptedException {
    CancelableContext c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
    assertThat(c.toString()).startsWith("context.Background.WithDeadline(");
    awaitDeadline(c, "WithDeadline");

    c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
    awaitDeadline(new OtherContext(c), "WithDeadline+otherContext");

    c = Context.withDeadline(Context.background(), Instant.now().plus(SHORT));
    c = Context.withDeadline(new OtherContext(c), Instant.now().plus(VERY_LONG));
    awaitDeadline(c, "WithDeadline+otherContext+WithDeadline");

    c = Context.withDeadline(Context.background(), Instant.now().minus(SHORT));
    assertThat(isDone(c)).as("a deadline in the past is done at once").isTrue();
    awaitDeadline(c, "WithDeadline+inthepast");

    c = Context.withDeadline(Context.background(), Instant.now());
    awaitDeadline(c, "WithDeadline+now");
  }

  @Test
  void testDeadlineNeverLaterThanParent() {
    Instant soon = Instant.now().plus(Duration.ofHours(1));
    CancelableContext parent = Context.withDeadline(Context.background(), soon);
    CancelableContext child = Context.withDeadline(parent, soon.plus(Duration.ofHours(1)));
    try (parent;
        child) {
      assertThat(child.deadline()).contains(soon);
      assertThat(child).isNotInstanceOf(TimerCtx.class); // Go: WithCancel(parent)
      assertThat(child.toString())
          .startsWith("context.Background.WithDeadline(" + soon + " [")
          .endsWith("]).WithCancel");
      Instant sooner = soon.minusSeconds(60);
      CancelableContext earlier = Context.withDeadline(parent, sooner);
      assertThat(earlier.deadline()).contains(sooner);
      earlier.cancel();
    }
  }

  @Test
  void testTimeout() throws InterruptedException {
    CancelableContext c = Context.withTimeout(Context.background(), SHORT);
    assertThat(c.toString()).startsWith("context.Background.WithDeadline(");
    awaitDeadline(c, "WithTimeout");

    c = Context.withTimeout(Context.background(), SHORT);
    awaitDeadline(new OtherContext(c), "WithTimeout+otherContext");

    c = Context.withTimeout(Context.background(), SHORT);
    c = Context.withTimeout(new OtherContext(c), VERY_LONG);
    awaitDeadline(c, "WithTimeout+otherContext+WithTimeout");
  }

  @Test
  void testCanceledTimeout() {
    CancelableContext c0 = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
    CancelableContext c = Context.withTimeout(new OtherContext(c0), VERY_LONG);
    c.cancel(); // should propagate synchronously
    assertThat(isDone(c)).isTrue();
    assertThat(c.err()).isSameAs(Context.CANCELED);
    assertThat(c)
        .as("the parent's deadline is sooner: Go's WithCancel")
        .isNotInstanceOf(TimerCtx.class);
    c0.cancel();
  }

  static final ContextKey<String> K1 = ContextKey.of("key1");
  static final ContextKey<String> K2 = ContextKey.of("key2(1)"); // same name style, another key
  static final ContextKey<String> K3 = ContextKey.of("key2(3)");

  private static void check(Context c, String nm, String v1, String v2, String v3) {
    assertThat(c.value(K1)).as("%s.value(k1)", nm).isEqualTo(v1);
    assertThat(c.value(K2)).as("%s.value(k2)", nm).isEqualTo(v2);
    assertThat(c.value(K3)).as("%s.value(k3)", nm).isEqualTo(v3);
  }

  @Test
  void testValues() {
    Context c0 = Context.background();
    check(c0, "c0", null, null, null);

    Context c1 = Context.withValue(Context.background(), K1, "c1k1");
    check(c1, "c1", "c1k1", null, null);
    assertThat(c1).hasToString("context.Background.WithValue(key1, c1k1)");

    Context c2 = Context.withValue(c1, K2, "c2k2");
    check(c2, "c2", "c1k1", "c2k2", null);
    assertThat(c2).hasToString("context.Background.WithValue(key1, c1k1).WithValue(key2(1), c2k2)");

    Context c3 = Context.withValue(c2, K3, "c3k3");
    check(c3, "c3", "c1k1", "c2k2", "c3k3");

    Context c4 = Context.withValue(c3, K1, null);
    check(c4, "c4", null, "c2k2", "c3k3");
    assertThat(c4)
        .hasToString(
            "context.Background.WithValue(key1, c1k1).WithValue(key2(1), c2k2)"
                + ".WithValue(key2(3), c3k3).WithValue(key1, <nil>)");

    Context o0 = new OtherContext(Context.background());
    check(o0, "o0", null, null, null);

    Context o1 = new OtherContext(Context.withValue(Context.background(), K1, "c1k1"));
    check(o1, "o1", "c1k1", null, null);

    Context o2 = Context.withValue(o1, K2, "o2k2");
    check(o2, "o2", "c1k1", "o2k2", null);

    Context o3 = new OtherContext(c4);
    check(o3, "o3", null, "c2k2", "c3k3");

    Context o4 = Context.withValue(o3, K3, null);
    check(o4, "o4", null, "c2k2", null);
  }

  @Test
  void testSimultaneousCancels() throws InterruptedException {
    CancelableContext root = Context.withCancel(Context.background());
    List<CancelableContext> all = new ArrayList<>(List.of(root));
    ArrayList<CancelableContext> q = new ArrayList<>(List.of(root));
    for (int head = 0; head < q.size() && all.size() < 100; head++) {
      for (int i = 0; i < 4; i++) {
        CancelableContext ctx = Context.withCancel(q.get(head));
        all.add(ctx);
        q.add(ctx);
      }
    }
    // Start all the cancels in a random order.
    ArrayList<CancelableContext> shuffled = new ArrayList<>(all);
    java.util.Collections.shuffle(shuffled, new Random(1));
    CountDownLatch returned = new CountDownLatch(shuffled.size());
    CountDownLatch start = new CountDownLatch(1);
    for (CancelableContext c : shuffled) {
      go(
          () -> {
            start.await();
            c.cancel();
            returned.countDown();
          });
    }
    start.countDown();
    // Wait on all the contexts.
    for (CancelableContext c : all) {
      c.done().receive();
      assertThat(c.err()).isSameAs(Context.CANCELED);
    }
    returned.await(); // all the cancel functions return
    assertThat(((CancelCtx) root).childCount()).isZero();
  }

  @Test
  void testInterlockedCancels() throws InterruptedException {
    CancelableContext parent = Context.withCancel(Context.background());
    CancelableContext child = Context.withCancel(parent);
    go(
        () -> {
          parent.done().receive();
          child.cancel();
        });
    parent.cancel();
    child.done().receive();
    assertThat(child.err()).isSameAs(Context.CANCELED);
  }

  @Test
  void testLayersCancel() throws InterruptedException {
    for (long seed = 0; seed < 20; seed++) {
      testLayers(seed, false);
    }
  }

  @Test
  void testLayersTimeout() throws InterruptedException {
    for (long seed = 0; seed < 20; seed++) {
      testLayers(seed, true);
    }
  }

  private static void testLayers(long seed, boolean testTimeout) throws InterruptedException {
    Random r = new Random(seed);
    List<ContextKey<Object>> vals = new ArrayList<>();
    List<Object> objects = new ArrayList<>();
    List<CancelableContext> cancels = new ArrayList<>();
    int numTimers = 0;
    Context ctx = Context.background();
    for (int i = 0; i < 30 || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
      switch (r.nextInt(3)) {
        case 0 -> {
          ContextKey<Object> k = ContextKey.of("v" + i);
          Object v = new Object();
          ctx = Context.withValue(ctx, k, v);
          vals.add(k);
          objects.add(v);
        }
        case 1 -> {
          CancelableContext c = Context.withCancel(ctx);
          cancels.add(c);
          ctx = c;
        }
        default -> {
          CancelableContext c = Context.withTimeout(ctx, testTimeout ? SHORT : VERY_LONG);
          cancels.add(c);
          ctx = c;
          numTimers++;
        }
      }
    }
    String when = "seed=" + seed + " before cancel";
    if (!testTimeout) {
      assertThat(isDone(ctx)).as("seed=%d: ctx should not be canceled yet", seed).isFalse();
    }
    assertThat(ctx.toString()).startsWith("context.Background.");
    for (int i = 0; i < vals.size(); i++) {
      assertThat(ctx.value(vals.get(i))).as(when).isSameAs(objects.get(i));
    }
    if (testTimeout) {
      ctx.done().receive();
      assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
      when = "seed=" + seed + " after timeout";
    } else {
      cancels.get(r.nextInt(cancels.size())).cancel();
      assertThat(isDone(ctx)).as("seed=%d: ctx should be canceled", seed).isTrue();
      when = "seed=" + seed + " after cancel";
    }
    for (int i = 0; i < vals.size(); i++) {
      assertThat(ctx.value(vals.get(i))).as(when).isSameAs(objects.get(i));
    }
    for (CancelableContext c : cancels) {
      c.cancel();
    }
  }

  @Test
  void testCancelRemoves() {
    CancelableContext ctx = Context.withCancel(Context.background());
    CancelCtx pc = (CancelCtx) ctx;
    assertThat(pc.childCount()).as("after creation").isZero();
    CancelableContext child = Context.withCancel(ctx);
    assertThat(pc.childCount()).as("with WithCancel child").isEqualTo(1);
    child.cancel();
    assertThat(pc.childCount()).as("after canceling WithCancel child").isZero();

    ctx = Context.withCancel(Context.background());
    pc = (CancelCtx) ctx;
    assertThat(pc.childCount()).as("after creation").isZero();
    child = Context.withTimeout(ctx, Duration.ofMinutes(60));
    assertThat(pc.childCount()).as("with WithTimeout child").isEqualTo(1);
    child.cancel();
    assertThat(pc.childCount()).as("after canceling WithTimeout child").isZero();

    AfterFuncHandle stop = Context.afterFunc(ctx, () -> {});
    assertThat(pc.childCount()).as("with AfterFunc").isEqualTo(1);
    assertThat(stop.stop()).isTrue();
    assertThat(pc.childCount()).as("after stopping AfterFunc").isZero();
  }

  @Test
  void testWithCancelCanceledParent() {
    CancelCauseContext parent = Context.withCancelCause(Context.background());
    RuntimeException cause = new RuntimeException("Because!");
    parent.cancel(cause);

    CancelableContext c = Context.withCancel(parent);
    assertThat(isDone(c)).as("child done immediately upon construction").isTrue();
    assertThat(c.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(c)).isSameAs(cause);
  }

  @Test
  void testWithCancelSimultaneouslyCanceledParent() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      CancelCauseContext parent = Context.withCancelCause(Context.background());
      RuntimeException cause = new RuntimeException("Because!");
      go(() -> parent.cancel(cause));

      CancelableContext c = Context.withCancel(parent);
      c.done().receive();
      assertThat(c.err()).isSameAs(Context.CANCELED);
      assertThat(Context.cause(c)).isSameAs(cause);
    }
  }

  @Test
  void testWithValueChecksKey() {
    assertThatThrownBy(() -> Context.withValue(Context.background(), null, "bar"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("nil key");
  }

  @Test
  void testInvalidDerivedFail() {
    String msg = "cannot create context from nil parent";
    Instant soon = Instant.now().plus(SHORT);
    List<Runnable> calls =
        List.of(
            () -> Context.withCancel(null),
            () -> Context.withCancelCause(null),
            () -> Context.withDeadline(null, soon),
            () -> Context.withDeadlineCause(null, soon, new RuntimeException()),
            () -> Context.withTimeout(null, SHORT),
            () -> Context.withTimeoutCause(null, SHORT, new RuntimeException()),
            () -> Context.withValue(null, K1, "bar"),
            () -> Context.withoutCancel(null));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(NullPointerException.class).hasMessage(msg);
    }
  }

  @Test
  void testDeadlineExceededSupportsTimeout() {
    assertThat(Context.DEADLINE_EXCEEDED.isTimeout()).isTrue();
    assertThat(Context.DEADLINE_EXCEEDED).hasMessage("context deadline exceeded");
    assertThat(Context.DEADLINE_EXCEEDED.asTimeout())
        .isInstanceOf(java.util.concurrent.TimeoutException.class)
        .hasMessage("context deadline exceeded")
        .hasCause(Context.DEADLINE_EXCEEDED);
    assertThat(Context.CANCELED.isTimeout()).isFalse();
    assertThat(Context.CANCELED).hasMessage("context canceled");
  }

  private record CauseCase(
      String name, Supplier<Context> ctx, ContextException err, Object cause) {}

  @TestFactory
  Stream<DynamicTest> testCause() {
    Duration forever = Duration.ofSeconds(1_000_000);
    RuntimeException parentCause = new RuntimeException("parentCause");
    RuntimeException childCause = new RuntimeException("childCause");
    RuntimeException tooSlow = new RuntimeException("tooSlow");
    RuntimeException finishedEarly = new RuntimeException("finishedEarly");
    ContextException canceled = Context.CANCELED;
    ContextException deadline = Context.DEADLINE_EXCEEDED;
    List<CauseCase> cases =
        List.of(
            new CauseCase("Background", Context::background, null, null),
            new CauseCase("TODO", Context::todo, null, null),
            new CauseCase(
                "WithCancel",
                () -> {
                  CancelableContext ctx = Context.withCancel(Context.background());
                  ctx.cancel();
                  return ctx;
                },
                canceled,
                canceled),
            new CauseCase(
                "WithCancelCause",
                () -> {
                  CancelCauseContext ctx = Context.withCancelCause(Context.background());
                  ctx.cancel(parentCause);
                  return ctx;
                },
                canceled,
                parentCause),
            new CauseCase(
                "WithCancelCause nil",
                () -> {
                  CancelCauseContext ctx = Context.withCancelCause(Context.background());
                  ctx.cancel(null);
                  return ctx;
                },
                canceled,
                canceled),
            new CauseCase(
                "WithCancelCause: parent cause before child",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  CancelCauseContext child = Context.withCancelCause(parent);
                  parent.cancel(parentCause);
                  child.cancel(childCause);
                  return child;
                },
                canceled,
                parentCause),
            new CauseCase(
                "WithCancelCause: parent cause after child",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  CancelCauseContext child = Context.withCancelCause(parent);
                  child.cancel(childCause);
                  parent.cancel(parentCause);
                  return child;
                },
                canceled,
                childCause),
            new CauseCase(
                "WithCancelCause: parent cause before nil",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  CancelableContext child = Context.withCancel(parent);
                  parent.cancel(parentCause);
                  child.cancel();
                  return child;
                },
                canceled,
                parentCause),
            new CauseCase(
                "WithCancelCause: parent cause after nil",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  CancelableContext child = Context.withCancel(parent);
                  child.cancel();
                  parent.cancel(parentCause);
                  return child;
                },
                canceled,
                canceled),
            new CauseCase(
                "WithCancelCause: child cause after nil",
                () -> {
                  CancelableContext parent = Context.withCancel(Context.background());
                  CancelCauseContext child = Context.withCancelCause(parent);
                  parent.cancel();
                  child.cancel(childCause);
                  return child;
                },
                canceled,
                canceled),
            new CauseCase(
                "WithCancelCause: child cause before nil",
                () -> {
                  CancelableContext parent = Context.withCancel(Context.background());
                  CancelCauseContext child = Context.withCancelCause(parent);
                  child.cancel(childCause);
                  parent.cancel();
                  return child;
                },
                canceled,
                childCause),
            new CauseCase(
                "WithTimeout",
                () -> {
                  CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ZERO);
                  ctx.cancel();
                  return ctx;
                },
                deadline,
                deadline),
            new CauseCase(
                "WithTimeout canceled",
                () -> {
                  CancelableContext ctx = Context.withTimeout(Context.background(), forever);
                  ctx.cancel();
                  return ctx;
                },
                canceled,
                canceled),
            new CauseCase(
                "WithTimeoutCause",
                () -> {
                  CancelableContext ctx =
                      Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
                  ctx.cancel();
                  return ctx;
                },
                deadline,
                tooSlow),
            new CauseCase(
                "WithTimeoutCause canceled",
                () -> {
                  CancelableContext ctx =
                      Context.withTimeoutCause(Context.background(), forever, tooSlow);
                  ctx.cancel();
                  return ctx;
                },
                canceled,
                canceled),
            new CauseCase(
                "WithTimeoutCause stacked",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  Context ctx = Context.withTimeoutCause(parent, Duration.ZERO, tooSlow);
                  parent.cancel(finishedEarly);
                  return ctx;
                },
                deadline,
                tooSlow),
            new CauseCase(
                "WithTimeoutCause stacked canceled",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  Context ctx = Context.withTimeoutCause(parent, forever, tooSlow);
                  parent.cancel(finishedEarly);
                  return ctx;
                },
                canceled,
                finishedEarly),
            new CauseCase(
                "WithoutCancel", () -> Context.withoutCancel(Context.background()), null, null),
            new CauseCase(
                "WithoutCancel canceled",
                () -> {
                  CancelCauseContext parent = Context.withCancelCause(Context.background());
                  Context ctx = Context.withoutCancel(parent);
                  parent.cancel(finishedEarly);
                  return ctx;
                },
                null,
                null),
            new CauseCase(
                "WithoutCancel timeout",
                () -> {
                  CancelableContext parent =
                      Context.withTimeoutCause(Context.background(), Duration.ZERO, tooSlow);
                  Context ctx = Context.withoutCancel(parent);
                  parent.cancel();
                  return ctx;
                },
                null,
                null));
    return cases.stream()
        .map(
            tc ->
                DynamicTest.dynamicTest(
                    tc.name(),
                    () -> {
                      Context ctx = tc.ctx().get();
                      assertThat(ctx.err()).as("err").isSameAs(tc.err());
                      assertThat(Context.cause(ctx)).as("cause").isSameAs(tc.cause());
                    }));
  }

  @Test
  void testCauseRace() throws InterruptedException {
    RuntimeException cause = new RuntimeException("TestCauseRace");
    CancelCauseContext ctx = Context.withCancelCause(Context.background());
    go(() -> ctx.cancel(cause));
    // Poll cause rather than waiting for done, to test that access to it is synchronized.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Throwable got;
    while ((got = Context.cause(ctx)) == null) {
      assertThat(System.nanoTime() - deadline).as("cause never set").isNegative();
      Thread.yield();
    }
    assertThat(got).isSameAs(cause);
  }

  /** Go issue 75533: once err() is non-null, done() is closed. */
  @Test
  void testContextErrDoneRace() {
    for (int i = 0; i < 1000; i++) {
      CancelableContext ctx = Context.withCancel(Context.background());
      ReceiveChannel<Unit> done = ctx.done();
      go(ctx::cancel);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ctx.err() == null) {
        assertThat(System.nanoTime() - deadline).as("err never set").isNegative();
        Thread.onSpinWait();
      }
      assertThat(done.tryReceive()).as("done closed once err != null").isPresent();
    }
  }

  @Test
  void testWithoutCancel() {
    ContextKey<String> key = ContextKey.of("key");
    CancelableContext parent =
        Context.withCancel(Context.withValue(Context.background(), key, "value"));
    Context ctx = Context.withoutCancel(parent);
    assertThat(ctx.deadline()).isEmpty();
    assertThat(ctx.done()).isSameAs(Channel.nil());
    assertThat(ctx.err()).isNull();
    assertThat(ctx.value(key)).isEqualTo("value");
    assertThat(ctx).hasToString(parent + ".WithoutCancel");

    parent.cancel();
    assertThat(ctx.err()).isNull();
    assertThat(Context.cause(ctx)).isNull();
    assertThat(isDone(ctx)).isFalse();
    CancelableContext child = Context.withCancel(ctx);
    assertThat(isDone(child)).as("a child of withoutCancel is not canceled").isFalse();
    child.cancel();

    Context timeout =
        Context.withoutCancel(Context.withTimeout(Context.background(), Duration.ofHours(1)));
    assertThat(timeout.deadline()).as("withoutCancel has no deadline").isEmpty();
  }

  /** Go's customDoneContext: wraps a context but has its own done channel. */
  private static final class CustomDoneContext extends OtherContext {
    private final Channel<Unit> donec;

    CustomDoneContext(Context inner, Channel<Unit> donec) {
      super(inner);
      this.donec = donec;
    }

    @Override
    public ReceiveChannel<Unit> done() {
      return donec;
    }
  }

  @Test
  void testCustomContextPropagation() throws InterruptedException {
    RuntimeException cause = new RuntimeException("TestCustomContextPropagation");
    Channel<Unit> donec = Channel.make();
    CancelCauseContext ctx1 = Context.withCancelCause(Context.background());
    Context ctx2 = new CustomDoneContext(ctx1, donec);
    CancelableContext ctx3 = Context.withCancel(ctx2);
    try (ctx3) {
      ctx1.cancel(cause);
      donec.close();

      ctx3.done().receive();
      assertThat(ctx3.err()).isSameAs(Context.CANCELED);
      assertThat(Context.cause(ctx3)).isSameAs(cause);
    }
  }

  /** Go's customCauseContext: a custom Context with its own lock, done channel and err. */
  private static final class CustomCauseContext implements Context {
    private final java.util.concurrent.locks.ReentrantLock mu =
        new java.util.concurrent.locks.ReentrantLock();
    private final Channel<Unit> done = Channel.make();
    private ContextException err;
    private CancelableContext cancelChild;

    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }

    @Override
    public ReceiveChannel<Unit> done() {
      return done;
    }

    @Override
    public ContextException err() {
      mu.lock();
      try {
        return err;
      } finally {
        mu.unlock();
      }
    }

    @Override
    public <T> T value(ContextKey<T> key) {
      return null;
    }

    void cancel() {
      CancelableContext child;
      mu.lock();
      try {
        err = Context.CANCELED;
        done.close();
        child = cancelChild;
      } finally {
        mu.unlock();
      }
      if (child != null) {
        child.cancel();
      }
    }
  }

  @Test
  void testCustomContextCause() {
    // Canceling a custom context: err and cause are CANCELED.
    CustomCauseContext ccc = new CustomCauseContext();
    ccc.cancel();
    assertThat(ccc.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(ccc)).isSameAs(Context.CANCELED);

    // A child of a custom context canceled with a cause keeps it; the parent is untouched.
    ccc = new CustomCauseContext();
    CancelCauseContext ctx = Context.withCancelCause(ccc);
    RuntimeException cause = new RuntimeException("TestCustomContextCause");
    ctx.cancel(cause);
    assertThat(ctx.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(ctx)).isSameAs(cause);
    assertThat(ccc.err()).isNull();
    assertThat(Context.cause(ccc)).isNull();

    // Canceling the custom parent afterwards changes nothing in the child.
    ccc.cancel();
    assertThat(ctx.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(ctx)).isSameAs(cause);
    assertThat(ccc.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(ccc)).isSameAs(Context.CANCELED);

    // A custom context that cancels its child itself.
    ccc = new CustomCauseContext();
    CancelableContext child = Context.withCancel(ccc);
    ccc.cancelChild = child;
    ccc.cancel();
    assertThat(child.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(child)).isSameAs(Context.CANCELED);
    assertThat(ccc.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(ccc)).isSameAs(Context.CANCELED);
  }

  /** Go's myDoneCtx: a wrapper whose done() returns a new channel on every call. */
  private static final class MyDoneCtx extends OtherContext {
    MyDoneCtx(Context inner) {
      super(inner);
    }

    @Override
    public ReceiveChannel<Unit> done() {
      return Channel.make();
    }
  }

  @Test
  void testCustomContextGoroutines() {
    long[] g = {CancelCtx.customParentGoroutines()};
    Runnable checkNoGoroutine =
        () -> assertThat(CancelCtx.customParentGoroutines() - g[0]).as("goroutines").isZero();
    Runnable checkCreatedGoroutine =
        () -> {
          long now = CancelCtx.customParentGoroutines();
          assertThat(now - g[0]).as("goroutines created").isEqualTo(1);
          g[0] = now;
        };

    Context.withCancel(new MyDoneCtx(Context.background())).cancel();
    checkCreatedGoroutine.run();

    Context.withTimeout(new MyDoneCtx(Context.background()), VERY_LONG).cancel();
    checkCreatedGoroutine.run();

    checkNoGoroutine.run();

    CancelableContext ctx1 = Context.withCancel(Context.background());
    checkNoGoroutine.run();

    Context ctx2 = new OtherContext(ctx1); // Go's myCtx: delegates done and value
    CancelableContext ctx3 = Context.withCancel(ctx2);
    checkNoGoroutine.run();

    CancelableContext ctx3b = Context.withCancel(new MyDoneCtx(ctx2));
    checkCreatedGoroutine.run(); // ctx1 does not provide done, so it must not be used

    CancelableContext ctx4 = Context.withTimeout(ctx3, VERY_LONG);
    checkNoGoroutine.run();

    CancelableContext ctx5 = Context.withCancel(ctx4);
    checkNoGoroutine.run();

    ctx5.cancel();
    checkNoGoroutine.run();

    CancelableContext ctx6 = Context.withTimeout(ctx5, VERY_LONG);
    checkNoGoroutine.run();

    // Check applied to a canceled context.
    ctx6.cancel();
    ctx1.cancel();
    CancelableContext ctx7 = Context.withCancel(ctx5);
    checkNoGoroutine.run();

    for (CancelableContext c : List.of(ctx7, ctx6, ctx5, ctx4, ctx3b, ctx3)) {
      c.cancel();
    }
    checkNoGoroutine.run();
  }

  /**
   * A context's done channel is receive-only, as Go's {@code <-chan struct{}}: a holder cannot cast
   * it back and close it behind the context's back (which left err() null and made a later cancel
   * throw "close of closed channel").
   */
  @Test
  void doneIsReceiveOnly() throws Exception {
    CancelableContext ctx = Context.withCancel(Context.background());
    Context child = Context.withValue(ctx, ContextKey.of("k"), "v");
    ReceiveChannel<Unit> d = ctx.done();
    assertThat(d).isNotInstanceOf(io.github.go4j.chan.SendChannel.class);
    assertThat(ctx.done()).isSameAs(d);
    assertThat(child.done()).isSameAs(d); // a value context shares its parent's done
    CancelableContext grandchild = Context.withCancel(child);
    assertThat(grandchild.done()).isNotInstanceOf(io.github.go4j.chan.SendChannel.class);
    ctx.cancel();
    assertThat(d.receiveOk().ok()).isFalse();
    assertThat(ctx.err()).isNotNull();
    assertThat(grandchild.done().receiveOk().ok()).isFalse(); // the child was canceled through it
    assertThat(grandchild.err()).isNotNull();
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> Context.cause(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context c must not be null");
    assertThatThrownBy(() -> Context.withCancel(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cannot create context from nil parent");
  }

  /**
   * Rule 87: {@code withTimeout(p, t)} is {@code withDeadline(p, now + t)}: its deadline lies
   * between the clock read just before the call plus t and the clock read just after it plus t
   * (Instant.now(), the clock withTimeout reads). Likewise for withTimeoutCause, for zero and
   * negative timeouts (already done, but the deadline is still now + t), and under a parent whose
   * deadline is earlier, which wins. A timeout too large for an Instant never expires.
   */
  @Test
  void testWithTimeoutDeadline() {
    for (Duration t :
        List.of(Duration.ofNanos(1), SHORT, Duration.ofSeconds(10), VERY_LONG, Duration.ZERO)) {
      for (boolean withCause : new boolean[] {false, true}) {
        Instant before = Instant.now();
        CancelableContext c =
            withCause
                ? Context.withTimeoutCause(Context.background(), t, new IllegalStateException())
                : Context.withTimeout(Context.background(), t);
        Instant after = Instant.now();
        assertThat(c.deadline())
            .as("withTimeout%s(bg, %s)", withCause ? "Cause" : "", t)
            .hasValueSatisfying(d -> assertThat(d).isBetween(before.plus(t), after.plus(t)));
        c.cancel();
      }
    }
    Instant before = Instant.now();
    CancelableContext negative = Context.withTimeout(Context.background(), Duration.ofSeconds(-5));
    Instant after = Instant.now();
    assertThat(negative.deadline().orElseThrow())
        .isBetween(before.minusSeconds(5), after.minusSeconds(5));
    assertThat(negative.err()).isSameAs(Context.DEADLINE_EXCEEDED);

    CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofHours(1));
    CancelableContext child = Context.withTimeout(parent, Duration.ofHours(2));
    assertThat(child.deadline()).as("the parent's earlier deadline").isEqualTo(parent.deadline());
    parent.cancel();

    CancelableContext huge =
        Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(huge.deadline()).hasValue(Instant.MAX);
    assertThat(huge.err()).isNull();
    huge.cancel();
  }

  /**
   * Rule 90: withCancelCause prints as Go's does, {@code <parent>.WithCancel}: Go's WithCancelCause
   * returns the same cancelCtx as WithCancel, whose String() does not mention the cause, before or
   * after cancel(cause). withTimeoutCause and withDeadlineCause print as WithDeadline, {@code
   * <parent>.WithDeadline(<deadline> [<remaining>])}.
   */
  @Test
  void testWithCancelCauseString() {
    CancelCauseContext c = Context.withCancelCause(Context.background());
    assertThat(c).hasToString("context.Background.WithCancel");
    c.cancel(new IllegalStateException("the cause"));
    assertThat(c).hasToString("context.Background.WithCancel");

    CancelCauseContext nested =
        Context.withCancelCause(
            Context.withValue(Context.withCancelCause(Context.todo()), K1, "v"));
    assertThat(nested).hasToString("context.TODO.WithCancel.WithValue(key1, v).WithCancel");
    nested.cancel(null);

    Instant d = Instant.now().plus(VERY_LONG);
    CancelableContext deadline =
        Context.withDeadlineCause(Context.background(), d, new IllegalStateException("late"));
    assertThat(deadline.toString())
        .startsWith("context.Background.WithDeadline(" + d + " [")
        .endsWith("])");
    deadline.cancel();
    CancelableContext timeout =
        Context.withTimeoutCause(Context.background(), VERY_LONG, new IllegalStateException());
    assertThat(timeout.toString())
        .startsWith("context.Background.WithDeadline(" + timeout.deadline().orElseThrow() + " [")
        .endsWith("])");
    timeout.cancel();
  }

  // testAllocs's limits, in bytes per run: about twice what go4j allocates today on JDK 25 with
  // compressed references (32, 120 and 504 bytes)
  private static final double LIMIT_WITH_VALUE = 64;
  private static final double LIMIT_WITH_CANCEL = 240;
  private static final double LIMIT_WITH_TIMEOUT = 1000;

  /** A loop body for {@link #testAllocs}. */
  @FunctionalInterface
  private interface Op {
    void run() throws Exception;
  }

  private record AllocCase(String desc, double bytesPerRunLimit, Op f) {}

  /**
   * Go's TestAllocs (rule 93): what each context operation allocates, so that a regression fails
   * the build instead of showing up in a benchmark report. Go counts allocations per run (limits 0,
   * 3, 5 and 8 below); the JVM counts bytes, with com.sun.management.ThreadMXBean's counter of this
   * thread read around 20,000 runs after 20,000 runs of warm-up. Each limit is about twice what
   * go4j allocates today (JDK 25): generous for other JITs and heap layouts, tight enough that one
   * more lock, channel or timer per operation fails. All the rows run through one call site, so the
   * JIT cannot inline them into the loop and remove allocations by escape analysis: the counts are
   * what an ordinary caller pays. Go's row WithTimeout(bg, 1ns) + Done is left out: its expiry runs
   * on the timer and goroutine threads, which this thread's counter does not see.
   */
  @Test
  void testAllocs() throws Exception {
    // through reflection: go4j-context's module does not read jdk.management
    Object mx =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Method allocated =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getCurrentThreadAllocatedBytes");
    assertThat((long) allocated.invoke(mx)).as("allocation counting supported").isNotNegative();
    Context bg = Context.background();
    ContextKey<String> k1 = ContextKey.of("k1");
    List<AllocCase> cases =
        List.of(
            new AllocCase("Background()", 1, Context::background),
            new AllocCase(
                "WithValue(bg, k1, null) + Value(k1)",
                LIMIT_WITH_VALUE,
                () -> Context.withValue(bg, k1, null).value(k1)),
            new AllocCase(
                "WithCancel(bg) + cancel() + <-Done()",
                LIMIT_WITH_CANCEL,
                () -> {
                  CancelableContext c = Context.withCancel(bg);
                  c.cancel();
                  c.done().receive();
                }),
            new AllocCase(
                "WithTimeout(bg, 5ms) + cancel() + <-Done()",
                LIMIT_WITH_TIMEOUT,
                () -> {
                  CancelableContext c = Context.withTimeout(bg, Duration.ofMillis(5));
                  c.cancel();
                  c.done().receive();
                }));
    final int runs = 20_000;
    List<String> over = new ArrayList<>();
    for (AllocCase test : cases) {
      for (int i = 0; i < runs; i++) {
        test.f().run();
      }
      long before = (long) allocated.invoke(mx);
      for (int i = 0; i < runs; i++) {
        test.f().run();
      }
      double perRun = ((long) allocated.invoke(mx) - before) / (double) runs;
      if (perRun > test.bytesPerRunLimit()) {
        over.add(
            String.format(
                "%s: %.1f bytes per run, limit %s", test.desc(), perRun, test.bytesPerRunLimit()));
      }
    }
    assertThat(over).as("operations over their allocation budget").isEmpty();
  }
}
