package io.github.go4j.context;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Helpers shared by the context types: argument checks, the iterative value lookup (Go's {@code
 * value(c, key)}) and the {@code toString()} forms (Go's {@code contextName} and {@code
 * stringify}).
 *
 * <p>Lookups and names walk the chain of go4j contexts in a loop rather than by recursion, so a
 * chain of 10^5 derived contexts cannot overflow the stack; they call a custom context's own method
 * when they reach one.
 */
final class Contexts {
  private Contexts() {}

  /**
   * Go's {@code if parent == nil { panic("cannot create context from nil parent") }}.
   *
   * @param parent the parent to check
   * @return the parent
   */
  static Context requireParent(Context parent) {
    if (parent == null) {
      throw new NullPointerException("cannot create context from nil parent");
    }
    return parent;
  }

  /**
   * Go's {@code time.Now().Add(timeout)}, saturating instead of overflowing.
   *
   * @param timeout the timeout
   * @return now plus {@code timeout}, clamped to {@link Instant#MIN}..{@link Instant#MAX}
   */
  static Instant deadlineAfter(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    Instant now = Instant.now();
    try {
      return now.plus(timeout);
    } catch (DateTimeException | ArithmeticException e) {
      return timeout.isNegative() ? Instant.MIN : Instant.MAX;
    }
  }

  /**
   * Go's {@code value(c, key)}: walks up the chain of go4j contexts until one answers; hands the
   * lookup to a custom context's own {@code value}.
   *
   * @param c where to start
   * @param key the key, compared by identity
   * @return the value, or null
   */
  static Object value(Context c, ContextKey<?> key) {
    for (; ; ) {
      if (c instanceof ValueCtx v) {
        if (v.key == key) {
          return v.val;
        }
        c = v.parent;
      } else if (c instanceof CancelCtx cc) {
        if (key == CancelCtx.CANCEL_CTX_KEY) {
          return cc;
        }
        c = cc.parent;
      } else if (c instanceof WithoutCancelCtx w) {
        if (key == CancelCtx.CANCEL_CTX_KEY) {
          return null; // cut the link to the canceler: Cause(WithoutCancel(...)) is nil
        }
        c = w.parent;
      } else if (c instanceof EmptyCtx) {
        return null;
      } else {
        return c.value(key);
      }
    }
  }

  /**
   * Go's {@code contextName(c)} with each go4j type's {@code String()}: the root's name followed by
   * one suffix per derivation, e.g. {@code context.Background.WithCancel.WithValue(k, v)}.
   *
   * @param c the context to name
   * @return its {@code toString()} form
   */
  static String name(Context c) {
    ArrayList<Context> chain = new ArrayList<>();
    for (; ; ) {
      if (c instanceof ValueCtx v) {
        chain.add(v);
        c = v.parent;
      } else if (c instanceof CancelCtx cc) {
        chain.add(cc);
        c = cc.parent;
      } else if (c instanceof WithoutCancelCtx w) {
        chain.add(w);
        c = w.parent;
      } else {
        break;
      }
    }
    StringBuilder sb = new StringBuilder(String.valueOf(c));
    for (int i = chain.size() - 1; i >= 0; i--) {
      Context d = chain.get(i);
      if (d instanceof ValueCtx v) {
        sb.append(".WithValue(").append(stringify(v.key)).append(", ");
        sb.append(stringify(v.val)).append(')');
      } else if (d instanceof TimerCtx t) {
        Instant at = t.deadlineAt;
        sb.append(".WithDeadline(").append(at).append(" [");
        sb.append(formatDuration(remaining(at))).append("])");
      } else if (d instanceof CancelCtx) {
        sb.append(".WithCancel");
      } else {
        sb.append(".WithoutCancel");
      }
    }
    return sb.toString();
  }

  private static Duration remaining(Instant at) {
    return Duration.between(Instant.now(), at); // Instant's range fits in a Duration
  }

  /** Go's {@code stringify}: {@code <nil>} for null, the {@code toString()} otherwise. */
  private static String stringify(Object o) {
    return o == null ? "<nil>" : o.toString();
  }

  /**
   * Go's {@code time.Duration.String()}: {@code "0s"}, {@code "999ns"}, {@code "1.5µs"}, {@code
   * "2.25ms"}, {@code "1.5s"}, {@code "1m30s"}, {@code "1h0m0s"}. Durations beyond Go's range
   * (about 292 years) are printed with the same units.
   *
   * @param d the duration
   * @return Go's form
   */
  static String formatDuration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    long secs = d.getSeconds();
    int nanos = d.getNano();
    if (secs == 0) {
      if (nanos < 1_000) {
        return sb.append(nanos).append("ns").toString();
      } else if (nanos < 1_000_000) {
        return appendFraction(sb, nanos, 1_000).append("µs").toString();
      } else {
        return appendFraction(sb, nanos, 1_000_000).append("ms").toString();
      }
    }
    long h = secs / 3600;
    long m = secs / 60 % 60;
    long s = secs % 60;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(s);
    appendDecimals(sb, nanos, 9);
    return sb.append('s').toString();
  }

  /** Appends {@code value / unit} with its decimal fraction, trailing zeros removed. */
  private static StringBuilder appendFraction(StringBuilder sb, long value, long unit) {
    sb.append(value / unit);
    appendDecimals(sb, value % unit, Long.toString(unit).length() - 1);
    return sb;
  }

  /** Appends {@code "." + frac} padded to {@code digits} digits, trailing zeros removed. */
  private static void appendDecimals(StringBuilder sb, long frac, int digits) {
    if (frac == 0) {
      return;
    }
    String f = Long.toString(frac);
    StringBuilder dec = new StringBuilder(digits);
    for (int i = f.length(); i < digits; i++) {
      dec.append('0');
    }
    dec.append(f);
    int end = dec.length();
    while (dec.charAt(end - 1) == '0') {
      end--;
    }
    sb.append('.').append(dec, 0, end);
  }
}
