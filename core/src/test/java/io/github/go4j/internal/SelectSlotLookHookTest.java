package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitTrue;
import static io.github.go4j.GoTesting.queuedReceivers;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking select whose spin case is a receive on an unbuffered channel looks at the channel's
 * empty wait slot before it stands there itself, as a plain receive does (UnbufferedChan's
 * overview, "A receiver looks first"; selectReceive). Each test puts something into the slot from
 * the look's hook (lookingHook, run by the select as its look begins) and checks what the select
 * does with it: takes a sender, plain or another select, without ever standing in the slot; goes to
 * the queues behind a receiver that stood there first; reports a close; and that a look that ends
 * with the slot empty stands there as before, and still sees its other case become ready.
 *
 * <p>The select under test is the second of goroutine {@code g}: {@code s} (unbuffered, its value,
 * or 0 if closed) or {@code d} (a ring of 4, 10 + its value). The first takes a sender standing in
 * {@code s}'s slot (its poll, lock-free), which makes {@code s} the second's spin channel
 * (Selector, step 1b); the hook acts in the second only. The select publishing hook records every
 * select that reached its publishing CAS.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped. A virtual thread looks only where
 * it may spin (more than one carrier, spinNanos above 0): elsewhere the tests are skipped too.
 */
class SelectSlotLookHookTest {
  private final Channel<Integer> s = Channel.make();
  private final Channel<Integer> d = Channel.make(4);
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(s, "s");

  /** The goroutine under test, once its first select has completed: the hook acts for it only. */
  private final AtomicReference<Thread> looker = new AtomicReference<>();

  /** What the look's hook does, once, in the looker's thread. */
  private final AtomicReference<Runnable> atLook = new AtomicReference<>();

  private final Set<Thread> looked = ConcurrentHashMap.newKeySet();
  private final Set<Thread> published = ConcurrentHashMap.newKeySet();

  /** A sending select to hold right after its publishing CAS, once (its thread, then null). */
  private final AtomicReference<Thread> toHold = new AtomicReference<>();

  private final CountDownLatch senderStands = new CountDownLatch(1);
  private final CountDownLatch releaseSender = new CountDownLatch(1);

  @BeforeEach
  void hooksOn() {
    HookGate.assumeLooking();
    UnbufferedChan.lookingHook = HookGate.lookHook(looked, looker, atLook);
    UnbufferedChan.selectPublishingHook = () -> published.add(Thread.currentThread());
    UnbufferedChan.selectPublishedHook =
        () -> {
          if (toHold.compareAndSet(Thread.currentThread(), null)) {
            senderStands.countDown();
            await(releaseSender);
          }
        };
  }

  @AfterEach
  void hooksOff() {
    releaseSender.countDown();
    UnbufferedChan.lookingHook = null;
    UnbufferedChan.selectPublishingHook = null;
    UnbufferedChan.selectPublishedHook = null;
    if (!engine.isClosed()) {
      s.close(); // releases whatever a failed test left waiting
    }
  }

  /**
   * Starts {@code g}: a first select that receives 0 on s from a sender standing in the slot, then
   * the select under test, whose look runs {@code action}.
   *
   * <p>The sender stands in the slot before {@code g} starts, so that the first select's poll takes
   * it lock-free. (Until stop 55 this thread sent 0 after starting {@code g}: on a loaded machine
   * the first select's spin could end before the send, and its all-locks registration turned the
   * slots off, so that the second select went to the queues without looking: seen once.)
   */
  private Goroutine<Integer> looker(Runnable action) throws Exception {
    Goroutine<Void> first = senderInTheSlot(0);
    Goroutine<Integer> g =
        Goroutine.start(
            () -> {
              Select.select(s.onReceive(v -> v), d.onReceive(v -> -1));
              looker.set(Thread.currentThread());
              atLook.set(action);
              return Select.select(s.onReceiveOk((v, ok) -> ok ? v : 0), d.onReceive(v -> 10 + v));
            });
    first.join();
    return g;
  }

