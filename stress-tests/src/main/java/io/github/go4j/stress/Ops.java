package io.github.go4j.stress;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.SendChannel;
import io.github.go4j.internal.Chan;
import java.util.Optional;

/**
 * Channel operations for jcstress actors, which cannot throw checked exceptions, encoded as the
 * {@code int} result codes of the package: a value, {@code 0} for "closed" / "not done", {@code -1}
 * for "not ready". No actor is ever interrupted, so an {@link InterruptedException} is a harness
 * failure and surfaces as an {@link IllegalStateException} (jcstress reports it as an error).
 */
public final class Ops {
  /**
   * A buffered channel of {@code capacity} slots built as the engine's lock-free ring (with its
   * waiting bits), which {@code Channel.make} uses from four slots up only; smaller {@code
   * Channel.make} buffers are Go's locked ring. The tests whose hazard lies in the ring's lock-free
   * paths use this at the small capacities where their races are reachable.
   *
   * @param capacity the number of slots, at least 1
   * @param <T> the element type
   * @return the channel
   */
  public static <T> Channel<T> ring(int capacity) {
    return Chan.ringForTest(capacity);
  }

  /** Result code: a receive observed the close, or a send did not happen. */
  public static final int CLOSED = 0;

  /** Result code: a non-blocking operation found the channel not ready. */
  public static final int NOT_READY = -1;

  private Ops() {}

  /**
   * {@code v, ok := <-ch}, blocking.
   *
   * @param ch the channel
   * @return the value, or {@link #CLOSED}
   */
  public static int receive(ReceiveChannel<Integer> ch) {
    try {
      Received<Integer> r = ch.receiveOk();
      return r.ok() ? r.value() : CLOSED;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code select { case v, ok := <-ch: default: }}.
   *
   * @param ch the channel
   * @return the value, {@link #CLOSED} or {@link #NOT_READY}
   */
  public static int tryReceive(ReceiveChannel<Integer> ch) {
    Optional<Received<Integer>> r = ch.tryReceive();
    if (r.isEmpty()) {
      return NOT_READY;
    }
    return r.get().ok() ? r.get().value() : CLOSED;
  }

  /**
   * Drains a closed channel of one-digit values with {@code tryReceive} until it reports closed.
   *
   * @param ch the channel, closed
   * @return the values received, in order, as the digits of a number (2 then 3: {@code 23}; none:
   *     {@code 0}), or {@link #NOT_READY} if a {@code tryReceive} found the closed channel not
   *     ready (a closed channel is always ready)
   */
  public static int drainClosed(ReceiveChannel<Integer> ch) {
    int digits = 0;
    for (int i = 0; i < 8; i++) { // bounded: the tests buffer at most two values
      int v = tryReceive(ch);
      if (v == CLOSED) {
        return digits;
      }
      if (v == NOT_READY) {
        return NOT_READY;
      }
      digits = digits * 10 + v;
    }
    return digits;
  }

  /**
   * {@code ch <- v}, blocking.
   *
   * @param ch the channel
   * @param v the value
   * @param <T> the element type
   * @return 1 if sent, {@link #CLOSED} if it threw {@link ChannelClosedException}
   */
  public static <T> int send(SendChannel<T> ch, T v) {
    try {
      ch.send(v);
      return 1;
    } catch (ChannelClosedException e) {
      return CLOSED;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code select { case ch <- v: default: }}.
   *
   * @param ch the channel
   * @param v the value
   * @param <T> the element type
   * @return 1 if sent, {@link #NOT_READY} if not ready, {@link #CLOSED} if it threw {@link
   *     ChannelClosedException}
   */
  public static <T> int trySend(SendChannel<T> ch, T v) {
    try {
      return ch.trySend(v) ? 1 : NOT_READY;
    } catch (ChannelClosedException e) {
      return CLOSED;
    }
  }

  /**
   * Waits for a goroutine that surely terminates (it was unblocked by an actor).
   *
   * @param goroutine the goroutine's thread
   */
  public static void join(Thread goroutine) {
    try {
      goroutine.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A select; a {@link ChannelClosedException} from a chosen send case gives {@link #CLOSED}.
   *
   * @param cases the cases
   * @return the chosen body's result, or {@link #CLOSED}
   */
  @SafeVarargs
  public static int select(SelectCase<Integer>... cases) {
    try {
      return Select.select(cases);
    } catch (ChannelClosedException e) {
      return CLOSED;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
