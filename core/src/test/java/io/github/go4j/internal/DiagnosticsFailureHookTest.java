package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitParked;
import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics a wait calls around its park (Diagnostics.parking and unparked: the goroutine
 * registry, the JFR block event) are best effort. They run while the wait is half made (queued, or
 * published in a wait slot) and after it completed, so an exception from them, as an allocation
 * that fails would throw, must neither leave the record behind while its thread moves on nor drop
 * the operation's result. Before the fix (found in review) the receive below died with the error,
 * its record still standing in the channel's wait slot, and the value sent to it was lost.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped.
 */
class DiagnosticsFailureHookTest {
  private final Channel<Integer> c = Channel.make();
  private final AtomicInteger failures = new AtomicInteger();

  @BeforeEach
  void hooksOn() {
    assumeTrue(TestHooks.ON, "runs in the test-hooks execution (-Dgo4j.testHooks=true)");
  }

  @AfterEach
  void hooksOff() {
    Diagnostics.parkingHook = null;
    Diagnostics.unparkedHook = null;
    c.close(); // releases whatever a failed test left waiting
  }

  /** A hook that fails as an allocation would, counting its calls. */
  private Runnable failing() {
    return () -> {
      failures.incrementAndGet();
      throw new OutOfMemoryError("test: the diagnostics' allocation failed");
    };
  }

  @Test
  void aWaitWhoseParkingDiagnosticsFailStillReceivesItsValue() throws Exception {
    Diagnostics.parkingHook = failing();
    Goroutine<Integer> r = Goroutine.start(c::receive);
    awaitTrue("the receive's park path ran its diagnostics", () -> failures.get() > 0);
    awaitParked(r.thread());
    Diagnostics.parkingHook = null;
    c.send(5);
    assertThat(r.join()).isEqualTo(5);
    assertTheChannelStillHandsOff();
  }

  @Test
  void aWaitWhoseUnparkedDiagnosticsFailKeepsItsValue() throws Exception {
    // a recording of go4j's block event makes every wait that parks followed (a JFR token), so that
    // it calls unparked when it returns
    try (Recording recording = new Recording()) {
      recording.enable("io.github.go4j.Blocked");
      recording.start();
      Diagnostics.unparkedHook = failing();
      Goroutine<Integer> r = Goroutine.start(c::receive);
      awaitParked(r.thread());
      c.send(6);
      assertThat(r.join()).as("the value of a completed receive").isEqualTo(6);
      assertThat(failures.get()).as("the failing hook ran").isPositive();
      Diagnostics.unparkedHook = null;
    }
    assertTheChannelStillHandsOff();
  }

  /** Nothing of the failed wait stayed behind: another receive and send meet as usual. */
  private void assertTheChannelStillHandsOff() throws Exception {
    Goroutine<Integer> r = Goroutine.start(c::receive);
    c.send(7);
    assertThat(r.join()).isEqualTo(7);
    assertThat(Chan.of(c, "c").queuedReceivers()).isZero();
    assertThat(Chan.of(c, "c").slotted(DualQueue.RECVQ)).isZero();
  }
}
