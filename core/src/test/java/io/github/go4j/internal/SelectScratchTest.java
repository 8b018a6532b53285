package io.github.go4j.internal;

import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitQueuedSenders;
import static io.github.go4j.GoTesting.awaitTrue;
import static io.github.go4j.GoTesting.holdLock;
import static io.github.go4j.GoTesting.isQueuedOnLock;
import static io.github.go4j.GoTesting.releaseLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Select;
import org.junit.jupiter.api.Test;

/**
 * A select keeps its cases in the thread's scratch (a fixed-arity select copies each case's kind,
 * channel, value to send and body there; a varargs select keeps its array); every way out of a
 * select, by a case, the default or an exception, leaves the scratch holding no case, channel,
 * value or body, so a finished select keeps nothing reachable. One test per exit of Selector's
 * run(): each fails if that exit's clearing is left out.
 */
class SelectScratchTest {
  private final Channel<Integer> a = Channel.make();
  private final Channel<Integer> b = Channel.make();
  private final Channel<Integer> c = Channel.make();
  private final Channel<Integer> d = Channel.make();

  /**
   * The scratch of the thread's record is empty. It is the scratch the select used: a select sizes
   * it for at least four cases, a record made afresh would have none.
   */
  private static void assertScratchClear() {
    assertScratchClear(Waiter.current());
  }

  private static void assertScratchClear(Waiter record) {
    Waiter.Extras sc = record.scratch(0);
    assertThat(sc.caseNodes.length).as("scratch size").isGreaterThanOrEqualTo(4);
    assertThat(sc.array).as("a varargs select's cases").isNull();
    for (int i = 0; i < 4; i++) {
      assertThat(sc.chan(i)).as("channel %d", i).isNull();
      assertThat(sc.value(i)).as("value to send %d", i).isNull();
      assertThat(sc.body(i)).as("body %d", i).isNull();
    }
  }

  /**
   * Sizes the thread's scratch for four cases, as a select that reaches its locked poll does: a
   * fixed-arity select whose case is ready at the first poll completes from its arguments and never
   * touches the scratch, so its tests size it first, for assertScratchClear to check.
   */
  private static void sizeScratch() {
    Waiter.current().scratch(4);
  }

  /** A buffered channel holding {@code v}: its receive case is ready at the first poll. */
  private static Channel<Integer> holding(int v) throws InterruptedException {
    Channel<Integer> ch = Channel.make(1);
    ch.send(v);
    return ch;
  }

  /** Sends {@code v} on {@code ch} once a receiver (the select under test) is queued there. */
  private static Goroutine<Void> sendOnceAReceiverIsQueued(Channel<Integer> ch, int v) {
    return Goroutine.run(
        () -> {
          awaitQueuedReceivers(ch, 1);
          ch.send(v);
        });
  }

  @Test
  void aReceiveReadyAtThePoll() throws Exception {
    sizeScratch();
    Channel<Integer> ready = holding(1);
    assertThat(Select.<Integer>select(ready.onReceive(v -> v), b.onReceive(v -> -1))).isEqualTo(1);
    assertScratchClear();
  }

  @Test
  void aSendReadyAtThePoll() throws Exception {
    sizeScratch();
    Channel<Integer> room = Channel.make(1);
    assertThat(Select.<String>select(room.onSend(7, () -> "sent"), b.onReceive(v -> "b")))
        .isEqualTo("sent");
    assertScratchClear();
    assertThat(room.receive()).isEqualTo(7);
  }

  @Test
  void aSendOnAClosedChannelAtThePoll() {
    sizeScratch();
    Channel<Integer> closed = Channel.make(1);
    closed.close();
    assertThatThrownBy(() -> Select.select(closed.onSend(7, () -> "sent"), b.onReceive(v -> "b")))
        .isInstanceOf(ChannelClosedException.class);
    assertScratchClear();
  }

