package io.github.go4j.stress.patterns;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import io.github.go4j.stress.Blocking;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.util.Optional;

/**
 * Bounded waits for the tests of this package: a receive that must complete is given {@link #LOST}
 * (far more than any sample needs) and then reported as lost, so that a broken claim shows as a
 * FORBIDDEN outcome instead of a hung fork. The timer is only made when the receive would block.
 */
final class Waits {
  private Waits() {}

  /** How long a wait for something that must come lasts before it is called lost. */
  static final Duration LOST = Duration.ofSeconds(30);

  /** The result of {@link #receive} when nothing came within {@link #LOST}. */
  static final Received<Object> TIMED_OUT = new Received<>(null, false);

  /**
   * {@code v, ok := <-c}, waiting at most {@link #LOST}.
   *
   * @return what was received, or {@link #TIMED_OUT} (whose {@code ok()} is false too)
   */
  @SuppressWarnings("unchecked")
  static <T> Received<T> receive(ReceiveChannel<T> c) {
    Optional<Received<T>> now = c.tryReceive();
    if (now.isPresent()) {
      return now.get();
    }
    return Blocking.call(
        () ->
            Select.select(
                c.onReceiveOk((v, ok) -> new Received<>(v, ok)),
                Time.after(LOST).onReceive(t -> (Received<T>) (Received<?>) TIMED_OUT)));
  }

  /**
   * Receives from {@code c} until it is found closed.
   *
   * @return true once found closed, false if a receive waited {@link #LOST}
   */
  static boolean drain(ReceiveChannel<?> c) {
    for (; ; ) {
      Received<?> got = receive(c);
      if (got == TIMED_OUT) {
        return false;
      }
      if (!got.ok()) {
        return true;
      }
    }
  }
}
