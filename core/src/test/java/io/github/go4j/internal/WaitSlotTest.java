package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitQueuedSenders;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import org.junit.jupiter.api.Test;

/**
 * The wait slots of an unbuffered channel (UnbufferedChan): where a plain blocked operation waits
 * (the slot or Go's queue), and how a waiter leaves the slot: taken by a plain partner, taken (a
 * sender) or absorbed into its queue (a receiver) by a locked operation, claimed by close(), or
 * withdrawn on interrupt. The engine's own hooks tell the slot from the queue; every test also
 * checks what the program observes.
 */
class WaitSlotTest {
  private final Channel<Integer> c = Channel.make();

  private UnbufferedChan<?> engine() {
    return (UnbufferedChan<?>) Chan.of(c, "c");
  }

  private int inSlot(int q) {
    return engine().slotted(q);
  }

  private Goroutine<Integer> receiver() throws Exception {
    return receiver(1);
  }

  /** Starts a plain receive and waits until {@code waiting} receivers wait (slot and queue). */
  private Goroutine<Integer> receiver(int waiting) throws Exception {
    Goroutine<Integer> g = Goroutine.start(c::receive);
    awaitQueuedReceivers(c, waiting);
    return g;
  }

  @Test
  void aPlainReceiveWaitsInTheSlotAndAPlainSendTakesIt() throws Exception {
    Goroutine<Integer> r = receiver();
    assertThat(inSlot(DualQueue.RECVQ)).as("in the slot").isEqualTo(1);
    c.send(7);
    assertThat(r.join()).isEqualTo(7);
    assertThat(inSlot(DualQueue.RECVQ)).isZero();
    assertThat(queuedReceivers(c)).isZero();
    assertThat(engine().slotsOff()).isFalse();
  }

  @Test
  void aPlainSendWaitsInTheSlotAndAPlainReceiveTakesIt() throws Exception {
    Goroutine<Void> s = Goroutine.run(() -> c.send(8));
    awaitQueuedSenders(c, 1);
    assertThat(inSlot(DualQueue.SENDQ)).as("in the slot").isEqualTo(1);
    assertThat(c.receive()).isEqualTo(8);
    s.join();
    assertThat(queuedSenders(c)).isZero();
  }

  @Test
  void tryOperationsSeeTheSlotsWaiter() throws Exception {
    Goroutine<Integer> r = receiver();
    assertThat(c.tryReceive()).as("no sender waits").isEmpty();
    assertThat(c.trySend(5)).as("the receiver in the slot is ready").isTrue();
    assertThat(r.join()).isEqualTo(5);
    assertThat(c.trySend(6)).as("nobody waits any more").isFalse();

    Goroutine<Void> s = Goroutine.run(() -> c.send(9));
    awaitQueuedSenders(c, 1);
    assertThat(c.trySend(1)).isFalse();
    assertThat(c.tryReceive()).contains(new Received<>(9, true));
    s.join();
  }

  /**
   * A second receiver finds the first in the slot: slots go off, the second queues while the first
   * stays in its slot (a locked receive never absorbs a receiver: it could not serve it), and FIFO
   * order holds: the next send serves the slot first. The send that empties the queues turns the
   * slots on again.
   */
  @Test
  void aSecondWaiterOfOneDirectionTurnsTheSlotsOffAndQueuesBehindTheFirst() throws Exception {
    Goroutine<Integer> first = receiver();
    Goroutine<Integer> second = receiver(2);
    assertThat(engine().slotsOff()).isTrue();
    assertThat(inSlot(DualQueue.RECVQ)).as("the first stays in its slot").isEqualTo(1);
    assertThat(queuedReceivers(c)).as("the slot's and the queued one").isEqualTo(2);
    c.send(1);
    assertThat(first.join()).as("the older receiver first").isEqualTo(1);
    assertThat(engine().slotsOff()).as("a receiver is still queued").isTrue();

    Goroutine<Integer> third = receiver(2); // slots off: it queues behind
    assertThat(inSlot(DualQueue.RECVQ)).isZero();
    c.send(2);
    assertThat(second.join()).isEqualTo(2);
    assertThat(engine().slotsOff()).isTrue();
    c.send(3);
    assertThat(third.join()).isEqualTo(3);
    assertThat(engine().slotsOff()).as("the queues are empty: slots on again").isFalse();

    Goroutine<Integer> fourth = receiver();
    assertThat(inSlot(DualQueue.RECVQ)).as("the next pair uses the slots").isEqualTo(1);
    c.send(4);
    assertThat(fourth.join()).isEqualTo(4);
  }

