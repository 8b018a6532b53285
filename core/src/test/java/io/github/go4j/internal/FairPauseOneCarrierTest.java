package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.sync.Mutex;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A goroutine started while two others hand off to each other forever still runs (Go's scheduler
 * takes from its global run queue every 61st schedule; go4j's waits pause every {@link
 * Waiter#FAIR_PARKS}th park). Runs in the surefire execution {@code one-carrier} ({@code
 * -Djdk.virtualThreadScheduler.parallelism=1}), where the JDK's scheduler would run the pair alone
 * for good: each wakes the other onto the carrier's local queue before it parks, and the carrier
 * empties that queue before it looks at a newly started thread. Each test fails (a started
 * goroutine does not run within the deadline) if the waits of its path stop pausing.
 */
class FairPauseOneCarrierTest {
  @BeforeAll
  static void oneCarrier() {
    GoTesting.oneCarrierOnly();
    assertThat(Waiter.VIRTUAL_SPIN).isFalse();
  }

  /** One side of a pair: loops until the first side sees {@code stop}. */
  private interface Side {
    /**
     * @param stop set by the test; only the first side reads it, and tells the second by its last
     *     hand-off (close, or a flag published by the hand-off), so that neither side is left
     *     blocked
     * @param exchanges counted by the first side
     */
    void run(AtomicBoolean stop, AtomicInteger exchanges) throws Exception;
  }

  /**
   * Starts the pair, waits until it has exchanged a while, then starts goroutines one after another
   * from this platform thread (submissions from outside the carrier), each once the previous one
   * has run: each must run while the pair goes on (a thread's first pause is not its last). Then
   * stops the pair and waits for it.
   */
  private static void pairLetsNewGoroutinesRun(Side first, Side second) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger exchanges = new AtomicInteger();
    try {
      Goroutine<Void> a = Goroutine.run(() -> first.run(stop, exchanges));
      Goroutine<Void> b = Goroutine.run(() -> second.run(stop, exchanges));
      GoTesting.awaitTrue("the pair exchanging", () -> exchanges.get() > 1000);
      for (int k = 0; k < 3; k++) {
        Thread started = Go.go(() -> {});
        assertThat(started.join(GoTesting.DEADLINE))
            .as("goroutine %d started beside the pair ran", k)
            .isTrue();
      }
      assertThat(a.isDone()).as("the pair was still running").isFalse();
      stop.set(true);
      a.join();
      b.join();
    } finally {
      stop.set(true); // frees the carrier if the test fails
    }
  }

  @Test
  void aPingPongOnAnUnbufferedChannelLetsNewGoroutinesRun() throws Exception {
    Channel<Integer> ping = Channel.make();
    Channel<Integer> pong = Channel.make();
    pairLetsNewGoroutinesRun(
        (stop, exchanges) -> {
          while (!stop.get()) {
            ping.send(1);
            assertThat(pong.receive()).isEqualTo(2);
            exchanges.incrementAndGet();
          }
          ping.close();
        },
        (stop, exchanges) -> {
          for (Integer v; (v = ping.receive()) != null; ) {
            pong.send(v + 1);
          }
        });
  }

  @Test
  void aPingPongThroughABufferOfOneLetsNewGoroutinesRun() throws Exception {
    Channel<Integer> c = Channel.make(1);
    pairLetsNewGoroutinesRun(
        (stop, exchanges) -> {
          while (!stop.get()) {
            c.send(1);
            exchanges.incrementAndGet();
          }
          c.close();
        },
        (stop, exchanges) -> {
          while (c.receive() != null) {
            // until the close
          }
        });
  }

  @Test
  void aPingPongOfSelectsLetsNewGoroutinesRun() throws Exception {
    Channel<Integer> c = Channel.make();
    Channel<Integer> other = Channel.make(); // never ready: each select waits on two channels
    pairLetsNewGoroutinesRun(
        (stop, exchanges) -> {
          while (!stop.get()) {
            Select.select(c.onSend(1, () -> 0), other.onReceive(v -> -1));
            exchanges.incrementAndGet();
          }
          c.close();
        },
        (stop, exchanges) -> {
          while (Select.select(c.onReceive(v -> v), other.onSend(2, () -> 0)) != null) {
            // until the close (a closed channel's receive case gives null)
          }
        });
  }

  /** Mutex waits park uninterruptibly (Waiter.awaitUninterruptibly). */
  @Test
  void aPingPongThroughTwoMutexesLetsNewGoroutinesRun() throws Exception {
    // Go lets one goroutine unlock a mutex another locked: each mutex passes a turn here. The
    // second side unlocks m1 for the first, which unlocks m2 for the second, and so on.
    Mutex m1 = new Mutex();
    Mutex m2 = new Mutex();
    m1.lock();
    m2.lock();
    AtomicBoolean last = new AtomicBoolean(); // published to the second side by m2's hand-off
    pairLetsNewGoroutinesRun(
        (stop, exchanges) -> {
          do {
            m1.lock(); // waits for the second side's turn
            last.set(stop.get());
            m2.unlock();
            exchanges.incrementAndGet();
          } while (!last.get());
        },
        (stop, exchanges) -> {
          do {
            m1.unlock();
            m2.lock(); // waits for the first side's turn
          } while (!last.get());
        });
  }
}