  /**
   * The locked poll's "send on a closed channel" exit: the channel is closed after the first poll
   * found the send not ready, while the select waits for the lock of its other channel (held by the
   * test, made first so that its lock is taken first).
   */
  @Test
  void aSendOnAChannelClosedBetweenThePolls() throws Exception {
    Channel<Integer> first = Channel.make();
    Channel<Integer> target = Channel.make();
    holdLock(first);
    Goroutine<Boolean> g;
    try {
      g =
          Goroutine.start(
              () -> {
                try {
                  Select.select(target.onSend(1, () -> "sent"), first.onReceive(v -> "first"));
                  return false;
                } catch (ChannelClosedException e) {
                  assertScratchClear();
                  return true;
                }
              });
      awaitTrue("the select waits for the lock", () -> isQueuedOnLock(first, g.thread()));
      target.close();
    } finally {
      releaseLock(first);
    }
    assertThat(g.join()).as("threw ChannelClosedException").isTrue();
  }

  /**
   * A fixed-arity select whose case is ready at the first poll leaves the scratch of a thread that
   * never selected before unsized (it polled straight from its arguments) and records the case's
   * channel for the next select's spin.
   */
  @Test
  void aCaseReadyAtThePollLeavesTheScratchUntouched() throws Exception {
    Channel<Integer> ready = holding(5);
    Goroutine<Waiter> g =
        Goroutine.start(
            () -> {
              assertThat(Select.<Integer>select(b.onReceive(v -> -1), ready.onReceive(v -> v)))
                  .isEqualTo(5);
              return Waiter.current();
            });
    Waiter record = g.join();
    Waiter.Extras sc = record.extras();
    assertThat(sc.caseNodes).as("scratch never sized").isEmpty();
    assertThat(sc.chan(0)).as("no case recorded").isNull();
    assertThat(sc.chan(1)).as("no case recorded").isNull();
    assertThat(sc.lastWon).as("the ready case's channel").isEqualTo(Chan.of(ready, "ready").id);
  }

  @Test
  void theDefaultAfterTheLockedPoll() throws Exception {
    assertThat(
            Select.<String>select(
                a.onReceive(v -> "a"), b.onSend(2, () -> "b"), Select.onDefault(() -> "default")))
        .isEqualTo("default");
    assertScratchClear();
  }

  @Test
  void theFourthOfFourCases() throws Exception {
    sizeScratch();
    Channel<Integer> ready = holding(4);
    assertThat(
            Select.<Integer>select(
                a.onReceive(v -> 1),
                b.onReceive(v -> 2),
                c.onReceive(v -> 3),
                ready.onReceive(v -> v)))
        .isEqualTo(4);
    assertScratchClear();
  }

  @Test
  void theDefaultWhenEveryChannelIsNil() throws Exception {
    Channel<Integer> nil = Channel.nil();
    assertThat(
            Select.<String>select(
                nil.onReceive(v -> "r"),
                nil.onSend(1, () -> "s"),
                Select.onDefault(() -> "default")))
        .isEqualTo("default");
    assertScratchClear();
  }

