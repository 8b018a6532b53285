package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitTrue;
import static io.github.go4j.GoTesting.holdLock;
import static io.github.go4j.GoTesting.isQueuedOnLock;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.releaseLock;
import static io.github.go4j.GoTesting.waitingBitsSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lazy registration of a blocking select (Selector, step 1b): a select whose last case ran on a
 * channel that advises spinning queues on that channel alone, spins there, and registers its other
 * cases only once the spin ended without a claim.
 *
 * <p>The tests stop the select deterministically between its spin and its all-locks step: the test
 * holds the lock of {@code e}, the channel with the lowest id (made first), so the select's
 * lock-all waits at {@code e} before it takes any other lock. There the select is queued on {@code
 * s} alone (if lazy) and the test acts on the other channels: {@code d} is a lock-free ring, so a
 * value can be put into it without its lock. The select in these tests is a goroutine's second: its
 * first completed through {@code s}, which makes {@code s} the spin channel. On a machine where
 * spinning cannot help (one processor) no select is lazy, and the tests check that instead.
 *
 * <p>The case a select spins for (the lazy one, or at the all-locks registration the first case on
 * a channel that advises spinning) is queued with the thread's record itself, the others with
 * scratch nodes: the last three tests check that its value is read from, and its withdrawal
 * removes, the record (mutants L01-L06).
 */
@ExtendWith(QueueLazily.class) // the queue path: the slot is LazySelectSlotHookTest's
class LazySelectQueueHookTest {
  private final Channel<Integer> e = Channel.make(); // first: the lowest id
  private final Channel<Integer> s = Channel.make();
  private final Channel<Integer> d = Channel.make(4); // a lock-free ring
  private final Channel<Integer> start = Channel.make();

  /** Whether selects spin here, and so queue lazily. */
  private static final boolean LAZY = Waiter.VIRTUAL_SPIN;

  /**
   * A goroutine whose first select (over s, d, e) completes through {@code s}, then, once the test
   * sends on {@code start}, runs {@code second}.
   */
  private Goroutine<Integer> primed(Callable<Integer> second) throws Exception {
    Goroutine<Integer> g =
        Goroutine.start(
            () -> {
              Select.select(s.onReceive(v -> v), d.onReceive(v -> -1), e.onReceive(v -> -1));
              start.receive();
              return second.call();
            });
    s.send(0);
    awaitQueuedReceivers(start, 1); // the first select is over, its losing nodes withdrawn
    return g;
  }

  /** The select under test: s (its value), d (10 + value, 10 if closed), e (20 + value). */
  private int selectAll() throws InterruptedException {
    return Select.select(
        s.onReceiveOk((v, ok) -> ok ? v : 0),
        d.onReceiveOk((v, ok) -> ok ? 10 + v : 10),
        e.onReceive(v -> 20 + v));
  }

  /**
   * Starts {@code g}'s second select with e's lock held; returns once it waits for that lock. (The
   * queue of {@code e} must not be read until {@link GoTesting#releaseLock}: reading it takes the
   * lock.)
   */
  private void stopAtTheLocks(Goroutine<?> g) throws Exception {
    holdLock(e);
    start.send(1);
    awaitTrue("the select waits for e's lock", () -> isQueuedOnLock(e, g.thread()));
  }

  private void assertNothingQueued() {
    assertThat(queuedReceivers(s)).as("receivers queued on s").isZero();
    assertThat(queuedReceivers(d)).as("receivers queued on d").isZero();
    assertThat(queuedReceivers(e)).as("receivers queued on e").isZero();
    assertThat(waitingBitsSet(d)).as("d's waiting bits").isFalse();
  }

