package io.github.go4j.internal;

import io.github.go4j.chan.ChannelClosedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbuffered channel (Go's {@code make(chan T)}), and the nil channel: every operation is a
 * rendezvous of a sender and a receiver. Go's locked algorithm runs whenever a select, a sync wait
 * or more than one waiter is involved; a plain send or receive that finds nobody waiting meets its
 * partner through a lock-free wait slot instead.
 *
 * @param <T> the element type
 */
final class UnbufferedChan<T> extends Chan<T> implements Waiter.Outcome {
  /*
   * *** The wait slot (a lock-free rendezvous in front of Go's queues) ***
   *
   * A plain blocking send (receive) that finds no receiver (sender) and nobody queued publishes
   * itself in `slot`, one wait slot for both directions, and waits there; a plain partner takes it
   * with one CAS and completes it, without the lock (four lock CASes, the queue's links and, when
   * both sides arrive together, a contended lock otherwise). One slot, not one per direction: a send
   * and a receive that arrive together both CAS it from empty, one wins and the other takes the
   * winner (ADR 0004, stop 50: with a slot per direction both could publish, and the one whose
   * re-check found the other had to withdraw, or both did and went to the lock).
   *
   * A receiver and a sender wait differently.
   * - A receiver stands in the slot as its record's RecvMark (Waiter.recvMark: its class tells a
   *   waiting receiver from a waiting sender, and its identity is the receiver's, so a CAS from it
   *   takes that wait and no other), published with one CAS (the record prepared before it, so a
   *   taker sees its stamp); a sender takes it with a CAS to null, writes the value into the
   *   record and claims it (Waiter.claimTaken); the receiver spins on its record.
   * - A sender (ping-pong's steady state: the taker returns at once while the
   *   waiter still has to see the hand-off, so each party arrives as a sender first): the value
   *   lives beside the slot, in `sendItem`, and the sender spins on the slot itself, so that a
   *   hand-off moves the slot block's line only (three transfers between the cores: the
   *   publication, the take, the sender's look; the record's line stays put. ADR 0004, stop 39:
   *   paired A/B ping-pong 0.83-0.90, spsc c=0 0.73-0.76 of the record-based slot). The slot's
   *   states for a sender:
   *   null; PUBLISHING (a sender owns the slot while it writes `sendItem`: written after a CAS from
   *   null, so a sender that loses the slot never writes it); the sender's Waiter (waiting, the
   *   value in `sendItem`); the sender's thread (a take in progress: its taker, or the sender's own
   *   withdrawal, reads and clears `sendItem`, then writes null); CLOSED_SLOT (either direction's).
   *   Takers and
   *   withdrawals CAS from the Waiter to the thread; only the holder of the thread empties the
   *   slot. The sender learns its outcome from the slot (poll): its Waiter or thread there,
   *   pending; CLOSED_SLOT with `closedSender` naming it, its send failed (close() swapped it out);
   *   anything else, sent. It needs no stamp: none is claimed, and a taker reads its `parked` flag
   *   only (after the slot's CAS to null: Waiter.awaitOutcome). A locked receive, a select or a
   *   sync wait takes a sender from the slot the same way, under its lock (takeSendSlotLocked),
   *   instead of moving it into sendq. A poll (tryReceive, trySend, a select's polls) takes a
   *   plain waiter of the opposite direction from the slot lock-free, as a plain partner does
   *   (recvFast(boolean), sendFast(Object, boolean)): a plain waiter has blocked, so any partner
   *   may complete it. (Until stop 52 a poll took the lock for it.)
   *
   * Rules:
   * - The slot holds a plain operation's Waiter (a sender) or RecvMark (a receiver) whose current
   *   wait it published.
   * - Leaving the slot is a CAS of the slot from that Waiter or RecvMark (to null; to the sender's
   *   thread for a sender). Whoever wins it owns the wait: the owner (a withdrawal), a taker (a
   *   lock-free partner, who then completes it, always successfully), or a locked partner (of a
   *   sender: takeSendSlotLocked; of a receiver: absorbLocked, which moves it to the front of recvq
   *   and claims it there before it unlocks: the head of that queue, whose claim cannot fail).
   *   close() takes the slot's waiter with its swap (below) before it unlocks.
   * - A locked operation absorbs only a waiter of the opposite direction, which it serves at once,
   *   never one of its own. Absorbing one's own direction (as this engine once did, with a slot per
   *   direction) left a waiter queued with nobody to serve it: a receive that published while two
   *   senders stood queued (one absorbed from the send slot, one behind it) was absorbed by a third
   *   party's locked receive, which then took the first sender; the receive in recvq and the second
   *   sender in sendq then waited for each other for good. A waiter of one's own direction stays
   *   in the slot, older than anything queued behind it, and the next partner serves it first (a
   *   taker takes the slot, an absorber puts it first).
   *   "At once" means in the same lock hold and before any other absorb: an absorbed waiter left
   *   queued while its slot fills again can be overtaken and stranded (see absorbedAfterQueuing).
   * - So the owner may cancel (interrupt) only after withdrawing it from the slot. If the
   *   withdrawal fails, whoever won it has completed the wait or is about to (a taker right after
   *   its CAS, the others before they unlock): the owner waits for that and keeps the interrupt
   *   status.
   * - A waiter is published only when the slot (a CAS from null) and both queues look empty, the
   *   channel looks open and slots are on; after the CAS it checks the queues and the slot mode
   *   again (volatile reads, so ordered after the CAS; close is the slot swap's business, below)
   *   and withdraws to the locked path if anything changed (WaitSlotPublishHookTest: a publisher
   *   beside a queued partner). A locked operation that queues a plain node does the converse: it
   *   queues, fences, and reads the slot, taking or absorbing a waiter of the opposite direction it
   *   finds there. Store, then load on both sides (Dekker): a waiter in the slot and a waiter in
   *   the opposite queue never both stand.
   *   Checking the own queue keeps Go's FIFO order: a slot's waiter is older than every node
   *   queued in its direction, so takers and absorbers serve the slot first.
   * - Arriving together. A send and a receive that both found the slot empty both CAS it from
   *   null: one wins. The loser does not try to publish again: it looks once more and takes the
   *   winner standing in the slot, with the ordinary take (a CAS from the winner's Waiter or
   *   RecvMark, which the winner's own withdrawal races for: one wins), or goes to the lock
   *   (takeSenderOrLock, giveReceiverOrLock). A receive that finds PUBLISHING in the slot
   *   likewise looks again, a bounded number of times (PUBLISHING_LOOKS), until that sender stands
   *   there, instead of going to the lock. A send that finds PUBLISHING met another sender: the
   *   lock. (Parties in lockstep, spsc's, arrive together often. With a slot per direction both
   *   published and one withdrew, or both did and went to the lock: in spsc c=0 0.3-0.5
   *   withdrawals and 0.1-0.25 locked operations per message; ADR 0004.)
   * - A receiver looks first. A plain receive that finds the slot empty (and would publish: slots
   *   on, queues empty, spinning advised) first watches the slot, reading only, for a quarter of
   *   its thread's spin budget (sawArrival; 500 ns for a virtual thread by default), and publishes
   *   its RecvMark only if nothing came. Whatever stands there when it looks again (a sender, most
   *   often; PUBLISHING; another receiver; CLOSED_SLOT) it treats as on arrival, once: it takes
   *   the sender, goes to the locked path, or applies the pairs rule; it does not look twice.
   *   Why: a hand-off whose receiver waits moves the slot's line and the receiver's record (its
   *   value and claim) between the cores, one whose sender waits the slot's line only (its value
   *   beside the slot); in spsc c=0 about 0.4 of the messages had their receiver waiting. Looking
   *   first lets the sender, arriving within the look, stand in the slot instead. Measured (ADR
   *   0004, stop 53; JMH, alternating forks, same jar with the look on and off): spsc c=0 about
   *   210 against 380 ns per message, ping-pong 200 against 285, mpmc 4x4 c=0 about 260 against
   *   350. A receiver that looks has not published and so has not blocked: nothing else changes
   *   for its partners (a sender that arrives during the look stands in the slot and waits as it
   *   would for any receiver), and where its thread may not spin (one carrier, spinNanos 0) it
   *   does not look. Senders do not look: a sender that looked would make the receiver wait. A
   *   select's receive case looks too, in step 1b (selectReceive), and takes a sender that
   *   arrived during its look (anything else there sends it to the queue-based registration). In
   *   stop 53 that look made select+cancel c=0 slower (650-870 against 480-570 ns per message):
   *   the select sender's stand-in shared a cache line with its owner's select scratch, which
   *   every select writes, so that each take through the slot fetched that line too. With the
   *   scratch padded (Waiter.Extras) and a take reading the sender's thread from the stand-in
   *   (holder), the look pays as a plain receive's does (ADR 0004, stop 54).
   * - close() marks the channel closed and swaps the slot to CLOSED_SLOT for good: a receiver it
   *   swaps out goes to the front of recvq, and close claims the queues as Go does. A waiting
   *   sender it takes out of the slot as a receiver would (its thread left there), names it
   *   in `closedSender` (and, registry on, marks its record) while the sender still waits, then
   *   closes the slot and wakes it. PUBLISHING it swaps out (that sender has not waited yet: its
   *   CAS to its Waiter fails and the locked path reports the close). A sender's thread there (a
   *   take or a withdrawal in progress) it waits for, spinning under the lock: its holder empties
   *   the slot within a few instructions without blocking, and swapping it out would end the
   *   sender's wait before a taker's mark, which would then claim the sender's next wait (found in
   *   review: SendSlotStaleOutcomeTest). So only the holder of a thread in the slot writes the
   *   slot, and a sender that sees its own thread there spins instead of parking (busy). Once the
   *   slot holds CLOSED_SLOT, no publish (a CAS from null) and no take (a CAS from a Waiter or a
   *   RecvMark, never from the marker) can succeed there. So every hand-off through the slot
   *   happens before
   *   close() returns, and one atomic swap decides a racing waiter's fate: it published before
   *   the swap (swapped out, queued and claimed as closed), or its CAS fails and the locked path
   *   reports the close. Reading `closed` after publishing would not be enough: a waiter that
   *   published after close's read of the slot, then found the channel closed, could lose its
   *   withdrawal CAS to a locked receive that absorbed it into the queue and returned CLOSED
   *   (left queued on a closed channel, parked for good: seen in CI), or to a lock-free partner
   *   that took it and completed a hand-off after close() had returned. WaitSlotPublishHookTest
   *   pins both.
   * - A select's all-locks poll, or a sync wait's poll of its done channel, turns the slots off
   *   (SLOTS_OFF, set under the lock before the poll, whose absorb or take then finds a partner
   *   that published before): their registrations on several channels stay Go's all-locks step.
   *   They turn on again as the pairs rule's do (below): by a lock holder whose operation
   *   completed and left both queues empty, i.e. after those registrations left the queues.
   *   (Until 2026-12-07 a select turned them off for good; ADR 0004, stop 51.)
   * - A select's spin case (Selector, step 1b), slots on: a blocking select whose spin case is a
   *   send or receive on this channel first takes a partner waiting in the slot, lock-free; if
   *   none, it stands in the slot itself as a plain operation would (selectReceive, selectSend),
   *   but as a party that has not blocked yet: its other cases are not registered anywhere. So it
   *   stands there as a stand-in of its own, a Waiter.LazyRecvMark (a RecvMark: every rule for a
   *   receiver in the slot applies) or a Waiter.LazySendMark (its value beside the slot, its
   *   thread in the slot during a take, as a sender's record), and only partners that would block
   *   otherwise may take it: a plain send or receive, a locked blocking poll, and a select's last
   *   poll or its own step 1b (recvFast(true), sendFast(value, true)). A non-blocking one
   *   (trySend, tryReceive, a select with a default, a select's poll before its last) reads it as
   *   no waiter (recvFast, sendFast; under the lock nonBlockingPoll, in absorbLocked and
   *   takeSendSlotLocked), as it passes over a select queued lazily (DualQueue). A stand-in, not a
   *   flag on the record: a partner that read a plain receiver's mark could otherwise CAS it out
   *   after its owner withdrew and published again as a select. The select spins while no other
   *   case looks ready, never parks in the slot, and withdraws (the owner's CAS from its stand-in)
   *   when the spin ends; then it registers every case under all locks (step 2). If the
   *   withdrawal fails, a partner or close() holds the wait and completes it, as for a plain
   *   waiter. A select+cancel loop then hands off without any lock: A/B in ADR 0004 (stop 51).
   * - Slots are for pairs. A plain operation that finds a waiter of its own direction in the slot
   *   (two senders or two receivers waiting at once: a worker pool, many producers) turns them
   *   off (SLOTS_OFF) and queues: while several parties per side wait, the slots only add CASes
   *   that fail and waiters that are moved to the queue. Turning off needs no lock (a CAS from
   *   SLOTS_ON): it only stops publishing; waiters already in a slot
   *   are taken or absorbed as always. A plain locked operation that completes and leaves both
   *   queues empty turns them on again (reopenSlotsIfIdle): the parties of a many-to-many channel
   *   on few carriers mostly run a pair at a time (a spinning pair keeps both carriers), and that
   *   pair then hands off through the slots (measured: mpmc 4x4 c=0 ~120 ns per message against
   *   ~170 with the slots off for good). Only the lock holder turns them on, and only with both
   *   queues empty: see absorbedAfterQueuing for why. Nor does a waiter publish while spinning on
   *   the channel is backed off (Chan.spinAdvised): a slot is for a partner that arrives during
   *   the spin. While off, plain operations go straight to the locked path (whose poll takes or
   *   absorbs a partner still in the slot) and skip the post-queuing fence (see
   *   absorbedAfterQueuing).
   * - Moving the slot. The slot and the sender's value live in a SlotBlock, a padded object of
   *   their own, read through `block`. Where in memory that block's line lies decides what a
   *   hand-off costs (on the Intel Xeon VM of ADR 0004 one block moved spsc c=0 messages in ~300
   *   ns and another in ~550, the same code on the same carriers), so a channel moves its slots to
   *   a faster block when it finds one. A move runs under the lock, by a lock-free taker that holds
   *   the current block's slot (the sender's thread there) at the end of an epoch (EPOCH_LOG
   *   takes; it only tries the lock: close() holds the lock while it waits for a held slot): it
   *   writes CLOSED_SLOT over the slot it holds and points `block` at the new block. So a block is
   *   retired only while no waiter stands in it (the mover holds its one slot), and a party whose publication succeeded
   *   stands in the current block: `block` does not change under it, and every read of `block` in
   *   its operation returns the block it published in. A party that read `block` just before a
   *   move finds CLOSED_SLOT: its CAS fails and it takes the locked path, which checks `closed`
   *   itself and reads the new block (nothing concludes "closed" from CLOSED_SLOT alone; poll()
   *   needs closedSender too). The policy (nextBlock), from the FIRST_TOURNAMENT-th epoch on and
   *   every TOURNAMENT_EVERY epochs after: a tournament of DUELS new blocks, each dueling the
   *   champion (at first the current block) for DUEL_EPOCHS epochs each, alternating epoch by
   *   epoch so that a drift of the workload cancels; a challenger 5% faster in total becomes the
   *   champion, which is current at the end. A champion taken back is reopened after `block`
   *   points to it (retireAndSwitch says why). Measured against the inline slots (ADR 0004, 8 JMH
   *   forks each): spsc c=0 median 390 against 452 ns, its slow forks gone; ping-pong unchanged in
   *   12 forks each (0.90 x in a prototype's 8). A channel makes its own block only when a plain
   *   operation first publishes (blockReady: a CAS of `block` from UNUSED, an empty block all such
   *   channels share, whose slots nobody writes); close() of a channel still on UNUSED CASes
   *   `block` to CLOSED_BLOCK, shared too, its slot CLOSED_SLOT. Whichever CAS comes first, a
   *   publisher racing close() publishes into a block that close() then closes, or finds a closed
   *   slot. The policy's state (MovePolicy) is made at the first epoch's end. So a channel that
   *   is only polled, closed or watched by selects that wait elsewhere costs no block, and one
   *   that hands off costs the block (160 bytes) once it first waits in the slot (and a thread
   *   that waits there to receive its RecvMark, 16 bytes, once; a select's stand-ins, 16 and 24
   *   bytes, once per thread).
   */

  /** Written once under the lock; volatile for the lock-free paths. */
  private volatile boolean closed;

  /**
   * The wait slot and the waiting sender's value, in a block of their own (see the overview,
   * "Moving the slot"): a plain operation reads this field, then works on the block it found.
   * UNUSED until the first publication makes the channel's own block (blockReady, a CAS) or close()
   * puts CLOSED_BLOCK (a CAS, under the lock); after that replaced only under the lock, and only by
   * retiring the block it held (its slot CLOSED_SLOT): so the field changes only while no waiter
   * stands in the current block, and never back to UNUSED.
   */
  private volatile SlotBlock block = UNUSED;

  /** Fills the header's gap and keeps other objects off the line of SlotBlock's fields. */
  @SuppressWarnings("unused")
  static class SlotBlockPad {
    int pad;
    long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  /** The fields of a SlotBlock, after 68 bytes of padding and before 68 more. */
  static class SlotBlockFields extends SlotBlockPad {
    /** Senders taken from this block's slot (racy; the move policy's epochs). */
    int takes;

    /**
     * The wait slot, one for both directions (see the overview): a plain sender waiting for a
     * receiver (its Waiter), published lock-free, or while a receiver takes its value the sender's
     * thread; or a plain receiver waiting for a sender (its Waiter.RecvMark).
     */
    volatile Object slot;

    /**
     * The value of the sender in {@link #slot}: written by that sender before it publishes, cleared
     * by whoever takes the sender out of the slot (a receiver, the sender's own withdrawal,
     * close()) before the slot empties again.
     */
    Object sendItem;

    /**
     * The waiting sender that close() swapped out of the slot (its send fails), written before the
     * swap; null if close() found none there (an empty slot, a publication or a take in progress: a
     * send taken before close() completed). Read, and cleared, by that sender after it sees the
     * closed slot.
     */
    volatile Waiter closedSender;
  }

  /**
   * The slot's block: 160 bytes, its fields at 80-95 (on one cache line in 7 placements of 8), so
   * that no other object shares their line (a hand-off moves that line between the parties' cores,
   * and where it lies in memory decides what that costs: see the overview, "Moving the slot").
   */
  @SuppressWarnings("unused")
  static final class SlotBlock extends SlotBlockFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;
  }

  /**
   * The move policy's state (see the overview, "Moving the slot"), made at the end of the channel's
   * first epoch and guarded by the lock: the epoch's start, the epochs counted, the tournament's
   * champion and challenger blocks, their epochs' total times, the duel's epochs so far, the
   * tournament's duels so far, and the moves made (for tests: movesForTest()).
   */
  private static final class MovePolicy {
    long epochStart;
    int epochs;
    SlotBlock champion;
    SlotBlock challenger;
    long championNanos;
    long challengerNanos;
    int duelEpochs;
    int duels;
    int moves;
  }

  /** The move policy's state; null until the first epoch ends (lock held). */
  private MovePolicy policy;

  /**
   * Hand-offs per epoch of the move policy, as a power of two (default 14: 16,384 takes of the send
   * slot, ~6 ms of spsc c=0; property {@code go4j.slotEpochLog}: the slot-moves tests set 1, and 0
   * turns moving off).
   */
  static final int EPOCH_LOG =
      Math.max(0, Math.min(30, Integer.getInteger("go4j.slotEpochLog", 14)));

  private static final int EPOCH_MASK = (1 << EPOCH_LOG) - 1;

  /** Epochs before the first tournament: past the JIT's warm-up, which a duel would measure. */
  private static final int FIRST_TOURNAMENT = 32;

  /** Epochs from one tournament to the next (a GC that copies the block deals it anew). */
  private static final int TOURNAMENT_EVERY = 1024;

  /** Duels per tournament: three challengers. */
  private static final int DUELS = 3;

  /** Epochs per block in a duel (they alternate: challenger, champion, challenger, ...). */
  private static final int DUEL_EPOCHS = 4;

  /**
   * What a closed channel's slot holds for good (and a retired block's) (see the overview): never a
   * real waiter, never claimed; takers and absorbers step over it.
   */
  private static final Waiter CLOSED_SLOT = Waiter.marker();

  /**
   * The block of a channel none of whose plain operations has published yet (see the overview,
   * "Moving the slot"), shared by all such channels: its slot stays empty, nobody publishes in it
   * (slotsMayOpen makes the channel's own block first: blockReady), nor writes it.
   */
  private static final SlotBlock UNUSED = new SlotBlock();

  /**
   * The block of a channel closed while its block was UNUSED, shared: its slot CLOSED_SLOT, as a
   * closed channel's, so that no publication succeeds; nobody writes it.
   */
  private static final SlotBlock CLOSED_BLOCK = closedBlock();

  private static SlotBlock closedBlock() {
    SlotBlock k = new SlotBlock();
    k.slot = CLOSED_SLOT;
    return k;
  }

  /** The shared nil channel: blocks forever, never ready, cannot be closed. */
  static final UnbufferedChan<?> NIL = new UnbufferedChan<>(true);

  /** Slots in use: plain operations may publish. */
  private static final int SLOTS_ON = 0;

  /**
   * Slots off while several waiters of one direction are about (a plain operation found one of its
   * own direction in a slot), or while a select's or a sync wait's registration may stand in a
   * queue (its poll turned them off). A locked operation that completes and leaves both queues
   * empty turns them on again (under the lock; see the overview).
   */
  private static final int SLOTS_OFF = 1;

  /**
   * SLOTS_ON or SLOTS_OFF. Only the lock holder turns slots on (OFF to ON); anyone may turn them
   * off (ON to OFF, a CAS), and so does the lock holder of a select's or sync wait's poll.
   */
  private volatile int slotMode;

  UnbufferedChan(boolean nil) {
    super(0, nil, false, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Plain blocking operations

  /**
   * A plain blocking receive: takes a sender waiting in the slot, or waits in the slot, or runs
   * Go's locked path, whose wait the caller runs (awaitReceive).
   *
   * @return the value, CLOSED, or QUEUED if Go's locked path queued the thread's record
   * @throws InterruptedException if interrupted before a sender or close() claimed the receive
   */
  Object receiveUnbuffered() throws InterruptedException {
    for (boolean look = true; ; look = false) {
      if (slotMode != SLOTS_ON) {
        return receiveLocked(); // which also absorbs a sender left in the slot
      }
      Object s = block.slot;
      Object v = takeSlotSender(s, true); // a sender waiting there, plain or a select's
      if (v != NOT_READY) {
        return v;
      }
      if (s == CLOSED_SLOT) {
        // closed, or a retired block: Go's locked path
      } else if (s == PUBLISHING) {
        return takeSenderOrLock(); // a sender about to stand there (see the overview)
      } else if (s instanceof Waiter.RecvMark) {
        pairsOnly(); // two receivers wait at once: slots are for pairs (see the overview)
      } else if (s != null) {
        // a sender is being taken there (or withdraws), or this take lost its CAS to such a
        // party: Go's locked path
      } else if (slotsMayOpen()) {
        Waiter w = Waiter.current();
        if (look && sawArrival(w)) {
          continue; // something stands in the slot now, most often a sender: look at it once more
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        w.prepare(w.begin(), 0, null);
        Waiter.RecvMark m = w.recvMark();
        if (TestHooks.ON) {
          TestHooks.run(publishingHook);
        }
        if (SLOT.compareAndSet(block, null, m)) { // fails on CLOSED_SLOT
          if (TestHooks.ON) {
            TestHooks.run(publishedHook);
          }
          if (slotsStillOpen() || !SLOT.compareAndSet(block, m, null)) {
            return receiveResult(w, awaitInRecvSlot(w));
          }
          return receiveLocked(); // withdrawn: a locked operation queued meanwhile, or slots off
        }
        // Lost the slot: most often to a sender that arrived together with this receive and
        // stands (or is about to stand) there now (see the overview, "Arriving together").
        return takeSenderOrLock();
      }
      return receiveLocked();
    }
  }

  /**
   * A receive that found the slot empty, before it stands there itself (a plain receive, or a
   * select's receive case in step 1b): watches the slot for up to LOOK_SHARE of the spin budget,
   * where its thread may spin (see the overview, "A receiver looks first"). Reads only; publishes
   * nothing.
   *
   * @param w the receiver's record (its thread's)
   * @return true if something stands in the slot now (the caller looks at it once more); false if
   *     the look ended with the slot still empty, or the thread may not spin
   */
  private boolean sawArrival(Waiter w) {
    if (LOOK_SHARE == 0 || !w.canSpin()) {
      return false;
    }
    if (TestHooks.ON) {
      TestHooks.run(lookingHook);
    }
    long deadline = System.nanoTime() + Waiter.spinNanos(w.thread.isVirtual()) / LOOK_SHARE;
    for (int i = 1; ; i++) {
      if (block.slot != null) {
        return true;
      }
      Thread.onSpinWait();
      if ((i & 15) == 0 && System.nanoTime() - deadline >= 0) {
        return false;
      }
    }
  }

  /**
   * A receiver's look before it publishes lasts 1 / LOOK_SHARE of its thread's spin budget (default
   * 4: 500 ns for a virtual thread; property {@code go4j.slotLookShare}, for measurements: 0 turns
   * the look off).
   */
  static final int LOOK_SHARE = Math.max(0, Integer.getInteger("go4j.slotLookShare", 4));

  /*
   * Test hook, for WaitSlotLookHookTest and SelectSlotLookHookTest only (see TestHooks): a receive
   * (plain, or a select's receive case) that found the slot empty and may spin runs lookingHook (if
   * set) as its look begins, before its first read of the slot, so that a test can put a sender,
   * another receiver or close() there.
   */
  static volatile Runnable lookingHook;

  /**
   * A plain receive that found the slot PUBLISHING, or lost its publishing CAS (see the overview,
   * "Arriving together"): takes the sender standing in the slot, once a publishing one stands there
   * (bounded: PUBLISHING_LOOKS), or runs Go's locked path. It does not publish.
   *
   * @return the value, CLOSED, or QUEUED (see receiveUnbuffered)
   */
  private Object takeSenderOrLock() throws InterruptedException {
    Object v = takeSenderLockFree();
    return v != NOT_READY ? v : receiveLocked();
  }

  /**
   * A plain blocking send (see {@link #receiveUnbuffered()}).
   *
   * @param value the value, not null
   * @return true if Go's locked path queued the thread's record: the caller waits (awaitSend)
   * @throws InterruptedException if interrupted before a receiver or close() claimed the send
   */
  boolean sendUnbuffered(Object value) throws InterruptedException {
    if (slotMode != SLOTS_ON) {
      return sendLocked0(value);
    }
    Object r = block.slot;
    if (r instanceof Waiter.RecvMark m) {
      if (SLOT.compareAndSet(block, m, null)) {
        giveReceiver(m.waiter, value);
        return false;
      }
    } else if (r != null) {
      if (sender(r, true) != null) {
        pairsOnly(); // two senders wait at once
      } // else a sender is publishing or being taken there, or closed: Go's locked path
    } else if (slotsMayOpen()) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      Waiter w = Waiter.current();
      w.clearParked();
      if (TestHooks.ON) {
        TestHooks.run(publishingHook);
      }
      if (SLOT.compareAndSet(block, null, PUBLISHING)) { // fails on CLOSED_SLOT
        if (TestHooks.ON) {
          TestHooks.run(publishingValueHook);
        }
        block.sendItem = value; // the slot is this sender's now: no other sender writes it
        if (!SLOT.compareAndSet(block, PUBLISHING, w)) { // close() swapped the marker out
          block.sendItem = null;
        } else {
          if (TestHooks.ON) {
            TestHooks.run(publishedHook);
          }
          if (slotsStillOpen() || !withdrawSender(w)) {
            awaitInSendSlot(w);
            return false;
          }
          return sendLocked0(value); // withdrawn: a locked operation queued meanwhile, or off
        }
      } else {
        // Lost the slot: most often to a receiver that arrived together with this send and stands
        // there now (see the overview, "Arriving together").
        return giveReceiverOrLock(value);
      }
    }
    return sendLocked0(value);
  }

  /**
   * A plain send that lost its publishing CAS (see the overview, "Arriving together"): gives the
   * value to the receiver standing in the slot, or runs Go's locked path. It does not publish.
   *
   * @return true if Go's locked path queued the thread's record (see sendUnbuffered)
   */
  private boolean giveReceiverOrLock(Object value) throws InterruptedException {
    return giveReceiverLockFree(value, true) ? false : sendLocked0(value);
  }

  // ---------------------------------------------------------------------------------------------
  // A blocking select's spin case in the slot (Selector, step 1b)

  /**
   * Step 1b of a blocking select whose spin case is a receive on this channel (see Selector): takes
   * a sender waiting in the slot (a plain one, or a select spinning there); or, slots on and nobody
   * queued, looks at the slot first as a plain receive does (sawArrival) and takes a sender that
   * arrives meanwhile; or stands in the slot as a receiver that has not blocked yet (its
   * LazyRecvMark) and spins while no other case of the select looks ready. A spin that ends
   * unclaimed withdraws, and the select goes on to register every case (step 2). No lock; never
   * parks, except for the claim of a partner that took the select from the slot as its spin ended.
   *
   * @param w the select's record
   * @param sc its scratch (spinActive and spinCase set, for the peek at its other cases)
   * @param lazy the case's index
   * @return the value or CLOSED (the case completed); NOT_READY (spun, then withdrew: nothing of
   *     the select stands anywhere); or SLOW (nothing done: the caller's queue-based registration)
   */
  Object selectReceive(Waiter w, Waiter.Extras sc, int lazy) {
    if (slotMode != SLOTS_ON || TestHooks.ON && queueLazilyHook) {
      return SLOW;
    }
    Object v = takeSenderLockFree();
    if (v != NOT_READY) {
      return v;
    }
    if (block.slot != null || !slotsMayOpen() || Thread.currentThread().isInterrupted()) {
      // a receiver, a sender being taken, closed; slots off; or interrupted: the queue-based
      // registration, which throws InterruptedException before it queues
      return SLOW;
    }
    if (sawArrival(w)) {
      // Something stands in the slot now, most often a sender (see the overview, "A receiver looks
      // first"): takes it, or the queue-based registration.
      v = takeSenderLockFree();
      return v != NOT_READY ? v : SLOW;
    }
    w.prepare(w.begin(), lazy, null);
    Waiter.LazyRecvMark m = w.lazyRecvMark();
    if (TestHooks.ON) {
      TestHooks.run(selectPublishingHook);
    }
    if (!SLOT.compareAndSet(block, null, m)) { // fails on CLOSED_SLOT
      // Lost the slot: most often to a sender that arrived together with this select (see the
      // overview, "Arriving together").
      v = takeSenderLockFree();
      return v != NOT_READY ? v : SLOW;
    }
    if (TestHooks.ON) {
      TestHooks.run(selectPublishedHook);
    }
    if (!slotsStillOpen() && SLOT.compareAndSet(block, m, null)) {
      return SLOW; // withdrawn: a locked operation queued meanwhile, or slots off
    }
    int st = w.spin(sc);
    if (st == Waiter.WAITING) {
      if (TestHooks.ON) {
        TestHooks.run(spinEndHook);
      }
      if (SLOT.compareAndSet(block, m, null)) {
        spinOutcome(true, true);
        return NOT_READY; // withdrawn: the select registers every case
      }
      // Taken by a partner (lock-free, or a blocking locked send's absorb) or close(), whose claim
      // cannot fail and is on its way (see the overview).
      st = w.status();
      if (st == Waiter.WAITING) {
        st = w.awaitUninterruptibly(WaitReason.SELECT, this);
      }
    }
    spinOutcome(true, false);
    if (Waiter.closed(st)) {
      return CLOSED;
    }
    v = w.item;
    w.item = null;
    return v;
  }

  /**
   * A lock-free take of a sender waiting in the slot, plain or a select's (by a party that would
   * block otherwise: a plain receive, a select's step 1b), once a sender publishing there stands
   * there (bounded: PUBLISHING_LOOKS), with slots on.
   *
   * @return the value, or NOT_READY if no sender was taken
   */
  private Object takeSenderLockFree() {
    Object s = block.slot;
    for (int looks = 0; s == PUBLISHING && looks < PUBLISHING_LOOKS; looks++) {
      if (TestHooks.ON && looks == 0) {
        TestHooks.run(publisherSeenHook);
      }
      Thread.onSpinWait();
      s = block.slot;
    }
    return takeSlotSender(s, true);
  }

  /**
   * The lock-free take of the sender that slot content {@code s} names, with slots on: a plain
   * sender (it has blocked, so any partner may take it), or with {@code lazyToo} (a partner that
   * would block otherwise) a select standing there.
   *
   * @return the value, or NOT_READY if no sender was taken
   */
  private Object takeSlotSender(Object s, boolean lazyToo) {
    Waiter sw = sender(s, lazyToo);
    if (sw != null && slotMode == SLOTS_ON && SLOT.compareAndSet(block, s, holder(s, sw))) {
      Object v = takeSender(sw, true);
      if (s == sw) {
        sw.wake(); // (a select's stand-in never parks in the slot: see holder)
      }
      return v;
    }
    return NOT_READY;
  }

  /**
   * What a lock-free take of slot content {@code s}, the sender {@code sw}'s, CASes into the slot:
   * the sender's thread, read from the select's stand-in where {@code s} is one
   * (Waiter.LazySendMark's {@code thread}), so that such a take reads nothing of the select's
   * record. Nor does it wake the select: a select standing in the slot spins until its outcome and
   * never parks there (selectSend).
   */
  private static Thread holder(Object s, Waiter sw) {
    return s == sw ? sw.thread : ((Waiter.LazySendMark) s).thread;
  }

  /**
   * A lock-free hand-off to a receiver waiting in the slot, with slots on: a plain receiver (it has
   * blocked, so any partner may give to it), or with {@code lazyToo} (a partner that would block
   * otherwise) a select standing there.
   *
   * @return true if given
   */
  private boolean giveReceiverLockFree(Object value, boolean lazyToo) {
    if (block.slot instanceof Waiter.RecvMark m
        && (lazyToo || !(m instanceof Waiter.LazyRecvMark))
        && slotMode == SLOTS_ON
        && SLOT.compareAndSet(block, m, null)) {
      giveReceiver(m.waiter, value);
      return true;
    }
    return false;
  }

  /**
   * Step 1b of a blocking select whose spin case is a send on this channel (see {@link
   * #selectReceive}): gives the value to a receiver waiting in the slot; or stands in the slot as a
   * sender that has not blocked yet (its LazySendMark, the value beside the slot) and spins on the
   * slot as a plain sender does, while no other case of the select looks ready.
   *
   * @param w the select's record
   * @param sc its scratch (spinActive and spinCase set)
   * @param value the value, not null
   * @return SENT or SEND_CLOSED (the case completed); SEND_NOT_READY (spun, then withdrew); or
   *     SEND_SLOW (nothing done: the caller's queue-based registration)
   */
  int selectSend(Waiter w, Waiter.Extras sc, Object value) {
    if (slotMode != SLOTS_ON || TestHooks.ON && queueLazilyHook) {
      return SEND_SLOW;
    }
    if (giveReceiverLockFree(value, true)) {
      return SENT;
    }
    if (block.slot != null || !slotsMayOpen() || Thread.currentThread().isInterrupted()) {
      return SEND_SLOW; // (see selectReceive)
    }
    w.clearParked();
    Waiter.LazySendMark mark = w.lazySendMark();
    if (TestHooks.ON) {
      TestHooks.run(selectPublishingHook);
    }
    if (!SLOT.compareAndSet(block, null, PUBLISHING)) { // fails on CLOSED_SLOT
      // Lost the slot: most often to a receiver that arrived together with this select.
      return giveReceiverLockFree(value, true) ? SENT : SEND_SLOW;
    }
    block.sendItem = value; // the slot is this sender's now: no other sender writes it
    if (!SLOT.compareAndSet(block, PUBLISHING, mark)) { // close() swapped the marker out
      block.sendItem = null;
      return SEND_SLOW;
    }
    if (TestHooks.ON) {
      TestHooks.run(selectPublishedHook);
    }
    if (!slotsStillOpen() && withdrawLazySender(mark)) {
      return SEND_SLOW; // a locked operation queued meanwhile, or slots off
    }
    Object o;
    long deadline = System.nanoTime() + Waiter.spinNanos(w.thread.isVirtual());
    for (int i = 1; ; i++) {
      if ((o = poll(w)) != Waiter.PENDING) {
        break;
      }
      if (i > Waiter.TIGHT_SPINS) {
        Thread.onSpinWait();
      }
      if ((i & 15) == 0 && (System.nanoTime() - deadline >= 0 || Selector.othersMayBeReady(sc))) {
        if (TestHooks.ON) {
          TestHooks.run(spinEndHook);
        }
        if (withdrawLazySender(mark)) {
          spinOutcome(true, true);
          return SEND_NOT_READY; // withdrawn: the select registers every case
        }
        // Taken by a partner or close(): its outcome follows within a few instructions (its
        // thread in the slot, or already the outcome).
      }
    }
    spinOutcome(true, false);
    return o == CLOSED ? SEND_CLOSED : SENT;
  }

  /*
   * Test hooks, for the LazySelect*HookTest classes only (see TestHooks): with queueLazilyHook set,
   * a select's spin case never stands in a slot (selectReceive and selectSend return at once), so
   * that a test reaches the queue-based lazy registration; a select about to stand in the slot
   * runs selectPublishingHook (if set) after its checks and before its publishing CAS,
   * selectPublishedHook right after that CAS, before its re-check and its spin, and spinEndHook
   * each time its spin ends unclaimed, before it withdraws, so that a test can act on the select in
   * those windows.
   */
  static volatile boolean queueLazilyHook;

  static volatile Runnable selectPublishingHook;

  static volatile Runnable selectPublishedHook;

  static volatile Runnable spinEndHook;

  /** A select's withdrawal of its send case from the slot (see withdrawSender). */
  private boolean withdrawLazySender(Waiter.LazySendMark mark) {
    if (!SLOT.compareAndSet(block, mark, mark.thread)) {
      return false;
    }
    block.sendItem = null;
    block.slot = null; // only the holder of the thread writes the slot (close() waits for it)
    return true;
  }

  /**
   * Whether a waiter may publish itself: both queues look empty, open, slots on, and spinning on
   * this channel has been paying off (a slot is for a partner that arrives while the waiter spins;
   * where partners are slow, Go's queue is the better place to park).
   */
  private boolean slotsMayOpen() {
    return slotMode == SLOTS_ON
        && looksEmpty(RECVQ)
        && looksEmpty(SENDQ)
        && !closed
        && spinAdvised()
        && blockReady();
  }

  /**
   * Makes the channel's own slot block, lock-free, when a plain operation (or a select spinning on
   * the channel) would publish for the first time (see the overview, "Moving the slot"): a channel
   * nobody waits on in the slot (one that is only polled or closed, say) never makes one.
   *
   * @return true unless close() came first (the channel's slot is then CLOSED_BLOCK's)
   */
  private boolean blockReady() {
    SlotBlock k = block;
    if (k == UNUSED) {
      BLOCK.compareAndSet(this, UNUSED, new SlotBlock()); // or another publisher's, or close()'s
      k = block;
    }
    return k != CLOSED_BLOCK;
  }

  /**
   * The same, read again after the publishing CAS: volatile reads, so that either this thread sees
   * a locked operation's queued node (or the slots off), or that operation sees the slot. Close
   * needs no check here: the CAS succeeded, so close() has not swapped the slot yet and will claim
   * this waiter when it does (see the overview).
   */
  private boolean slotsStillOpen() {
    return looksEmptyVolatile(RECVQ) && looksEmptyVolatile(SENDQ) && slotMode == SLOTS_ON;
  }

  /**
   * Completes a take of sender {@code s}, whose CAS left the sender's thread in the slot: reads and
   * clears the value beside the slot, then empties the slot (see the overview). The caller wakes
   * the sender ({@code s.wake()}), at once or, under the lock, after unlocking. A lock-free taker
   * ({@code mayMove}) counts the take, and at the end of an epoch may move the slots to another
   * block instead of emptying this one (see the overview, "Moving the slot").
   *
   * @return the value
   */
  private Object takeSender(Waiter s, boolean mayMove) {
    SlotBlock k = block; // the sender's: a held slot keeps its block current
    Object v = k.sendItem;
    k.sendItem = null; // before the slot empties: the next sender writes it after that
    if (GoroutineRegistry.ON) {
      s.markOutcome(); // for the deadlock detector; while the sender still waits for the slot
    }
    if (TestHooks.ON) {
      TestHooks.run(takingHook);
    }
    boolean epochEnds =
        mayMove
            && ((EPOCH_LOG != 0 && (++k.takes & EPOCH_MASK) == 0)
                || (TestHooks.ON && moveAtNextTakeHook));
    if (!epochEnds || !moveSlots(k)) {
      k.slot = null; // only the holder of the thread writes the slot (close() waits for it)
    }
    if (TestHooks.ON) {
      TestHooks.run(takenHook);
    }
    return v;
  }

  /**
   * At the end of an epoch, by a lock-free taker that holds block {@code k}'s slot (the sender's
   * thread there): times the epoch and, where the move policy says so, retires {@code k} and makes
   * another block current (see the overview, "Moving the slot"). Takes the lock only if it is free:
   * close() holds the lock while it waits for a held slot to empty.
   *
   * @return true if {@code k} was retired: its slot holds CLOSED_SLOT, not to be emptied
   */
  private boolean moveSlots(SlotBlock k) {
    if (!tryLock()) {
      return false;
    }
    try {
      SlotBlock to = nextBlock(k);
      if (to == null || slotMode != SLOTS_ON || closed) {
        return false;
      }
      retireAndSwitch(k, to);
      return true;
    } finally {
      unlock();
    }
  }

  /**
   * Lock held; {@code k} is current and its slot held by the caller (a sender's thread there):
   * retires {@code k} and makes {@code to} current. A block retired before (a champion taken back)
   * is reopened after the field points to it, never before: a sender that published into it while
   * the field still named {@code k} would read {@code k}'s closed slot as "sent" and return before
   * any receiver took its value.
   */
  private void retireAndSwitch(SlotBlock k, SlotBlock to) {
    k.slot = CLOSED_SLOT; // held by the caller: nobody else writes it
    boolean reopen = to.slot == CLOSED_SLOT;
    policy.moves++; // nextBlock made the policy
    block = to;
    if (reopen) {
      to.slot = null;
    }
  }

  /**
   * The move policy, lock held, at the end of an epoch on the current block {@code k}: the block to
   * move to, or null to stay (see the overview, "Moving the slot").
   */
  private SlotBlock nextBlock(SlotBlock k) {
    MovePolicy p = policy;
    if (p == null) {
      policy = p = new MovePolicy();
    }
    if (TestHooks.ON && moveAtNextTakeHook) {
      moveAtNextTakeHook = false;
      return new SlotBlock();
    }
    long now = System.nanoTime();
    long start = p.epochStart;
    p.epochStart = now;
    if (start == 0 || k != block) {
      return null;
    }
    long nanos = now - start;
    SlotBlock c = p.challenger;
    if (c == null) {
      int e = ++p.epochs - FIRST_TOURNAMENT;
      if (e >= 0 && e % TOURNAMENT_EVERY == 0) {
        p.champion = k;
        p.duels = 0;
        return startDuel(p);
      }
      return null;
    }
    if (k == c) {
      p.challengerNanos += nanos;
    } else if (k == p.champion) {
      p.championNanos += nanos;
    }
    if (++p.duelEpochs < 2 * DUEL_EPOCHS) {
      return k == c ? p.champion : c; // alternate, so that a drift of the workload cancels
    }
    if (p.challengerNanos * 20 < p.championNanos * 19) { // the challenger was 5% faster
      p.champion = c;
    }
    if (++p.duels < DUELS) {
      return startDuel(p);
    }
    SlotBlock best = p.champion;
    p.challenger = null;
    p.champion = null;
    return best == k ? null : best;
  }

  /*
   * Test hook, for WaitSlotMoveHookTest only (see TestHooks): the next lock-free take of a send
   * slot ends an epoch, and the policy answers with a new block (clearing the hook), so that a test
   * can place a move between other parties' steps.
   */
  static volatile boolean moveAtNextTakeHook;

  /**
   * Test hook (jcstress): makes the next lock-free take of the slot end an epoch that starts a
   * tournament, so that it moves the slot to a new block (unless the move finds the lock busy). No
   * effect with moving off (go4j.slotEpochLog=0).
   */
  void primeMoveForTest() {
    lock();
    try {
      if (blockReady()) {
        if (policy == null) {
          policy = new MovePolicy();
        }
        block.takes = EPOCH_MASK;
        policy.epochStart = System.nanoTime();
        policy.epochs = FIRST_TOURNAMENT - 1;
      }
    } finally {
      unlock();
    }
  }

  /** Test hook: the current slot block. */
  SlotBlock blockForTest() {
    return block;
  }

  /** Test hook: the moves this channel made, read under its lock. */
  int movesForTest() {
    lock();
    try {
      return policy == null ? 0 : policy.moves;
    } finally {
      unlock();
    }
  }

  /** Lock held: a new challenger for a duel against the champion; its first epoch comes first. */
  private static SlotBlock startDuel(MovePolicy p) {
    p.challengerNanos = 0;
    p.championNanos = 0;
    p.duelEpochs = 0;
    return p.challenger = new SlotBlock();
  }

  /*
   * Test hook, for SendSlotValueHookTest only (see TestHooks): a taker of the slot's sender
   * runs takenHook (if set) after it emptied the slot, so that a test can let the next sender
   * publish there before the taker returns (and see that the taker no longer touches the slot's
   * value then).
   */
  static volatile Runnable takenHook;

  /*
   * Test hook, for SendSlotFalseDeadlockTest only (see TestHooks): a taker of the slot's
   * sender runs takingHook (if set) after its markOutcome and before it empties the slot, so that
   * a test can let the sender look at the slot while the take is in progress (its thread there).
   */
  static volatile Runnable takingHook;

  /**
   * What a sender publishing in the slot holds it with while it writes its value beside it (see the
   * overview): never taken, never a waiter; close() may swap it out.
   */
  private static final Object PUBLISHING = new Object();

  /**
   * How many times a plain receive looks again at the slot it found PUBLISHING before it takes Go's
   * locked path (see the overview, "Arriving together"): the sender holds the marker for a store
   * and a CAS; a bound only for a sender that the OS descheduled there (a platform thread), ~1.5 us
   * of Thread.onSpinWait() at most.
   */
  private static final int PUBLISHING_LOOKS = 32;

  /**
   * The sender's own withdrawal from the slot: takes itself out as a receiver would (its thread
   * left there while it clears its value), so that no receiver can take a value it clears.
   *
   * @return true if withdrawn; false if a receiver or close() took it first (the outcome follows)
   */
  private boolean withdrawSender(Waiter w) {
    if (!SLOT.compareAndSet(block, w, w.thread)) {
      return false;
    }
    block.sendItem = null;
    block.slot = null; // only the holder of the thread writes the slot (close() waits for it)
    return true;
  }

  /**
   * Completes a send with a receiver taken from its slot (claiming it cannot fail): writes the
   * value, then claims with one atomic add (see takeSender).
   */
  private static void giveReceiver(Waiter r, Object value) {
    r.item = value; // published by the claim
    r.claimTaken();
    r.wake();
  }

  /**
   * Waits in the slot until claimed; on interrupt withdraws first and cancels only if the
   * withdrawal won (see the overview).
   *
   * @return the claim, or CANCELLED
   */
  private int awaitInRecvSlot(Waiter w) {
    boolean spin = w.canSpin() && spinAdvised(); // only a real spin is an outcome
    int s = w.awaitUntilInterrupted(spin, WaitReason.CHAN_RECEIVE, this);
    spinOutcome(spin, w.parked());
    if (s == Waiter.WAITING) {
      if (SLOT.compareAndSet(block, w.recvMark(), null) && w.tryCancel()) {
        return Waiter.CANCELLED; // withdrawn: nobody else held the wait
      }
      // Taken by a partner or close(), whose claim cannot fail and is on its way (see the
      // overview).
      s = w.status();
      if (s == Waiter.WAITING) {
        s = w.awaitUninterruptibly(WaitReason.CHAN_RECEIVE, this);
      }
      Thread.currentThread().interrupt(); // completed: keep the interrupt status
    }
    return s;
  }

  /**
   * Waits in the slot until a receiver took the value or close() closed the slot (see the overview,
   * "A sender"); on interrupt withdraws first and throws only if the withdrawal won.
   *
   * @throws InterruptedException if interrupted before a receiver or close() took the send
   * @throws ChannelClosedException if close() took the waiting sender
   */
  private void awaitInSendSlot(Waiter w) throws InterruptedException {
    boolean spin = w.canSpin() && spinAdvised(); // only a real spin is an outcome
    Object o = w.awaitOutcome(this, spin, true, WaitReason.CHAN_SEND, this);
    spinOutcome(spin, w.parked());
    if (o == Waiter.PENDING) { // interrupted
      if (withdrawSender(w)) {
        throw new InterruptedException(); // nobody else held the wait
      }
      // Taken by a receiver or close(): the outcome is on its way (see the overview).
      o = w.awaitOutcome(this, false, false, WaitReason.CHAN_SEND, this);
      Thread.currentThread().interrupt(); // completed: keep the interrupt status
    }
    if (o == CLOSED) {
      throw new ChannelClosedException();
    }
  }

  /**
   * The slot's outcome for its owner {@code w} (see the overview): PENDING while {@code w} stands
   * in the slot or a receiver is taking it (its thread there); CLOSED if close() swapped {@code w}
   * itself out ({@link #closedSender}); SENT otherwise: a receiver took it, and the slot then
   * emptied, or was closed by close() during the take or after it. Only its owner's withdrawal
   * takes {@code w} out otherwise, and the owner does not poll then.
   */
  @Override
  public Object poll(Waiter w) {
    Object s = block.slot;
    if (s == w || s == w.thread || w.isLazySendMark(s)) {
      return Waiter.PENDING; // (busy(w) tells the thread from the others)
    }
    if (s == CLOSED_SLOT && block.closedSender == w) {
      block.closedSender = null; // only w reads it: nothing of it stays reachable from the channel
      return CLOSED;
    }
    return SENT_OUTCOME;
  }

  /**
   * Whether the sender that owns {@code w} should spin rather than park (Waiter.Outcome): its
   * thread stands in the slot, i.e. a take (or close()) that holds the slot finishes within a few
   * instructions, without blocking. So a sender never parks after a taker found it; nor does it
   * count itself as blocked to the deadlock detector while a take that began before its fresh stamp
   * is in progress (registry on: that taker's mark found no open stamp; see Waiter.awaitOutcome).
   */
  @Override
  public boolean busy(Waiter w) {
    return block.slot == w.thread;
  }

  /**
   * The waiting sender that slot content {@code s} names: a plain sender's record, or with {@code
   * lazyToo} a select's that spins there (Waiter.LazySendMark); null for anything else (empty,
   * PUBLISHING, a sender's thread, a receiver, CLOSED_SLOT).
   */
  private static Waiter sender(Object s, boolean lazyToo) {
    if (s instanceof Waiter w) {
      return w == CLOSED_SLOT ? null : w;
    }
    return lazyToo && s instanceof Waiter.LazySendMark m ? m.waiter : null;
  }

  /** poll's outcome of a completed send. */
  private static final Object SENT_OUTCOME = new Object();

  /**
   * Go's locked receive, for a plain operation that could not use the slots.
   *
   * @return the value, CLOSED, or QUEUED (the caller waits: awaitReceive)
   */
  private Object receiveLocked() throws InterruptedException {
    if (TestHooks.ON) {
      TestHooks.run(lockedPathHook);
    }
    lock();
    Waiter w = null;
    for (; ; ) {
      boolean off = slotMode != SLOTS_ON; // read before the absorb (see absorbedAfterQueuing)
      Object v = recvLocked();
      if (v != NOT_READY) {
        reopenSlotsIfIdle();
        unlockAndWake();
        return v;
      }
      if (Thread.interrupted()) {
        unlock();
        throw new InterruptedException();
      }
      if (w == null) {
        w = currentLocked();
      }
      w.prepare(w.begin(), 0, null);
      w.firstInLine = isEmpty(RECVQ) && !(block.slot instanceof Waiter.RecvMark);
      if (TestHooks.ON) {
        TestHooks.run(queuingHook);
      }
      add(RECVQ, w);
      if (!off) { // a sender may stand in its slot after all (see absorbedAfterQueuing)
        VarHandle.fullFence(); // the queued node's head write, before the slot read
        v = takeSendSlotLocked();
        if (v != NOT_READY) {
          remove(RECVQ, w);
          reopenSlotsIfIdle();
          unlockAndWake();
          return v;
        }
      }
      break;
    }
    unlock();
    return QUEUED;
  }

  /**
   * Go's locked send, for a plain operation that could not use the slots.
   *
   * @return true if queued (the caller waits: awaitSend)
   */
  private boolean sendLocked0(Object value) throws InterruptedException {
    if (TestHooks.ON) {
      TestHooks.run(lockedPathHook);
    }
    lock();
    Waiter w = null;
    boolean absorbed = false; // a receiver absorbed after queuing stands first in recvq
    for (; ; ) {
      boolean off = slotMode != SLOTS_ON;
      int r = absorbed ? sendQueuedLocked(value) : sendLocked(value);
      if (r != SEND_NOT_READY) {
        reopenSlotsIfIdle();
        unlockAndWake();
        if (r == SEND_CLOSED) {
          throw new ChannelClosedException();
        }
        return false;
      }
      if (Thread.interrupted()) {
        unlock();
        throw new InterruptedException();
      }
      if (w == null) {
        w = currentLocked();
      }
      w.prepare(w.begin(), 0, value);
      w.firstInLine = isEmpty(SENDQ) && sender(block.slot, true) == null;
      if (TestHooks.ON) {
        TestHooks.run(queuingHook);
      }
      add(SENDQ, w);
      if (off || !absorbedAfterQueuing(RECVQ)) {
        break;
      }
      remove(SENDQ, w);
      absorbed = true;
      if (TestHooks.ON) {
        TestHooks.run(absorbedHook);
      }
    }
    unlock();
    return true;
  }

  /*
   * Test hook, for WaitSlotQueuingHookTest only (see TestHooks): a plain locked send or receive runs
   * queuingHook (if set) with the lock held, after its poll found nothing ready and before it
   * queues its node: the window in which a partner may publish in the slot unseen by that
   * poll, so that only the post-queuing fence and slot read (absorbedAfterQueuing) can bring the
   * two together. No race test hits that window reliably; the hook holds it open.
   */
  static volatile Runnable queuingHook;

  /*
   * Test hooks, for the WaitSlot*HookTest classes only (see TestHooks): a plain send or receive
   * about to publish in its slot runs publishingHook (if set) after its checks and before the
   * publishing CAS, and publishedHook right after a successful CAS, before its re-check: the windows
   * in which a close(), or a partner, may run unseen by those checks.
   */
  static volatile Runnable publishingHook;

  static volatile Runnable publishedHook;

  /*
   * Test hooks, for WaitSlotArrivalHookTest only (see TestHooks): a plain sender that holds the
   * slot with PUBLISHING runs publishingValueHook (if set) before it writes its value; a plain
   * receive that finds PUBLISHING there runs publisherSeenHook at its first look, before it waits
   * for the sender to stand in the slot; a plain send or receive runs lockedPathHook on entering
   * Go's locked path, so that a test can see which way a rendezvous went.
   */
  static volatile Runnable publishingValueHook;

  static volatile Runnable publisherSeenHook;

  static volatile Runnable lockedPathHook;

  /*
   * Test hook, for WaitSlotAbsorbHookTest only (see TestHooks): a plain locked send or receive whose
   * fence after queuing absorbed a waiter of the opposite direction from the slot runs absorbedHook (if set) with the
   * lock held, after it unqueued its own node and before it serves the absorbed waiter: the window
   * in which another partner of the absorbed waiter's direction may publish in the slot it left.
   */
  static volatile Runnable absorbedHook;

  /** The current thread's record, with the lock held: an OutOfMemoryError must not keep it. */
  private Waiter currentLocked() {
    try {
      return Waiter.current();
    } catch (Throwable e) {
      unlock();
      throw e;
    }
  }

  /**
   * After queuing a node (lock held): fences, then absorbs a waiter of the opposite direction
   * standing in the slot {@code opposite}, which did not see the node (see the overview). Not
   * needed, and skipped, when the slots were already off before the poll's absorb: a waiter that
   * still stands in a slot then published before they went off (its re-check read them on), so that
   * absorb saw it, and one that publishes later sees them off in its re-check and withdraws. They
   * cannot turn on again in between: only a lock holder turns them on, and only when both queues
   * are empty, so not before this node has left its queue (claimed, or cancelled under the lock); a
   * waiter that publishes after that no longer meets this node.
   *
   * <p>The caller serves the absorbed waiter next, first in its queue, without absorbing again. A
   * poll with its absorb (recvLocked, sendLocked), as this engine once ran here, let a newer
   * partner of the absorbed one's direction, which had published in the slot the absorb emptied and
   * not yet re-checked, overtake it: moved in front of it and served, while the absorbed one stayed
   * queued beside an older waiter in the other slot, the two waiting for each other for good (two
   * senders, a receive that lost the publishing race to a receiver standing in its slot; found in
   * review, WaitSlotAbsorbHookTest pins it). Served at once, the absorbed waiter never stays
   * queued, and the newer one withdraws at its re-check, which sees the other slot taken. (A locked
   * receive, which takes a sender from the slot instead, does the same step with takeSendSlotLocked
   * and returns the value at once: no absorbed sender ever stands queued.)
   *
   * @return true if one was absorbed: the caller must unqueue its node and serve it
   */
  private boolean absorbedAfterQueuing(int opposite) {
    VarHandle.fullFence(); // the queued node's head write, before the slot read
    return absorbLocked(opposite);
  }

  /**
   * Moves the receiver standing in the slot (its RecvMark) to the front of recvq ({@code q}, lock
   * held), where the caller's poll serves it at once: it is older than every node queued in its
   * direction. Only a locked send calls it (see the overview; a sender in the slot is taken by
   * takeSendSlotLocked instead). A closed channel's slot holds CLOSED_SLOT, which stays.
   *
   * @return true if a waiter was moved
   */
  private boolean absorbLocked(int q) {
    if (block.slot instanceof Waiter.RecvMark m
        && !(nonBlockingPoll && m instanceof Waiter.LazyRecvMark)
        && SLOT.compareAndSet(block, m, null)) {
      addFirst(q, m.waiter);
      return true;
    }
    return false;
  }

  /**
   * A locked receive's (or select's, or sync wait's) take of a sender standing in the slot (lock
   * held): the slot's sender is older than every node in sendq, so it is served first, and taken as
   * a lock-free receiver takes it (see the overview); woken after the unlock.
   *
   * @return the value, or NOT_READY if no sender waits in the slot
   */
  private Object takeSendSlotLocked() {
    Object o = block.slot;
    Waiter w = sender(o, !nonBlockingPoll);
    if (w != null && SLOT.compareAndSet(block, o, w.thread)) {
      Object v = takeSender(w, false);
      setPendingWake(w);
      return v;
    }
    return NOT_READY;
  }

  // ---------------------------------------------------------------------------------------------
  // The engine's primitives

  /**
   * Lock-free: NOT_READY if a receive is certainly not ready (Go's {@code empty(c) && !closed}): no
   * sender waits and the channel is open. The slot is read before the queue (a waiter only ever
   * moves from the slot to the queue), and emptiness before "not closed": the channel was then
   * empty and, since a channel never reopens, also not closed at that instant. Otherwise SLOW: take
   * the lock and look.
   */
  @Override
  Object recvFast() {
    return !(slotForPoll() instanceof Waiter) && looksEmpty(SENDQ) && !closed ? NOT_READY : SLOW;
  }

  /** The slot, as recvFast() reads it; then the poll hook (below). */
  private Object slotForPoll() {
    Object s = block.slot;
    if (TestHooks.ON) {
      TestHooks.run(pollSlotReadHook);
    }
    return s;
  }

  /*
   * Test hook, for PollReadOrderHookTest only (see TestHooks): recvFast() runs pollSlotReadHook (if
   * set) right after its read of the slot and before its read of the send queue, so that a test can
   * close the channel in between and see that the poll still reads "empty" before "not closed".
   */
  static volatile Runnable pollSlotReadHook;

  /**
   * A poll's lock-free take of the sender waiting in the slot (tryReceive, a select's poll; as a
   * plain receive takes it): a plain sender, which has blocked, for every poll; a select spinning
   * in the slot on a send case (see selectSend) only for a select's last poll ({@code claimLazy}: a
   * partner that would block otherwise). Any other poll passes over such a select: recvFast() reads
   * it as no sender. Else {@link #recvFast()}.
   */
  @Override
  Object recvFast(boolean claimLazy) {
    Object v = takeSlotSender(block.slot, claimLazy);
    return v != NOT_READY ? v : recvFast();
  }

  /**
   * Lock-free: SEND_NOT_READY if a send is certainly not ready (Go's {@code !closed && full(c)}):
   * "not closed" is read first, then "no receiver waits" (slot, then queue); all held at the last
   * read. Otherwise SEND_SLOW.
   */
  @Override
  int sendFast(Object value) {
    Object r;
    return !closed
            && (!((r = block.slot) instanceof Waiter.RecvMark) || r instanceof Waiter.LazyRecvMark)
            && looksEmpty(RECVQ)
        ? SEND_NOT_READY
        : SEND_SLOW;
  }

  /**
   * The send counterpart of {@link #recvFast(boolean)}: gives the value to a plain receiver waiting
   * in the slot, or for a select's last poll also to a select standing there.
   */
  @Override
  int sendFast(Object value, boolean claimLazy) {
    return giveReceiverLockFree(value, claimLazy) ? SENT : sendFast(value);
  }

  @Override
  Object recvLocked() {
    Object v = takeSendSlotLocked(); // a sender in its slot is served first
    if (v == NOT_READY) {
      v = recvQueuedLocked();
    }
    if (v != NOT_READY) {
      reopenSlotsIfIdle();
    }
    return v;
  }

  /** recvLocked without the absorb: serves the first live sender in sendq (lock held). */
  private Object recvQueuedLocked() {
    Node s = pollClaim(SENDQ);
    if (s != null) { // rendezvous with a blocked sender
      setPendingWake(s.owner);
      return takeClaimedItem();
    }
    return closed ? CLOSED : NOT_READY;
  }

  @Override
  int sendLocked(Object value) {
    if (closed) {
      return SEND_CLOSED;
    }
    absorbLocked(RECVQ); // a receiver in its slot: served by the poll below
    int r = sendQueuedLocked(value);
    if (r == SENT) {
      reopenSlotsIfIdle();
    }
    return r;
  }

  /** sendLocked without the closed check and the absorb: serves recvq's first live receiver. */
  private int sendQueuedLocked(Object value) {
    Node r = pollClaimReceiver(RECVQ, value);
    if (r != null) {
      setPendingWake(r.owner);
      return SENT;
    }
    return SEND_NOT_READY;
  }

  /**
   * A select's or a sync wait's poll before it may queue: turns the slots off (a volatile write,
   * then the slot's volatile read in recvLocked or sendLocked: a partner that published before is
   * taken or absorbed and served; a waiter of the select's own direction stays in the slot, older
   * than the select's node, and is served first), then polls. Every other change of an unbuffered
   * channel takes the lock.
   */
  @Override
  Object recvOrFreezeLocked() {
    freezeSlots();
    return recvLocked();
  }

  @Override
  int sendOrFreezeLocked(Object value) {
    freezeSlots();
    return sendLocked(value);
  }

  /** Turns the slots off (lock held) until a locked operation leaves both queues empty. */
  private void freezeSlots() {
    if (slotMode == SLOTS_ON) {
      slotMode = SLOTS_OFF; // only lock holders write anything but ON -> OFF, which CASes
    }
  }

  /**
   * Turns the slots off (lock-free) while several waiters of one direction are about: ON to OFF
   * only (a lock holder may have turned them off already).
   */
  private void pairsOnly() {
    if (TestHooks.ON) {
      TestHooks.run(pairsHook);
    }
    SLOT_MODE.compareAndSet(this, SLOTS_ON, SLOTS_OFF);
  }

  /*
   * Test hook, for WaitSlotPublishHookTest only (see TestHooks): a plain operation that read the
   * slots on and found a waiter of its own direction in the slot runs pairsHook (if set) before it
   * turns them off, so that a test can turn them off in between (a select's poll) and see that they
   * stay off while a receiver stays queued.
   */
  static volatile Runnable pairsHook;

  /**
   * After a locked operation completed (lock held): turns slots that are off (the pairs rule, a
   * select's or a sync wait's poll) on again once both queues are empty, for the pair that may
   * follow (the parties of a many-to-many channel on few carriers mostly run a pair at a time; a
   * select+cancel loop's selects stand in the slot again). Safe under the lock only: a locked
   * enqueuer that read them off skips its fence (see absorbedAfterQueuing), and it holds the lock
   * until its node is queued, so they cannot turn on while its node is in a queue.
   */
  private void reopenSlotsIfIdle() {
    if (slotMode == SLOTS_OFF && isEmpty(RECVQ) && isEmpty(SENDQ)) {
      slotMode = SLOTS_ON;
    }
  }

  @Override
  void syncLocked() {}

  /**
   * Marks the channel closed and closes the slot for good: it is swapped to CLOSED_SLOT, and a
   * receiver swapped out goes to the front of recvq for close() to claim (a sender is named in
   * closedSender; see the overview). The slot mode stays: a plain operation that then reads a slot
   * finds the marker and takes the locked path, which reports the close.
   */
  @Override
  void markClosedLocked() {
    closed = true;
    if (BLOCK.compareAndSet(this, UNUSED, CLOSED_BLOCK)) {
      return; // nobody ever published: no waiter in a slot (see blockReady)
    }
    for (int k = 0; ; k++) {
      Object o = block.slot;
      Waiter s = sender(o, true);
      if (s != null) {
        // A waiting sender: taken out as a receiver takes it (its thread left in the slot), so
        // that it keeps waiting until it is named (and, registry on, marked): its send fails.
        if (SLOT.compareAndSet(block, o, s.thread)) {
          block.sendItem = null;
          if (GoroutineRegistry.ON) {
            s.markOutcome(); // while the sender still waits
          }
          block.closedSender = s; // published by the write below
          block.slot = CLOSED_SLOT; // this thread holds the slot: nobody else writes it now
          s.wake(); // (with the lock held: close is rare)
          break;
        }
      } else if (o == null || o == PUBLISHING) {
        // Empty, or a sender still publishing (its CAS to its Waiter then fails: the locked path
        // reports the close).
        if (SLOT.compareAndSet(block, o, CLOSED_SLOT)) {
          break;
        }
      } else if (o instanceof Waiter.RecvMark m) {
        // A waiting receiver: to the front of recvq, where close() claims it.
        if (SLOT.compareAndSet(block, m, CLOSED_SLOT)) {
          addFirst(RECVQ, m.waiter);
          break;
        }
      } else {
        // A sender's thread: a take or the sender's own withdrawal in progress, whose holder
        // empties the slot within a few instructions, without blocking. Swapping it out would end
        // the sender's wait before the taker's markOutcome (registry on), which would then claim
        // the sender's next, unrelated wait (found in review: SendSlotStaleOutcomeTest).
        if ((k & 63) == 63) {
          Thread.yield(); // the holder's carrier may be descheduled
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }

  @Override
  boolean isClosed() {
    return closed;
  }

  @Override
  int buffered() {
    return 0;
  }

  @Override
  int slotted(int q) {
    Object w = block.slot;
    return (q == RECVQ ? w instanceof Waiter.RecvMark : sender(w, true) != null) ? 1 : 0;
  }

  /**
   * Test hook: whether the wait slots are off (a select or a sync wait polled the channel, or two
   * waiters of one direction met, until a locked operation leaves the queues empty).
   *
   * @return true if off
   */
  boolean slotsOff() {
    return slotMode != SLOTS_ON;
  }

  private static final VarHandle SLOT;
  private static final VarHandle SLOT_MODE;
  private static final VarHandle BLOCK;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      SLOT = l.findVarHandle(SlotBlockFields.class, "slot", Object.class);
      SLOT_MODE = l.findVarHandle(UnbufferedChan.class, "slotMode", int.class);
      BLOCK = l.findVarHandle(UnbufferedChan.class, "block", SlotBlock.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
