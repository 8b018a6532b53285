package io.github.go4j.review;

import static io.github.go4j.GoTesting.awaitQueuedSenders;
import static io.github.go4j.GoTesting.awaitTrue;
import static io.github.go4j.GoTesting.holdLock;
import static io.github.go4j.GoTesting.isQueuedOnLock;
import static io.github.go4j.GoTesting.releaseLock;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review finding 1: a select with a default polls its cases one channel at a time (Selector pass 1)
 * and takes the default when each poll failed, although the polls happened at different instants.
 * Go polls every case with all channel locks held, so its non-blocking select is linearizable: it
 * takes default only if there was one instant at which no case was ready (Go's
 * TestNonblockSelectRace, TestNonblockSelectRace2, go-semantics.md rule 28).
 *
 * <p>The existing port in {@code chan.SelectTest} receives with a blocking two-case select where
 * Go's test does {@code select { case <-c1: default: }}; {@link #testNonblockSelectRace2} and
 * {@link #testNonblockSelectRace} here are the faithful ports.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelectLinearizabilityReviewTest {

  /**
   * Deterministic form of the race (up to the select's random poll order, which is tried 30 times).
   * A channel's lock is held by the test through the engine's test hooks ({@code
   * GoTesting.holdLock}); that only stretches the moment in which the select thread sits between
   * two polls, which the scheduler may do at any time.
   *
   * <p>At every instant from the start of the select to its end, c1 or c2 is ready: first c1 has a
   * blocked sender S; then c2 is closed; only then does S leave c1 (it is claimed through c3). In
   * the poll order (c2, c1) the select fails on c2 before the close, then (delayed on c1's lock)
   * fails on c1 after S has left, and takes the default. Go never takes it.
   */
  @Test
  void nonblockSelectNeverTakesDefaultWhileSomeCaseIsReady() throws Exception {
    int defaults = 0;
    for (int i = 0; i < 30; i++) {
      Channel<Integer> c1 = Channel.make();
      Channel<Integer> c2 = Channel.make();
      Channel<Integer> c3 = Channel.make();
      Goroutine<Integer> sender =
          Goroutine.start(() -> Select.select(c1.onSend(1, () -> 1), c3.onSend(3, () -> 3)));
      awaitQueuedSenders(c1, 1);
      awaitQueuedSenders(c3, 1);

      holdLock(c1);
      Goroutine<String> selector;
      try {
        selector =
            Goroutine.start(
                () ->
                    Select.select(
                        c1.onReceive(v -> "c1"),
                        c2.onReceive(v -> "c2"),
                        Select.onDefault(() -> "default")));
        Thread t = selector.thread();
        awaitTrue("select waits for c1's lock", () -> isQueuedOnLock(c1, t));
        c2.close(); // c2 ready from now on
        assertThat(c3.receive()).isEqualTo(3); // only now S stops being ready on c1
      } finally {
        releaseLock(c1);
      }
      assertThat(sender.join()).isEqualTo(3);
      String r = selector.join();
      if (r.equals("default")) {
        defaults++;
      }
    }
    assertThat(defaults).as("non-blocking selects that took default with a case ready").isZero();
  }

  /**
   * Go's TestNonblockSelectRace, ported faithfully: the main goroutine makes c2 ready, then drains
   * c1 with a non-blocking receive ({@code select { case <-c1: default: }}).
   */
  @Test
  void testNonblockSelectRace() throws Exception {
    runNonblockSelectRace(false);
  }

  /** Go's TestNonblockSelectRace2: as above, with {@code close(c2)} instead of a send. */
  @Test
  void testNonblockSelectRace2() throws Exception {
    runNonblockSelectRace(true);
  }

  private static void runNonblockSelectRace(boolean close) throws Exception {
    final int n = 100_000;
    Channel<Boolean> done = Channel.make(1);
    int failures = 0;
    for (int i = 0; i < n; i++) {
      Channel<Integer> c1 = Channel.make(1);
      Channel<Integer> c2 = close ? Channel.make() : Channel.make(1);
      c1.send(1);
      Goroutine.run(
          () ->
              done.send(
                  Select.select(
                      c1.onReceive(v -> true),
                      c2.onReceive(v -> true),
                      Select.onDefault(() -> false))));
      if (close) {
        c2.close();
      } else {
        c2.send(1);
      }
      c1.tryReceive();
      if (!done.receive()) {
        failures++;
      }
    }
    assertThat(failures).as("no chan is ready (of %d iterations)", n).isZero();
  }
}
