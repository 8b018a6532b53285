package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitTrue;
import static io.github.go4j.GoTesting.holdLock;
import static io.github.go4j.GoTesting.isQueuedOnLock;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.queuedSenders;
import static io.github.go4j.GoTesting.releaseLock;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A select queued lazily on its spin channel (Selector, step 1b) is not blocked yet: only a partner
 * that would block otherwise may complete it there (DualQueue#nonBlockingPoll). A select without a
 * default whose other case is ready throughout is no such partner: in Go it never blocks, and the
 * lazily queued select's case on the shared channel is ready only if that select is blocked, which
 * the close of one of its other channels rules out (close completes every select it finds blocked,
 * and a select that polls after the close finds that case ready). So the partner must take its
 * ready case, and the lazy select the closed channel's.
 *
 * <p>Before the fix the partner's first pass (one channel at a time, before its all-locks poll)
 * claimed the lazy select through the shared channel whenever it polled that case first: both
 * selects ran their case on {@code s}, an outcome Go rules out (found in review).
 *
 * <p>As in LazySelectQueueHookTest, the lazy select (goroutine {@code g}, over s, d and e) is
 * stopped between its spin and its all-locks step by holding the lock of {@code e}, the lowest id
 * of its channels; its d case is made ready by closing d. The partner polls its two cases in a
 * random order, so each test runs it {@link #TRIALS} times.
 */
@ExtendWith(QueueLazily.class) // the queue path: the slot is LazySelectSlotHookTest's
class LazySelectPartnerQueueHookTest {
  private final Channel<Integer> e = Channel.make(); // the lowest id of the lazy select's channels
  private final Channel<Integer> s = Channel.make();
  private final Channel<Integer> d = Channel.make(4);
  private final Channel<Integer> start = Channel.make();

  /** Whether selects spin here, and so queue lazily. */
  private static final boolean LAZY = Waiter.VIRTUAL_SPIN;

  /** Trials per test: a partner polls its two cases in a random order, s first half the time. */
  private static final int TRIALS = 64;

  /** A goroutine whose first select completes through {@code s}, then runs {@code second}. */
  private Goroutine<Integer> primed(boolean send, Callable<Integer> second) throws Exception {
    Goroutine<Integer> g =
        Goroutine.start(
            () -> {
              if (send) {
                Select.select(s.onSend(0, () -> 0), d.onReceive(v -> -1), e.onReceive(v -> -1));
              } else {
                Select.select(s.onReceive(v -> v), d.onReceive(v -> -1), e.onReceive(v -> -1));
              }
              start.receive();
              return second.call();
            });
    if (send) {
      assertThat(s.receive()).isZero();
    } else {
      s.send(0);
    }
    awaitQueuedReceivers(start, 1);
    return g;
  }

  /** Starts {@code g}'s second select with e's lock held; returns once it waits for that lock. */
  private void stopAtTheLocks(Goroutine<?> g) throws Exception {
    holdLock(e);
    start.send(1);
    awaitTrue("the select waits for e's lock", () -> isQueuedOnLock(e, g.thread()));
  }

  /** The lazy select of the receive tests: s (its value), d (10, closed), e (20 + value). */
  private int receiveAll() throws InterruptedException {
    return Select.select(
        s.onReceive(v -> v), d.onReceiveOk((v, ok) -> ok ? 10 + v : 10), e.onReceive(v -> 20 + v));
  }

  private void assertNothingQueued() {
    assertThat(queuedReceivers(s)).as("receivers queued on s").isZero();
    assertThat(queuedSenders(s)).as("senders queued on s").isZero();
    assertThat(queuedReceivers(d)).as("receivers queued on d").isZero();
    assertThat(queuedReceivers(e)).as("receivers queued on e").isZero();
  }

  @Test
  void aSelectWithAReadyCaseDoesNotSendToASelectThatIsNotBlockedYet() throws Exception {
    Goroutine<Integer> g = primed(false, this::receiveAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).as("queued lazily on s").isEqualTo(LAZY ? 1 : 0);
    d.close(); // the lazy select's d case is ready from now on; close finds no registration of it
    Channel<Integer> x = Channel.make(1);
    Channel<Integer> nil = Channel.nil();
    @SuppressWarnings({"unchecked", "rawtypes"})
    SelectCase<String>[] five =
        new SelectCase[] {
          nil.onReceive(v -> "nil"),
          s.onSend(1, () -> "s"),
          nil.onSend(2, () -> "nil"),
          x.onReceive(v -> "x"),
          nil.onReceive(v -> "nil")
        };
    for (int i = 0; i < TRIALS; i++) {
      x.send(i); // x is ready throughout the select
      String r = Select.select(s.onSend(1, () -> "s"), x.onReceive(v -> "x"));
      assertThat(r).as("trial %d: no receiver is blocked on s, x is ready", i).isEqualTo("x");
      x.send(i);
      String r5 = Select.select(five);
      assertThat(r5).as("trial %d, a select over an array", i).isEqualTo("x");
    }
    releaseLock(e);
    assertThat(g.join()).as("the lazy select runs its d case, ready since the close").isEqualTo(10);
    assertNothingQueued();
  }

  @Test
  void aSelectWithAReadyCaseDoesNotReceiveFromASelectThatIsNotBlockedYet() throws Exception {
    Goroutine<Integer> g =
        primed(
            true,
            () ->
                Select.select(
                    s.onSend(5, () -> 5),
                    d.onReceiveOk((v, ok) -> ok ? 10 + v : 10),
                    e.onReceive(v -> 20 + v)));
    stopAtTheLocks(g);
    assertThat(queuedSenders(s)).as("queued lazily on s").isEqualTo(LAZY ? 1 : 0);
    d.close();
    Channel<Integer> x = Channel.make(1);
    for (int i = 0; i < TRIALS; i++) {
      x.send(i);
      String r = Select.select(s.onReceive(v -> "s"), x.onReceive(v -> "x"));
      assertThat(r).as("trial %d: no sender is blocked on s, x is ready", i).isEqualTo("x");
    }
    releaseLock(e);
    assertThat(g.join()).isEqualTo(10);
    assertNothingQueued();
  }
}
