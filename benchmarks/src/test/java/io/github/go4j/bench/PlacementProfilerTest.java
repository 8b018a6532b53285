package io.github.go4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlacementProfilerTest {
  /**
   * The probe completes its hand-offs (HandOffFloor.batch checks that none was lost) and reads a
   * cost per hand-off: positive and finite, and below a millisecond even on a loaded machine (a
   * party parks after its 2 µs spin, so a hand-off costs a park and an unpark at worst).
   */
  @Test
  void probeTimesHandOffsBetweenTwoVirtualThreads() throws Exception {
    double ns = PlacementProfiler.probe();
    assertThat(ns).isPositive().isLessThan(1_000_000.0);
  }
}