  /** Starts a goroutine that sends {@code v} on s and waits until it stands in the slot. */
  private Goroutine<Void> senderInTheSlot(int v) {
    Goroutine<Void> sender = Goroutine.run(() -> s.send(v));
    awaitTrue("a sender in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    return sender;
  }

  private void assertNothingWaits() {
    HookGate.assertIdle(engine);
    assertThat(queuedReceivers(d)).as("receivers queued on d").isZero();
  }

  @Test
  void aSenderThatArrivesDuringTheLookIsTakenAndTheSelectNeverPublishes() throws Exception {
    AtomicReference<Goroutine<Void>> sender = new AtomicReference<>();
    Goroutine<Integer> g = looker(() -> sender.set(senderInTheSlot(1)));
    assertThat(g.join()).isEqualTo(1);
    sender.get().join();
    assertThat(looked).as("the select looked").contains(g.thread());
    assertThat(published).as("the select never stood in the slot").doesNotContain(g.thread());
    assertNothingWaits();
  }

  /**
   * A sending select that stands in the slot during the look (held by its published hook, its spin
   * not begun) is taken through its stand-in, as a plain sender is (UnbufferedChan.holder: the
   * sender's thread from the stand-in, no wake-up); released, it finds its send done.
   */
  @Test
  void aSendingSelectThatStandsInTheSlotDuringTheLookIsTaken() throws Exception {
    // A go4j channel, not a latch: a park of another library would cost the goroutine its record
    // (Waiter.current), and with it the spin channel that its first select recorded.
    Channel<Integer> secondSend = Channel.make(1);
    Goroutine<Boolean> sender =
        Goroutine.start(
            () -> {
              Select.select(s.onSend(-5, () -> true), d.onReceive(v -> false));
              toHold.set(Thread.currentThread()); // its second select only
              secondSend.receive();
              return Select.select(s.onSend(5, () -> true), d.onReceive(v -> false));
            });
    assertThat(s.receive()).as("the sending select's first value").isEqualTo(-5);
    Goroutine<Integer> g =
        looker(
            () -> {
              assertThat(secondSend.trySend(1)).isTrue();
              await(senderStands);
              assertThat(engine.slotted(DualQueue.SENDQ)).as("its stand-in in the slot").isOne();
            });
    assertThat(g.join()).as("taken during the look").isEqualTo(5);
    releaseSender.countDown();
    assertThat(sender.join()).as("the sending select's case ran").isTrue();
    assertThat(published)
        .as("the looking select never stood in the slot")
        .doesNotContain(g.thread());
    assertNothingWaits();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(GoTesting.DEADLINE.toNanos(), TimeUnit.NANOSECONDS))
          .as("reached in time")
          .isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aLookThatEndsWithTheSlotEmptyPublishes() throws Exception {
    Goroutine<Integer> g = looker(() -> {});
    awaitTrue("the select stood in the slot", () -> published.contains(g.thread()));
    assertThat(looked).as("the select looked first").contains(g.thread());
    s.send(2);
    assertThat(g.join()).isEqualTo(2);
    assertNothingWaits();
  }

  /**
   * A receiver that stands in the slot during the look is older: the select goes to the queues
   * behind it (it does not stand in the slot), and the next send serves the other receiver first.
   */
  @Test
  void aReceiverThatStandsInTheSlotDuringTheLookIsServedFirst() throws Exception {
    AtomicReference<Goroutine<Integer>> other = new AtomicReference<>();
    Goroutine<Integer> g =
        looker(
            () -> {
              other.set(Goroutine.start(s::receive));
              awaitTrue(
                  "the other receiver stands in the slot",
                  () -> engine.slotted(DualQueue.RECVQ) == 1);
            });
    awaitTrue("the select registered on d", () -> queuedReceivers(d) == 1);
    assertThat(published).as("the select never stood in the slot").doesNotContain(g.thread());
    s.send(1);
    assertThat(other.get().join()).as("the receiver that stood there first").isEqualTo(1);
    s.send(2);
    assertThat(g.join()).as("the select, queued behind it").isEqualTo(2);
    assertNothingWaits();
  }

  @Test
  void aCloseDuringTheLookEndsTheSelectWithoutAPublication() throws Exception {
    Goroutine<Integer> g = looker(s::close);
    assertThat(g.join()).as("s's case, closed").isZero();
    assertThat(looked).as("the select looked").contains(g.thread());
    assertThat(published).as("the select never stood in the slot").doesNotContain(g.thread());
  }

  /**
   * The look watches only the slot; a case that becomes ready meanwhile is still seen: the select
   * stands in the slot after its look, its spin's peek finds d ready, and it runs d's case.
   */
  @Test
  void anotherCaseThatBecomesReadyDuringTheLookIsChosen() throws Exception {
    Goroutine<Integer> g = looker(() -> assertThat(d.trySend(3)).isTrue());
    assertThat(g.join()).as("d's case").isEqualTo(13);
    assertThat(looked).as("the select looked").contains(g.thread());
    assertNothingWaits();
  }
}
