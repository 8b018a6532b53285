package io.github.go4j.patterns;

import io.github.go4j.chan.ReceiveChannel;
import java.util.Objects;

/**
 * The two outputs of a {@linkplain Pipelines#tee tee}: Go's {@code out1, out2 := tee(done, in)}.
 * Each value of the input is sent on both outputs, in either order, before the next value is read:
 * as in Go, a reader that stops reading one output stalls the other within a value (plus the
 * outputs' buffers), so read both, or put {@code orDone} and a buffer behind the slower one.
 *
 * @param first one output
 * @param second the other output
 * @param <T> the element type
 */
public record Tee<T>(ReceiveChannel<T> first, ReceiveChannel<T> second) {
  /**
   * The two outputs.
   *
   * @param first one output
   * @param second the other output
   */
  public Tee {
    Objects.requireNonNull(first, "first output channel must not be null");
    Objects.requireNonNull(second, "second output channel must not be null");
  }
}
