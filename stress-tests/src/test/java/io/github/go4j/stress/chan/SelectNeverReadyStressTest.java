package io.github.go4j.stress.chan;

import static io.github.go4j.stress.StressSupport.SCALE;
import static io.github.go4j.stress.StressSupport.joinAll;
import static io.github.go4j.stress.StressSupport.n;
import static io.github.go4j.stress.StressSupport.queuedReceivers;
import static io.github.go4j.stress.StressSupport.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 10^6 selects (10^7 under {@code -Pstress-long}) that block on two never-ready cases (a receive
 * nobody sends to, a send nobody receives) and one case a partner completes, run in bounded memory:
 * after every select, nothing of it is left queued on the never-ready channels ({@code
 * queuedReceivers() == 0}, {@code queuedSenders() == 0}). A leak of one node per select would be
 * 10^6 nodes here.
 *
 * <p>So that the selects really block and withdraw (rather than finding the partner already
 * waiting), the partner waits until the select is registered on the never-ready channel before it
 * sends, on every {@value #FORCE_BLOCK_EVERY}th select; the others race freely.
 */
@Tag("stress")
class SelectNeverReadyStressTest {
  private static final int SELECTS = 1_000_000 * SCALE;
  private static final int FORCE_BLOCK_EVERY = 4;

  @Test
  void selectsOverANeverReadyChannelLeaveNothingQueued() throws Exception {
    Channel<Integer> neverReceived = Channel.make(); // nobody sends on it
    Channel<Integer> neverSent = Channel.make(); // nobody receives from it
    Channel<Integer> ready = Channel.make();
    long[] leftQueued = {0};
    long[] outOfOrder = {0};
    long[] forced = {0};

    long t0 = System.nanoTime();
    Thread selector =
        Go.go(
            () -> {
              for (int i = 0; i < SELECTS; i++) {
                int v =
                    Select.select(
                        neverReceived.onReceive(x -> -1),
                        neverSent.onSend(0, () -> -2),
                        ready.onReceive(x -> x));
                if (v != i) {
                  outOfOrder[0]++;
                }
                if (queuedReceivers(neverReceived) != 0 || queuedSenders(neverSent) != 0) {
                  leftQueued[0]++;
                }
              }
            });
    Thread partner =
        Go.go(
            () -> {
              for (int i = 0; i < SELECTS; i++) {
                if (i % FORCE_BLOCK_EVERY == 0) {
                  // Bounded: the selector registers within one select; yield so it can run.
                  while (queuedReceivers(neverReceived) == 0 && selector.isAlive()) {
                    Thread.yield();
                  }
                  forced[0]++;
                }
                ready.send(i);
              }
            });
    joinAll(List.of(partner, selector), "selector and partner");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    System.out.printf(
        "never-ready selects: %s selects in %d ms (%s forced to block and withdraw), %s left a"
            + " node queued, %s out of order; queuedReceivers=%d, queuedSenders=%d at the end%n",
        n(SELECTS),
        ms,
        n(forced[0]),
        n(leftQueued[0]),
        n(outOfOrder[0]),
        queuedReceivers(neverReceived),
        queuedSenders(neverSent));
    assertThat(leftQueued[0]).as("selects that left a node queued").isZero();
    assertThat(outOfOrder[0]).as("values received out of order").isZero();
    assertThat(forced[0]).isEqualTo((SELECTS + FORCE_BLOCK_EVERY - 1) / FORCE_BLOCK_EVERY);
    assertThat(queuedReceivers(neverReceived)).isZero();
    assertThat(queuedSenders(neverSent)).isZero();
    assertThat(queuedReceivers(ready)).isZero();
    assertThat(queuedSenders(ready)).isZero();
  }
}
