package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Go's src/sync/runtime_sema_test.go, ported against {@link Sema}, the runtime semaphore that
 * RWMutex waits on.
 */
class SemaTest {

  /**
   * Go's HammerSemaphore: acquire and release in a loop. Go's test only checks that nothing
   * deadlocks; here an "inside" counter also checks that a semaphore holding one permit admits one
   * goroutine at a time.
   */
  private static void hammerSemaphore(
      Sema s, int loops, AtomicInteger inside, AtomicInteger overlaps, Channel<Boolean> cdone)
      throws InterruptedException {
    for (int i = 0; i < loops; i++) {
      s.acquire();
      if (inside.incrementAndGet() != 1) {
        overlaps.incrementAndGet();
      }
      Thread.yield(); // let the others run while this one holds the permit
      inside.decrementAndGet();
      s.release(1);
    }
    cdone.send(true);
  }

  /** Go's TestSemaphore: ten goroutines hammer a semaphore holding one permit. */
  @Test
  void testSemaphore() throws Exception {
    Sema s = new Sema();
    s.release(1); // Go: *s = 1
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    Channel<Boolean> c = Channel.make();
    for (int i = 0; i < 10; i++) {
      go(() -> hammerSemaphore(s, 1000, inside, overlaps, c));
    }
    for (int i = 0; i < 10; i++) {
      c.receive();
    }
    assertThat(overlaps.get()).as("goroutines inside at once").isZero();
    assertThat(s.queued()).isZero();
    // Exactly one permit is left: the first acquire takes it, the second must queue.
    s.acquire();
    CompletableFuture<Void> second = new CompletableFuture<>();
    Thread t =
        go(
            () -> {
              s.acquire();
              second.complete(null);
            });
    Polling.eventually(
        "the second acquire queues or returns", () -> s.queued() == 1 || second.isDone());
    assertThat(second).as("a second permit was left").isNotDone();
    s.release(1);
    second.get();
    t.join();
    assertThat(s.queued()).isZero();
  }
}
