package io.github.go4j.internal;

import io.github.go4j.Task;
import io.github.go4j.ThrowingBiConsumer;
import io.github.go4j.ThrowingBiFunction;
import io.github.go4j.ThrowingConsumer;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.SelectCase;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A select case: the operation (channel, value to send) and the body to run if it is chosen.
 * Immutable; holds no registration, so one case object may serve many selects. The kind of case is
 * not a field of its own: a receive or default case's {@code value} is a marker (no channel element
 * can be one), which keeps a case at 24 bytes (three references and the header).
 *
 * @param <R> the body's result type
 */
public final class Case<R> implements SelectCase<R> {
  static final int RECV = 0;
  static final int RECV_OK = 1;
  static final int SEND = 2;
  static final int DEFAULT = 3;

  /** The value of a receive, receive-with-ok or default case: a marker of its kind. */
  static final class Marker {
    final int kind;

    Marker(int kind) {
      this.kind = kind;
    }
  }

  private static final Marker RECV_MARK = new Marker(RECV);
  private static final Marker RECV_OK_MARK = new Marker(RECV_OK);
  private static final Marker DEFAULT_MARK = new Marker(DEFAULT);

  /** The channel (null for the default case). */
  final Chan<?> chan;

  /** A send case's value; a marker of the kind for the others. */
  final Object value;

  /**
   * What to run if chosen: a ThrowingFunction (RECV), ThrowingBiFunction (RECV_OK) or Callable
   * (SEND, DEFAULT), or for a statement case (the {@code ...Do} factories) the statement itself: a
   * ThrowingConsumer, ThrowingBiConsumer or Task, run for a null result. The runners tell the two
   * apart by type; a statement that also implements its kind's function interface (a class may
   * implement both, a lambda cannot) is wrapped in a function, so that its statement runs. Storing
   * the statement itself, not a function around it, lets a select whose statement cases are built
   * in its argument list allocate nothing (escape analysis cannot remove the wrapper, which the
   * fixed-arity entry points pass on through a merge of their arguments).
   */
  final Object body;

  private Case(Chan<?> chan, Object value, Object body) {
    this.chan = chan;
    this.value = value;
    this.body = Objects.requireNonNull(body, "body must not be null");
  }

  static <T, R> Case<R> onReceive(Chan<T> ch, ThrowingFunction<? super T, ? extends R> body) {
    return new Case<>(ch, RECV_MARK, body);
  }

  static <T, R> Case<R> onReceiveOk(
      Chan<T> ch, ThrowingBiFunction<? super T, Boolean, ? extends R> body) {
    return new Case<>(ch, RECV_OK_MARK, body);
  }

  static <T, R> Case<R> onSend(Chan<T> ch, T value, Callable<? extends R> body) {
    Objects.requireNonNull(value, "channel elements must not be null");
    return new Case<>(ch, value, body);
  }

  static <T, R> Case<R> onReceiveDo(Chan<T> ch, ThrowingConsumer<? super T> body) {
    Objects.requireNonNull(body, "body must not be null");
    if (body instanceof ThrowingFunction<?, ?>) {
      return new Case<>(ch, RECV_MARK, (ThrowingFunction<T, R>) v -> statement(body, v));
    }
    return new Case<>(ch, RECV_MARK, body);
  }

  static <T, R> Case<R> onReceiveOkDo(Chan<T> ch, ThrowingBiConsumer<? super T, Boolean> body) {
    Objects.requireNonNull(body, "body must not be null");
    if (body instanceof ThrowingBiFunction<?, ?, ?>) {
      return new Case<>(
          ch, RECV_OK_MARK, (ThrowingBiFunction<T, Boolean, R>) (v, ok) -> statement(body, v, ok));
    }
    return new Case<>(ch, RECV_OK_MARK, body);
  }

  static <T, R> Case<R> onSendDo(Chan<T> ch, T value, Task body) {
    Object b = statement(body); // the body first, as SendChannel's default onSendDo checks
    Objects.requireNonNull(value, "channel elements must not be null");
    return new Case<>(ch, value, b);
  }

