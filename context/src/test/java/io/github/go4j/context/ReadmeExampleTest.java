package io.github.go4j.context;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's example: a request with a timeout whose goroutines all stop on cancel. */
class ReadmeExampleTest {

  /** A worker that produces results until its context is done. */
  static void produce(Context ctx, int id, Channel<String> results) throws InterruptedException {
    for (int n = 0; ; n++) {
      String result = "worker " + id + " result " + n;
      boolean sent =
          Select.select(
              results.onSend(result, () -> true), // case results <- result:
              ctx.done().onReceive(x -> false)); // case <-ctx.Done():
      if (!sent) {
        return; // canceled: stop
      }
    }
  }

  @Test
  void requestWithTimeoutStopsAllItsGoroutines() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(3);
    try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50))) {
      Channel<String> results = Channel.make();
      for (int w = 0; w < 3; w++) {
        int id = w;
        go(
            () -> {
              try {
                produce(ctx, id, results);
              } finally {
                stopped.countDown();
              }
            });
      }
      for (; ; ) {
        String r =
            Select.select(results.onReceive(v -> v), ctx.done().onReceive(x -> (String) null));
        if (r == null) {
          break; // the deadline passed
        }
      }
      assertThat(ctx.err()).isSameAs(Context.DEADLINE_EXCEEDED);
    }
    assertThat(stopped.await(30, TimeUnit.SECONDS)).as("every worker returned").isTrue();
  }
}
