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
 * TestNonblockSelectRace, TestNonblockSelectRace2, docs/conformance.md rule 28).
 *
 * <p>The faithful ports of Go's two tests are {@code chan.SelectTest.testNonblockSelectRace} and
 * {@code testNonblockSelectRace2}.
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
}
