package io.github.go4j.chan;

import io.github.go4j.internal.Chan;

/**
 * Go's channel type {@code chan T}: a typed conduit between goroutines, unbuffered (rendezvous) or
 * buffered with a fixed capacity.
 *
 * <pre>{@code
 * Channel<String> unbuffered = Channel.make();    // make(chan string)
 * Channel<String> buffered   = Channel.make(16);  // make(chan string, 16)
 * Channel<String> nil        = Channel.nil();     // var c chan string
 * }</pre>
 *
 * <p>A channel is both a {@link SendChannel} ({@code chan<- T}) and a {@link ReceiveChannel}
 * ({@code <-chan T}); pass a view to restrict what a goroutine may do with it. Go's rules hold
 * exactly: blocked senders and receivers are served FIFO; a send on an unbuffered channel returns
 * only once a receiver has taken the value; a waiting receiver gets a sent value handed over
 * directly; closing wakes every blocked party; buffered values remain receivable after close; a nil
 * channel blocks forever and its select cases are never chosen. Null elements are refused, so a
 * null from {@link #receive()} always means "closed and drained".
 *
 * <p>Channels take no global lock: each channel has its own small lock, held only for the few
 * instructions of an operation and never while a goroutine waits. The buffered send/receive path
 * allocates nothing. Channels work the same for virtual and platform threads and never pin a
 * virtual thread.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to sending a value happen-before
 * actions subsequent to the receive of that value in another thread; on an unbuffered channel the
 * receive of a value also happens-before the completion of its send (Go's memory model). The k-th
 * receive on a channel of capacity C happens-before the (k+C)-th send completes. Actions prior to
 * {@code close()} happen-before a receive that returns because the channel is closed.
 *
 * @param <T> the element type
 */
public interface Channel<T> extends SendChannel<T>, ReceiveChannel<T> {

  /**
   * Go's {@code make(chan T)}: a new unbuffered channel.
   *
   * @param <T> the element type
   * @return a new open channel of capacity 0
   */
  static <T> Channel<T> make() {
    return Chan.make(0);
  }

  /**
   * Go's {@code make(chan T, size)}: a new channel with a buffer of {@code size} elements ({@code
   * size == 0} is unbuffered).
   *
   * @param size the buffer capacity, 0 or more
   * @param <T> the element type
   * @return a new open channel
   * @throws IllegalArgumentException "makechan: size out of range" if {@code size} is negative or
   *     larger than 2^30 (1,073,741,824)
   */
  static <T> Channel<T> make(int size) {
    return Chan.make(size);
  }

  /**
   * Go's nil channel ({@code var c chan T}): send and receive block forever, non-blocking
   * operations are never ready, its select cases are never chosen, and {@code close} throws "close
   * of nil channel". Useful to disable a select case, as in Go.
   *
   * @param <T> the element type
   * @return a nil channel (a shared instance)
   */
  static <T> Channel<T> nil() {
    return Chan.nil();
  }

  /**
   * Go's {@code chan<- T} conversion: a send-only view of this channel. The view implements only
   * {@link SendChannel}: like Go's conversion it cannot be undone, so the holder of the view cannot
   * receive, even by a cast. Each channel makes its view once; every call returns the same object.
   * As in Go ({@code var s chan<- T = c; s == c}), the view {@linkplain Object#equals equals} this
   * channel (and its receive-only view), with the same hash code.
   *
   * @return the send-only view of this channel
   */
  default SendChannel<T> sendOnly() {
    return this;
  }

  /**
   * Go's {@code <-chan T} conversion: a receive-only view of this channel. The view implements only
   * {@link ReceiveChannel}: like Go's conversion it cannot be undone, so the holder of the view
   * cannot send or close, even by a cast. Each channel makes its view once; every call returns the
   * same object. Select cases made from the view are cases on this channel. As in Go ({@code var r
   * <-chan T = c; r == c}), the view {@linkplain Object#equals equals} this channel (and its
   * send-only view), with the same hash code.
   *
   * @return the receive-only view of this channel
   */
  default ReceiveChannel<T> receiveOnly() {
    return this;
  }

  @Override
  int len();

  @Override
  int cap();
}