  /**
   * The default case whose body is a statement.
   *
   * @param body what to run
   * @param <R> the result type
   * @return the case
   */
  public static <R> Case<R> onDefaultDo(Task body) {
    return new Case<>(null, DEFAULT_MARK, statement(body));
  }

  /** A send or default case's statement body: itself, or a Callable around one that is both. */
  private static Object statement(Task body) {
    Objects.requireNonNull(body, "body must not be null");
    if (body instanceof Callable<?>) {
      return (Callable<Object>)
          () -> {
            body.run();
            return null;
          };
    }
    return body;
  }

  private static <T, R> R statement(ThrowingConsumer<? super T> body, T v) throws Exception {
    body.accept(v);
    return null;
  }

  private static <T, R> R statement(ThrowingBiConsumer<? super T, Boolean> body, T v, Boolean ok)
      throws Exception {
    body.accept(v, ok);
    return null;
  }

  /**
   * The default case.
   *
   * @param body what to run
   * @param <R> the result type
   * @return the case
   */
  public static <R> Case<R> onDefault(Callable<? extends R> body) {
    return new Case<>(null, DEFAULT_MARK, body);
  }

  /**
   * The kind of the case whose {@code value} field is {@code value}.
   *
   * @param value a case's value field
   * @return RECV, RECV_OK, SEND or DEFAULT
   */
  static int kindOf(Object value) {
    return value instanceof Marker m ? m.kind : SEND; // no channel element is a Marker
  }

  /**
   * The case behind a {@link SelectCase}, checked: {@code SelectCase} cannot be implemented outside
   * go4j (it is not sealed only because a sealed interface with its implementation in another
   * package fails to load on the class path).
   *
   * @param c a select case
   * @return it, as a Case
   * @throws NullPointerException if {@code c} is null
   * @throws IllegalArgumentException if {@code c} was not made by go4j
   */
  @SuppressWarnings("unchecked")
  static <R> Case<R> of(Object c) {
    if (c instanceof Case<?> k) {
      return (Case<R>) k;
    }
    throw notACase(c);
  }

  /** The error for a select case that is null or not made by go4j (kept out of {@link #of}). */
  static RuntimeException notACase(Object c) {
    if (c == null) {
      return new NullPointerException("select case must not be null");
    }
    return new IllegalArgumentException(
        "select: "
            + c.getClass().getName()
            + " is not a go4j select case; make cases with onReceive, onReceiveOk, onSend or"
            + " Select.onDefault");
  }

  /**
   * Runs a receive case's body with the value received, or {@link Chan#CLOSED}.
   *
   * @param kind RECV or RECV_OK
   * @param body the case's body
   * @param v the value received, or {@link Chan#CLOSED}
   */
  @SuppressWarnings("unchecked")
  static <R> R runReceive(int kind, Object body, Object v) {
    boolean ok = v != Chan.CLOSED;
    Object value = ok ? v : null;
    try {
      if (kind == RECV) {
        if (body instanceof ThrowingFunction<?, ?> f) {
          return ((ThrowingFunction<Object, ? extends R>) f).apply(value);
        }
        ((ThrowingConsumer<Object>) body).accept(value); // a statement (see the body field)
        return null;
      }
      if (body instanceof ThrowingBiFunction<?, ?, ?> f) {
        return ((ThrowingBiFunction<Object, Boolean, ? extends R>) f).apply(value, ok);
      }
      ((ThrowingBiConsumer<Object, Boolean>) body).accept(value, ok);
      return null;
    } catch (Exception e) {
      throw Sneaky.rethrow(e);
    }
  }

  /**
   * Runs a send or default case's body.
   *
   * @param body the case's body
   */
  @SuppressWarnings("unchecked")
  static <R> R runCallable(Object body) {
    try {
      if (body instanceof Callable<?> c) {
        return ((Callable<? extends R>) c).call();
      }
      ((Task) body).run(); // a statement (see the body field)
      return null;
    } catch (Exception e) {
      throw Sneaky.rethrow(e);
    }
  }
}
