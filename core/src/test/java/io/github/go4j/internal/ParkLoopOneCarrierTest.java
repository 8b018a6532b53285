package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The park loop of Waiter.await that runs when no diagnostics follow the wait (no test hooks, no
 * goroutine registry, no JFR): a wait ends with a claim or a cancel, never with a wake-up alone.
 *
 * <p>Runs in the surefire execution {@code one-carrier} ({@code
 * -Djdk.virtualThreadScheduler.parallelism=1}), where the order is deterministic: the partner, a
 * virtual thread on the one carrier, acts on the parked select's thread, and that thread runs again
 * only when the partner yields or blocks. The hook tests cover the loop that runs when diagnostics
 * follow the wait.
 */
class ParkLoopOneCarrierTest {
  @BeforeAll
  static void oneCarrier() {
    GoTesting.oneCarrierOnly();
    assertThat(Diagnostics.mayFollow()).as("the park loop without diagnostics runs").isFalse();
  }

  /**
   * Claimed and then interrupted before its thread runs again, the select wakes with both: its
   * cancel, a CAS from WAITING, fails, so it completes its case and keeps the interrupt status.
   */
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
                      startSelect(
                          data,
                          never,
                          outcome,
                          () -> interruptedAfter.set(Thread.currentThread().isInterrupted()));
                  try {
                    awaitParkedOrDone(selecting); // (TERMINATED: it failed; seen below)
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

  /**
   * An unpark that is not a claim's (any code may unpark any thread) wakes the select, which finds
   * its wait unclaimed and parks again: it completes with the value sent afterwards.
   */
  @Test
  void aSelectWokenWithoutAClaimParksAgain() throws Exception {
    Channel<Integer> data = Channel.make();
    Channel<Integer> never = Channel.make();
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicReference<String> failure = new AtomicReference<>();
    Thread partner =
        Thread.ofVirtual()
            .start(
                () -> {
                  Thread selecting = startSelect(data, never, outcome, () -> {});
                  try {
                    awaitParkedOrDone(selecting);
                    LockSupport.unpark(selecting); // a wake-up without a claim
                    Thread.yield(); // one carrier: the selecting thread runs now
                    awaitParkedOrDone(selecting);
                    if (!selecting.isAlive()) {
                      failure.set("the select returned after a wake-up alone: " + outcome.get());
                      return;
                    }
                    data.send(42);
                    selecting.join();
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                });
    assertThat(partner.join(java.time.Duration.ofSeconds(30))).isTrue();
    assertThat(failure.get()).isNull();
    assertThat(outcome.get()).isEqualTo(42);
  }

  /**
   * Starts a virtual thread that selects a receive on {@code data} (its value) or on {@code never}
   * (-1), sets {@code outcome} to the result or the exception, then runs {@code after}.
   */
  private static Thread startSelect(
      Channel<Integer> data,
      Channel<Integer> never,
      AtomicReference<Object> outcome,
      Runnable after) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                outcome.set(Select.select(data.onReceive(v -> v), never.onReceive(v -> -1)));
              } catch (Throwable e) {
                outcome.set(e);
              }
              after.run();
            });
  }

  /** Yields until {@code t} is parked or has ended (one carrier: it runs only while we yield). */
  private static void awaitParkedOrDone(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TERMINATED) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the select did not park");
      }
      Thread.yield();
    }
  }
}
