package io.github.go4j.chan;

import io.github.go4j.Task;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Go's send-only channel type {@code chan<- T}: the sending half of a {@link Channel}.
 *
 * <p>A send-only view cannot receive or range; Go checks this at compile time, and so does Java's
 * type system here.
 *
 * <p><b>Blocking and interruption:</b> {@link #send} blocks until the value is buffered or, on an
 * unbuffered channel, until a receiver has taken it (rendezvous). If the send can complete without
 * blocking it does so, even when the thread is interrupted (the interrupt status is kept). If it
 * must block and the thread is interrupted before or while it waits, it throws {@link
 * InterruptedException} with the interrupt status cleared and the value was not sent.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to sending a value happen-before
 * actions subsequent to the receive of that value in another thread. Actions prior to {@code
 * close()} happen-before a receive that returns because the channel is closed, and before a blocked
 * send throws {@link ChannelClosedException}.
 *
 * @param <T> the element type
 */
public interface SendChannel<T> {

  /**
   * Go's {@code ch <- v}: sends a value, blocking while the buffer is full, or on an unbuffered
   * channel until a receiver takes the value. Blocked senders are served in arrival order. A nil
   * channel blocks forever.
   *
   * @param value the value; not null
   * @throws NullPointerException if {@code value} is null (null is reserved for "closed")
   * @throws ChannelClosedException ("send on closed channel") if the channel is closed, or is
   *     closed while the send waits; the value was not sent
   * @throws InterruptedException if interrupted while waiting; the value was not sent
   */
  void send(T value) throws InterruptedException;

  /**
   * Go's non-blocking send {@code select { case ch <- v: ... default: ... }}. Never blocks.
   *
   * @param value the value; not null
   * @return true if the value was sent (buffered, or handed to a waiting receiver); false if the
   *     send was not ready (full buffer, no waiting receiver, or a nil channel)
   * @throws NullPointerException if {@code value} is null
   * @throws ChannelClosedException if the channel is closed (Go panics rather than taking {@code
   *     default}); nothing was sent
   */
  boolean trySend(T value);

  /**
   * Go's {@code close(ch)}: records that no more values will be sent.
   *
   * <p>Wakes every blocked receiver (they get null / {@code ok == false} once the buffer is
   * drained) and every blocked sender (they throw {@link ChannelClosedException}). Values already
   * buffered remain receivable. Never blocks.
   *
   * @throws IllegalStateException "close of closed channel" if already closed, or "close of nil
   *     channel" for a nil channel
   */
  void close();

  /**
   * Go's {@code len(ch)}: the number of values in the buffer. A snapshot.
   *
   * @return the number of buffered values
   */
  int len();

  /**
   * Go's {@code cap(ch)}: the size of the buffer; 0 for unbuffered and nil channels.
   *
   * @return the buffer capacity
   */
  int cap();

  /**
   * The select case {@code case ch <- value: body()}. If the channel is closed the case is ready,
   * and if chosen the select throws {@link ChannelClosedException} (Go's panic).
   *
   * @param value the value to send; not null
   * @param body what to run once the value is sent; its result becomes the result of {@code select}
   * @param <R> the body's result type
   * @return the case, to pass to {@link Select#select}
   * @throws NullPointerException if {@code value} or {@code body} is null
   */
  <R> SelectCase<R> onSend(T value, Callable<? extends R> body);

  /**
   * The select case {@code case ch <- value: statements} whose body is a statement: Go's {@code
   * case out <- first: pending = pending[1:]} is {@code out.onSendDo(first, pending::remove)}. If
   * the channel is closed the case is ready, and if chosen the select throws {@link
   * ChannelClosedException} (Go's panic). The select that runs it returns null; see {@link
   * ReceiveChannel#onReceiveDo} for how statement cases mix with cases that return a value.
   *
   * <p>Blocking, interruption and memory consistency effects are those of the select that runs the
   * case (see {@link Select}).
   *
   * @param value the value to send; not null
   * @param body what to run once the value is sent
   * @param <R> the result type of the select this case is part of; this case's result is null
   * @return the case, to pass to {@link Select#select} or {@link Select#loop}
   * @throws NullPointerException if {@code value} or {@code body} is null
   */
  default <R> SelectCase<R> onSendDo(T value, Task body) {
    Objects.requireNonNull(body, "body must not be null");
    return onSend(
        value,
        () -> {
          body.run();
          return null;
        });
  }
}
