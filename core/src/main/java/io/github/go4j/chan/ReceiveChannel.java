package io.github.go4j.chan;

import io.github.go4j.ThrowingBiConsumer;
import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingConsumer;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.UncheckedInterruptedException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Go's receive-only channel type {@code <-chan T}: the receiving half of a {@link Channel}.
 *
 * <p>A receive-only view cannot send or close; Go checks this at compile time, and so does Java's
 * type system here. {@code for v := range ch} is {@code for (T v : ch)}: the channel is {@link
 * Iterable}, and {@link #stream()} gives the same sequence as a {@link Stream}.
 *
 * <p><b>Blocking and interruption:</b> {@link #receive()} and {@link #receiveOk()} block until a
 * value or the close arrives. If the receive can complete without blocking it does so, even when
 * the thread is interrupted (the interrupt status is kept). If it must block and the thread is
 * interrupted before or while it waits, it throws {@link InterruptedException} with the interrupt
 * status cleared and it has received nothing: no value is lost or taken from the channel.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to sending a value happen-before
 * actions subsequent to the receive of that value in another thread. Actions prior to {@code
 * close()} happen-before a receive that returns because the channel is closed.
 *
 * @param <T> the element type
 */
public interface ReceiveChannel<T> extends Iterable<T> {

  /**
   * Go's {@code v := <-ch}: receives the next value, blocking until one is available.
   *
   * <p>Values buffered before a close are still received after it; once the channel is closed and
   * drained this returns null at once, forever (null stands for Go's zero value: channels refuse
   * null elements, so null means closed). A nil channel blocks forever.
   *
   * @return the value, or null if the channel is closed and drained
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  T receive() throws InterruptedException;

  /**
   * Go's {@code v, ok := <-ch}: receives the next value, blocking until one is available, and tells
   * whether it came from a send.
   *
   * @return {@code (value, true)}, or {@code (null, false)} if the channel is closed and drained
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  Received<T> receiveOk() throws InterruptedException;

  /**
   * Go's {@code v := <-ch} with Go's zero value: receives the next value, blocking until one is
   * available, and returns {@code zero} once the channel is closed and drained.
   *
   * <p>{@link #receive()} returns null for a closed channel (Java has no zero value for a type
   * parameter), so {@code int v = ch.receive()} on a closed {@code Channel<Integer>} throws an
   * unboxing {@link NullPointerException} where Go gives 0. {@code int v = ch.receiveOr(0)} is Go's
   * statement exactly. Blocking, interruption and memory consistency effects are those of {@link
   * #receive()}.
   *
   * @param zero what to return if the channel is closed and drained (Go's zero value of the element
   *     type, e.g. {@code 0}, {@code ""} or {@code false}); may be null
   * @return the value received, or {@code zero} if the channel is closed and drained
   * @throws InterruptedException if interrupted while waiting; nothing was received
   */
  default T receiveOr(T zero) throws InterruptedException {
    T v = receive();
    return v != null ? v : zero;
  }

  /**
   * Go's non-blocking receive {@code select { case v, ok := <-ch: ... default: ... }}.
   *
   * <p>Never blocks. The result has three forms: empty when the receive is not ready (the {@code
   * default} branch); {@code (value, true)} when a value was received; {@code (null, false)} when
   * the channel is closed and drained. It is linearizable against close (Go's {@code
   * TestNonblockRecvRace}): a channel that holds a value and is then closed never reports "not
   * ready". On a nil channel it always returns empty.
   *
   * @return empty if not ready, otherwise the received result
   */
  Optional<Received<T>> tryReceive();

  /**
   * A non-blocking receive that allocates nothing, in the style of {@link java.util.Queue#poll()}:
   * Go's {@code select { case v := <-ch: ... default: }} for loops that only need a value when one
   * is ready. Returns the value received, or null when no value was received: the receive is not
   * ready, or the channel is closed and drained (Go's {@code v} would be the zero value with {@code
   * ok == false}). A caller that must tell "closed" from "not ready" follows a null with {@link
   * #tryReceive()} or a blocking receive, as a fast path before them.
   *
   * <p>Never blocks. A non-null result is a receive like any other (it takes the value, and has the
   * same memory consistency effects); null took nothing. On a nil channel it returns null.
   *
   * @return the value received, or null if none was received
   */
  default T poll() {
    return tryReceive().map(Received::value).orElse(null);
  }

  /**
   * Go's {@code len(ch)}: the number of values in the buffer. 0 for unbuffered, nil and timer
   * channels. A snapshot: it may be stale as soon as it returns.
   *
   * @return the number of buffered values
   */
  int len();

  /**
   * Go's {@code cap(ch)}: the size of the buffer. 0 for unbuffered, nil and timer channels.
   *
   * @return the buffer capacity
   */
  int cap();

  /**
   * The select case {@code case v := <-ch: body(v)}. When the channel is closed and the case is
   * chosen, {@code body} receives null.
   *
   * @param body what to run with the received value; its result becomes the result of {@code
   *     select}
   * @param <R> the body's result type
   * @return the case, to pass to {@link Select#select}
   */
  <R> SelectCase<R> onReceive(ThrowingFunction<? super T, ? extends R> body);

  /**
   * The select case {@code case v, ok := <-ch: body(v, ok)}.
   *
   * @param body what to run with the received value and whether it came from a send
   * @param <R> the body's result type
   * @return the case, to pass to {@link Select#select}
   */
  <R> SelectCase<R> onReceiveOk(ThrowingBiFunction<? super T, Boolean, ? extends R> body);

  /**
   * The select case {@code case v := <-ch: statements} whose body is a statement: Go's {@code case
   * v := <-in: out = append(out, v)} is {@code in.onReceiveDo(v -> out.add(v))}. When the channel
   * is closed and the case is chosen, {@code body} receives null.
   *
   * <p>The body returns nothing, so the {@code select} that runs this case returns null. The case
   * has any result type {@code R}, so statement cases mix with cases that return a value: in {@link
   * Select#loop(SelectCase, SelectCase) Select.loop}, a statement case keeps the loop going and a
   * case that returns a non-null value ends it (Go's {@code return} inside a case). Overloading
   * {@link #onReceive} with a void body is not possible: a lambda such as {@code v -> f(v)} fits
   * both forms and javac rejects the call as ambiguous, hence the distinct name. A case object
   * built once and passed to many selects costs nothing per select, as {@code onReceive}'s does.
   *
   * <p>Blocking, interruption and memory consistency effects are those of the select that runs the
   * case (see {@link Select}).
   *
   * @param body what to run with the received value (null if the channel is closed); it may throw
   *     checked exceptions, which propagate unchanged out of the select
   * @param <R> the result type of the select this case is part of; this case's result is null
   * @return the case, to pass to {@link Select#select} or {@link Select#loop}
   * @throws NullPointerException if {@code body} is null
   */
  default <R> SelectCase<R> onReceiveDo(ThrowingConsumer<? super T> body) {
    Objects.requireNonNull(body, "body must not be null");
    return onReceive(
        v -> {
          body.accept(v);
          return null;
        });
  }

  /**
   * The select case {@code case v, ok := <-ch: statements} whose body is a statement, like {@link
   * #onReceiveDo} for Go's two-valued receive: {@code ch.onReceiveOkDo((v, ok) -> ...)}. The select
   * that runs it returns null.
   *
   * <p>Blocking, interruption and memory consistency effects are those of the select that runs the
   * case (see {@link Select}).
   *
   * @param body what to run with the received value and whether it came from a send
   * @param <R> the result type of the select this case is part of; this case's result is null
   * @return the case, to pass to {@link Select#select} or {@link Select#loop}
   * @throws NullPointerException if {@code body} is null
   */
  default <R> SelectCase<R> onReceiveOkDo(ThrowingBiConsumer<? super T, Boolean> body) {
    Objects.requireNonNull(body, "body must not be null");
    return onReceiveOk(
        (v, ok) -> {
          body.accept(v, ok);
          return null;
        });
  }

  /**
   * Go's {@code for v := range ch}: an iterator that receives until the channel is closed and
   * drained.
   *
   * <p>{@code hasNext()} blocks like {@link #receive()}. Because {@link Iterator} cannot throw
   * {@link InterruptedException}, an interrupt while it waits sets the interrupt status again and
   * throws {@link UncheckedInterruptedException}; no value is lost. Each iterator receives from the
   * channel itself, so several iterators (or goroutines ranging over the same channel) share the
   * values between them, each value going to exactly one.
   *
   * <p><b>A value is taken by {@code hasNext()}:</b> {@code hasNext()} receives the next value and
   * holds it for {@code next()}. An iterator abandoned after a {@code hasNext()} that returned true
   * (a loop left by {@code break} between the two calls, an exception thrown in between) keeps that
   * value, and the channel no longer has it. The safe idioms: the enhanced {@code for} loop (it
   * always calls {@code next()} after a true {@code hasNext()}, so a {@code break} inside the body
   * loses nothing); {@link #receive()} in a loop when the decision to stop is made before taking a
   * value; or a {@link #stream()} with a short-circuiting operation, which takes only the values it
   * delivers.
   *
   * @return a receiving iterator
   */
  @Override
  default Iterator<T> iterator() {
    return new Iterator<>() {
      private T next;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        try {
          next = receive();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UncheckedInterruptedException(e);
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("channel closed");
        }
        T v = next;
        next = null;
        return v;
      }
    };
  }

  /**
   * The values of {@code for v := range ch} as a {@link Spliterator}: {@code tryAdvance} receives
   * one value (blocking like {@link #receive()}) and reports false once the channel is closed and
   * drained. It never splits ({@code trySplit} returns null): a split would have to take values
   * from the channel for the other half before anyone asked for them, and a short-circuiting
   * operation could then drop them. Blocking and interruption are as for {@link #iterator()}.
   *
   * @return a spliterator that receives from this channel, one value per {@code tryAdvance}
   */
  @Override
  default Spliterator<T> spliterator() {
    return new Spliterator<>() {
      @Override
      public boolean tryAdvance(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action must not be null");
        T v;
        try {
          v = receive();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UncheckedInterruptedException(e);
        }
        if (v == null) {
          return false;
        }
        action.accept(v);
        return true;
      }

      @Override
      public Spliterator<T> trySplit() {
        return null; // never: see above
      }

      @Override
      public long estimateSize() {
        return Long.MAX_VALUE; // unknown
      }

      @Override
      public int characteristics() {
        return Spliterator.ORDERED | Spliterator.NONNULL;
      }
    };
  }

  /**
   * The values of {@code for v := range ch} as an ordered stream: each element is received when the
   * stream pulls it, and the stream ends when the channel is closed and drained. A short-circuiting
   * operation ({@code findFirst}, {@code anyMatch}, {@code limit}, ...) takes from the channel
   * exactly the values it consumes, so it also ends on an open channel once it has its answer
   * ({@code takeWhile} takes, and drops, the first value that fails its predicate). The stream is
   * sequential; made {@code parallel()} it stays correct (its source never splits, see {@link
   * #spliterator()}) but receives on one thread only, so use {@link io.github.go4j.Go#go
   * goroutines} ranging over the channel for parallel consumers. One exception: made both {@code
   * parallel()} and {@code unordered()}, {@code limit} and {@code skip} read ahead in chunks of up
   * to 128 values (the JDK's unordered slice) and drop what they read beyond the limit, so those
   * values are lost to the channel, and on an open channel the stream waits for values it will not
   * deliver: keep such a stream ordered, or sequential. Blocking and interruption are as for {@link
   * #iterator()}.
   *
   * @return a stream that receives from this channel
   */
  default Stream<T> stream() {
    return StreamSupport.stream(spliterator(), false);
  }
}
