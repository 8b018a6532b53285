package io.github.go4j.stress.chan;

import static io.github.go4j.stress.StressSupport.DEADLINE;
import static io.github.go4j.stress.StressSupport.SCALE;
import static io.github.go4j.stress.StressSupport.awaitUntil;
import static io.github.go4j.stress.StressSupport.n;
import static io.github.go4j.stress.StressSupport.queuedReceivers;
import static io.github.go4j.stress.StressSupport.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many goroutines blocked on channels at once (10^5 in {@code mvn verify}, 10^6 under {@code
 * -Pstress-long}, in a 2 GiB heap), then all released by {@code close}: half are receivers parked
 * on an unbuffered channel, half senders parked on a full buffered one. Every one of them is
 * released exactly once with the right outcome (receivers see the close, senders throw "send on
 * closed channel"), the values buffered before the close are still received, and nothing stays
 * queued.
 */
@Tag("stress")
class BlockedGoroutinesStressTest {
  private static final int GOROUTINES = 100_000 * SCALE;
  private static final int BUFFERED = 16;

  @Test
  void closeReleasesEveryBlockedGoroutine() throws Exception {
    Channel<Integer> in = Channel.make(); // receivers park here
    Channel<Integer> out = Channel.make(BUFFERED); // senders park here once it is full
    for (int i = 0; i < BUFFERED; i++) {
      assertThat(out.trySend(-1 - i)).isTrue();
    }
    int receivers = GOROUTINES / 2;
    int senders = GOROUTINES - receivers;
    CountDownLatch finished = new CountDownLatch(GOROUTINES);
    LongAdder sawClose = new LongAdder();
    LongAdder threwClosed = new LongAdder();
    LongAdder wrong = new LongAdder();

    long t0 = System.nanoTime();
    for (int i = 0; i < receivers; i++) {
      Go.go(
          () -> {
            try {
              Received<Integer> r = in.receiveOk();
              (r.ok() ? wrong : sawClose).increment();
            } finally {
              finished.countDown();
            }
          });
    }
    for (int i = 0; i < senders; i++) {
      final int v = i;
      Go.go(
          () -> {
            try {
              out.send(v);
              wrong.increment();
            } catch (ChannelClosedException e) {
              threwClosed.increment();
            } finally {
              finished.countDown();
            }
          });
    }
    awaitUntil(
        () -> queuedReceivers(in) == receivers && queuedSenders(out) == senders,
        "all goroutines blocked");
    long blockedNanos = System.nanoTime() - t0;
    Runtime rt = Runtime.getRuntime();
    long heapUsed = rt.totalMemory() - rt.freeMemory();

    in.close();
    out.close();
    assertThat(finished.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("every blocked goroutine released (%s left)", finished.getCount())
        .isTrue();
    long totalNanos = System.nanoTime() - t0;

    int drained = 0;
    for (Integer v; (v = out.receive()) != null; ) {
      assertThat(v).isEqualTo(-1 - drained);
      drained++;
    }
    System.out.printf(
        "blocked goroutines: %s blocked (%s receivers, %s senders) in %d ms, heap in use %s MiB;"
            + " close released %s receivers (closed) and %s senders (send on closed channel),"
            + " %s wrong, %s buffered values received after close, %d ms in all%n",
        n(GOROUTINES),
        n(receivers),
        n(senders),
        TimeUnit.NANOSECONDS.toMillis(blockedNanos),
        n(heapUsed >> 20),
        n(sawClose.sum()),
        n(threwClosed.sum()),
        n(wrong.sum()),
        n(drained),
        TimeUnit.NANOSECONDS.toMillis(totalNanos));
    assertThat(sawClose.sum()).isEqualTo(receivers);
    assertThat(threwClosed.sum()).isEqualTo(senders);
    assertThat(wrong.sum()).isZero();
    assertThat(drained).isEqualTo(BUFFERED);
    assertThat(queuedReceivers(in)).isZero();
    assertThat(queuedSenders(out)).isZero();
  }

  /**
   * 10^5 goroutines (10^6 under {@code -Pstress-long}) blocked on one shared unbuffered channel,
   * released by its close, beside the same number blocked on a {@link CountDownLatch} released by
   * {@code countDown}: every goroutine is released exactly once. Both release times are printed
   * (the figure the JDK sets for waking that many virtual threads); speed is not asserted here.
   */
  @Test
  void closeOfASharedChannelReleasesAsManyAsALatch() throws Exception {
    long latchNanos = releaseAll(false);
    long closeNanos = releaseAll(true);
    System.out.printf(
        "shared channel: %s goroutines released by close() in %d ms; by CountDownLatch.countDown()"
            + " in %d ms%n",
        n(GOROUTINES),
        TimeUnit.NANOSECONDS.toMillis(closeNanos),
        TimeUnit.NANOSECONDS.toMillis(latchNanos));
  }

  /** Blocks GOROUTINES goroutines, releases them, and returns the nanoseconds until all ended. */
  private static long releaseAll(boolean channel) throws Exception {
    Channel<Integer> c = Channel.make();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(GOROUTINES);
    LongAdder released = new LongAdder();
    LongAdder parked = new LongAdder();
    for (int i = 0; i < GOROUTINES; i++) {
      Go.go(
          () -> {
            try {
              if (channel) {
                if (!c.receiveOk().ok()) {
                  released.increment();
                }
              } else {
                parked.increment();
                gate.await();
                released.increment();
              }
            } finally {
              finished.countDown();
            }
          });
    }
    if (channel) {
      awaitUntil(() -> queuedReceivers(c) == GOROUTINES, "all goroutines blocked on the channel");
    } else {
      awaitUntil(
          () -> parked.sum() == GOROUTINES && gate.getCount() == 1, "all goroutines started");
      // a started goroutine is about to park on the latch or parked: both count as released below
    }
    long t0 = System.nanoTime();
    if (channel) {
      c.close();
    } else {
      gate.countDown();
    }
    assertThat(finished.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
        .as("every blocked goroutine released (%s left)", finished.getCount())
        .isTrue();
    long nanos = System.nanoTime() - t0;
    assertThat(released.sum()).isEqualTo(GOROUTINES);
    if (channel) {
      assertThat(queuedReceivers(c)).isZero();
    }
    return nanos;
  }
}
