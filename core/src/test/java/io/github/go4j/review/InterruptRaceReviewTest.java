package io.github.go4j.review;

import static io.github.go4j.GoTesting.awaitParked;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import org.junit.jupiter.api.Test;

/**
 * Review checks (these pass): an interrupt racing with the claim of a blocked receive or select
 * never loses or duplicates a value and never leaves a registration behind.
 */
class InterruptRaceReviewTest {

  private record Outcome(Integer value, boolean interruptedException, boolean flagSet) {}

  /**
   * A select blocked on two unbuffered channels is interrupted while a sender (a select too) offers
   * a value on each: exactly one of "the select got a value, with the interrupt status set again"
   * and "InterruptedException" happens, and every value is received exactly once.
   */
  @Test
  void interruptRacingAClaimNeitherLosesNorDuplicatesAValue() throws Exception {
    for (int i = 0; i < 2_000; i++) {
      Channel<Integer> a = Channel.make();
      Channel<Integer> b = Channel.make();
      Goroutine<Outcome> sel =
          Goroutine.start(
              () -> {
                try {
                  Integer v = Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
                  return new Outcome(v, false, Thread.currentThread().isInterrupted());
                } catch (InterruptedException e) {
                  return new Outcome(null, true, Thread.currentThread().isInterrupted());
                }
              });
      awaitParked(sel.thread());
      final int k = i;
      Goroutine<Integer> sender =
          Goroutine.start(
              () -> Select.select(a.onSend(2 * k, () -> 0), b.onSend(2 * k + 1, () -> 1)));
      sel.interrupt();
      Outcome o = sel.join();
      if (o.interruptedException()) {
        assertThat(o.flagSet()).as("status cleared by the exception").isFalse();
        // The value was not taken: the sender is still blocked; take it here.
        Integer v = Select.select(a.onReceive(x -> x), b.onReceive(x -> x));
        assertThat(v).isIn(2 * k, 2 * k + 1);
      } else {
        // The interrupt may have come after the select returned, so the status is not checked.
        assertThat(o.value()).isIn(2 * k, 2 * k + 1);
      }
      sender.join();
      assertThat(queuedReceivers(a) + queuedReceivers(b) + queuedSenders(a) + queuedSenders(b))
          .as("registrations left behind")
          .isZero();
    }
  }
}
