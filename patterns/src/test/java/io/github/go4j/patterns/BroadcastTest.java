package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Broadcast.SlowSubscriberPolicy;
import io.github.go4j.patterns.Broadcast.Subscription;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Broadcast}: one behaviour per test. Where a test needs a goroutine to be blocked, it waits
 * (bounded polling) for the goroutine's thread to be parked, then checks the channel state that
 * proves where it is blocked; no outcome depends on a sleep.
 */
class BroadcastTest {
  private static final SlowSubscriberPolicy BLOCK = SlowSubscriberPolicy.BLOCK;
  private static final SlowSubscriberPolicy DROP = SlowSubscriberPolicy.DROP_NEWEST;

  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Leaks.baseline();
  }

  @AfterEach
  void noGoroutineLeft() {
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void everySubscriberReceivesEveryValueInOrder() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(16, BLOCK);
    List<Subscription<Integer>> subs = List.of(b.subscribe(), b.subscribe(), b.subscribe());
    for (int i = 0; i < 10; i++) {
      b.publish(i);
    }
    b.close();
    for (Subscription<Integer> s : subs) {
      assertThat(drain(s.channel())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
  }

  @Test
  void subscriberAddedLaterGetsOnlyLaterValues() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(8, BLOCK);
    Subscription<Integer> early = b.subscribe();
    b.publish(1);
    b.publish(2);
    Subscription<Integer> late = b.subscribe();
    b.publish(3);
    b.close();
    assertThat(drain(early.channel())).containsExactly(1, 2, 3);
    assertThat(drain(late.channel())).containsExactly(3);
  }

  @Test
  void unsubscribeClosesItsChannelAfterTheBufferedValues() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(4, BLOCK);
    Subscription<Integer> leaving = b.subscribe();
    Subscription<Integer> staying = b.subscribe();
    b.publish(1);
    b.publish(2);
    leaving.unsubscribe();
    leaving.unsubscribe(); // idempotent
    b.publish(3);
    assertThat(b.subscribers()).isEqualTo(1);
    assertThat(drain(leaving.channel())).containsExactly(1, 2);
    assertThat(staying.channel().tryReceive()).contains(new Received<>(1, true));
    b.close();
  }

  @Test
  void closingASubscriptionUnsubscribes() throws Exception {
    Broadcast<String> b = new Broadcast<>(1, BLOCK);
    ReceiveChannel<String> ch;
    try (Subscription<String> s = b.subscribe()) {
      ch = s.channel();
      b.publish("a");
    }
    assertThat(b.subscribers()).isZero();
    assertThat(drain(ch)).containsExactly("a");
  }

  @Test
  void unsubscribeReleasesAPublisherBlockedOnIt() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(1, BLOCK);
    Subscription<Integer> slow = b.subscribe();
    Spawned<Void> publisher =
        spawn(
            () -> {
              b.publish(0);
              b.publish(1); // blocks: slow's buffer holds 0
              return null;
            });
    awaitBlocked(publisher.thread);
    assertThat(slow.channel().len()).isEqualTo(1);
    slow.unsubscribe();
    publisher.join();
    assertThat(drain(slow.channel())).containsExactly(0);
    b.close();
  }

  @Test
  void blockPolicyHoldsThePublisherWhileABufferIsFull() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(2, BLOCK);
    Subscription<Integer> slow = b.subscribe();
    Channel<Integer> published = Channel.make(5);
    Spawned<Void> publisher =
        spawn(
            () -> {
              for (int i = 0; i < 5; i++) {
                b.publish(i);
                published.send(i);
              }
              return null;
            });
    awaitBlocked(publisher.thread); // publishing 2: the buffer holds 0 and 1
    assertThat(published.len()).as("publishes completed while the buffer is full").isEqualTo(2);
    assertThat(slow.channel().len()).isEqualTo(2);
    assertThat(slow.channel().receive()).isEqualTo(0); // room for one more
    assertThat(published.receive()).isEqualTo(0);
    assertThat(published.receive()).isEqualTo(1);
    assertThat(published.receive()).isEqualTo(2);
    awaitBlocked(publisher.thread); // publishing 3: the buffer holds 1 and 2
    assertThat(published.len()).isZero();
    assertThat(drainN(slow.channel(), 4)).containsExactly(1, 2, 3, 4);
    publisher.join();
    assertThat(slow.dropped()).isZero();
    b.close();
  }

  @Test
  void dropPolicyCountsExactlyTheValuesThatDidNotFit() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(4, DROP);
    Subscription<Integer> slow = b.subscribe();
    Subscription<Integer> fast = b.subscribe();
    Channel<Integer> got = Channel.make();
    Spawned<Void> reader =
        spawn(
            () -> {
              for (Integer v : fast.channel()) {
                got.send(v);
              }
              return null;
            });
    List<Integer> fastValues = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      b.publish(i); // never blocks under DROP_NEWEST
      fastValues.add(got.receive()); // the fast reader took it: its buffer is empty again
    }
    b.close();
    reader.join();
    assertThat(fastValues).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(fast.dropped()).isZero();
    assertThat(slow.dropped()).isEqualTo(6);
    assertThat(drain(slow.channel())).containsExactly(0, 1, 2, 3);
  }

  @Test
  void closeClosesEverySubscriberChannel() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(2, BLOCK);
    Subscription<Integer> s1 = b.subscribe();
    Subscription<Integer> s2 = b.subscribe();
    b.publish(7);
    b.close();
    b.close(); // idempotent
    assertThat(b.subscribers()).isZero();
    assertThat(drain(s1.channel())).containsExactly(7);
    assertThat(drain(s2.channel())).containsExactly(7);
  }

  @Test
  void subscribingAfterCloseGivesAClosedChannel() {
    Broadcast<Integer> b = new Broadcast<>(2, BLOCK);
    b.close();
    Subscription<Integer> s = b.subscribe();
    assertThat(s.channel().tryReceive()).contains(Received.closed());
    assertThat(b.subscribers()).isZero();
    s.unsubscribe(); // harmless
  }

  @Test
  void publishAfterCloseThrowsSendOnClosedChannel() {
    Broadcast<Integer> b = new Broadcast<>(2, DROP);
    b.close();
    assertThatThrownBy(() -> b.publish(1))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessage("send on closed channel");
    assertThatThrownBy(() -> b.publish(Context.background(), 1))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessage("send on closed channel");
  }

  @Test
  void closeReleasesAPublisherBlockedOnASubscriber() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(0, BLOCK);
    Subscription<Integer> s = b.subscribe();
    Spawned<Void> publisher =
        spawn(
            () -> {
              b.publish(1); // unbuffered, nobody receives: blocks
              return null;
            });
    awaitBlocked(publisher.thread);
    b.close();
    publisher.join(); // returns normally: close unsubscribed the subscriber it waited for
    assertThat(s.channel().receiveOk()).isEqualTo(Received.closed());
  }

  @Test
  void publishWithADoneContextReturnsFalseAndPublishesNothing() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(4, BLOCK);
    Subscription<Integer> s = b.subscribe();
    CancelableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThat(b.publish(ctx, 1)).isFalse();
    assertThat(s.channel().len()).isZero();
    assertThat(b.publish(Context.background(), 2)).isTrue();
    assertThat(s.channel().receive()).isEqualTo(2);
    b.close();
  }

  @Test
  void publishGivesUpWhenItsContextIsCanceledWhileBlocked() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(1, BLOCK);
    Subscription<Integer> s = b.subscribe();
    b.publish(1);
    CancelableContext ctx = Context.withCancel(Context.background());
    Spawned<Boolean> publisher = spawn(() -> b.publish(ctx, 2)); // blocks: the buffer holds 1
    awaitBlocked(publisher.thread);
    ctx.cancel();
    assertThat(publisher.join()).isFalse();
    assertThat(s.channel().receive()).isEqualTo(1);
    b.publish(3); // the turn was given back
    b.close();
    assertThat(drain(s.channel())).containsExactly(3);
  }

  @Test
  void aPublisherWaitingForItsTurnGivesUpWhenItsContextIsCanceled() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(0, BLOCK);
    Subscription<Integer> s = b.subscribe();
    Spawned<Void> first =
        spawn(
            () -> {
              b.publish(1); // holds the turn while s does not receive
              return null;
            });
    awaitBlocked(first.thread);
    CancelableContext ctx = Context.withCancel(Context.background());
    Spawned<Boolean> second = spawn(() -> b.publish(ctx, 2));
    awaitBlocked(second.thread);
    ctx.cancel();
    assertThat(second.join()).isFalse();
    assertThat(s.channel().receive()).isEqualTo(1);
    first.join();
    b.close();
    assertThat(s.channel().receiveOk()).isEqualTo(Received.closed());
  }

  @Test
  void anInterruptedPublisherThrowsAndGivesBackItsTurn() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(1, BLOCK);
    Subscription<Integer> s = b.subscribe();
    b.publish(1);
    Spawned<Void> publisher =
        spawn(
            () -> {
              b.publish(2); // blocks: the buffer holds 1
              return null;
            });
    awaitBlocked(publisher.thread);
    publisher.thread.interrupt();
    assertThatThrownBy(publisher::join).isInstanceOf(InterruptedException.class);
    assertThat(s.channel().receive()).isEqualTo(1);
    b.publish(3);
    b.close();
    assertThat(drain(s.channel())).containsExactly(3);
  }

  @Test
  void subscriptionChannelWorksInSelect() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(1, BLOCK);
    Subscription<Integer> s = b.subscribe();
    Channel<Integer> other = Channel.make(1);
    b.publish(1);
    String r1 =
        Select.select(s.channel().onReceive(v -> "sub " + v), other.onReceive(v -> "other"));
    other.send(2);
    String r2 =
        Select.select(s.channel().onReceive(v -> "sub " + v), other.onReceive(v -> "other " + v));
    b.close();
    String r3 =
        Select.select(
            s.channel().onReceiveOk((v, ok) -> "sub ok=" + ok), other.onReceive(v -> "other"));
    assertThat(List.of(r1, r2, r3)).containsExactly("sub 1", "other 2", "sub ok=false");
  }

  @Test
  void aSubscriberAddedDuringABlockedPublishDoesNotGetThatValue() throws Exception {
    Broadcast<Integer> b = new Broadcast<>(1, BLOCK);
    Subscription<Integer> slow = b.subscribe();
    b.publish(1);
    Spawned<Void> publisher =
        spawn(
            () -> {
              b.publish(2); // blocks on slow
              return null;
            });
    awaitBlocked(publisher.thread);
    Subscription<Integer> late = b.subscribe();
    assertThat(slow.channel().receive()).isEqualTo(1);
    publisher.join();
    assertThat(slow.channel().receive()).isEqualTo(2);
    b.publish(3);
    b.close();
    assertThat(drain(late.channel())).containsExactly(3);
    assertThat(drain(slow.channel())).containsExactly(3);
  }

  @Test
  void nullsAndBadArgumentsAreRefused() {
    Broadcast<Integer> b = new Broadcast<>(1, BLOCK);
    assertThatThrownBy(() -> b.publish(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value must not be null");
    assertThatThrownBy(() -> b.publish(Context.background(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value must not be null");
    assertThatThrownBy(() -> b.publish(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context ctx must not be null");
    assertThatThrownBy(() -> new Broadcast<Integer>(-1, BLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buffer must be >= 0: -1");
    assertThatThrownBy(() -> new Broadcast<Integer>(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("policy must not be null");
  }

  @Test
  void concurrentPublishesAreSerializedInOneOrderForAll() throws Exception {
    int n = 1000;
    Broadcast<Integer> b = new Broadcast<>(8, BLOCK);
    List<Spawned<List<Integer>>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Subscription<Integer> s = b.subscribe();
      readers.add(spawn(() -> drain(s.channel())));
    }
    List<Spawned<Void>> publishers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      int base = p * n;
      publishers.add(
          spawn(
              () -> {
                for (int i = 0; i < n; i++) {
                  b.publish(base + i);
                }
                return null;
              }));
    }
    for (Spawned<Void> p : publishers) {
      p.join();
    }
    b.close();
    List<Integer> first = readers.get(0).join();
    List<Integer> second = readers.get(1).join();
    assertThat(first).hasSize(2 * n).isEqualTo(second);
    assertThat(first.stream().filter(v -> v < n).toList()).isSorted().hasSize(n);
    assertThat(first.stream().filter(v -> v >= n).toList()).isSorted().hasSize(n);
  }

  @Test
  void subscribersChurningWhileBlockingPublishesSeeGapFreeRuns() throws Exception {
    assertChurn(BLOCK, true);
  }

  @Test
  void subscribersChurningWhileDroppingPublishesSeeIncreasingRuns() throws Exception {
    assertChurn(DROP, false);
  }

  /**
   * 10^4 values published while 4 goroutines subscribe, receive 1 to 10 values, unsubscribe, drain
   * what is left in the buffer, and start again, until the broadcast is closed. Each run must be
   * increasing, and gap-free when nothing is dropped. Short runs and a buffer of 1 make
   * unsubscribes frequent and keep the publisher often blocked on a subscriber, so they race its
   * sends (closing a channel the publisher is sending to fails this test with "send on closed
   * channel").
   */
  private void assertChurn(SlowSubscriberPolicy policy, boolean gapFree) throws Exception {
    int values = 10_000;
    int churnerCount = 4;
    Broadcast<Integer> b = new Broadcast<>(1, policy);
    Channel<Unit> subscribed = Channel.make(churnerCount);
    List<Spawned<Integer>> churners = new ArrayList<>();
    for (int c = 0; c < churnerCount; c++) {
      churners.add(
          spawn(
              () -> {
                int total = 0;
                for (int run = 0; ; run++) {
                  try (Subscription<Integer> s = b.subscribe()) {
                    if (run == 0) {
                      subscribed.send(Unit.VALUE);
                    }
                    int quota = 1 + ThreadLocalRandom.current().nextInt(10);
                    int received = 0;
                    int prev = -1;
                    boolean unsubscribed = false;
                    for (Integer v : s.channel()) {
                      if (prev >= 0 && (gapFree ? v != prev + 1 : v <= prev)) {
                        fail("run %d: %d after %d", run, v, prev);
                      }
                      prev = v;
                      total++;
                      if (++received == quota) {
                        s.unsubscribe(); // the loop drains the buffer, then sees the close
                        unsubscribed = true;
                      }
                    }
                    if (gapFree) {
                      assertThat(s.dropped()).isZero();
                    }
                    if (!unsubscribed) {
                      return total; // closed by b.close()
                    }
                  }
                }
              }));
    }
    for (int c = 0; c < churnerCount; c++) {
      subscribed.receive(); // every churner is subscribed before the first value
    }
    for (int i = 0; i < values; i++) {
      b.publish(i);
    }
    b.close();
    for (Spawned<Integer> c : churners) {
      assertThat(c.join()).as("values received by a churner").isPositive();
    }
    assertThat(b.subscribers()).isZero();
  }

  /** Rule: a value that fits every buffer is published without allocating. */
  @Test
  void publishingToSubscribersWithRoomAllocatesNothing() throws Exception {
    Object mx =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Method allocatedBytes =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
    long tid = Thread.currentThread().threadId();
    Broadcast<Integer> b = new Broadcast<>(4, BLOCK);
    List<Subscription<Integer>> subs = List.of(b.subscribe(), b.subscribe(), b.subscribe());
    ReceiveChannel<Integer> c0 = subs.get(0).channel();
    ReceiveChannel<Integer> c1 = subs.get(1).channel();
    ReceiveChannel<Integer> c2 = subs.get(2).channel();
    Integer v = 42;
    long sink = 0;
    for (int i = 0; i < 20_000; i++) { // warm-up
      b.publish(v);
      sink += c0.receive() + c1.receive() + c2.receive();
    }
    long before = (long) allocatedBytes.invoke(mx, tid);
    for (int i = 0; i < 100_000; i++) {
      b.publish(v);
      sink += c0.receive() + c1.receive() + c2.receive();
    }
    long allocated = (long) allocatedBytes.invoke(mx, tid) - before;
    b.close();
    assertThat(sink).isEqualTo(120_000L * 3 * 42);
    assertThat(allocated).as("bytes allocated by 100k publishes").isLessThan(4096);
  }

  // ---- helpers

  /** Receives until the channel is closed and drained. */
  private static <T> List<T> drain(ReceiveChannel<T> ch) throws InterruptedException {
    List<T> out = new ArrayList<>();
    for (T v; (v = ch.receive()) != null; ) {
      out.add(v);
    }
    return out;
  }

  private static <T> List<T> drainN(ReceiveChannel<T> ch, int n) throws InterruptedException {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ch.receive());
    }
    return out;
  }

  /**
   * Waits until {@code t} is parked (its state WAITING): a goroutine of these tests parks only when
   * a channel operation blocks. Bounded polling; fails after 30 s.
   */
  private static void awaitBlocked(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING) {
      if (t.getState() == Thread.State.TERMINATED) {
        fail("%s ended instead of blocking", t);
      }
      if (System.nanoTime() - deadline > 0) {
        fail("%s did not block within 30 s: %s", t, t.getState());
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /** A goroutine running a callable, with its result or failure delivered on a channel. */
  private static <R> Spawned<R> spawn(Callable<R> body) {
    Channel<Object[]> result = Channel.make(1);
    Thread t =
        Go.go(
            () -> {
              Object[] r = new Object[2];
              try {
                r[0] = body.call();
              } catch (Throwable e) {
                r[1] = e;
              }
              result.send(r);
            });
    return new Spawned<>(t, result);
  }

  private record Spawned<R>(Thread thread, Channel<Object[]> result) {
    /** Its result, or rethrows what it threw. */
    @SuppressWarnings("unchecked")
    R join() throws Exception {
      Object[] r = result.receive();
      if (r[1] instanceof Exception e) {
        throw e;
      }
      if (r[1] instanceof Error e) {
        throw e;
      }
      return (R) r[0];
    }
  }
}
