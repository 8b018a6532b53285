package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A fixed-arity select whose first poll finds a case ready completes that case's channel operation
 * (Selector.run, pass 1 of the fast path) and only then calls Waiter.current().extras() to record
 * lastWon. In a goroutine without a record (its first go4j operation, or any virtual thread after a
 * foreign park cleared its blocker field) that call allocates; if it fails, the select throws after
 * the value was taken from (or put into) the channel: a received value is lost, a sent one was
 * delivered although the select reports failure and runs no body.
 */
class ReadySelectRecordAllocationHookTest {
  private final AtomicReference<Thread> failing = new AtomicReference<>();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
    Waiter.installHook =
        () -> {
          if (Thread.currentThread() == failing.get()) {
            throw new OutOfMemoryError("test: the wait record's allocation failed");
          }
        };
  }

  @AfterEach
  void hooksOff() {
    Waiter.installHook = null;
  }

  @Test
  void aReadyReceiveCaseLosesNoValueWhenTheRecordCannotBeMade() throws Exception {
    for (int cap : new int[] {1, 4}) { // SmallChan and BufferedChan
      Channel<String> a = Channel.make(cap);
      Channel<String> b = Channel.make(cap);
      a.send("x");
      AtomicReference<Object> outcome = new AtomicReference<>();
      Goroutine.run(
              () -> {
                failing.set(Thread.currentThread());
                try {
                  outcome.set(Select.select(a.onReceive(v -> v), b.onReceive(v -> v)));
                } catch (OutOfMemoryError e) {
                  outcome.set(e);
                }
              })
          .join();
      if (outcome.get() instanceof OutOfMemoryError) {
        // The select failed: it must not have consumed the value it does not return.
        assertThat(a.len())
            .as("cap %d: value still buffered after the failed select", cap)
            .isEqualTo(1);
      } else {
        assertThat(outcome.get()).isEqualTo("x");
      }
    }
  }

  @Test
  void aReadySendCaseDoesNotSendWhenTheSelectFails() throws Exception {
    Channel<String> a = Channel.make(4);
    Channel<String> b = Channel.make(0);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Goroutine.run(
            () -> {
              failing.set(Thread.currentThread());
              try {
                outcome.set(Select.select(a.onSend("x", () -> "sent"), b.onReceive(v -> v)));
              } catch (OutOfMemoryError e) {
                outcome.set(e);
              }
            })
        .join();
    if (outcome.get() instanceof OutOfMemoryError) {
      assertThat(a.len()).as("a failed select sent nothing").isZero();
    } else {
      assertThat(outcome.get()).isEqualTo("sent");
    }
  }
}
