package io.github.go4j.internal;

import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking select's spin case in an unbuffered channel's wait slot (Selector, step 1b;
 * UnbufferedChan.selectReceive and selectSend): the select stands in the slot under a stand-in of
 * its own while its other cases are not registered anywhere, so only a partner that would block
 * otherwise may take it there; it withdraws when its spin ends, and then registers every case.
 *
 * <p>Goroutine {@code g} runs two selects over {@code s} (unbuffered), {@code d} (a ring of 4) and
 * {@code e}: the first completes through {@code s} (the test's partner), which makes {@code s} the
 * second's spin channel. The hooks hold {@code g}'s second select in the slot: right after its
 * publishing CAS ({@code published}), or when its spin has ended unclaimed, before it withdraws
 * ({@code spinEnd}). On a machine where spinning cannot help (one processor) no select spins, and
 * the tests check instead that the select blocks and completes through the queues.
 */
class LazySelectSlotHookTest {
  private final Channel<Integer> s = Channel.make();
  private final Channel<Integer> d = Channel.make(4);
  private final Channel<Integer> e = Channel.make();
  private final HookGate publishing = new HookGate();
  private final HookGate published = new HookGate();
  private final HookGate spinEnd = new HookGate();
  private final AtomicInteger lockedPaths = new AtomicInteger();

  /** Whether selects spin here, and so stand in the slot. */
  private static final boolean LAZY = Waiter.VIRTUAL_SPIN;

  private UnbufferedChan<?> engine() {
    return (UnbufferedChan<?>) Chan.of(s, "s");
  }

  @BeforeEach
  void hooks() {
    UnbufferedChan.selectPublishingHook = publishing;
    UnbufferedChan.selectPublishedHook = published;
    UnbufferedChan.spinEndHook = spinEnd;
    UnbufferedChan.lockedPathHook = lockedPaths::incrementAndGet;
  }

  @AfterEach
  void clearHooks() {
    publishing.releaseAll();
    published.releaseAll();
    spinEnd.releaseAll();
    UnbufferedChan.selectPublishingHook = null;
    UnbufferedChan.selectPublishedHook = null;
    UnbufferedChan.spinEndHook = null;
    UnbufferedChan.lockedPathHook = null;
  }

  /**
   * The receiving select under test: s (its value, 0 if closed), d (10 + value, 10 if closed), e.
   */
  private int receiveSelect() throws InterruptedException {
    return Select.select(
        s.onReceiveOk((v, ok) -> ok ? v : 0),
        d.onReceiveOk((v, ok) -> ok ? 10 + v : 10),
        e.onReceive(v -> 20 + v));
  }

  /** The sending select under test: sends 7 on s (returns 7), or d's (10 + value, 10 if closed). */
  private int sendSelect() throws InterruptedException {
    return Select.select(
        s.onSend(7, () -> 7), d.onReceiveOk((v, ok) -> ok ? 10 + v : 10), e.onReceive(v -> 20 + v));
  }

  /**
   * Starts {@code g}: a first select that completes through s (receiving or sending, as the second
   * does), then {@code second}, held at {@code gate} once it stands in s's slot (if selects spin
   * here).
   */
  private Goroutine<Integer> inSlot(boolean send, HookGate gate, Callable<Integer> second)
      throws Exception {
    Goroutine<Integer> g = held(send, second, gate);
    if (LAZY) {
      assertThat(engine().slotted(send ? DualQueue.SENDQ : DualQueue.RECVQ))
          .as("the select stands in the slot")
          .isEqualTo(1);
      assertThat(queuedReceivers(d)).as("nothing registered on d").isZero();
      assertThat(queuedReceivers(e)).as("nothing registered on e").isZero();
    }
    return g;
  }

  /**
   * Starts {@code g} as {@link #inSlot} does, held at each of {@code gates}, and waits until it is
   * held at the first (if selects spin here).
   */
  private Goroutine<Integer> held(boolean send, Callable<Integer> second, HookGate... gates)
      throws Exception {
    Goroutine<Integer> g =
        HookGate.start(
            () -> {
              if (send) {
                Select.select(s.onSend(0, () -> 0), d.onReceive(v -> -1), e.onReceive(v -> -1));
              } else {
                Select.select(s.onReceive(v -> v), d.onReceive(v -> -1), e.onReceive(v -> -1));
              }
              return second.call();
            },
            gates);
    if (send) {
      assertThat(s.receive()).as("the first select's value").isZero();
    } else {
      s.send(0);
    }
    if (LAZY) {
      gates[0].awaitHeld(g.thread());
    }
    return g;
  }

  private void assertNothingWaits() {
    HookGate.assertIdle(engine());
    assertThat(queuedReceivers(d)).as("receivers queued on d").isZero();
    assertThat(queuedReceivers(e)).as("receivers queued on e").isZero();
  }

  @Test
  void aPlainSendTakesTheReceivingSelectFromTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    lockedPaths.set(0);
    Goroutine<Void> sender = Goroutine.run(() -> s.send(1));
    if (LAZY) {
      sender.join(); // while the select is held in the slot
      assertThat(lockedPaths.get()).as("the send took no lock").isZero();
    }
    published.release(g.thread());
    sender.join();
    assertThat(g.join()).isEqualTo(1);
    assertNothingWaits();
  }

  @Test
  void aPlainReceiveTakesTheSendingSelectFromTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(true, published, this::sendSelect);
    if (LAZY) {
      lockedPaths.set(0);
      assertThat(s.receive()).as("taken while the select is held in the slot").isEqualTo(7);
      assertThat(lockedPaths.get()).as("the receive took no lock").isZero();
      published.release(g.thread());
    } else {
      assertThat(s.receive()).isEqualTo(7);
    }
    assertThat(g.join()).isEqualTo(7);
    assertNothingWaits();
  }

  /**
   * A select standing in the slot has not blocked yet: a non-blocking partner (trySend, a select
   * with a default, another select's poll before its last) passes over it, as over a select queued
   * lazily (see LazySelectQueueHookTest): d's close made its d case ready, and Go's select then
   * runs that case. Before its spin the select re-checks nothing of d, so d's close ends the spin
   * (its peek) and the select finds d closed in its all-locks poll.
   */
  @Test
  void aNonBlockingSendPassesOverTheReceivingSelectInTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    d.close();
    assertThat(s.trySend(1)).as("no receiver blocked on s").isFalse();
    assertThat(Select.select(s.onSend(2, () -> true), Select.onDefault(() -> false)))
        .as("a one-case select with a default")
        .isFalse();
    assertThat(
            Select.select(
                s.onSend(3, () -> true), e.onSend(3, () -> true), Select.onDefault(() -> false)))
        .as("a select with a default")
        .isFalse();
    published.release(g.thread());
    assertThat(g.join()).as("the select runs its d case, ready since the close").isEqualTo(10);
    assertNothingWaits();
  }

  @Test
  void aNonBlockingReceivePassesOverTheSendingSelectInTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(true, published, this::sendSelect);
    d.close();
    assertThat(s.tryReceive()).as("no sender blocked on s").isEmpty();
    assertThat(
            Select.select(
                s.onReceive(v -> true), e.onReceive(v -> true), Select.onDefault(() -> false)))
        .as("a select with a default")
        .isFalse();
    published.release(g.thread());
    assertThat(g.join()).as("the select runs its d case, ready since the close").isEqualTo(10);
    assertThat(s.tryReceive()).as("the select's value was not sent").isEmpty();
    assertNothingWaits();
  }

  /**
   * A select without a default whose other case is ready is no partner that would block: it takes
   * its ready case whichever order it polls in, and the select in the slot keeps waiting.
   */
  @Test
  void aSelectWithAnotherReadyCaseDoesNotTakeTheSelectInTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    Channel<Integer> r = Channel.make(64);
    for (int k = 0; LAZY && k < 32; k++) { // (not lazy: the select blocked on s, a ready case)
      r.send(k);
      assertThat(Select.select(s.onSend(100, () -> -1), r.onReceive(v -> v)))
          .as("the partner's ready case")
          .isEqualTo(k);
    }
    published.release(g.thread());
    d.close(); // ends the select, wherever it waits by now
    assertThat(g.join()).isEqualTo(10);
    assertNothingWaits();
  }

  /** The last poll of a select whose other cases were not ready takes the select in the slot. */
  @Test
  void aSelectThatWouldBlockTakesTheSelectInTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    Channel<Integer> never = Channel.make();
    assertThat(Select.select(s.onSend(5, () -> 1), never.onSend(5, () -> 2))).isEqualTo(1);
    published.release(g.thread());
    assertThat(g.join()).isEqualTo(5);
    assertNothingWaits();
  }

  @Test
  void closeTakesTheReceivingSelectOutOfTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    s.close();
    if (LAZY) {
      assertThat(engine().slotted(DualQueue.RECVQ)).as("the slot is closed").isZero();
    }
    published.release(g.thread());
    assertThat(g.join()).as("the s case, closed").isZero();
    assertNothingWaits();
  }

  @Test
  void closeTakesTheSendingSelectOutOfTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(true, published, this::sendSelect);
    s.close();
    published.release(g.thread());
    assertThat(g.failure())
        .as("a send on a channel closed while the select stood in its slot")
        .isInstanceOf(ChannelClosedException.class);
    assertThat(s.receiveOk()).isEqualTo(Received.closed());
    assertNothingWaits();
  }

  /**
   * A partner that takes the select after its spin ended, before its withdrawal: the withdrawal
   * fails, and the select completes through the slot's case.
   */
  @Test
  void aTakeBetweenTheSpinAndTheWithdrawalCompletesTheReceivingSelect() throws Exception {
    Goroutine<Integer> g = inSlot(false, spinEnd, this::receiveSelect);
    Goroutine<Void> sender = Goroutine.run(() -> s.send(3));
    if (LAZY) {
      sender.join();
    }
    spinEnd.release(g.thread());
    sender.join();
    assertThat(g.join()).isEqualTo(3);
    assertNothingWaits();
  }

  @Test
  void aTakeBetweenTheSpinAndTheWithdrawalCompletesTheSendingSelect() throws Exception {
    Goroutine<Integer> g = inSlot(true, spinEnd, this::sendSelect);
    assertThat(s.receive()).isEqualTo(7);
    spinEnd.release(g.thread());
    assertThat(g.join()).isEqualTo(7);
    assertNothingWaits();
  }

  /**
   * A spin that ends unclaimed withdraws the select from the slot; it then registers every case and
   * blocks (nothing is ready), and a later partner completes it through the queues.
   */
  @Test
  void aSelectWithdrawnAfterItsSpinBlocksOnEveryCase() throws Exception {
    Goroutine<Integer> g = inSlot(false, spinEnd, this::receiveSelect);
    spinEnd.release(g.thread());
    GoTesting.awaitTrue(
        "the select registered on every channel",
        () -> queuedReceivers(e) == 1 && queuedReceivers(d) == 1 && queuedReceivers(s) == 1);
    assertThat(engine().slotted(DualQueue.RECVQ)).as("not in the slot").isZero();
    assertThat(engine().slotsOff()).as("its all-locks poll turned the slots off").isTrue();
    s.send(4);
    assertThat(g.join()).isEqualTo(4);
    assertNothingWaits();
    assertThat(engine().slotsOff()).as("on again once the queues are empty").isFalse();
  }

  @Test
  void aSendingSelectWithdrawnAfterItsSpinBlocksOnEveryCase() throws Exception {
    Goroutine<Integer> g = inSlot(true, spinEnd, this::sendSelect);
    spinEnd.release(g.thread());
    GoTesting.awaitTrue(
        "the select registered on every channel",
        () -> queuedReceivers(e) == 1 && queuedReceivers(d) == 1 && queuedSenders(s) == 1);
    assertThat(engine().slotted(DualQueue.SENDQ)).as("not in the slot").isZero();
    assertThat(s.receive()).isEqualTo(7);
    assertThat(g.join()).isEqualTo(7);
    assertNothingWaits();
  }

  /**
   * A plain receive that finds the select in the slot turns the slots off (pairs) and queues behind
   * it; a locked send then absorbs the select, older than the queued receive, and serves it first.
   */
  @Test
  void aLockedSendServesTheSelectInTheSlotBeforeAQueuedReceive() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    Goroutine<Integer> plain = LAZY ? Goroutine.start(s::receive) : null;
    if (LAZY) {
      GoTesting.awaitQueuedReceivers(s, 2); // the select in the slot, the plain one queued
      assertThat(engine().slotsOff()).as("two receivers: the pairs rule").isTrue();
    }
    s.send(1);
    published.release(g.thread());
    assertThat(g.join()).as("the older receiver first").isEqualTo(1);
    if (LAZY) {
      s.send(2);
      assertThat(plain.join()).isEqualTo(2);
    }
    assertNothingWaits();
  }

  /**
   * The re-check after the publishing CAS: a receive that queued between the select's checks and
   * its CAS (the slots were off, so it skipped the fence after queuing and did not see the select)
   * is older, and the select must not stand in the slot in front of it, where a locked send serves
   * it first. The select finds the slots off at its re-check, withdraws and queues behind it.
   */
  @Test
  void aSelectThatFindsTheSlotsOffAfterPublishingWithdrawsBehindAQueuedReceive() throws Exception {
    Goroutine<Integer> g = held(false, this::receiveSelect, publishing, spinEnd);
    if (!LAZY) { // the select blocks on every case at once
      s.send(1);
      assertThat(g.join()).isEqualTo(1);
      return;
    }
    Channel<Integer> other = Channel.make();
    assertThat(
            Select.select(s.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0)))
        .isZero();
    assertThat(engine().slotsOff()).as("the select with a default turned the slots off").isTrue();
    Goroutine<Integer> plain = Goroutine.start(s::receive);
    GoTesting.awaitQueuedReceivers(s, 1);
    publishing.release(g.thread());
    GoTesting.awaitQueuedReceivers(s, 2); // the select behind the plain receive (or in the slot)
    s.send(1);
    assertThat(plain.join()).as("the older receive first").isEqualTo(1);
    spinEnd.release(g.thread());
    s.send(2);
    assertThat(g.join()).isEqualTo(2);
    assertNothingWaits();
  }

  /**
   * An interrupt while the select stands in the slot: the spin does not look at it, and the select
   * withdraws when the spin ends and throws InterruptedException from its all-locks step, leaving
   * nothing anywhere.
   */
  @Test
  void anInterruptedSelectWithdrawsFromTheSlot() throws Exception {
    Goroutine<Integer> g = inSlot(false, published, this::receiveSelect);
    g.interrupt(); // ends the hook's hold (the gate restores the interrupt)
    assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    assertNothingWaits();
    assertThat(s.trySend(1)).as("nobody receives").isFalse();
  }
}
