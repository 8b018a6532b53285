package io.github.go4j.chan;

import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.awaitQueuedSenders;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.Task;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing keeps a value alive once it has been received: not the buffer slot it passed through, not
 * the wait record of the goroutine that sent or received it (each thread keeps its record for life,
 * so a value left in it would be retained as long as the thread lives). Go clears the slot and the
 * sudog's elem for the same reason (chan.go: typedmemclr, sg.elem = nil).
 *
 * <p>Each test drops its last reference to the value and then polls, a bounded number of times,
 * {@code System.gc()} until a weak reference to it is cleared.
 *
 * <p>The goroutines whose records are checked run on platform threads ({@link Held}): they then
 * wait on a latch with their record still reachable (a platform thread keeps it in a thread-local
 * too), so a value left in it would stay reachable and fail the test. A virtual thread's record
 * lives only in its park-blocker field, which the latch's own park replaces: the record, and a
 * value left in it, would then be collected together, and the test could not fail.
 */
class RetentionTest {

  /** A buffered value is no longer referenced by its slot once received. */
  @ParameterizedTest(name = "cap={0}")
  @ValueSource(ints = {1, 2, 3, 4, 64})
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // cap 64 polls the GC 65 times: about 6 s here
  void receivedBufferedValueIsNotRetained(int cap) throws Exception {
    Channel<Object> c = Channel.make(cap);
    for (int round = 0; round < cap + 1; round++) { // every slot, and the wrap-around
      WeakReference<Object> ref = sendOne(c);
      assertThat(c.receive()).isNotNull();
      assertCollected(ref, "value received from slot " + round);
    }
  }

  /** A receiver that parked gets the value handed over; its wait record keeps nothing. */
  @Test
  void blockedReceiverDoesNotRetainTheValue() throws Exception {
    Channel<Object> c = Channel.make();
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    Held receiver =
        Held.start(
            () -> {
              assertThat(c.receive()).isNotNull();
              done.countDown();
              hold.await(); // stay alive, with the wait record untouched, while the value is
              // checked
            });
    awaitQueuedReceivers(c, 1);
    WeakReference<Object> ref = sendOne(c);
    done.await();
    assertCollected(ref, "value handed to a parked receiver");
    hold.countDown();
    receiver.join();
  }

  /** As above, the receiver being a select with two receive cases. */
  @Test
  void blockedSelectReceiverDoesNotRetainTheValue() throws Exception {
    Channel<Object> c = Channel.make();
    Channel<Object> other = Channel.make();
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    Held receiver =
        Held.start(
            () -> {
              boolean got =
                  Select.<Boolean>select(c.onReceive(v -> v != null), other.onReceive(v -> false));
              assertThat(got).isTrue();
              done.countDown();
              hold.await(); // no go4j operation here: the next one would reset the record
            });
    awaitQueuedReceivers(c, 1);
    WeakReference<Object> ref = sendOne(c);
    done.await();
    assertCollected(ref, "value handed to a parked select");
    hold.countDown();
    receiver.join();
  }

  /** A sender that parked, on an unbuffered or a full channel, keeps nothing once received. */
  @ParameterizedTest(name = "cap={0}")
  @ValueSource(ints = {0, 1, 4})
  void blockedSenderDoesNotRetainTheValue(int cap) throws Exception {
    Channel<Object> c = Channel.make(cap);
    for (int i = 0; i < cap; i++) {
      c.send(i);
    }
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    Held sender =
        Held.start(
            () -> {
              sendOne(c);
              done.countDown();
              hold.await(); // no go4j operation here: the next one would reset the record
            });
    awaitQueuedSenders(c, 1);
    for (int i = 0; i < cap; i++) {
      assertThat(c.receive()).isEqualTo(i);
    }
    WeakReference<Object> ref = new WeakReference<>(c.receive());
    done.await();
    assertCollected(ref, "value taken from a parked sender");
    hold.countDown();
    sender.join();
  }

  /**
   * Two senders parked at once on an unbuffered channel keep nothing once received: the second
   * finds the first in the wait slot and turns the slots off, so both are served by the locked
   * path, whose claimer reads a sender's value without clearing it, and each sender clears its own
   * record (a taker from the slot clears it instead).
   */
  @Test
  void sendersServedByTheLockedPathDoNotRetainTheirValues() throws Exception {
    Channel<Object> c = Channel.make();
    CountDownLatch done = new CountDownLatch(2);
    CountDownLatch hold = new CountDownLatch(1);
    Held[] senders = new Held[2];
    for (int i = 0; i < 2; i++) {
      senders[i] =
          Held.start(
              () -> {
                sendOne(c);
                done.countDown();
                hold.await(); // no go4j operation here: the next one would reset the record
              });
      awaitQueuedSenders(c, i + 1);
    }
    WeakReference<Object> first = new WeakReference<>(c.receive());
    WeakReference<Object> second = new WeakReference<>(c.receive());
    done.await();
    assertCollected(first, "value taken from the first parked sender");
    assertCollected(second, "value taken from the second parked sender");
    hold.countDown();
    for (Held h : senders) {
      h.join();
    }
  }

  /**
   * A goroutine's body on a platform thread (see the class comment), with the goroutine's join:
   * rethrows what the body threw, fails if it has not finished within the deadline.
   */
  private static final class Held {
    private final Thread thread;
    private volatile Throwable failure;

    private Held(Task body) {
      thread =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      body.run();
                    } catch (Throwable e) {
                      failure = e;
                    }
                  });
    }

    static Held start(Task body) {
      return new Held(body);
    }

    void join() throws Exception {
      thread.join(GoTesting.DEADLINE.toMillis());
      assertThat(thread.isAlive()).as("held goroutine finished").isFalse();
      Throwable e = failure;
      if (e instanceof Exception x) {
        throw x;
      }
      if (e != null) {
        throw new AssertionError(e);
      }
    }
  }

  /** Sends a fresh object and returns only a weak reference to it. */
  private static WeakReference<Object> sendOne(Channel<Object> c) throws InterruptedException {
    Object v = new Object();
    WeakReference<Object> ref = new WeakReference<>(v);
    c.send(v);
    return ref;
  }

  private static void assertCollected(WeakReference<Object> ref, String what) {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertThat(ref.get()).as("%s is still reachable after 50 GCs", what).isNull();
  }
}
