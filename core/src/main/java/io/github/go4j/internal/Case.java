package io.github.go4j.internal;

import io.github.go4j.ThrowingBiFunction;
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
   * (SEND, DEFAULT).
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
        return ((ThrowingFunction<Object, ? extends R>) body).apply(value);
      }
      return ((ThrowingBiFunction<Object, Boolean, ? extends R>) body).apply(value, ok);
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
      return ((Callable<? extends R>) body).call();
    } catch (Exception e) {
      throw Sneaky.rethrow(e);
    }
  }
}