  @Test
  void onlyNilChannelsBlockForeverUntilInterrupted() {
    Channel<Integer> nil = Channel.nil();
    Waiter record = Waiter.current(); // parking forever replaces the thread's record: keep it
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Select.select(nil.onReceive(v -> "r"), nil.onSend(1, () -> "s")))
        .isInstanceOf(InterruptedException.class);
    assertScratchClear(record);
  }

  @Test
  void oneCaseLeftBesidesANilChannel() throws Exception {
    Channel<Integer> nil = Channel.nil();
    Channel<Integer> ready = holding(6);
    assertThat(Select.<Integer>select(nil.onReceive(v -> -1), ready.onReceive(v -> v)))
        .isEqualTo(6);
    assertScratchClear();
  }

  @Test
  void twoDefaults() {
    assertThatThrownBy(
            () ->
                Select.select(
                    Select.onDefault(() -> 1), Select.onDefault(() -> 2), a.onReceive(v -> v)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("select: multiple defaults");
    assertScratchClear();
  }

  @Test
  void aNullCaseAmongManyIsReportedAndTheCasesBeforeItForgotten() {
    assertThatThrownBy(
            () ->
                Select.select(
                    a.onReceive(v -> 1),
                    b.onReceive(v -> 2),
                    c.onReceive(v -> 3),
                    d.onReceive(v -> 4),
                    null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("select case must not be null");
    assertScratchClear();
  }

  @Test
  void manyCasesOneReady() throws Exception {
    Channel<Integer> ready = holding(5);
    assertThat(
            Select.<Integer>select(
                a.onReceive(v -> 1),
                b.onReceive(v -> 2),
                c.onReceive(v -> 3),
                d.onReceive(v -> 4),
                ready.onReceive(v -> v)))
        .isEqualTo(5);
    assertScratchClear();
  }

  @Test
  void interruptedBeforeBlocking() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Select.select(a.onReceive(v -> v), b.onReceive(v -> v)))
        .isInstanceOf(InterruptedException.class);
    assertScratchClear();
  }

  @Test
  void blockedThenReceived() throws Exception {
    Goroutine<Void> sender = sendOnceAReceiverIsQueued(a, 9);
    assertThat(Select.<Integer>select(a.onReceive(v -> v), b.onReceive(v -> -1))).isEqualTo(9);
    assertScratchClear();
    sender.join();
  }

  @Test
  void manyCasesBlockedThenReceived() throws Exception {
    Channel<Integer> e = Channel.make();
    Goroutine<Void> sender = sendOnceAReceiverIsQueued(e, 10);
    assertThat(
            Select.<Integer>select(
                a.onReceive(v -> 1),
                b.onReceive(v -> 2),
                c.onReceive(v -> 3),
                d.onReceive(v -> 4),
                e.onReceive(v -> v)))
        .isEqualTo(10);
    assertScratchClear();
    sender.join();
  }

  /**
   * A fixed-arity select keeps its poll order packed in the scratch and a varargs select in an
   * array: a varargs select after a fixed-arity one that blocked (in the same goroutine) must read
   * its own order, or it would poll and register the earlier select's cases (e's, the fifth,
   * never).
   */
  @Test
  void aManyCaseSelectAfterATwoCaseSelectThatBlockedRegistersEveryCase() throws Exception {
    Channel<Integer> e = Channel.make();
    Goroutine<Integer> g =
        Goroutine.start(
            () -> {
              int first = Select.<Integer>select(a.onReceive(v -> v), b.onReceive(v -> -1));
              int second =
                  Select.<Integer>select(
                      a.onReceive(v -> 1),
                      b.onReceive(v -> 2),
                      c.onReceive(v -> 3),
                      d.onReceive(v -> 4),
                      e.onReceive(v -> v));
              return first * 100 + second;
            });
    awaitQueuedReceivers(a, 1);
    a.send(9);
    awaitQueuedReceivers(e, 1);
    e.send(10);
    assertThat(g.join()).isEqualTo(910);
  }

  @Test
  void blockedThenSent() throws Exception {
    Goroutine<Integer> receiver = Goroutine.start(() -> awaitQueuedSendersThenReceive(a));
    assertThat(Select.<String>select(a.onSend(8, () -> "sent"), b.onReceive(v -> "b")))
        .isEqualTo("sent");
    assertScratchClear();
    assertThat(receiver.join()).isEqualTo(8);
  }

  private static Integer awaitQueuedSendersThenReceive(Channel<Integer> ch) throws Exception {
    awaitQueuedSenders(ch, 1);
    return ch.receive();
  }

  @Test
  void blockedThenClosedUnderASend() throws Exception {
    Goroutine<Void> closer =
        Goroutine.run(
            () -> {
              awaitQueuedSenders(a, 1);
              a.close();
            });
    assertThatThrownBy(() -> Select.select(a.onSend(8, () -> "sent"), b.onReceive(v -> "b")))
        .isInstanceOf(ChannelClosedException.class);
    assertScratchClear();
    closer.join();
  }

  @Test
  void blockedThenInterrupted() throws Exception {
    Thread me = Thread.currentThread();
    Goroutine<Void> interrupter =
        Goroutine.run(
            () -> {
              awaitQueuedReceivers(a, 1);
              me.interrupt();
            });
    assertThatThrownBy(() -> Select.select(a.onReceive(v -> v), b.onReceive(v -> v)))
        .isInstanceOf(InterruptedException.class);
    assertScratchClear();
    interrupter.join();
  }
}
