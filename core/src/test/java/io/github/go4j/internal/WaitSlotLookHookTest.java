package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A plain receive that finds an unbuffered channel's wait slot empty looks at the slot before it
 * publishes itself there (UnbufferedChan's overview, "A receiver looks first"). Each test puts
 * something into the slot from the look's hook (lookingHook, run by the receiver as its look
 * begins) and checks what the receiver does with it: takes a sender without ever publishing, queues
 * behind another receiver that published first, reports a close; and that a look that ends with the
 * slot empty publishes as before. The publishing hook records every receiver that reached its
 * publishing CAS.
 *
 * <p>Runs in the surefire execution {@code test-hooks} (a JVM with {@code -Dgo4j.testHooks=true});
 * elsewhere the hooks are compiled out and the tests are skipped. A virtual thread looks only where
 * it may spin (more than one carrier, spinNanos above 0): elsewhere the tests are skipped too.
 */
class WaitSlotLookHookTest {
  private final Channel<Integer> c = Channel.make();
  private final UnbufferedChan<?> engine = (UnbufferedChan<?>) Chan.of(c, "c");

  /** The receiver under test: the hook acts for it only. */
  private final AtomicReference<Thread> looker = new AtomicReference<>();

  /** What the look's hook does, once, in the looker's thread. */
  private final AtomicReference<Runnable> atLook = new AtomicReference<>();

  private final Set<Thread> looked = ConcurrentHashMap.newKeySet();
  private final Set<Thread> published = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void hooksOn() {
    HookGate.assumeLooking();
    UnbufferedChan.lookingHook = HookGate.lookHook(looked, looker, atLook);
    UnbufferedChan.publishingHook = () -> published.add(Thread.currentThread());
  }

  @AfterEach
  void hooksOff() {
    UnbufferedChan.lookingHook = null;
    UnbufferedChan.publishingHook = null;
    if (!engine.isClosed()) {
      c.close(); // releases whatever a failed test left waiting
    }
  }

  /** Starts the receiver under test, {@code body} in a goroutine whose look runs {@code action}. */
  private <T> Goroutine<T> looker(Callable<T> body, Runnable action) throws InterruptedException {
    atLook.set(action);
    return HookGate.startAfter(looker::set, body);
  }

  /** Starts a goroutine that sends {@code v} on {@code c} and waits until it stands in the slot. */
  private Goroutine<Void> senderInTheSlot(int v) {
    Goroutine<Void> s = Goroutine.run(() -> c.send(v));
    awaitTrue("a sender in the slot", () -> engine.slotted(DualQueue.SENDQ) == 1);
    return s;
  }

  @Test
  void aSenderThatArrivesDuringTheLookIsTakenAndTheReceiverNeverPublishes() throws Exception {
    AtomicReference<Goroutine<Void>> sender = new AtomicReference<>();
    Goroutine<Integer> r = looker(c::receive, () -> sender.set(senderInTheSlot(1)));
    assertThat(r.join()).isEqualTo(1);
    sender.get().join();
    assertThat(looked).as("the receiver looked").contains(r.thread());
    assertThat(published).as("the receiver never published").doesNotContain(r.thread());
    HookGate.assertIdle(engine);
  }

  @Test
  void aLookThatEndsWithTheSlotEmptyPublishesAndWaitsThere() throws Exception {
    Goroutine<Integer> r = looker(c::receive, () -> {});
    awaitTrue("the receiver in the slot", () -> engine.slotted(DualQueue.RECVQ) == 1);
    assertThat(looked).as("the receiver looked").contains(r.thread());
    assertThat(published).as("then published").contains(r.thread());
    c.send(2);
    assertThat(r.join()).isEqualTo(2);
    HookGate.assertIdle(engine);
  }

  /**
   * Another receiver that publishes during the look is older: the looker finds it there, applies
   * the pairs rule and queues behind it (it does not look again, nor publish), and the next send
   * serves the other receiver first.
   */
  @Test
  void aReceiverThatPublishesDuringTheLookIsServedFirst() throws Exception {
    AtomicReference<Goroutine<Integer>> other = new AtomicReference<>();
    Goroutine<Integer> r =
        looker(
            c::receive,
            () -> {
              other.set(Goroutine.start(c::receive));
              awaitTrue("the other receiver in the slot", () -> published.size() == 1);
              awaitTrue(
                  "the other receiver stands there", () -> engine.slotted(DualQueue.RECVQ) == 1);
            });
    GoTesting.awaitQueuedReceivers(c, 2);
    assertThat(published).as("the looker never published").doesNotContain(r.thread());
    c.send(1);
    assertThat(other.get().join()).as("the receiver that published first").isEqualTo(1);
    c.send(2);
    assertThat(r.join()).as("the looker, queued behind it").isEqualTo(2);
    HookGate.assertIdle(engine);
  }

  @Test
  void aCloseDuringTheLookEndsTheReceiveWithoutAPublication() throws Exception {
    Goroutine<Received<Integer>> r = looker(c::receiveOk, c::close);
    assertThat(r.join().ok()).as("closed").isFalse();
    assertThat(looked).as("the receiver looked").contains(r.thread());
    assertThat(published).as("the receiver never published").doesNotContain(r.thread());
  }

  /** An interrupt that comes during the look is reported before the receiver would publish. */
  @Test
  void anInterruptDuringTheLookIsThrownBeforePublishing() throws Exception {
    Goroutine<Integer> r = looker(c::receive, () -> Thread.currentThread().interrupt());
    assertThat(r.failure()).isInstanceOf(InterruptedException.class);
    assertThat(published).as("the receiver never published").doesNotContain(r.thread());
    HookGate.assertIdle(engine);
  }
}
