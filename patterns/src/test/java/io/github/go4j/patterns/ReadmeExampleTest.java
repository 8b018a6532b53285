package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's patterns example: a cancellable 3-stage pipeline with fan-out and merge. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadmeExampleTest {

  @Test
  void threeStagePipelineWithFanOutAndMerge() throws Exception {
    int base = Leaks.baseline();
    List<String> printed = new ArrayList<>();
    try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5));
        Pipeline p = Pipeline.create(ctx, 64)) {
      ReceiveChannel<Integer> nums = p.generate(1, 2, 3, 4, 5, 6, 7, 8);
      List<ReceiveChannel<Integer>> squares = p.fanOut(nums, 4, n -> n * n);
      ReceiveChannel<Integer> merged = p.merge(squares);
      ReceiveChannel<String> lines = p.map(merged, n -> "square " + n);
      for (String line : lines) {
        printed.add(line);
      }
    }
    assertThat(printed)
        .containsExactlyInAnyOrder(
            "square 1",
            "square 4",
            "square 9",
            "square 16",
            "square 25",
            "square 36",
            "square 49",
            "square 64");
    Leaks.assertNoGoroutineLeft(base);
  }

  /** The fluent line of the README. */
  @Test
  void fluentChain() throws Exception {
    try (Pipeline p = Pipeline.create(Context.background())) {
      assertThat(p.flowOf(1, 2, 3, 4).map(n -> n * n, 4).take(2).toList()).containsExactly(1, 4);
    }
  }
}
