package io.github.go4j.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  /** Two JMH runs in JMH 1.37's format (abridged), with -prof gc's normalised allocation. */
  static final String JMH =
      """
      [
        { "jmhVersion": "1.37", "benchmark": "io.github.go4j.bench.Spsc.run", "mode": "avgt",
          "threads": 1, "forks": 1, "jvm": "/x/java", "jdkVersion": "25", "vmName": "OpenJDK",
          "vmVersion": "25+1", "warmupIterations": 3, "warmupTime": "1 s",
          "measurementIterations": 5, "measurementTime": "1 s",
          "params": { "capacity": "64", "impl": "go4j" },
          "primaryMetric": { "score": 40.0, "scoreError": 2.0, "scoreUnit": "ns/op" },
          "secondaryMetrics": {
            "gc.alloc.rate": { "score": 1.5, "scoreUnit": "MB/sec" },
            "gc.alloc.rate.norm": { "score": 0.25, "scoreError": "NaN", "scoreUnit": "B/op" } } },
        { "jmhVersion": "1.37", "benchmark": "io.github.go4j.bench.Spsc.run", "mode": "avgt",
          "params": { "capacity": "64", "impl": "jox" },
          "primaryMetric": { "score": 100.0, "scoreError": "NaN", "scoreUnit": "ns/op" },
          "secondaryMetrics": { "gc.alloc.rate.norm": { "score": 16.0 } } },
        { "jmhVersion": "1.37", "benchmark": "io.github.go4j.bench.Spsc.run", "mode": "avgt",
          "params": { "capacity": "64", "impl": "juc" },
          "primaryMetric": { "score": 30.0, "scoreError": 1.0, "scoreUnit": "ns/op" },
          "secondaryMetrics": {} },
        { "jmhVersion": "1.37", "benchmark": "io.github.go4j.bench.Spsc.run", "mode": "avgt",
          "params": { "capacity": "1024", "impl": "go4j" },
          "primaryMetric": { "score": 35.0, "scoreError": 1.0, "scoreUnit": "ns/op" },
          "secondaryMetrics": {} },
        { "jmhVersion": "1.37", "benchmark": "io.github.go4j.bench.PingPong.run", "mode": "avgt",
          "params": { "impl": "go4j" },
          "primaryMetric": { "score": 200.0, "scoreError": 5.0, "scoreUnit": "ns/op" },
          "secondaryMetrics": {} }
      ]
      """;

  static final String GO =
      """
      { "go_version": "go1.19.8", "goos": "linux", "goarch": "amd64", "num_cpu": 2,
        "gomaxprocs": 2, "warmup_iterations": 3, "iterations": 5, "iteration_time": "1s",
        "results": [
          { "benchmark": "Spsc.run", "params": { "capacity": "64" }, "ops_per_invocation": 100000,
            "ns_per_op": 10.0, "ns_per_op_stddev": 0.5, "bytes_per_op": 0.01 },
          { "benchmark": "PingPong.run", "params": {}, "ns_per_op": 100.0,
            "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 } ] }
      """;

  static Report report() {
    List<Measurement> all = new ArrayList<>(Measurement.fromJmh(Json.parse(JMH)));
    all.addAll(Measurement.fromGo(Json.parse(GO)));
    return new Report(all);
  }

  @Test
  void readsJmhScoresAllocationAndParametersWithoutImpl() {
    List<Measurement> ms = Measurement.fromJmh(Json.parse(JMH));
    Measurement first = ms.get(0);
    assertThat(first.benchmark()).isEqualTo("Spsc.run");
    assertThat(first.impl()).isEqualTo("go4j");
    assertThat(first.params()).containsExactly(java.util.Map.entry("capacity", "64"));
    assertThat(first.nsPerOp()).isEqualTo(40.0);
    assertThat(first.nsError()).isEqualTo(2.0);
    assertThat(first.bytesPerOp()).isEqualTo(0.25);
    assertThat(ms.get(1).nsError()).isNaN(); // "NaN" as a string
    assertThat(ms.get(2).bytesPerOp()).isNaN(); // no -prof gc
  }

  @Test
  void groupsPeersOfOneWorkloadIntoOneRowInNumericParameterOrder() {
    Report r = report();
    assertThat(r.rows())
        .extracting(Report.Row::label)
        .containsExactly("ping-pong", "spsc c=64", "spsc c=1024");
    Report.Row spsc64 = r.rows().get(1);
    assertThat(spsc64.byPeer().keySet()).containsExactly("go4j", "jox", "juc", "go");
    assertThat(r.peers()).containsExactly("go4j", "jox", "juc", "go");
  }

  @Test
  void ratioIsGo4jOverPeer() {
    Report.Row spsc64 = report().rows().get(1);
    assertThat(spsc64.ratio("jox")).isCloseTo(0.4, within(1e-9));
    assertThat(spsc64.ratio("juc")).isCloseTo(4.0 / 3, within(1e-9));
    assertThat(spsc64.ratio("go")).isCloseTo(4.0, within(1e-9));
    assertThat(spsc64.ratio("ltq")).isNaN();
  }

  @Test
  void checksTargetsAndFlagsMisses() {
    List<Report.Target> targets = report().targets();
    assertThat(targets)
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .containsExactly(
            // ping-pong is unbuffered: no Go target
            org.assertj.core.groups.Tuple.tuple("spsc c=64", "faster than jox", true),
            org.assertj.core.groups.Tuple.tuple("spsc c=64", "faster than the j.u.c. queue", false),
            org.assertj.core.groups.Tuple.tuple("spsc c=64", "within 2x of Go (buffered)", false));
  }

  @Test
  void markdownShowsMachineScoresRatiosAndMisses() {
    Report.Environment env =
        new Report.Environment(
            "2025-01-01 00:00 UTC",
            "Some CPU",
            2,
            "Linux",
            "25",
            "1.37",
            "go1.19.8",
            "1.0",
            "shared machine");
    String md = report().markdown(env, "ratios.png");
    assertThat(md)
        .contains("| CPU | Some CPU, 2 cores |")
        .contains("| Go | go1.19.8 |")
        .contains("**Note:** shared machine")
        .contains("**1 of 3 met.**")
        .contains("| spsc c=64 | faster than the j.u.c. queue | **1.33** |")
        .contains("| spsc c=64 | 40.0 ±2.00 (0.25 B) | 100 (16.0 B) | 0.40 ✓ |")
        .contains("**4.00 ✗**")
        .contains("![go4j/peer ratios](ratios.png)")
        .contains("### One producer, one consumer");
  }

  @Test
  void formatsToThreeSignificantFigures() {
    assertThat(Report.fmt(1234.5)).isEqualTo("1235");
    assertThat(Report.fmt(12.345)).isEqualTo("12.3");
    assertThat(Report.fmt(0.123)).isEqualTo("0.12");
    assertThat(Report.fmt(Double.NaN)).isEqualTo("–");
  }
}
