package io.github.go4j.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * cancel() is synchronous (CancelableContext's Javadoc, Go's cancelCtx.cancel): when it returns,
 * the context and every descendant are done and their afterFunc functions have started, also when
 * another caller won the race to cancel the node, or is still canceling a node below. Go's losers
 * wait on the node's lock while the winner cancels the children; go4j's winner cancels them after
 * unlocking, and a losing or nested cancel returned at once, with descendants still open (found in
 * review). Each test holds the winner between the node and its children by holding a sibling's lock
 * (package-private), so the windows are open every time.
 */
class SynchronousCancelTest {

  /** Waits until a canceler is queued on {@code n}'s lock (bounded). */
  private static void awaitQueuedOn(CancelCtx n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!n.lock.hasQueuedThreads()) {
      assertThat(System.nanoTime() - deadline).as("a canceler reached the held lock").isNegative();
      Thread.onSpinWait();
    }
  }

  @Test
  void aLosingCancelReturnsOnlyOnceTheChildrenAreCanceled() throws Exception {
    CancelableContext parent = Context.withCancel(Context.background());
    CancelableContext child = Context.withCancel(parent); // canceled after the blocker (LIFO)
    CancelCtx blocker = (CancelCtx) Context.withCancel(parent);
    Thread loser;
    AtomicBoolean loserReturned = new AtomicBoolean();
    blocker.lock.lock(); // holds the winner between the parent and its children
    Thread winner = Thread.ofPlatform().start(parent::cancel);
    try {
      awaitQueuedOn(blocker);
      assertThat(parent.err()).isSameAs(Context.CANCELED);
      loser =
          Thread.ofPlatform()
              .start(
                  () -> {
                    parent.cancel();
                    loserReturned.set(true);
                  });
      loser.join(50); // it must not return while the winner is held
      assertThat(loserReturned).as("the loser returned while the winner was held").isFalse();
    } finally {
      blocker.lock.unlock();
    }
    winner.join();
    loser.join();
    assertThat(loserReturned).isTrue();
    assertThat(child.err()).isSameAs(Context.CANCELED);
  }

  @Test
  void aParentsCancelWaitsForAChildsCancelInProgress() throws Exception {
    CancelableContext parent = Context.withCancel(Context.background());
    CancelableContext child = Context.withCancel(parent);
    CancelableContext grandchild = Context.withCancel(child);
    CancelCtx blocker = (CancelCtx) Context.withCancel(child);
    AtomicBoolean parentReturned = new AtomicBoolean();
    Thread parentCanceler;
    blocker.lock.lock();
    Thread childCanceler = Thread.ofPlatform().start(child::cancel);
    try {
      awaitQueuedOn(blocker);
      parentCanceler =
          Thread.ofPlatform()
              .start(
                  () -> {
                    parent.cancel(); // wins the parent, meets the child canceled
                    parentReturned.set(true);
                  });
      parentCanceler.join(50);
      assertThat(parentReturned).as("returned while a grandchild was open").isFalse();
    } finally {
      blocker.lock.unlock();
    }
    parentCanceler.join();
    childCanceler.join();
    assertThat(grandchild.err()).isSameAs(Context.CANCELED);
  }

  @Test
  void afterACancelReturnedStopCannotKeepTheAfterFuncFromRunning() throws Exception {
    CancelableContext ctx = Context.withCancel(Context.background());
    AtomicBoolean ran = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    AfterFuncHandle handle =
        Context.afterFunc(
            ctx,
            () -> {
              ran.set(true);
              started.countDown();
            });
    CancelCtx blocker = (CancelCtx) Context.withCancel(ctx);
    blocker.lock.lock();
    Thread winner = Thread.ofPlatform().start(ctx::cancel);
    Thread loser;
    boolean[] stopped = new boolean[1];
    try {
      awaitQueuedOn(blocker);
      loser =
          Thread.ofPlatform()
              .start(
                  () -> {
                    ctx.cancel(); // returns once the winner has started the afterFunc
                    stopped[0] = handle.stop();
                  });
      loser.join(50); // on the old code it returned at once and stopped the afterFunc here
    } finally {
      blocker.lock.unlock();
    }
    loser.join();
    winner.join();
    assertThat(stopped[0]).as("stop() after cancel() returned").isFalse();
    assertThat(started.await(20, TimeUnit.SECONDS)).as("the afterFunc ran").isTrue();
    assertThat(ran).isTrue();
  }

  /**
   * Go's Cause locks the node, which its cancel holds until done is closed and every child is
   * canceled: once Cause(ctx) returns a cause, ctx's cancellation has finished. go4j's cause() read
   * the cause as soon as err was set, while the winner was still between the node and its children
   * (found in review).
   */
  @Test
  void causeReturnsOnlyOnceTheCancellationInProgressHasFinished() throws Exception {
    CancelCauseContext parent = Context.withCancelCause(Context.background());
    CancelableContext child = Context.withCancel(parent); // canceled after the blocker (LIFO)
    CancelCtx blocker = (CancelCtx) Context.withCancel(parent);
    RuntimeException why = new RuntimeException("why");
    AtomicReference<Throwable> causeSeen = new AtomicReference<>();
    AtomicReference<ContextException> childErrSeen = new AtomicReference<>();
    AtomicBoolean doneSeen = new AtomicBoolean();
    assertThat(Context.cause(child)).isNull(); // loads what the reader runs
    Thread reader;
    blocker.lock.lock(); // holds the winner between the parent and its children
    Thread winner = Thread.ofPlatform().start(() -> parent.cancel(why));
    try {
      awaitQueuedOn(blocker);
      assertThat(parent.err()).isSameAs(Context.CANCELED);
      reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    causeSeen.set(Context.cause(parent));
                    doneSeen.set(parent.done().tryReceive().isPresent());
                    childErrSeen.set(child.err());
                  });
      // Until the reader has returned, or waits for the winner (bounded).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Thread.State st;
      while ((st = reader.getState()) != Thread.State.TERMINATED && st != Thread.State.WAITING) {
        assertThat(System.nanoTime() - deadline).as("the reader returned or waits").isNegative();
        Thread.onSpinWait();
      }
    } finally {
      blocker.lock.unlock();
    }
    reader.join();
    winner.join();
    assertThat(causeSeen.get()).isSameAs(why);
    assertThat(doneSeen).as("done closed once cause() returned the cause").isTrue();
    assertThat(childErrSeen.get())
        .as("a child of a context whose cause() returned its cause")
        .isSameAs(Context.CANCELED);
  }
}
