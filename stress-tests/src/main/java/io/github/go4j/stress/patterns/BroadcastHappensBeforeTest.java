package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.patterns.Broadcast;
import io.github.go4j.patterns.Broadcast.SlowSubscriberPolicy;
import io.github.go4j.stress.Blocking;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * Claims ({@link Broadcast}): actions prior to {@code publish(v)} happen-before a subscriber's
 * receive of {@code v}; actions prior to the call that ends a subscription ({@code unsubscribe()},
 * or {@code close()} if it came first) happen-before a receive that sees the subscriber's channel
 * closed; {@code Subscription.dropped()} counts at least the drops of every publish that
 * happens-before the call.
 *
 * <p>Hazard: the subscriber array is copy-on-write and each subscription's channel is closed by
 * whichever of the publisher and the unsubscriber finishes last (a state word with two flags), so
 * the close may be run by the publisher's thread rather than the unsubscriber's: the unsubscriber's
 * writes must still reach a receiver that sees the close.
 */
public final class BroadcastHappensBeforeTest {
  private BroadcastHappensBeforeTest() {}

  /**
   * A publisher writes then publishes twice; the subscriber receives the first value from one
   * subscription and the second from the other (two actors: jcstress runs no test with more actors
   * than the machine has CPUs, and CI has 2).
   */
  @JCStressTest
  @Outcome(
      id = "1, 2",
      expect = ACCEPTABLE,
      desc = "Each receive saw the write before its publish.")
  @Outcome(expect = FORBIDDEN, desc = "A receive got its value but missed the write before it.")
  @State
  public static class PublishThenReceive {
    final Broadcast<Integer> b = new Broadcast<>(0, SlowSubscriberPolicy.BLOCK);
    final Broadcast.Subscription<Integer> s1 = b.subscribe();
    final Broadcast.Subscription<Integer> s2 = b.subscribe();
    int x;
    int y;

    @Actor
    public void publisher() {
      x = 1;
      Blocking.run(() -> b.publish(7));
      y = 2;
      Blocking.run(() -> b.publish(8));
    }

    @Actor
    public void subscriber(II_Result r) {
      // the publisher serves its subscribers in subscription order: s1, s2, then s1, s2 again
      Blocking.call(s1.channel()::receive); // 7, a rendezvous (no buffer)
      r.r1 = x;
      Blocking.call(s2.channel()::receive); // 7
      Blocking.call(s1.channel()::receive); // 8
      r.r2 = y;
      Blocking.call(s2.channel()::receive); // 8: lets the second publish finish
    }
  }

  /**
   * An unsubscribe races a publish that may be sending to the same subscriber (so either may close
   * its channel); the publisher's thread then drains until it sees the close and reads the
   * unsubscriber's write, which only the subscription's state word and the close can carry.
   */
  @JCStressTest
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Closed before the value: write seen.")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Value, then closed: write seen.")
  @Outcome(expect = FORBIDDEN, desc = "The close was seen without the unsubscriber's write.")
  @State
  public static class UnsubscribeThenSeeClosed {
    final Broadcast<Integer> b = new Broadcast<>(1, SlowSubscriberPolicy.DROP_NEWEST);
    final Broadcast.Subscription<Integer> s = b.subscribe();
    int y;

    @Actor
    public void unsubscriber() {
      y = 1;
      s.unsubscribe();
    }

    @Actor
    public void publisherThenReceiver(II_Result r) {
      Blocking.run(() -> b.publish(7));
      int values = 0;
      for (; ; ) {
        Received<Integer> got = Blocking.call(s.channel()::receiveOk);
        if (!got.ok()) {
          break;
        }
        values++;
      }
      r.r1 = y;
      r.r2 = values;
    }
  }

  /**
   * {@code close()} of the broadcast races a publish under {@code BLOCK} to an unbuffered
   * subscriber: the publish runs in a goroutine started with the state, so it is usually already
   * waiting for the subscriber when the actors run. The closer writes and closes; the receiver
   * receives until it sees the subscriber's channel closed and reads the closer's write ({@code
   * r1}), which only the subscription's state word and the close can carry: the close is run by the
   * closer, or by the publisher's goroutine when its hand-off ends if it was sending at that
   * moment. {@code r2}: the values received (the receiver may take the 7 first); {@code r3}: the
   * publish returned (1) or found the broadcast closed and threw (0); -1 if it did not end within
   * {@link Waits#LOST}.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Closed before the publish: write seen.")
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Publish released by close: write seen.")
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Value taken, then closed: write seen.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "The close was seen without the closer's write, or the publish did not end.")
  @State
  public static class CloseThenSeeClosed {
    final Broadcast<Integer> b = new Broadcast<>(0, SlowSubscriberPolicy.BLOCK);
    final Broadcast.Subscription<Integer> s = b.subscribe();
    final Channel<Integer> published = Channel.make(1);
    int y;

    public CloseThenSeeClosed() {
      Go.go(
          () -> {
            int outcome;
            try {
              b.publish(7); // returns once the value is taken or close() releases it
              outcome = 1;
            } catch (ChannelClosedException closedFirst) {
              outcome = 0;
            }
            published.trySend(outcome);
          });
    }

    @Actor
    public void closer() {
      y = 1;
      b.close();
    }

    @Actor
    public void receiver(III_Result r) {
      int values = 0;
      for (; ; ) {
        Received<Integer> got = Blocking.call(s.channel()::receiveOk);
        if (!got.ok()) {
          break;
        }
        values++;
      }
      r.r1 = y;
      r.r2 = values;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      Received<?> got = Waits.receive(published);
      r.r3 = got == Waits.TIMED_OUT ? -1 : (Integer) got.value();
    }
  }

  /**
   * Under {@code DROP_NEWEST} with a buffer of 1 and no receiver, the publisher's second value is
   * dropped; then it sets a volatile flag. An observer that sees the flag (so both publishes
   * happen-before its call) must find {@code dropped()} at least 1 ({@code r1}: the flag, {@code
   * r2}: {@code dropped()}).
   */
  @JCStressTest
  @Outcome(
      id = {"0, 0", "0, 1"},
      expect = ACCEPTABLE,
      desc = "Looked before the publishes ended.")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Saw the publishes and counted the drop.")
  @Outcome(expect = FORBIDDEN, desc = "A publish that happens-before dropped() was not counted.")
  @State
  public static class DroppedCountsEarlierPublishes {
    final Broadcast<Integer> b = new Broadcast<>(1, SlowSubscriberPolicy.DROP_NEWEST);
    final Broadcast.Subscription<Integer> s = b.subscribe();
    volatile long published;

    @Actor
    public void publisher() {
      Blocking.run(() -> b.publish(1)); // fills the buffer
      Blocking.run(() -> b.publish(2)); // dropped
      published = 1;
    }

    @Actor
    public void observer(JJ_Result r) {
      r.r1 = published;
      r.r2 = s.dropped();
    }
  }
}
