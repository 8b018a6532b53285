package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.SendChannel;
import java.time.Duration;

/**
 * The two operations every pattern loop is made of, each racing a done channel: Go's
 *
 * <pre>{@code
 * select {
 * case out <- v:
 * case <-done:
 *     return
 * }
 * }</pre>
 *
 * and its receive twin. A send tries the channel first and builds a select only when it must block,
 * so a stage feeding a channel with room allocates nothing per value; a receive uses two cases made
 * once per loop ({@link Inlet}), so it allocates nothing either.
 */
final class Ops {
  private Ops() {}

  /**
   * Reports {@code panic} as an exception escaping a goroutine (Go's unrecovered panic), through
   * {@link Go#runReportingPanic}: if the panic handler itself throws, its exception goes to the
   * thread's uncaught-exception handler with {@code panic} attached, as PanicHandler documents,
   * rather than out of the caller (where a goroutine's own report would hand it to the handler
   * again, and a steward's cleanup would be cut short).
   */
  static void reportPanic(Throwable panic) {
    Go.runReportingPanic(
        () -> {
          throw Ops.<RuntimeException>sneaky(panic);
        });
  }

  /**
   * A positive duration in nanoseconds, {@link Long#MAX_VALUE} from about 292 years on (where
   * {@link Duration#toNanos()} throws): as go4j's timers, a delay that long never ends.
   */
  static long saturatedNanos(Duration d) {
    return d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : d.toNanos();
  }

  /** Rethrows any throwable without declaring it (a checked exception of a user's lambda). */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }

  /**
   * Sends {@code v} on {@code out} unless {@code done} is closed first.
   *
   * <p>A send that can complete without blocking completes even if {@code done} is closed: loops
   * check their context once per value, so they stop within one value of cancellation.
   *
   * @return true if sent, false if {@code done} was closed while it waited
   */
  static <T> boolean send(SendChannel<T> out, T v, ReceiveChannel<?> done)
      throws InterruptedException {
    if (out.trySend(v)) {
      return true;
    }
    return Select.select(out.onSend(v, () -> Boolean.TRUE), done.onReceive(x -> Boolean.FALSE));
  }

  /**
   * The receiving side of a loop: {@code for v := range orDone(done, in)}. Its two select cases are
   * made once, so {@link #next()} allocates nothing.
   *
   * @param <T> the element type
   */
  static final class Inlet<T> {
    /** The result of the done case. */
    private static final Object CANCELED = new Object();

    private final ReceiveChannel<? extends T> in;
    private final SelectCase<Object> value;
    private final SelectCase<Object> canceled;

    Inlet(ReceiveChannel<? extends T> in, ReceiveChannel<?> done) {
      this.in = in;
      this.value = in.onReceive(v -> v == null ? CANCELED : v);
      this.canceled = done.onReceive(x -> CANCELED);
    }

    /**
     * The next value, or null when the input is closed and drained or {@code done} is closed. A
     * value that is ready is taken without a select, so while values keep arriving a closed {@code
     * done} is not seen here: loops check their context once per value.
     */
    @SuppressWarnings("unchecked")
    T next() throws InterruptedException {
      T v = in.poll(); // a value ready now: no select (the loop checks its context per value)
      if (v != null) {
        return v;
      }
      Object r = Select.select(value, canceled);
      return r == CANCELED ? null : (T) r;
    }
  }
}
