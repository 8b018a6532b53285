package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Helpers for the single-flight tests (SingleFlight, TtlCache, Retry). */
final class SingleFlightTestSupport {
  private SingleFlightTestSupport() {}

  /** Goroutines that each compute one result (or fail), collected in any order. */
  static final class Callers<T> {
    private final Channel<Object> results;
    private int started;

    Callers(int capacity) {
      results = Channel.make(capacity);
    }

    /** Starts a goroutine that sends what {@code body} returns (or throws) to the results. */
    void start(Callable<? extends T> body) {
      started++;
      Go.go(
          () -> {
            Object r;
            try {
              r = body.call();
            } catch (Throwable e) {
              r = new Failure(e);
            }
            results.send(r == null ? NULL : r);
          });
    }

    /** Waits for every started goroutine's result; rethrows the first failure. */
    @SuppressWarnings("unchecked")
    List<T> results() throws Exception {
      List<T> out = new ArrayList<>();
      for (int i = 0; i < started; i++) {
        Object r = results.receive();
        if (r instanceof Failure f) {
          throw new AssertionError("a caller failed", f.e);
        }
        out.add(r == NULL ? null : (T) r);
      }
      return out;
    }
  }

  private record Failure(Throwable e) {}

  private static final Object NULL = new Object();
}
