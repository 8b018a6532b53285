package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The time a goroutine has waited, in a dump's header: Go's traceback prints {@code ", N minutes"}
 * from one whole minute on, with "minutes" for one as well ({@code print(", ", waitfor, "
 * minutes")}), which tools that parse Go's dumps expect; go4j printed "1 minute" (found in review).
 */
class DumpHeaderTest {
  @Test
  void theWaitedMinutesAreWrittenAsGoWritesThem() {
    assertThat(GoroutineRegistry.waitedSuffix(0)).isEmpty();
    assertThat(GoroutineRegistry.waitedSuffix(1)).isEqualTo(", 1 minutes");
    assertThat(GoroutineRegistry.waitedSuffix(3)).isEqualTo(", 3 minutes");
  }
}
