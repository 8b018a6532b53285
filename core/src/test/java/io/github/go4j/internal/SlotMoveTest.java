package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.GoTesting;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An unbuffered channel moving its slots to new blocks while parties hand off through them (see
 * UnbufferedChan's overview, "Moving the slot"). Runs in the slot-moves execution, whose JVM sets
 * go4j.slotEpochLog=1: an epoch every 2 takes, a tournament from the 64th take on, so that moves
 * happen constantly. That execution also runs the channel tests; these check that moves happened
 * and that no message was lost, duplicated or reordered meanwhile.
 */
class SlotMoveTest {
  private static UnbufferedChan<?> engine(Channel<?> c) {
    assertThat(c).isInstanceOf(UnbufferedChan.class);
    return (UnbufferedChan<?>) c;
  }

  @Test
  void runsWithAnEpochEveryTwoTakes() {
    assertThat(UnbufferedChan.EPOCH_LOG).as("go4j.slotEpochLog of this JVM").isEqualTo(1);
  }

  @Test
  void oneProducerOneConsumerLoseNothingWhileTheSlotsMove() throws Exception {
    Channel<Integer> c = Channel.make();
    int n = 200_000;
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < n; i++) {
                      c.send(i);
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    for (int i = 0; i < n; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    producer.join();
    assertThat(engine(c).movesForTest()).as("moves").isPositive();
  }

  @Test
  void pingPongLosesNothingWhileTheSlotsMove() throws Exception {
    Channel<Integer> ping = Channel.make();
    Channel<Integer> pong = Channel.make();
    int n = 100_000;
    Thread echo =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < n; i++) {
                      pong.send(ping.receive() + 1);
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    for (int i = 0; i < n; i++) {
      ping.send(i);
      assertThat(pong.receive()).isEqualTo(i + 1);
    }
    echo.join();
    assertThat(engine(ping).movesForTest() + engine(pong).movesForTest()).isPositive();
  }

  @Test
  void manyProducersAndConsumersLoseNothingWhileTheSlotsMove() throws Exception {
    Channel<Integer> c = Channel.make();
    int parties = 4;
    int each = 50_000;
    AtomicLong sum = new AtomicLong();
    List<Thread> all = new ArrayList<>();
    for (int p = 0; p < parties; p++) {
      all.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 1; i <= each; i++) {
                        c.send(i);
                      }
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  }));
      all.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      long s = 0;
                      for (int i = 0; i < each; i++) {
                        s += c.receive();
                      }
                      sum.addAndGet(s);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    for (Thread t : all) {
      t.join();
    }
    assertThat(sum.get()).isEqualTo(parties * (long) each * (each + 1) / 2);
  }

  @Test
  void closeAndSelectStillWorkAfterMoves() throws Exception {
    Channel<Integer> c = Channel.make();
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < 10_000; i++) {
                      c.send(i);
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    for (int i = 0; i < 10_000; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    producer.join();
    // Moves end epochs of takes of a waiting sender, and in 10,000 messages the receiver may have
    // been the one waiting every time (seen once on the 2-core VM): one more message, whose sender
    // stands in the slot when the receive takes it, and a primed policy make sure of a move.
    engine(c).primeMoveForTest();
    Thread last =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    c.send(-1);
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    GoTesting.awaitTrue(
        "the last sender in the slot", () -> engine(c).slotted(DualQueue.SENDQ) == 1);
    assertThat(c.receive()).isEqualTo(-1);
    last.join();
    int moved = engine(c).movesForTest();
    assertThat(moved).as("moves").isPositive();
    // A select over the channel (its all-locks poll turns the slots off), racing with close:
    // either way it reports the close.
    Channel<Integer> never = Channel.make();
    Thread selecting =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Boolean ok =
                        Select.select(
                            c.onReceiveOk((x, okay) -> okay), never.onReceiveOk((x, okay) -> okay));
                    assertThat(ok).isFalse();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    c.close();
    selecting.join();
    assertThatThrownBy(() -> c.send(1)).isInstanceOf(ChannelClosedException.class);
    assertThat(engine(c).movesForTest()).as("no move after close").isEqualTo(moved);
  }
}