  /**
   * Two senders waiting at once turn the slots off and keep their order; the receive that empties
   * the queues turns the slots on again.
   */
  @Test
  void twoSendersWaitingAtOnceTurnTheSlotsOffUntilTheQueuesEmpty() throws Exception {
    Goroutine<Void> first = Goroutine.run(() -> c.send(1));
    awaitQueuedSenders(c, 1);
    Goroutine<Void> second = Goroutine.run(() -> c.send(2));
    awaitQueuedSenders(c, 2);
    assertThat(engine().slotsOff()).isTrue();
    assertThat(c.receive()).isEqualTo(1);
    assertThat(engine().slotsOff()).as("a sender is still queued").isTrue();
    assertThat(c.receive()).isEqualTo(2);
    assertThat(engine().slotsOff()).isFalse();
    first.join();
    second.join();

    Goroutine<Void> third = Goroutine.run(() -> c.send(3));
    awaitQueuedSenders(c, 1);
    assertThat(inSlot(DualQueue.SENDQ)).isEqualTo(1);
    assertThat(c.receive()).isEqualTo(3);
    third.join();
  }

  /**
   * Any locked operation that completes and leaves both queues empty turns the slots on again, a
   * non-blocking one too; one that leaves a waiter queued does not.
   */
  @Test
  void aTryOperationThatEmptiesTheQueuesTurnsTheSlotsOn() throws Exception {
    Goroutine<Integer> first = receiver();
    Goroutine<Integer> second = receiver(2);
    assertThat(c.trySend(1)).isTrue();
    assertThat(first.join()).isEqualTo(1);
    assertThat(engine().slotsOff()).as("a receiver is still queued").isTrue();
    assertThat(c.trySend(2)).isTrue();
    assertThat(second.join()).isEqualTo(2);
    assertThat(engine().slotsOff()).as("the queues are empty").isFalse();

    Goroutine<Void> third = Goroutine.run(() -> c.send(3));
    awaitQueuedSenders(c, 1);
    Goroutine<Void> fourth = Goroutine.run(() -> c.send(4));
    awaitQueuedSenders(c, 2);
    assertThat(c.tryReceive()).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(3));
    assertThat(engine().slotsOff()).as("a sender is still queued").isTrue();
    assertThat(c.tryReceive()).hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(4));
    third.join();
    fourth.join();
    assertThat(engine().slotsOff()).as("the queues are empty again").isFalse();
  }

  /** A select's pass 1 polls each channel on its own: it takes the slot's waiter. */
  @Test
  void aSelectTakesTheSlotsWaiter() throws Exception {
    Goroutine<Integer> r = receiver();
    Channel<Integer> other = Channel.make();
    int got = Select.select(c.onSend(4, () -> 1), other.onSend(4, () -> 2));
    assertThat(got).isEqualTo(1);
    assertThat(r.join()).isEqualTo(4);
    assertThat(queuedReceivers(c)).isZero();
  }

  /**
   * tryReceive and a select's poll take a plain sender waiting in the slot without the channel's
   * lock, as a plain receive does: it has blocked, so any partner may take it (until stop 52 they
   * took it under the lock). The test holds the lock throughout: a poll that needed it would wait.
   * Half of the rounds use a select, whose poll of the channel comes first or last at random. A
   * fresh channel each round: every waiter here spins in vain, and eight such waits in a row make a
   * channel stop spinning, and so stop using its slot, for a while (see Chan.spinOutcome).
   */
  @Test
  void tryReceiveAndASelectsPollTakeTheSlotsSenderWithoutTheLock() throws Exception {
    Channel<Integer> never = Channel.make();
    for (int k = 0; k < 16; k++) {
      int v = k;
      Channel<Integer> ch = Channel.make();
      Goroutine<Void> s = Goroutine.run(() -> ch.send(v));
      awaitQueuedSenders(ch, 1);
      assertThat(Chan.of(ch, "ch").slotted(DualQueue.SENDQ)).as("in the slot").isEqualTo(1);
      GoTesting.holdLock(ch);
      try {
        Goroutine<Integer> r =
            Goroutine.start(
                () ->
                    v % 2 == 0
                        ? ch.tryReceive().orElseThrow().value()
                        : Select.select(ch.onReceive(x -> x), never.onReceive(x -> -1)));
        assertThat(r.join()).as("round %d", k).isEqualTo(v);
      } finally {
        GoTesting.releaseLock(ch);
      }
      s.join();
      assertThat(queuedSenders(ch)).isZero();
    }
  }

  /** The send counterpart: trySend and a select's poll give to a plain receiver in the slot. */
  @Test
  void trySendAndASelectsPollGiveToTheSlotsReceiverWithoutTheLock() throws Exception {
    Channel<Integer> never = Channel.make();
    for (int k = 0; k < 16; k++) {
      int v = k;
      Channel<Integer> ch = Channel.make();
      Goroutine<Integer> r = Goroutine.start(ch::receive);
      awaitQueuedReceivers(ch, 1);
      assertThat(Chan.of(ch, "ch").slotted(DualQueue.RECVQ)).as("in the slot").isEqualTo(1);
      GoTesting.holdLock(ch);
      try {
        Goroutine<Boolean> s =
            Goroutine.start(
                () ->
                    v % 2 == 0
                        ? ch.trySend(v)
                        : Select.select(ch.onSend(v, () -> true), never.onReceive(x -> false)));
        assertThat(s.join()).as("round %d", k).isTrue();
      } finally {
        GoTesting.releaseLock(ch);
      }
      assertThat(r.join()).isEqualTo(v);
      assertThat(queuedReceivers(ch)).isZero();
    }
  }

  /**
   * A select's all-locks poll (nothing ready: default) turns the slots off, until a locked
   * operation completes and leaves both queues empty (until stop 51: off for good).
   */
  @Test
  void aSelectsAllLocksPollTurnsTheSlotsOffUntilTheQueuesEmpty() throws Exception {
    Channel<Integer> other = Channel.make();
    int got =
        Select.select(c.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0));
    assertThat(got).isZero();
    assertThat(engine().slotsOff()).isTrue();

    Goroutine<Integer> next = receiver(); // queues: slots are off
    assertThat(inSlot(DualQueue.RECVQ)).isZero();
    c.send(5);
    assertThat(next.join()).isEqualTo(5);
    assertThat(engine().slotsOff()).as("the locked send emptied the queues").isFalse();

    Goroutine<Integer> again = receiver();
    assertThat(inSlot(DualQueue.RECVQ)).as("the next receiver waits in the slot").isEqualTo(1);
    c.send(6);
    assertThat(again.join()).isEqualTo(6);
  }

  @Test
  void closeClaimsTheSlotsWaiters() throws Exception {
    Goroutine<Received<Integer>> r = Goroutine.start(c::receiveOk);
    awaitQueuedReceivers(c, 1);
    c.close();
    assertThat(r.join()).isEqualTo(Received.closed());
    assertThat(queuedReceivers(c)).isZero();

    Channel<Integer> d = Channel.make();
    Goroutine<Void> s = Goroutine.run(() -> d.send(1));
    awaitQueuedSenders(d, 1);
    d.close();
    assertThat(s.failure()).isInstanceOf(ChannelClosedException.class);
    assertThat(queuedSenders(d)).isZero();
  }

  /**
   * A sender taken from the slot has sent, even when close() comes before it wakes and looks at the
   * slot, which is closed then: only a sender that close() itself swapped out fails. (The first
   * version of the slot's lock-free take told the two apart by what close() swapped out, and a
   * taken sender that looked after a later close() threw "send on closed channel" for a value that
   * had been received: ChanTest.testZeroSize.)
   */
  @Test
  void aTakenSenderHasSentEvenIfCloseComesBeforeItLooks() throws Exception {
    for (int k = 0; k < 20; k++) {
      int i = k;
      Channel<Integer> d = Channel.make();
      Goroutine<Void> s = Goroutine.run(() -> d.send(i));
      awaitQueuedSenders(d, 1);
      assertThat(((UnbufferedChan<?>) Chan.of(d, "d")).slotted(DualQueue.SENDQ)).isEqualTo(1);
      GoTesting.awaitParked(s.thread()); // it looks at the slot again only once woken
      assertThat(d.receive()).isEqualTo(i);
      d.close();
      s.join(); // throws ChannelClosedException if the send was reported as failed
    }
  }

  @Test
  void anInterruptedWaiterLeavesTheSlotAndReceivesNothing() throws Exception {
    Goroutine<Integer> r = receiver();
    assertThat(inSlot(DualQueue.RECVQ)).isEqualTo(1);
    r.interrupt();
    assertThat(r.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queuedReceivers(c)).as("withdrawn").isZero();
    assertThat(c.trySend(1)).as("nobody receives").isFalse();
  }

  @Test
  void anInterruptedSenderLeavesTheSlotAndSendsNothing() throws Exception {
    Goroutine<Void> s = Goroutine.run(() -> c.send(1));
    awaitQueuedSenders(c, 1);
    s.interrupt();
    assertThat(s.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queuedSenders(c)).isZero();
    assertThat(c.tryReceive()).as("nothing was sent").isEmpty();
  }

  /**
   * A select's all-locks poll of the receiver's own side, which finds nothing ready: it turns the
   * slots off, and the receiver in the slot stays there (a locked receive absorbs only a sender,
   * which it can serve at once).
   */
  private void pollTheReceiversOwnSide() throws InterruptedException {
    Channel<Integer> other = Channel.make();
    assertThat(
            Select.select(c.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0)))
        .isZero();
    assertThat(engine().slotsOff()).isTrue();
  }

  /** Interrupted in its slot with the slots off, a waiter withdraws and cancels. */
  @Test
  void anInterruptedWaiterLeftInItsSlotByAFreezeWithdraws() throws Exception {
    Goroutine<Integer> r = receiver();
    pollTheReceiversOwnSide();
    assertThat(inSlot(DualQueue.RECVQ)).as("still in its slot").isEqualTo(1);
    r.interrupt();
    assertThat(r.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queuedReceivers(c)).as("withdrawn").isZero();
    assertThat(c.trySend(1)).isFalse();
  }

  /** With the slots off, a locked send takes the receiver still in the slot, ahead of the queue. */
  @Test
  void aWaiterLeftInItsSlotByAFreezeIsServedFirst() throws Exception {
    Goroutine<Integer> r = receiver();
    pollTheReceiversOwnSide();
    Goroutine<Integer> queued = receiver(2); // slots off: it queues behind the slot
    assertThat(inSlot(DualQueue.RECVQ)).isEqualTo(1);
    c.send(3); // locked: absorbs the slot's receiver to the front and serves it
    assertThat(r.join()).isEqualTo(3);
    c.send(4);
    assertThat(queued.join()).isEqualTo(4);
    assertThat(queuedReceivers(c)).isZero();
  }

  @Test
  void anInterruptBeforeTheWaitThrowsWithoutPublishing() throws Exception {
    Goroutine<Integer> r =
        Goroutine.start(
            () -> {
              Thread.currentThread().interrupt();
              return c.receive();
            });
    assertThat(r.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queuedReceivers(c)).isZero();
  }

  private static UnbufferedChan.SlotBlock blockOf(Channel<?> ch) {
    return ((UnbufferedChan<?>) Chan.of(ch, "ch")).blockForTest();
  }

  /**
   * A channel makes its own slot block only when a plain operation first waits in a slot (see
   * UnbufferedChan's overview, "Moving the slot"): until then it shares one empty block with every
   * such channel, so that channels that only poll, select or close cost no block.
   */
  @Test
  void aChannelMakesItsSlotBlockWhenAPlainOperationFirstWaits() throws Exception {
    Channel<Integer> other = Channel.make();
    UnbufferedChan.SlotBlock shared = blockOf(other);
    assertThat(blockOf(c)).as("a new channel's block").isSameAs(shared);
    assertThat(c.trySend(1)).isFalse();
    assertThat(c.tryReceive()).isEmpty();
    assertThat(
            Select.select(c.onReceive(v -> 1), other.onReceive(v -> 2), Select.onDefault(() -> 0)))
        .isZero();
    assertThat(blockOf(c)).as("after polls and a select").isSameAs(shared);

    Channel<Integer> d = Channel.make();
    Goroutine<Integer> r = Goroutine.start(d::receive);
    awaitQueuedReceivers(d, 1);
    assertThat(((UnbufferedChan<?>) Chan.of(d, "d")).slotted(DualQueue.RECVQ))
        .as("in the slot of its new block")
        .isEqualTo(1);
    assertThat(blockOf(d)).as("its own block").isNotSameAs(shared);
    d.send(5);
    assertThat(r.join()).isEqualTo(5);
    assertThat(shared.slot).as("the shared block stays empty").isNull();
  }

  /**
   * A channel closed before any plain operation waited takes the shared closed block: both its
   * slots hold the closed marker, so no later operation publishes there, and each reports the
   * close; the empty block other new channels share is left as it was.
   */
  @Test
  void aChannelClosedBeforeItsFirstWaitReportsTheCloseAndLeavesTheSharedBlockEmpty()
      throws Exception {
    UnbufferedChan.SlotBlock shared = blockOf(c);
    c.close();
    UnbufferedChan.SlotBlock closed = blockOf(c);
    assertThat(closed).isNotSameAs(shared);
    assertThat(closed.slot).as("a closed slot").isInstanceOf(Waiter.class);
    assertThat(((Waiter) closed.slot).thread)
        .as("the closed-slot marker: nobody's record")
        .isNull();
    assertThat(c.receiveOk()).isEqualTo(Received.closed());
    assertThat(c.tryReceive()).contains(Received.closed());
    assertThatThrownBy(() -> c.send(1)).isInstanceOf(ChannelClosedException.class);
    Channel<Integer> d = Channel.make();
    d.close();
    assertThat(blockOf(d)).as("shared by channels closed unused").isSameAs(closed);
    assertThat(shared.slot).as("the empty block untouched").isNull();

    Channel<Integer> e = Channel.make();
    Goroutine<Void> s = Goroutine.run(() -> e.send(2));
    awaitQueuedSenders(e, 1);
    assertThat(((UnbufferedChan<?>) Chan.of(e, "e")).slotted(DualQueue.SENDQ))
        .as("a new channel still waits in a slot")
        .isEqualTo(1);
    assertThat(e.receive()).isEqualTo(2);
    s.join();
  }
}
