package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With one carrier thread a virtual thread cannot spin (its partner could not run meanwhile), so
 * its waits must not count as failed spins: otherwise every wait would feed the channel's spin
 * back-off, which also closes an unbuffered channel's wait slots, and the channel would run its
 * locked path for nothing (measured: a one-carrier ping-pong 221 ns per message that way, 171
 * without). Runs in the surefire execution {@code one-carrier}, a JVM with {@code
 * -Djdk.virtualThreadScheduler.parallelism=1}, where every wait of these hand-offs parks (a virtual
 * thread leaves its carrier only when it parks, so no partner can claim a wait before it does).
 * Each test fails if its path records an outcome for a spin that did not happen.
 */
class SpinBackOffOneCarrierTest {
  /** Hand-offs per test: far more than the failures the back-off tolerates. */
  private static final int N = 20 * Chan.SPIN_FAILURES_TOLERATED;

  @BeforeAll
  static void oneCarrier() {
    GoTesting.oneCarrierOnly();
    assertThat(Waiter.VIRTUAL_SPIN).isFalse();
  }

  /** A partner that sends 0..n-1 on {@code ch}. */
  private static Thread sender(Channel<Integer> ch, int n) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (int i = 0; i < n; i++) {
                  ch.send(i);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  @Test
  void waitSlotsOfAnUnbufferedChannelRecordNoSpins() throws Exception {
    Chan<Integer> ping = (Chan<Integer>) Channel.<Integer>make();
    Chan<Integer> pong = (Chan<Integer>) Channel.<Integer>make();
    Goroutine.run(
            () -> {
              Thread partner =
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try {
                              for (int i = 0; i < N; i++) {
                                pong.send(ping.receive() + 1);
                              }
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                          });
              for (int i = 0; i < N; i++) {
                ping.send(i);
                assertThat(pong.receive()).isEqualTo(i + 1);
              }
              partner.join();
            })
        .join();
    assertThat(ping.spinFailuresForTest()).as("ping's failed spins").isZero();
    assertThat(pong.spinFailuresForTest()).as("pong's failed spins").isZero();
    assertThat(ping.spinAdvised()).isTrue();
  }

  @Test
  void queuedWaitersOfASmallBufferRecordNoSpins() throws Exception {
    Chan<Integer> ch = (Chan<Integer>) Channel.<Integer>make(1);
    Goroutine.run(
            () -> {
              Thread producer = sender(ch, N);
              long sum = 0;
              for (int i = 0; i < N; i++) {
                sum += ch.receive();
              }
              producer.join();
              assertThat(sum).isEqualTo((long) N * (N - 1) / 2);
            })
        .join();
    assertThat(ch.spinFailuresForTest()).as("failed spins").isZero();
  }

  @Test
  void aBlockingSelectRecordsNoSpins() throws Exception {
    Chan<Integer> data = (Chan<Integer>) Channel.<Integer>make();
    Channel<Integer> never = Channel.make();
    Goroutine.run(
            () -> {
              Thread producer = sender(data, N);
              long sum = 0;
              for (int i = 0; i < N; i++) {
                sum += Select.select(data.onReceive(v -> v), never.onReceive(v -> -1));
              }
              producer.join();
              assertThat(sum).isEqualTo((long) N * (N - 1) / 2);
            })
        .join();
    assertThat(data.spinFailuresForTest()).as("failed spins").isZero();
  }
}
