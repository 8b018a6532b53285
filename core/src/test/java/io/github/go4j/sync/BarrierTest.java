package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class BarrierTest {

  /** Nobody starts round r+1 before every party finished round r, over many rounds. */
  @Test
  void roundsDoNotOverlap() throws Exception {
    int parties = 5;
    int rounds = 200;
    Barrier barrier = new Barrier(parties);
    AtomicIntegerArray arrived = new AtomicIntegerArray(rounds);
    AtomicInteger violations = new AtomicInteger();
    ConcurrentHashMap<Integer, AtomicInteger> indexSums = new ConcurrentHashMap<>();
    WaitGroup wg = new WaitGroup();
    for (int p = 0; p < parties; p++) {
      wg.go(
          () -> {
            for (int r = 0; r < rounds; r++) {
              arrived.incrementAndGet(r);
              int index = barrier.await();
              if (arrived.get(r) != parties) {
                violations.incrementAndGet(); // released before everybody arrived
              }
              indexSums.computeIfAbsent(r, k -> new AtomicInteger()).addAndGet(1 << (index * 4));
            }
          });
    }
    wg.await();
    assertThat(violations.get()).isZero();
    int everyIndexOnce = 0x11111; // one arrival with each index 0..4 per round
    assertThat(indexSums.values()).hasSize(rounds).allMatch(v -> v.get() == everyIndexOnce);
    assertThat(barrier.waiting()).isZero();
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void singlePartyNeverBlocks() throws Exception {
    Barrier barrier = new Barrier(1);
    assertThat(barrier.await()).isZero();
    assertThat(barrier.await()).isZero();
    assertThat(barrier.parties()).isEqualTo(1);
    assertThatThrownBy(() -> new Barrier(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void interruptedPartyBreaksTheRound() throws Exception {
    Barrier barrier = new Barrier(3);
    CompletableFuture<Throwable> first = new CompletableFuture<>();
    CompletableFuture<Throwable> second = new CompletableFuture<>();
    go(() -> first.complete(awaitOutcome(barrier)));
    Polling.eventually("the first party waits", () -> barrier.waiting() == 1);
    Thread t2 = go(() -> second.complete(awaitOutcome(barrier)));
    Polling.eventually("the second party waits", () -> barrier.waiting() == 2);
    t2.interrupt();
    assertThat(second.get()).isInstanceOf(InterruptedException.class);
    assertThat(first.get()).isInstanceOf(BrokenBarrierException.class);
    assertThat(barrier.isBroken()).isTrue();
    assertThatThrownBy(barrier::await)
        .as("later arrivals learn that the round is broken")
        .isInstanceOf(BrokenBarrierException.class);

    barrier.reset();
    assertThat(barrier.isBroken()).isFalse();
    Thread a = go(barrier::await);
    Thread b = go(barrier::await);
    assertThat(barrier.await()).isBetween(0, 2);
    a.join();
    b.join();
  }

  @Test
  void awaitWithDoneLeavesCleanlyAndBreaksTheRound() throws Exception {
    Barrier barrier = new Barrier(2);
    Channel<Unit> done = Channel.make();
    CompletableFuture<Integer> leaver = new CompletableFuture<>();
    go(() -> leaver.complete(barrier.await(done)));
    Polling.eventually("the party waits", () -> barrier.waiting() == 1);
    done.close();
    assertThat(leaver.get()).isEqualTo(-1);
    assertThat(barrier.waiting()).isZero();
    assertThatThrownBy(barrier::await).isInstanceOf(BrokenBarrierException.class);
    barrier.reset();
    assertThat(barrier.await(done)).as("a ready done leaves at once").isEqualTo(-1);
  }

  @Test
  void resetBreaksWaitingParties() throws Exception {
    Barrier barrier = new Barrier(2);
    CompletableFuture<Throwable> waiter = new CompletableFuture<>();
    go(() -> waiter.complete(awaitOutcome(barrier)));
    Polling.eventually("the party waits", () -> barrier.waiting() == 1);
    barrier.reset();
    assertThat(waiter.get()).isInstanceOf(BrokenBarrierException.class);
    assertThat(barrier.isBroken()).isFalse();
  }

  @Test
  void interruptedOnEntryBreaksTheRound() throws Exception {
    Barrier barrier = new Barrier(2);
    Thread.currentThread().interrupt();
    assertThatThrownBy(barrier::await).isInstanceOf(InterruptedException.class);
    assertThat(barrier.isBroken()).isTrue();
  }

  private static Throwable awaitOutcome(Barrier b) {
    try {
      b.await();
      return null;
    } catch (InterruptedException | BrokenBarrierException e) {
      return e;
    }
  }
}
