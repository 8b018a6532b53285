package io.github.go4j.context;

import static io.github.go4j.context.OtherContext.isDone;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Large trees and chains: linear cancellation, no recursion, nothing left registered. */
class ContextTreeTest {
  static final int N = 100_000;

  @Test
  void cancelingATreeOf100kDescendantsCancelsAllAndEmptiesEveryChildSet()
      throws InterruptedException {
    CancelableContext root = Context.withCancel(Context.background());
    List<Context> all = new ArrayList<>(N + 1);
    all.add(root);
    ContextKey<Integer> key = ContextKey.of("n");
    int afterFuncs = 0;
    CountDownLatch ran = new CountDownLatch(N / 100);
    for (int head = 0; all.size() <= N; head++) {
      Context parent = all.get(head);
      for (int i = 0; i < 4 && all.size() <= N; i++) {
        int n = all.size();
        Context c =
            switch (n % 4) {
              case 0 -> Context.withTimeout(parent, Duration.ofHours(1));
              case 1 -> Context.withValue(parent, key, n);
              default -> Context.withCancel(parent);
            };
        all.add(c);
        if (n % 100 == 0 && afterFuncs < N / 100) {
          Context.afterFunc(c, ran::countDown);
          afterFuncs++;
        }
      }
    }
    assertThat(afterFuncs).isEqualTo(N / 100);
    assertThat(((CancelCtx) root).childCount()).isPositive();

    root.cancel();

    for (Context c : all) {
      assertThat(c.err()).isSameAs(Context.CANCELED);
      assertThat(isDone(c)).isTrue();
      if (c instanceof CancelCtx cc) {
        assertThat(cc.childCount()).isZero();
      }
      if (c instanceof TimerCtx t) {
        assertThat(t.timer()).as("timer released").isNull();
      }
    }
    ran.await(); // every afterFunc in the tree ran
  }

  @Test
  void cancelingAChainOf100kContextsNeedsNoRecursion() throws InterruptedException {
    CancelCauseContext root = Context.withCancelCause(Context.background());
    ContextKey<String> key = ContextKey.of("k");
    Context leaf = Context.withValue(root, key, "at the root");
    for (int i = 0; i < N; i++) {
      leaf = i % 2 == 0 ? Context.withCancel(leaf) : Context.withValue(leaf, ContextKey.of("x"), i);
    }
    CancelableContext last = Context.withTimeout(leaf, Duration.ofHours(1));
    assertThat(last.value(key)).isEqualTo("at the root");
    assertThat(last.toString())
        .startsWith("context.Background.WithCancel.WithValue(k, at the root)");
    assertThat(isDone(last)).isFalse();

    RuntimeException cause = new RuntimeException("stop");
    root.cancel(cause);

    assertThat(last.done().receiveOk().ok()).isFalse();
    assertThat(last.err()).isSameAs(Context.CANCELED);
    assertThat(Context.cause(last)).isSameAs(cause);
    assertThat(((CancelCtx) root).childCount()).isZero();
  }

  @Test
  void aLongLivedParentKeepsNothingOfCanceledChildren() {
    CancelableContext parent = Context.withCancel(Context.background());
    CancelCtx pc = (CancelCtx) parent;
    for (int i = 0; i < N; i++) {
      switch (i % 3) {
        case 0 -> Context.withCancel(parent).cancel();
        case 1 -> Context.withTimeout(parent, Duration.ofHours(1)).cancel();
        default -> assertThat(Context.afterFunc(parent, () -> {}).stop()).isTrue();
      }
    }
    assertThat(pc.childCount()).isZero();
    assertThat(parent.err()).isNull();
    parent.cancel();
  }

  @Test
  void cancelingChildrenConcurrentlyWithTheParentLeavesAConsistentTree()
      throws InterruptedException {
    for (int round = 0; round < 20; round++) {
      CancelableContext parent = Context.withCancel(Context.background());
      List<CancelableContext> kids = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        kids.add(Context.withCancel(parent));
      }
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(2);
      io.github.go4j.Go.go(
          () -> {
            start.await();
            for (CancelableContext k : kids) {
              k.cancel();
            }
            finished.countDown();
          });
      io.github.go4j.Go.go(
          () -> {
            start.await();
            parent.cancel();
            finished.countDown();
          });
      start.countDown();
      finished.await();
      assertThat(((CancelCtx) parent).childCount()).isZero();
      for (CancelableContext k : kids) {
        assertThat(k.err()).isSameAs(Context.CANCELED);
        assertThat(isDone(k)).isTrue();
      }
    }
  }
}
