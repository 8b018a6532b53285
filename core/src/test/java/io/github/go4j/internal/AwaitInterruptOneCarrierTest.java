package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A blocked select that is claimed and interrupted while it is parked completes its case and keeps
 * its interrupt status: the claim came first, so the interrupt does not cancel it (Waiter.await,
 * the park loop that runs when no diagnostics follow the wait).
 *
 * <p>Runs in the surefire execution {@code one-carrier} ({@code
 * -Djdk.virtualThreadScheduler.parallelism=1}, no test hooks, no goroutine registry, no JFR), where
 * the order is deterministic: the partner, a virtual thread on the one carrier, claims the select
 * and interrupts it before the select's thread can run again, so that thread wakes with both the
 * claim and the interrupt set, and its cancel, a CAS from WAITING, fails. The hook tests cover the
 * same race in the loop that runs when diagnostics follow the wait.
 */
class AwaitInterruptOneCarrierTest {
  @BeforeAll
  static void oneCarrier() {
    GoTesting.oneCarrierOnly();
    assertThat(Diagnostics.mayFollow()).as("the park loop without diagnostics runs").isFalse();
  }

  @Test
  void aSelectClaimedThenInterruptedWhileParkedReturnsItsCaseAndKeepsTheInterrupt()
      throws Exception {
    Channel<Integer> data = Channel.make();
    Channel<Integer> never = Channel.make();
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
    Thread partner =
        Thread.ofVirtual()
            .start(
                () -> {
                  Thread selecting =
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                try {
                                  outcome.set(
                                      Select.select(
                                          data.onReceive(v -> v), never.onReceive(v -> -1)));
                                } catch (Throwable e) {
                                  outcome.set(e);
                                }
                                interruptedAfter.set(Thread.currentThread().isInterrupted());
                              });
                  try {
                    // one carrier: the selecting thread runs only while this one yields
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (selecting.getState() != Thread.State.WAITING) {
                      if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("the select did not park");
                      }
                      Thread.yield();
                    }
                    data.send(42); // claims the select's case; its thread cannot run yet
                    selecting.interrupt(); // while it still sits parked with the claim
                    selecting.join();
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                });
    assertThat(partner.join(java.time.Duration.ofSeconds(30))).isTrue();
    assertThat(outcome.get()).isEqualTo(42);
    assertThat(interruptedAfter.get()).as("interrupt status after the select").isTrue();
  }
}