  @Test
  void claimedThroughTheSpinChannelBeforeTheOtherCasesAreRegistered() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).as("queued on s before the others").isEqualTo(LAZY ? 1 : 0);
    // A sender that would block otherwise finds the select on s and completes with it there (its
    // send could have blocked first, and the select's all-locks poll found it). A non-blocking one
    // may not: see the tests below.
    Goroutine<Void> sender = Goroutine.run(() -> s.send(1));
    if (LAZY) {
      sender.join(); // while the select still waits for e's lock
    }
    releaseLock(e);
    sender.join();
    assertThat(g.join()).isEqualTo(1);
    assertNothingQueued();
  }

  /*
   * A select queued lazily on its spin channel is not blocked yet in Go's sense: its other cases
   * are not registered. So a non-blocking partner (trySend, tryReceive, a select with a default)
   * must not complete with it there: in Go such a partner succeeds on an unbuffered channel only
   * with a counterpart blocked in the channel's queue, and a select blocked on every case would
   * have been completed by the close of d below (close completes every waiter it finds), or, had it
   * not polled yet, its poll would find d closed. Before the fix (found in review) the trySend
   * below returned true and the select ran its s case after d's close had returned.
   */

  @Test
  void aNonBlockingSendDoesNotCompleteASelectThatIsNotBlockedYet() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isEqualTo(LAZY ? 1 : 0);
    d.close(); // the select's d case is ready from now on; close finds no registration of it
    assertThat(s.trySend(1)).as("no receiver blocked on s").isFalse();
    releaseLock(e);
    assertThat(g.join()).as("the select runs its d case, ready since the close").isEqualTo(10);
    assertNothingQueued();
  }

  @Test
  void aSelectWithADefaultDoesNotCompleteASelectThatIsNotBlockedYet() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isEqualTo(LAZY ? 1 : 0);
    d.close();
    assertThat(Select.select(s.onSend(1, () -> true), Select.onDefault(() -> false)))
        .as("a one-case select with a default (a non-blocking send)")
        .isFalse();
    assertThat(
            Select.select(
                s.onSend(1, () -> "s"), start.onSend(2, () -> "start"), Select.onDefault(() -> "")))
        .as("a select with a default over two channels")
        .isEmpty();
    releaseLock(e);
    assertThat(g.join()).isEqualTo(10);
    assertNothingQueued();
  }

  @Test
  void aNonBlockingReceiveDoesNotCompleteASelectThatIsNotBlockedYet() throws Exception {
    // the goroutine's first select completes by sending on s, so its second, which also sends on
    // s, queues lazily in s's send queue
    Goroutine<Integer> g =
        Goroutine.start(
            () -> {
              Select.select(s.onSend(0, () -> 0), d.onReceive(v -> -1), e.onReceive(v -> -1));
              start.receive();
              return Select.select(
                  s.onSend(5, () -> 5),
                  d.onReceiveOk((v, ok) -> ok ? 10 + v : 10),
                  e.onReceive(v -> 20 + v));
            });
    assertThat(s.receive()).isZero();
    awaitQueuedReceivers(start, 1);
    stopAtTheLocks(g);
    assertThat(GoTesting.queuedSenders(s)).isEqualTo(LAZY ? 1 : 0);
    d.close();
    assertThat(s.tryReceive()).as("no sender blocked on s").isEmpty();
    assertThat(Select.select(s.onReceive(v -> v), Select.onDefault(() -> -1)))
        .as("a select with a default")
        .isEqualTo(-1);
    assertThat(
            Select.select(
                s.onReceive(v -> v), start.onReceive(v -> -2), Select.onDefault(() -> -1)))
        .as("a select with a default over two channels")
        .isEqualTo(-1);
    @SuppressWarnings("unchecked")
    SelectCase<Integer>[] cases =
        new SelectCase[] {
          s.onReceive(v -> v), start.onReceive(v -> -2), Select.onDefault(() -> -1)
        };
    assertThat(Select.select(cases)).as("the same select from an array").isEqualTo(-1);
    releaseLock(e);
    assertThat(g.join()).isEqualTo(10);
    assertThat(GoTesting.queuedSenders(s)).as("senders queued on s").isZero();
    assertNothingQueued();
  }

  @Test
  void anotherCaseReadyAfterTheSpinWithdrawsTheSpinNode() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isEqualTo(LAZY ? 1 : 0);
    assertThat(d.trySend(5)).as("the ring takes a value without its lock").isTrue();
    releaseLock(e);
    assertThat(g.join()).isEqualTo(15);
    assertNothingQueued();
    assertThat(s.trySend(1)).as("no receiver left on s").isFalse();
  }

  @Test
  void aCloseAfterTheSpinIsSeen() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isEqualTo(LAZY ? 1 : 0);
    d.close();
    releaseLock(e);
    assertThat(g.join()).isEqualTo(10);
    assertNothingQueued();
    assertThat(s.trySend(1)).as("no receiver left on s").isFalse();
  }

  @Test
  void anInterruptAfterTheSpinWithdrawsTheSpinNode() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isEqualTo(LAZY ? 1 : 0);
    g.interrupt();
    releaseLock(e);
    assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    assertNothingQueued();
    assertThat(s.trySend(1)).as("no receiver left on s").isFalse();
  }

  @Test
  void afterAFailedSpinEveryCaseIsRegisteredOnce() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    start.send(1);
    awaitQueuedReceivers(e, 1);
    assertThat(queuedReceivers(s)).as("s's node, queued once").isEqualTo(1);
    assertThat(queuedReceivers(d)).isEqualTo(1);
    e.send(3);
    assertThat(g.join()).isEqualTo(23);
    assertNothingQueued();
  }

  @Test
  void aSelectBlockedAfterItsLazySpinIsCompletedByANonBlockingPartner() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    start.send(1);
    awaitQueuedReceivers(e, 1); // the lazy spin ended: every case registered, the select blocked
    assertThat(s.trySend(7)).as("a receiver blocked on s").isTrue();
    assertThat(g.join()).isEqualTo(7);
    assertNothingQueued();
  }

  @Test
  void notLazyWithADefault() throws Exception {
    Goroutine<Integer> g =
        primed(
            () ->
                Select.select(
                    s.onReceive(v -> v), e.onReceive(v -> 20 + v), Select.onDefault(() -> -3)));
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isZero();
    releaseLock(e);
    assertThat(g.join()).isEqualTo(-3);
  }

  @Test
  void notLazyWhenTheSpinChannelHasTwoCases() throws Exception {
    Goroutine<Integer> g =
        primed(
            () ->
                Select.select(s.onReceive(v -> v), s.onReceive(v -> v), e.onReceive(v -> 20 + v)));
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).isZero();
    releaseLock(e);
    awaitQueuedReceivers(e, 1);
    e.send(4);
    assertThat(g.join()).isEqualTo(24);
    assertNothingQueued();
  }

  @Test
  void notLazyWhenAnotherWaiterIsFirstOnTheSpinChannel() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    Goroutine<Integer> ahead = Goroutine.start(s::receive);
    awaitQueuedReceivers(s, 1);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(s)).as("only the receiver ahead").isEqualTo(1);
    releaseLock(e);
    awaitQueuedReceivers(e, 1);
    s.send(7);
    assertThat(ahead.join()).isEqualTo(7);
    e.send(5);
    assertThat(g.join()).isEqualTo(25);
    assertNothingQueued();
  }

  @Test
  void notLazyOnABufferedRing() throws Exception {
    Goroutine<Integer> g =
        Goroutine.start(
            () -> {
              Select.select(d.onReceive(v -> v), e.onReceive(v -> -1)); // completes through d
              start.receive();
              return selectAll();
            });
    d.send(0);
    awaitQueuedReceivers(start, 1);
    stopAtTheLocks(g);
    assertThat(queuedReceivers(d)).isZero();
    assertThat(queuedReceivers(s)).isZero();
    releaseLock(e);
    awaitQueuedReceivers(e, 1);
    e.send(6);
    assertThat(g.join()).isEqualTo(26);
    assertNothingQueued();
  }

  @Test
  void everyCompletedCaseRecordsItsChannel() throws Exception {
    Waiter.Extras sc = Waiter.current().scratch(4);
    Channel<Integer> x = Channel.make(1);
    x.send(1);
    Select.select(x.onReceive(v -> v), e.onReceive(v -> v));
    assertThat(sc.lastWon).as("after a receive").isEqualTo(Chan.of(x, "x").id);
    Channel<Integer> room = Channel.make(1);
    Select.select(room.onSend(1, () -> 0), e.onReceive(v -> v));
    assertThat(sc.lastWon).as("after a send").isEqualTo(Chan.of(room, "room").id);
    Select.select(e.onReceive(v -> v), s.onReceive(v -> v), Select.onDefault(() -> 0));
    assertThat(sc.lastWon).as("a default records nothing").isEqualTo(Chan.of(room, "room").id);
  }

  /**
   * A select registered on every case at once (not lazy: its goroutine has not selected before)
   * over {@code s} (unbuffered: it advises spinning, so its case is the one spun for and queued
   * with the thread's record itself) and {@code d} (a ring: never spun for), blocked on both.
   */
  private Goroutine<Integer> blockedOnSAndD() throws Exception {
    Goroutine<Integer> g =
        Goroutine.start(() -> Select.select(s.onReceive(v -> v), d.onReceive(v -> 10 + v)));
    awaitQueuedReceivers(s, 1);
    awaitQueuedReceivers(d, 1);
    return g;
  }

  @Test
  void theCaseSpunForReceivesItsValueThroughTheRecord() throws Exception {
    Goroutine<Integer> g = blockedOnSAndD();
    s.send(7);
    assertThat(g.join()).as("the value handed to the case spun for").isEqualTo(7);
    assertNothingQueued();
  }

  @Test
  void theCaseSpunForIsWithdrawnWhenAnotherCaseWins() throws Exception {
    Goroutine<Integer> g = blockedOnSAndD();
    d.send(3);
    assertThat(g.join()).isEqualTo(13);
    assertNothingQueued();
    assertThat(s.trySend(1)).as("no receiver left on s").isFalse();
  }

  @Test
  void theLazyCaseReceivesItsValueThroughTheRecord() throws Exception {
    Goroutine<Integer> g = primed(this::selectAll);
    start.send(1);
    awaitQueuedReceivers(e, 1); // the lazy spin ended: every case registered, s's node the record
    s.send(9);
    assertThat(g.join()).isEqualTo(9);
    assertNothingQueued();
  }
}
