package io.github.go4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  @Test
  void pipelineStopsEveryStageWhenDoneCloses() throws Exception {
    assertThat(Pipeline.run(3)).containsExactly(1, 4, 9);
    assertThat(Pipeline.run(100)).containsExactly(1, 4, 9, 16, 25, 36, 49, 64);
  }

  @Test
  void timeoutReturnsTheResultWhenItComesFirst() throws Exception {
    assertThat(Timeout.callWithTimeout(() -> "fast", Duration.ofHours(1))).isEqualTo("fast");
  }

  @Test
  void timeoutFiresWhenTheCallNeverAnswers() throws Exception {
    Channel<String> never = Channel.make();
    assertThat(Timeout.callWithTimeout(never::receive, Duration.ofMillis(1))).isEqualTo("timeout");
  }
}
