package io.github.go4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Goroutines} with the registry off, as in every test JVM except the debug tests'. */
class GoroutinesOffTest {
  @BeforeEach
  void registryOff() throws InterruptedException {
    assumeFalse(Goroutines.enabled(), "the registry-on execution runs io.github.go4j.debug");
    Go.go(() -> {}).join(); // go4j has read the switch now, whatever ran before
  }

  @Test
  void theDumpSaysTheRegistryIsOffAndHowToTurnItOn() throws InterruptedException {
    Thread g = Go.go(() -> {});
    g.join();
    assertThat(Goroutines.dump())
        .isNotBlank()
        .contains("goroutine registry is off")
        .contains("-Dgo4j.registry=true")
        .doesNotContain("goroutine " + g.threadId());
    StringBuilder sb = new StringBuilder();
    Goroutines.dump(sb);
    assertThat(sb).hasToString(Goroutines.dump());
    assertThat(Goroutines.list()).isEmpty();
    assertThat(Goroutines.checkDeadlock()).isEmpty();
  }

  @Test
  void enableAfterTheSwitchWasReadFailsAndLeavesNoPropertyBehind() {
    assertThatThrownBy(Goroutines::enable)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-Dgo4j.registry=true");
    assertThat(System.getProperty("go4j.registry")).isNull();
    assertThat(Goroutines.enabled()).isFalse();
  }
}
