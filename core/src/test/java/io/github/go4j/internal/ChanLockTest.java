package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.chan.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The channel lock's contended path (see Chan's implementation overview, "The lock"). */
class ChanLockTest {
  private static final int WARM_UP = 20;
  private static final int ROUNDS = 200;

  private volatile int go = -1;
  private volatile int done = -1;

  /**
   * A thread that queues on a contended channel lock and parks allocates nothing: its queue entry
   * is its own, kept with its wait record and reused (engine v2's "a blocking operation allocates
   * nothing of go4j's own"). Every round below goes through the queue: the holder releases the lock
   * only once the contender is queued. With an entry allocated per park, 200 rounds allocate 4,800
   * bytes. A platform thread, so that the JDK allocates nothing to unpark it either.
   */
  @Test
  void aThreadQueuedOnAChannelLockAllocatesNothing() throws Exception {
    Chan<?> ch = (Chan<?>) Channel.<Integer>make();
    CompletableFuture<Long> allocated = new CompletableFuture<>();
    Thread contender =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    LongSupplier bytes = GoTesting.threadAllocatedBytes();
                    long before = 0;
                    for (int i = 0; i < WARM_UP + ROUNDS; i++) {
                      if (i == WARM_UP) {
                        before = bytes.getAsLong();
                      }
                      spinUntilGo(i); // no lambdas here: they would allocate
                      ch.lockForTest(); // held by the test thread: spins, queues, parks
                      ch.unlockForTest();
                      done = i;
                    }
                    allocated.complete(bytes.getAsLong() - before);
                  } catch (Throwable e) {
                    allocated.completeExceptionally(e);
                  }
                });
    for (int i = 0; i < WARM_UP + ROUNDS; i++) {
      ch.lockForTest();
      try {
        go = i;
        int round = i;
        awaitTrue(() -> ch.isLockQueued(contender) || allocated.isDone(), round);
      } finally {
        ch.unlockForTest();
      }
      int round = i;
      awaitTrue(() -> done >= round, i);
    }
    // The two reads of the counter themselves may allocate a few boxed values.
    assertThat(allocated.get(30, TimeUnit.SECONDS))
        .as("bytes allocated by %d contended lock waits", ROUNDS)
        .isLessThan(256L);
    contender.join();
  }

  private void spinUntilGo(int round) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (go < round) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("round " + round + " timed out");
      }
      Thread.onSpinWait();
    }
  }

  /** Bounded busy polling: the partner is a few microseconds away. */
  private static void awaitTrue(java.util.function.BooleanSupplier c, int round) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("round " + round + " timed out");
      }
      Thread.onSpinWait();
    }
  }
}
