package io.github.go4j.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.Task;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Ports of Go's AfterFunc tests (context_test.go, afterfunc_test.go; rules 77 and 91). */
class AfterFuncTest {

  /** Waits until every afterFunc already started on {@code ctx} has had a later one run. */
  private static void awaitLaterAfterFunc(Context ctx) throws InterruptedException {
    CountDownLatch later = new CountDownLatch(1);
    Context.afterFunc(ctx, later::countDown);
    later.await();
  }

  @Test
  void testAfterFuncCalledAfterCancel() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    Channel<Unit> donec = Channel.make();
    AfterFuncHandle stop = Context.afterFunc(ctx, donec::close);
    assertThat(donec.tryReceive()).as("AfterFunc called before context is done").isEmpty();
    ctx.cancel();
    assertThat(donec.receiveOk().ok()).isFalse(); // blocks until f closes it
    assertThat(stop.stop()).as("stop() after f started").isFalse();
  }

  @Test
  void testAfterFuncCalledAfterTimeout() throws InterruptedException {
    try (CancelableContext ctx = Context.withTimeout(Context.background(), ContextTest.SHORT)) {
      Channel<Unit> donec = Channel.make();
      Context.afterFunc(ctx, donec::close);
      assertThat(donec.receiveOk().ok()).isFalse();
      assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    }
  }

  @Test
  void testAfterFuncCalledImmediately() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    Channel<Unit> donec = Channel.make();
    Context.afterFunc(ctx, donec::close);
    assertThat(donec.receiveOk().ok()).isFalse();
  }

  @Test
  void testAfterFuncNotCalledAfterStop() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    Channel<Unit> donec = Channel.make();
    AfterFuncHandle stop = Context.afterFunc(ctx, donec::close);
    assertThat(stop.stop()).as("first stop()").isTrue();
    assertThat(((CancelCtx) ctx).childCount()).as("stop unregisters").isZero();
    ctx.cancel();
    awaitLaterAfterFunc(ctx);
    assertThat(donec.tryReceive()).as("AfterFunc called after stop").isEmpty();
    assertThat(stop.stop()).as("second stop()").isFalse();
  }

  /** Canceling a context does not wait for its AfterFuncs to finish. */
  @Test
  void testAfterFuncCalledAsynchronously() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    Channel<Unit> donec = Channel.make();
    try (AfterFuncHandle stop = Context.afterFunc(ctx, () -> donec.send(Unit.VALUE))) {
      ctx.cancel(); // would deadlock if it waited for f, which blocks until we receive
      assertThat(donec.receive()).isSameAs(Unit.VALUE);
    }
  }

  @Test
  void testAfterFuncsAreIndependent() throws InterruptedException {
    CancelableContext ctx = Context.withCancel(Context.background());
    CountDownLatch ran = new CountDownLatch(2);
    Channel<Unit> stopped = Channel.make();
    Context.afterFunc(ctx, ran::countDown);
    AfterFuncHandle s = Context.afterFunc(ctx, stopped::close);
    Context.afterFunc(ctx, ran::countDown);
    assertThat(s.stop()).isTrue();
    ctx.cancel();
    ran.await();
    awaitLaterAfterFunc(ctx);
    assertThat(stopped.tryReceive()).isEmpty();
  }

  @Test
  void testAfterFuncOnBackgroundNeverRuns() {
    AfterFuncHandle stop = Context.afterFunc(Context.background(), () -> {});
    assertThat(stop.stop()).as("nothing ran, so stop prevented it").isTrue();
    assertThat(stop.stop()).isFalse();
  }

  @Test
  void testAfterFuncPanicGoesToHandler() throws InterruptedException {
    CountDownLatch reported = new CountDownLatch(1);
    Throwable[] seen = new Throwable[1];
    IllegalStateException boom = new IllegalStateException("boom");
    Go.setPanicHandler(
        (t, e) -> {
          seen[0] = e;
          reported.countDown();
        });
    try {
      CancelableContext ctx = Context.withCancel(Context.background());
      Context.afterFunc(
          ctx,
          () -> {
            throw boom;
          });
      ctx.cancel();
      reported.await();
      assertThat(seen[0]).isSameAs(boom);
    } finally {
      Go.setPanicHandler(null);
    }
  }

  /**
   * Go's afterFuncContext: a custom context (not go4j's) that supports registering AfterFuncs. Like
   * Go's, its cancel runs the functions but does not close done.
   */
  static final class AfterFuncContextImpl implements AfterFuncContext {
    private final ReentrantLock mu = new ReentrantLock();
    private final Map<Object, Task> afterFuncs = new IdentityHashMap<>();
    private Channel<Unit> done;
    private ContextException err;

    @Override
    public Optional<Instant> deadline() {
      return Optional.empty();
    }

    @Override
    public ReceiveChannel<Unit> done() {
      mu.lock();
      try {
        if (done == null) {
          done = Channel.make();
        }
        return done;
      } finally {
        mu.unlock();
      }
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

    @Override
    public AfterFuncHandle afterFunc(Task f) {
      mu.lock();
      try {
        Object k = new Object();
        afterFuncs.put(k, f);
        return () -> {
          mu.lock();
          try {
            return afterFuncs.remove(k) != null;
          } finally {
            mu.unlock();
          }
        };
      } finally {
        mu.unlock();
      }
    }

    void cancel(ContextException e) {
      mu.lock();
      try {
        if (err != null) {
          return;
        }
        err = e;
        for (Task f : afterFuncs.values()) {
          Go.go(f);
        }
        afterFuncs.clear();
      } finally {
        mu.unlock();
      }
    }

    int registered() {
      mu.lock();
      try {
        return afterFuncs.size();
      } finally {
        mu.unlock();
      }
    }
  }

  @Test
  void testCustomContextAfterFuncCancel() throws InterruptedException {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    long goroutines = CancelCtx.customParentGoroutines();
    try (CancelableContext ctx1 = Context.withCancel(ctx0)) {
      ctx0.cancel(Context.CANCELED);
      ctx1.done().receive();
      assertThat(ctx1.err()).isSameAs(Context.CANCELED);
    }
    assertThat(CancelCtx.customParentGoroutines()).as("no watcher goroutine").isEqualTo(goroutines);
  }

  @Test
  void testCustomContextAfterFuncTimeout() throws InterruptedException {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    try (CancelableContext ctx1 = Context.withTimeout(ctx0, ContextTest.VERY_LONG)) {
      ctx0.cancel(Context.CANCELED);
      ctx1.done().receive();
      assertThat(ctx1.err()).isSameAs(Context.CANCELED);
    }
  }

  @Test
  void testCustomContextAfterFuncAfterFunc() throws InterruptedException {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    Channel<Unit> donec = Channel.make();
    try (AfterFuncHandle stop = Context.afterFunc(ctx0, donec::close)) {
      ctx0.cancel(Context.CANCELED);
      assertThat(donec.receiveOk().ok()).isFalse();
    }
  }

  @Test
  void testCustomContextAfterFuncUnregisterCancel() {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    CancelableContext c1 = Context.withCancel(ctx0);
    CancelableContext c2 = Context.withCancel(ctx0);
    assertThat(ctx0.registered()).as("after withCancel(ctx0)").isEqualTo(2);
    c1.cancel();
    c2.cancel();
    assertThat(ctx0.registered()).as("after canceling withCancel(ctx0)").isZero();
  }

  @Test
  void testCustomContextAfterFuncUnregisterTimeout() {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    CancelableContext c = Context.withTimeout(ctx0, ContextTest.VERY_LONG);
    assertThat(ctx0.registered()).as("after withTimeout(ctx0, d)").isEqualTo(1);
    c.cancel();
    assertThat(ctx0.registered()).as("after canceling withTimeout(ctx0, d)").isZero();
  }

  @Test
  void testCustomContextAfterFuncUnregisterAfterFunc() {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    AfterFuncHandle stop = Context.afterFunc(ctx0, () -> {});
    assertThat(ctx0.registered()).as("after afterFunc(ctx0, f)").isEqualTo(1);
    assertThat(stop.stop()).isTrue();
    assertThat(ctx0.registered()).as("after stopping afterFunc(ctx0, f)").isZero();
  }

  @Test
  void testCustomContextAfterFuncTimerExpiryUnregisters() throws InterruptedException {
    AfterFuncContextImpl ctx0 = new AfterFuncContextImpl();
    CancelableContext c = Context.withTimeout(ctx0, Duration.ofMillis(1));
    c.done().receive();
    assertThat(c.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    // The canceler unregisters right after closing done: poll, with a generous bound.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ctx0.registered() != 0) {
      assertThat(System.nanoTime() - deadline).as("the expiring child unregisters").isNegative();
      Thread.yield();
    }
  }
}
