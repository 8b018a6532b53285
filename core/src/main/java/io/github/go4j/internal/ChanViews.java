package io.github.go4j.internal;

import io.github.go4j.Task;
import io.github.go4j.ThrowingBiConsumer;
import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingConsumer;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.SendChannel;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The direction-restricted views of a channel, Go's {@code <-chan T} and {@code chan<- T}: objects
 * that implement only one half of {@code Channel}, so that a view cannot be cast back to the full
 * channel (nor to any engine type), as in Go, where a {@code <-chan T} cannot be converted back.
 * Each channel makes each view at most once ({@link Chan#receiveOnly()}, {@link Chan#sendOnly()}).
 * A view's select cases name the channel itself, so a select over views costs what one over
 * channels does.
 */
final class ChanViews {
  private ChanViews() {}

  /**
   * The channel that {@code o} is or views, or null: what equality of channels and views compares
   * (Go's {@code r == c} for a {@code <-chan T} r converted from c).
   */
  static Chan<?> chanOf(Object o) {
    if (o instanceof Chan<?> c) {
      return c;
    }
    return o instanceof View<?> v ? v.ch : null;
  }

  /** What both views share: the channel, and equality with it (Go: a view compares equal to it). */
  abstract static class View<T> {
    final Chan<T> ch;

    View(Chan<T> ch) {
      this.ch = ch;
    }

    /** Equal to its channel and the channel's other view. */
    @Override
    public final boolean equals(Object o) {
      return chanOf(o) == ch;
    }

    @Override
    public final int hashCode() {
      return ch.hashCode();
    }
  }

  /** Go's {@code <-chan T}. */
  static final class Recv<T> extends View<T> implements ReceiveChannel<T> {
    Recv(Chan<T> ch) {
      super(ch);
    }

    @Override
    public T receive() throws InterruptedException {
      return ch.receive();
    }

    @Override
    public Received<T> receiveOk() throws InterruptedException {
      return ch.receiveOk();
    }

    @Override
    public Optional<Received<T>> tryReceive() {
      return ch.tryReceive();
    }

    @Override
    public T poll() {
      return ch.poll();
    }

    @Override
    public int len() {
      return ch.len();
    }

    @Override
    public int cap() {
      return ch.cap();
    }

    @Override
    public <R> SelectCase<R> onReceive(ThrowingFunction<? super T, ? extends R> body) {
      return ch.onReceive(body);
    }

    @Override
    public <R> SelectCase<R> onReceiveOk(ThrowingBiFunction<? super T, Boolean, ? extends R> body) {
      return ch.onReceiveOk(body);
    }

    @Override
    public <R> SelectCase<R> onReceiveDo(ThrowingConsumer<? super T> body) {
      return ch.onReceiveDo(body);
    }

    @Override
    public <R> SelectCase<R> onReceiveOkDo(ThrowingBiConsumer<? super T, Boolean> body) {
      return ch.onReceiveOkDo(body);
    }

    @Override
    public String toString() {
      return "<-" + ch;
    }
  }

  /** Go's {@code chan<- T}. */
  static final class Send<T> extends View<T> implements SendChannel<T> {
    Send(Chan<T> ch) {
      super(ch);
    }

    @Override
    public void send(T value) throws InterruptedException {
      ch.send(value);
    }

    @Override
    public boolean trySend(T value) {
      return ch.trySend(value);
    }

    @Override
    public void close() {
      ch.close();
    }

    @Override
    public int len() {
      return ch.len();
    }

    @Override
    public int cap() {
      return ch.cap();
    }

    @Override
    public <R> SelectCase<R> onSend(T value, Callable<? extends R> body) {
      return ch.onSend(value, body);
    }

    @Override
    public <R> SelectCase<R> onSendDo(T value, Task body) {
      return ch.onSendDo(value, body);
    }

    @Override
    public String toString() {
      return "chan<-" + ch.toString().substring("chan".length());
    }
  }
}
