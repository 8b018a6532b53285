package io.github.go4j.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
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
            // ping-pong is unbuffered: no Go target, and no jox or j.u.c. score here
            tuple("spsc c=64", "≤ ArrayBlockingQueue", false),
            tuple("spsc c=64", "≤ 0.5 x jox", true),
            tuple("spsc c=64", "≤ 2 x Go", false));
  }

  /** One go4j/peer pair of scores for {@code benchmark} with {@code params}, as JMH writes it. */
  static String run(String benchmark, String params, String impl, double ns, double bytes) {
    return """
        { "benchmark": "io.github.go4j.bench.%s", "params": { %s%s"impl": "%s" },
          "primaryMetric": { "score": %s, "scoreError": "NaN" },
          "secondaryMetrics": { "gc.alloc.rate.norm": { "score": %s } } }"""
        .formatted(benchmark, params, params.isEmpty() ? "" : ", ", impl, ns, bytes);
  }

  static Report reportOf(String... runs) {
    return new Report(Measurement.fromJmh(Json.parse("[" + String.join(",", runs) + "]")));
  }

  /** A report of JMH {@code runs} (see {@link #run}) and the Go program's {@code goResults}. */
  static Report reportWithGo(String goResults, String... runs) {
    List<Measurement> all =
        new ArrayList<>(Measurement.fromJmh(Json.parse("[" + String.join(",", runs) + "]")));
    all.addAll(Measurement.fromGo(Json.parse(goResults)));
    return new Report(all);
  }

  @Test
  void unbufferedTargetsAreSynchronousQueueAndHalfOfJox() {
    Report r =
        reportOf(
            run("Spsc.run", "\"capacity\": \"0\"", "go4j", 100, 80),
            run("Spsc.run", "\"capacity\": \"0\"", "jox", 250, 30),
            run("Spsc.run", "\"capacity\": \"0\"", "juc", 100, 40),
            run("Mpmc.run", "\"capacity\": \"0\", \"parties\": \"4x4\"", "go4j", 100, 80),
            run("Mpmc.run", "\"capacity\": \"0\", \"parties\": \"4x4\"", "jox", 150, 30));
    assertThat(r.targets())
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .containsExactly(
            tuple("spsc c=0", "≤ SynchronousQueue", true), // equal is met
            tuple("spsc c=0", "≤ 0.5 x jox", true),
            tuple("mpmc 4x4 c=0", "≤ 0.5 x jox", false));
  }

  @Test
  void selectTargetsAreHalfOfJoxAndOneAndAHalfOfGo() {
    List<Measurement> all =
        new ArrayList<>(
            Measurement.fromJmh(
                Json.parse(
                    "["
                        + run("SelectFanIn.run", "\"channels\": \"2\"", "go4j", 150, 100)
                        + ","
                        + run("SelectFanIn.run", "\"channels\": \"2\"", "jox", 300, 300)
                        + "]")));
    all.addAll(
        Measurement.fromGo(
            Json.parse(
                """
                { "results": [ { "benchmark": "SelectFanIn.run", "params": { "channels": "2" },
                  "ns_per_op": 99.0, "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 } ] }
                """)));
    assertThat(new Report(all).targets())
        .extracting(Report.Target::rule, Report.Target::met)
        .containsExactly(tuple("≤ 0.5 x jox", true), tuple("≤ 1.5 x Go", false));
  }

  @Test
  void allocationTargetIsZeroBytesOnNonBlockingPathsAndReusedSelects() {
    Report r =
        reportOf(
            run("GoShapes.chanNonblocking", "", "go4j", 1, 0.01),
            run("GoShapes.selectNonblock", "", "go4j", 60, 352), // cases built per select: none
            run("GoShapes.selectNonblockReused", "", "go4j", 50, 24),
            run("SelectCancelReused.run", "\"capacity\": \"64\"", "go4j", 200, 0.99));
    assertThat(r.targets())
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .containsExactly(
            tuple("select+cancel c=64 reused", "0 B/op (< 1.00 B/op)", true),
            tuple("chanNonblocking", "0 B/op (< 1.00 B/op)", true),
            tuple("selectNonblockReused", "0 B/op (< 1.00 B/op)", false));
    String md = r.markdown(env(), null);
    assertThat(md)
        .contains("| chanNonblocking | 1.00 (0.01 B ✓) |")
        .contains("| selectNonblockReused | 50.0 (**24.0 B ✗**) |")
        .contains("| selectNonblock | 60.0 (352 B) |");
  }

  @Test
  void allocationTargetTakesTheJdksTaskPerCountedUnparkOutOfGo4jsBytes() {
    String withUnparks =
        """
        { "benchmark": "io.github.go4j.bench.SelectFanInReused.run",
          "params": { "capacity": "64", "channels": "%s", "impl": "go4j" },
          "primaryMetric": { "score": 150, "scoreError": "NaN" },
          "secondaryMetrics": { "gc.alloc.rate.norm": { "score": %s },
                                "go4j.unparks.norm": { "score": %s } } }""";
    Report r =
        reportOf(
            withUnparks.formatted("2", 2.3, 0.07), // 2.3 - 32 x 0.07 = 0.06 B own
            withUnparks.formatted("8", 5.3, 0.07)); // 5.3 - 2.24 = 3.06 B own: missed
    assertThat(r.targets())
        .extracting(Report.Target::row, Report.Target::met)
        .containsExactly(
            tuple("select 2 ch c=64 reused", true), tuple("select 8 ch c=64 reused", false));
    assertThat(r.targets().get(0).value()).isCloseTo(0.06, within(1e-9));
    assertThat(r.markdown(env(), null))
        .contains("150 (2.30 B, 0.07 unparks: own 0.06 B ✓)")
        .contains("150 (**5.30 B, 0.07 unparks: own 3.06 B ✗**)");
  }

  @Test
  void allocationTargetChecksAllBytesWhenUnparksWereNotCounted() {
    Measurement m =
        Measurement.fromJmh(
                Json.parse("[" + run("SelectFanInReused.run", "", "go4j", 1, 2.3) + "]"))
            .get(0);
    assertThat(m.unparksPerOp()).isNaN();
    assertThat(m.ownBytesPerOp()).isEqualTo(2.3);
  }

  @Test
  void stretchGoalIsInformationOnly() {
    Report r = report(); // spsc c=64: go4j/Go = 4
    assertThat(r.stretchGoals())
        .extracting(Report.Target::row, Report.Target::met)
        .containsExactly(tuple("spsc c=64", false));
    assertThat(r.targets()).extracting(Report.Target::rule).doesNotContain("≤ 1.5 x Go (stretch)");
    assertThat(r.markdown(env(), null))
        .contains("Stretch goal, information only: go4j ≤ 1.5 x Go on buffered workloads, 0 of 1")
        .contains("| spsc c=64 | 4.00 | no |");
  }

  @Test
  void reusedAndPlatformRowsShareTheirWorkloadsSections() {
    Report r =
        reportOf(
            run("SelectFanInReused.run", "\"channels\": \"2\"", "go4j", 100, 24),
            run("SelectFanIn.run", "\"channels\": \"8\"", "go4j", 100, 300),
            run("SelectFanIn.run", "\"channels\": \"2\"", "go4j", 100, 100),
            run("MpmcPlatform.run", "\"capacity\": \"0\"", "go4j", 800, 48),
            run("PingPongPlatform.run", "", "go4j", 6000, 40),
            run("OneCarrier.spsc", "\"capacity\": \"64\"", "go4j", 100, 1),
            run("OneCarrier.pingPong", "", "go4j", 2000, 1),
            run("PingPong.run", "", "go4j", 900, 80));
    assertThat(r.rows())
        .extracting(Report.Row::label)
        .containsExactly(
            "ping-pong",
            "ping-pong 1 carrier",
            "spsc c=64 1 carrier",
            "ping-pong platform",
            "mpmc 4x4 c=0 platform",
            "select 2 ch",
            "select 8 ch",
            "select 2 ch reused");
    String md = r.markdown(env(), null);
    assertThat(md.split("### Platform threads", -1)).hasSize(2);
    assertThat(md.split("### Select over 2 and 8 channels", -1)).hasSize(2);
    assertThat(md).contains("### One carrier thread");
  }

  @Test
  void floorShowsHandOffsAndTheUnbufferedRowsOverThem() {
    Report r =
        reportOf(
            run("HandOffFloor.run", "", "park", 500, 0),
            run("HandOffFloor.run", "", "spin", 250, 0),
            run("PingPong.run", "", "go4j", 1000, 80),
            run("Spsc.run", "\"capacity\": \"0\"", "go4j", 750, 80),
            run("Spsc.run", "\"capacity\": \"64\"", "go4j", 50, 0));
    assertThat(r.targets()).isEmpty();
    String md = r.markdown(env(), null);
    assertThat(md)
        .contains("### The JVM floor: a bare virtual-thread hand-off")
        .contains("each message whose first party parks pays at least one park and one unpark")
        .contains("| park/unpark, no spinning | 500 (0.00 B) |")
        .contains("| spin up to 2 µs, then park | 250 (0.00 B) |")
        .contains("| ping-pong | 1000 | 2.00 | 4.00 |")
        .contains("| spsc c=0 | 750 | 1.50 | 3.00 |")
        .doesNotContain("| spsc c=64 | 50.0 | ");
    // the floor comes right after ping-pong, before spsc
    assertThat(md.indexOf("### The JVM floor"))
        .isBetween(md.indexOf("### Ping-pong"), md.indexOf("### One producer"));
  }

  /**
   * Beside a missed ratio on an unbuffered row, the report gives the floor's spinning hand-off and
   * both scores over it; beside a missed ratio to Go, the same workload on one carrier (go4j, Go
   * with GOMAXPROCS=1) and Go's own score with GOMAXPROCS=2. A miss with nothing measured beside it
   * shows a dash; met targets are not listed.
   */
  @Test
  void missedTargetsShowWhatTheRunMeasuredBesideThem() {
    Report r =
        reportWithGo(
            """
            { "results": [
              { "benchmark": "Spsc.run", "params": { "capacity": "1" }, "ns_per_op": 79.8,
                "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 },
              { "benchmark": "Spsc.run", "params": { "capacity": "64" }, "ns_per_op": 30.0,
                "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 },
              { "benchmark": "OneCarrier.spsc", "params": { "capacity": "1" },
                "ns_per_op": 75.5, "ns_per_op_stddev": 0.5, "bytes_per_op": 0.0 } ] }
            """,
            run("HandOffFloor.run", "", "spin", 30, 0),
            run("Spsc.run", "\"capacity\": \"0\"", "go4j", 120, 0.2),
            run("Spsc.run", "\"capacity\": \"0\"", "jox", 180, 30),
            run("Spsc.run", "\"capacity\": \"0\"", "juc", 240, 40),
            run("Spsc.run", "\"capacity\": \"1\"", "go4j", 160, 0.3),
            run("Spsc.run", "\"capacity\": \"64\"", "go4j", 300, 0.3),
            run("OneCarrier.spsc", "\"capacity\": \"1\"", "go4j", 124, 20));
    assertThat(r.targets())
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .containsExactly(
            tuple("spsc c=0", "≤ SynchronousQueue", true),
            tuple("spsc c=0", "≤ 0.5 x jox", false),
            tuple("spsc c=1", "≤ 2 x Go", false),
            tuple("spsc c=64", "≤ 2 x Go", false));
    assertThat(r.markdown(env(), null))
        .contains(
            "| spsc c=0 | ≤ 0.5 x jox | **0.67** | spinning hand-off floor 30.0 ns: go4j 4.00 x,"
                + " jox 6.00 x |")
        .contains(
            "| spsc c=1 | ≤ 2 x Go | **2.01** | one carrier: go4j 124, Go (GOMAXPROCS=1) 75.5:"
                + " 1.64 x; Go with GOMAXPROCS=2 79.8 |")
        // no one-carrier twin measured for c=64: nothing beside it
        .contains("| spsc c=64 | ≤ 2 x Go | **10.0** | – |")
        .doesNotContain("| spsc c=0 | ≤ SynchronousQueue |");
  }

  @Test
  void aMissedRendezvousSelectShowsTheFloorBesideIt() {
    // select+cancel at capacity 0 is a rendezvous without a one-carrier twin: both of its ratios
    // get the floor's multiples; at capacity 64 nothing bears on a miss
    Report r =
        reportWithGo(
            """
            { "results": [
              { "benchmark": "SelectCancel.run", "params": { "capacity": "0" }, "ns_per_op": 300.0,
                "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 },
              { "benchmark": "SelectCancel.run", "params": { "capacity": "64" }, "ns_per_op": 50.0,
                "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 } ] }
            """,
            run("HandOffFloor.run", "", "spin", 200, 0),
            run("SelectCancel.run", "\"capacity\": \"0\"", "go4j", 700, 0.2),
            run("SelectCancel.run", "\"capacity\": \"0\"", "jox", 1200, 30),
            run("SelectCancel.run", "\"capacity\": \"64\"", "go4j", 100, 0.2),
            run("SelectCancel.run", "\"capacity\": \"64\"", "jox", 400, 30));
    assertThat(r.markdown(env(), null))
        .contains(
            "| select+cancel c=0 | ≤ 0.5 x jox | **0.58** | spinning hand-off floor 200 ns:"
                + " go4j 3.50 x, jox 6.00 x |")
        .contains(
            "| select+cancel c=0 | ≤ 1.5 x Go | **2.33** | spinning hand-off floor 200 ns:"
                + " go4j 3.50 x, Go 1.50 x |")
        .contains("| select+cancel c=64 | ≤ 1.5 x Go | **2.00** | – |");
  }

  /**
   * With its one-carrier twin measured, a missed select+cancel c=0 ratio to Go shows go4j and Go on
   * one carrier (GOMAXPROCS=1) beside it, as spsc does; the ratio to jox keeps the floor's
   * multiples, and the twin has a row of its own in the one-carrier table.
   */
  @Test
  void aMissedSelectCancelRatioToGoShowsItsOneCarrierTwinBesideIt() {
    Report r =
        reportWithGo(
            """
            { "results": [
              { "benchmark": "SelectCancel.run", "params": { "capacity": "0" }, "ns_per_op": 300.0,
                "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 },
              { "benchmark": "OneCarrier.selectCancel", "params": { "capacity": "0" },
                "ns_per_op": 250.0, "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 } ] }
            """,
            run("HandOffFloor.run", "", "spin", 200, 0),
            run("SelectCancel.run", "\"capacity\": \"0\"", "go4j", 700, 0.2),
            run("SelectCancel.run", "\"capacity\": \"0\"", "jox", 1200, 30),
            run("OneCarrier.selectCancel", "\"capacity\": \"0\"", "go4j", 400, 32),
            run("OneCarrier.selectCancel", "\"capacity\": \"0\"", "jox", 2000, 60));
    String md = r.markdown(env(), null);
    assertThat(md)
        .contains(
            "| select+cancel c=0 | ≤ 1.5 x Go | **2.33** | one carrier: go4j 400, Go"
                + " (GOMAXPROCS=1) 250: 1.60 x; Go with GOMAXPROCS=2 300 |")
        .contains(
            "| select+cancel c=0 | ≤ 0.5 x jox | **0.58** | spinning hand-off floor 200 ns:"
                + " go4j 3.50 x, jox 6.00 x |")
        .contains("| select+cancel c=0 1 carrier | 400");
  }

  /**
   * Beside a missed select fan-in ratio to Go: one hop without a select (go4j's and Go's spsc
   * c=64), so that the select's own cost shows. Beside a missed hop target: the hop with its forks'
   * means, and the pipeline against Go.
   */
  @Test
  void aMissedSelectFanInOrHopTargetShowsTheHopBesideIt() {
    String hop =
        """
        { "benchmark": "io.github.go4j.bench.Spsc.run",
          "params": { "capacity": "64", "impl": "go4j" },
          "primaryMetric": { "score": 40.0, "scoreError": 5.0,
            "rawData": [ [ 30.0, 32.0 ], [ 80.0, 82.0 ], [ 40.0, 42.0 ] ] },
          "secondaryMetrics": { "gc.alloc.rate.norm": { "score": 0.0 } } }""";
    Report r =
        reportWithGo(
            """
            { "results": [
              { "benchmark": "Spsc.run", "params": { "capacity": "64" }, "ns_per_op": 35.0,
                "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 },
              { "benchmark": "SelectFanIn.run", "params": { "capacity": "64", "channels": "2" },
                "ns_per_op": 80.0, "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 },
              { "benchmark": "PatternsPipeline.pipeline3", "params": {}, "ns_per_op": 200.0,
                "ns_per_op_stddev": 5.0, "bytes_per_op": 0.0 } ] }
            """,
            hop,
            run("SelectFanIn.run", "\"capacity\": \"64\", \"channels\": \"2\"", "go4j", 130, 1),
            run("PatternsPipeline.pipeline3", "", "go4j", 180, 0.5));
    assertThat(r.targets())
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .contains(
            tuple("select 2 ch c=64", "≤ 1.5 x Go", false), // 1.63
            tuple("pipeline3", "≤ 3.5 x spsc c=64 hop", false), // 180 / 41 = 4.39
            tuple("pipeline3", "≤ 2 x Go", true));
    assertThat(r.markdown(env(), null))
        .contains(
            "| select 2 ch c=64 | ≤ 1.5 x Go | **1.63** | one hop without a select (spsc c=64):"
                + " go4j 41.0, Go 35.0 |")
        .contains(
            "| pipeline3 | ≤ 3.5 x spsc c=64 hop | **4.39** ‡ | spsc c=64 hop 41.0 ns"
                + " [forks 31.0 · 81.0 · 41.0]; pipeline3 180 ns, 0.90 x Go |");
  }

  @Test
  void memoryPerBlockedGoroutineIsTheMedianOfTheIterationsNotJmhsSum() {
    String jmh =
        """
        [ { "benchmark": "io.github.go4j.bench.BlockedMemory.run", "mode": "ss",
            "params": { "goroutines": "100000", "impl": "go4j" },
            "primaryMetric": { "score": 900.0, "scoreError": 50.0, "scoreUnit": "ms/op" },
            "secondaryMetrics": {
              "gc.alloc.rate.norm": { "score": 1.0E8 },
              "bytesPerGoroutine": { "score": 2600.0, "scoreUnit": "#",
                "rawData": [ [ 1170.0, 700.0, 730.0 ] ] } } },
          { "benchmark": "io.github.go4j.bench.BlockedMemory.run", "mode": "ss",
            "params": { "goroutines": "100000", "impl": "park" },
            "primaryMetric": { "score": 500.0, "scoreError": 50.0, "scoreUnit": "ms/op" },
            "secondaryMetrics": { "bytesPerGoroutine": { "score": 1000.0,
                "rawData": [ [ 510.0, 490.0 ] ] } } } ]
        """;
    String go =
        """
        { "results": [ { "benchmark": "BlockedMemory.run", "params": { "goroutines": "100000" }, "ns_per_op": 0,
          "bytes_per_op": 0, "bytes_per_goroutine": 2800.0, "bytes_per_goroutine_stddev": 10.0 } ] }
        """;
    List<Measurement> all = new ArrayList<>(Measurement.fromJmh(Json.parse(jmh)));
    all.addAll(Measurement.fromGo(Json.parse(go)));
    assertThat(all)
        .extracting(Measurement::impl, Measurement::nsPerOp)
        .containsExactly(tuple("go4j", 730.0), tuple("park", 500.0), tuple("go", 2800.0));
    assertThat(all.get(0).bytesPerOp()).isNaN();
    Report r = new Report(all);
    assertThat(r.targets()).isEmpty();
    assertThat(r.markdown(env(), null))
        .contains("### Memory per blocked goroutine")
        .contains("| blocked in a receive, n=100000 | 730 | 500 | 1.46 | 2800 ±10.0 | 0.26 |");
  }

  /**
   * A ping-pong run of {@code impl} whose forks' iterations are {@code forks}, as JMH writes it.
   */
  private static String forkedRun(String impl, double jmhScore, String forks) {
    return """
        { "benchmark": "io.github.go4j.bench.PingPong.run", "params": { "impl": "%s" },
          "primaryMetric": { "score": %s, "scoreError": 300.0, "rawData": %s },
          "secondaryMetrics": { "gc.alloc.rate.norm": { "score": 0.5 } } }"""
        .formatted(impl, jmhScore, forks);
  }

  /**
   * A ping-pong run as {@link #forkedRun}, with the placement probe's per-iteration values of each
   * fork ({@code PlacementProfiler}) as JMH writes a profiler's secondary result.
   */
  private static String probedRun(String impl, String forks, String probes) {
    return probedRun(impl, 1.0, forks, probes);
  }

  private static String probedRun(String impl, double jmhScore, String forks, String probes) {
    return """
        { "benchmark": "io.github.go4j.bench.PingPong.run", "params": { "impl": "%s" },
          "primaryMetric": { "score": %s, "scoreError": 300.0, "rawData": %s },
          "secondaryMetrics": { "gc.alloc.rate.norm": { "score": 0.5 },
            "placement.handoff.ns": { "score": 1.0, "rawData": %s } } }"""
        .formatted(impl, jmhScore, forks, probes);
  }

  /** Each fork's placement is the median of its iterations' probes, in fork order. */
  @Test
  void readsEachForksPlacementProbeAsTheMedianOfItsIterations() {
    List<Measurement> ms =
        Measurement.fromJmh(
            Json.parse(
                "["
                    + probedRun(
                        "go4j",
                        "[ [ 80.0, 90.0 ], [ 300.0, 310.0 ] ]",
                        "[ [ 30.0, 160.0, 28.0 ], [ 165.0, 170.0, \"NaN\" ] ]")
                    + ","
                    + forkedRun("jox", 200.0, "[ [ 190.0 ], [ 210.0 ] ]")
                    + "]"));
    assertThat(ms.get(0).placements()).containsExactly(30.0, 167.5);
    assertThat(ms.get(1).placements()).isEmpty(); // not probed
    // one fork: no fork means, so no placements either
    assertThat(
            Measurement.fromJmh(
                    Json.parse("[" + probedRun("go4j", "[ [ 80.0 ] ]", "[ [ 30.0 ] ]") + "]"))
                .get(0)
                .placements())
        .isEmpty();
  }

  /**
   * A fork whose probe read more than twice the run's fastest probe is marked as the slow
   * placement, and beside a missed ratio whose forks disagree the list compares go4j and the peer
   * in each placement; a one-carrier row's probes (NaN there) set nothing.
   */
  @Test
  void forksInTheSlowPlacementAreMarkedAndAMissedRatioComparesLikePlacements() {
    Report r =
        reportOf(
            // go4j: forks 90 (fast), 300 (slow), 280 (slow), 100 (fast), 310 (slow): median 280
            probedRun(
                "go4j",
                "[ [ 90.0 ], [ 300.0 ], [ 280.0 ], [ 100.0 ], [ 310.0 ] ]",
                "[ [ 30.0 ], [ 160.0 ], [ 170.0 ], [ 29.0 ], [ 165.0 ] ]"),
            // SynchronousQueue: all fast, median 110
            probedRun(
                "juc",
                "[ [ 105.0 ], [ 110.0 ], [ 112.0 ], [ 400.0 ], [ 108.0 ] ]",
                "[ [ 31.0 ], [ 28.0 ], [ 30.0 ], [ 25.0 ], [ 33.0 ] ]"),
            run("OneCarrier.pingPong", "", "go4j", 180, 32));
    String md = r.markdown(env(), null);
    assertThat(md)
        .contains("| 280 [forks 90.0 · 300ˢ · 280ˢ · 100 · 310ˢ] ‡ (0.50 B) |")
        .contains("| 110 [forks 105 · 110 · 112 · 400 · 108] ‡ (0.50 B) |")
        // fast placement: go4j median of 90 and 100 over SynchronousQueue's 110 (its 5 forks)
        .contains(
            "same placement, fast (probe ≤ 2 x 25.0 ns): go4j 95.0 (2 forks), j.u.c. 110 (5) ="
                + " 0.86 x; slow: go4j 300 (3 forks), j.u.c. – (0)")
        .contains("ˢ marks a fork whose probe read more than 2 x the fast placement's");
    assertThat(r.slowPlacement(r.rows().get(0).byPeer().get("go4j"), 1)).isTrue();
    assertThat(r.slowPlacement(r.rows().get(0).byPeer().get("go4j"), 0)).isFalse();
    // a miss whose forks agree (each side's within 2 x): nothing compared beside it
    Report agree =
        reportOf(
            probedRun("go4j", 305.0, "[ [ 300.0 ], [ 310.0 ] ]", "[ [ 160.0 ], [ 170.0 ] ]"),
            probedRun("juc", 105.0, "[ [ 100.0 ], [ 110.0 ] ]", "[ [ 30.0 ], [ 31.0 ] ]"));
    assertThat(agree.markdown(env(), null))
        .contains("| 305 ±300 [forks 300ˢ · 310ˢ] (0.50 B) |") // two forks: JMH's score
        .contains("| ping-pong | ≤ SynchronousQueue | **2.90** |")
        .doesNotContain("same placement, fast");
  }

  /**
   * The fast placement's reference is the run's 10th percentile of fork probes, not its minimum:
   * one fork of a rarer, faster placement (16 ns) does not make forks of the usual fast one (26-34
   * ns) count as slow.
   */
  @Test
  void oneFasterForkDoesNotMakeTheUsualFastPlacementSlow() {
    Report r =
        reportOf(
            probedRun(
                "go4j",
                "[ [ 90.0 ], [ 91.0 ], [ 92.0 ], [ 93.0 ], [ 94.0 ],"
                    + " [ 95.0 ], [ 96.0 ], [ 97.0 ], [ 98.0 ], [ 300.0 ] ]",
                "[ [ 16.0 ], [ 26.0 ], [ 26.0 ], [ 26.0 ], [ 26.0 ],"
                    + " [ 26.0 ], [ 26.0 ], [ 26.0 ], [ 26.0 ], [ 160.0 ] ]"),
            probedRun(
                "juc",
                "[ [ 90.0 ], [ 91.0 ], [ 92.0 ], [ 93.0 ], [ 94.0 ],"
                    + " [ 95.0 ], [ 96.0 ], [ 97.0 ], [ 98.0 ], [ 99.0 ] ]",
                "[ [ 26.0 ], [ 27.0 ], [ 28.0 ], [ 29.0 ], [ 30.0 ],"
                    + " [ 31.0 ], [ 32.0 ], [ 33.0 ], [ 34.0 ], [ 34.0 ] ]"));
    Measurement juc = r.rows().get(0).byPeer().get("juc");
    Measurement go4j = r.rows().get(0).byPeer().get("go4j");
    for (int i = 0; i < 10; i++) {
      assertThat(r.slowPlacement(juc, i)).isFalse(); // 34 < 2 x 26
      assertThat(r.slowPlacement(go4j, i)).isEqualTo(i == 9); // 160 > 2 x 26
    }
  }

  @Test
  void fromThreeForksTheScoreIsTheMedianOfTheForkMeansAndEveryForkIsShown() {
    String[] runs = {
      // fork means 105, 510, 125: JMH's mean of all iterations would be 246.67
      forkedRun("go4j", 246.67, "[ [ 100.0, 110.0 ], [ 500.0, 520.0 ], [ 120.0, 130.0 ] ]"),
      // two forks: JMH's mean stays the score, the forks are still shown
      forkedRun("juc", 300.0, "[ [ 100.0, 100.0 ], [ 500.0, 500.0 ] ]"),
      // one fork: nothing changes
      forkedRun("jox", 400.0, "[ [ 390.0, 410.0 ] ]")
    };
    List<Measurement> ms = Measurement.fromJmh(Json.parse("[" + String.join(",", runs) + "]"));
    assertThat(ms)
        .extracting(Measurement::impl, Measurement::nsPerOp, Measurement::forkMeans)
        .containsExactly(
            tuple("go4j", 125.0, List.of(105.0, 510.0, 125.0)),
            tuple("juc", 300.0, List.of(100.0, 500.0)),
            tuple("jox", 400.0, List.of()));
    assertThat(ms.get(0).nsError()).isNaN();
    assertThat(ms.get(1).nsError()).isEqualTo(300.0);
    assertThat(reportOf(runs).markdown(env(), null))
        .contains("| 125 [forks 105 · 510 · 125] ‡ (0.50 B) |")
        .contains("| 300 ±300 [forks 100 · 500] ‡ (0.50 B) |")
        .contains("| 400 ±300 (0.50 B) |")
        .contains("from 3 forks on the score is their median")
        // the ratio is taken from the median: 125 / 300
        .contains("| 0.42 ✓ |");
  }

  /**
   * Beside a missed ratio whose go4j forks disagree, the list counts go4j's forks that meet the
   * target on their own against the peer's score, and gives the fastest; where go4j's forks agree
   * (only the peer's disagree) nothing is counted.
   */
  @Test
  void aMissedRatioWithGo4jForksInDifferentPlacementsCountsTheForksThatMeetIt() {
    Report split =
        reportOf(
            forkedRun("go4j", 400.0, "[ [ 300.0 ], [ 700.0 ], [ 320.0 ] ]"), // median 320
            forkedRun("jox", 500.0, "[ [ 500.0 ] ]"));
    // against 0.5 x jox: forks 0.60, 1.40, 0.64: none meets it
    assertThat(split.markdown(env(), null))
        .contains(
            "| ping-pong | ≤ 0.5 x jox | **0.64** ‡ | go4j's forks within it: 0 of 3, fastest"
                + " 300 ns = 0.60 x |");
    Report peerSplit =
        reportOf(
            forkedRun("go4j", 400.0, "[ [ 300.0 ], [ 310.0 ], [ 320.0 ] ]"), // median 310
            forkedRun("juc", 200.0, "[ [ 100.0 ], [ 200.0 ], [ 210.0 ] ]")); // median 200
    assertThat(peerSplit.markdown(env(), null))
        .contains("| ping-pong | ≤ SynchronousQueue | **1.55** ‡ | – |");
  }

  /**
   * A score whose slowest fork took more than twice its fastest is marked, and so is a missed
   * target one of whose scores is marked; forks within a factor of two are not.
   */
  @Test
  void forksInDifferentPlacementsAreMarkedOnTheScoreAndOnAMissedTarget() {
    String[] runs = {
      forkedRun("go4j", 400.0, "[ [ 300.0 ], [ 700.0 ], [ 310.0 ] ]"), // median 310, 700 > 2 x 300
      forkedRun("juc", 300.0, "[ [ 290.0 ], [ 300.0 ], [ 580.0 ] ]"), // median 300, 580 < 2 x 290
      forkedRun("jox", 1000.0, "[ [ 990.0 ], [ 1000.0 ], [ 1010.0 ] ]")
    };
    List<Measurement> ms = Measurement.fromJmh(Json.parse("[" + String.join(",", runs) + "]"));
    assertThat(ms).extracting(Measurement::forksDisagree).containsExactly(true, false, false);
    Report r = reportOf(runs);
    assertThat(r.targets())
        .extracting(Report.Target::rule, Report.Target::met, Report.Target::forksDisagree)
        .containsExactly(
            tuple("≤ SynchronousQueue", false, true), tuple("≤ 0.5 x jox", true, true));
    assertThat(r.markdown(env(), null))
        .contains("| 310 [forks 300 · 700 · 310] ‡ (0.50 B) |")
        .contains("| 300 [forks 290 · 300 · 580] (0.50 B) |")
        // go4j's forks over SynchronousQueue's 300: 1.00 (met), 2.33, 1.03
        .contains(
            "| ping-pong | ≤ SynchronousQueue | **1.03** ‡ | go4j's forks within it: 1 of 3,"
                + " fastest 300 ns = 1.00 x |")
        .contains("‡ marks a score whose slowest fork took more than 2 x its fastest");
  }

  /** go4j-patterns' shapes, their peers and Go, with go4j's spsc c=64 row as the hop. */
  static Report patternsReport(boolean withHop) {
    List<String> runs =
        new ArrayList<>(
            List.of(
                run("PatternsPipeline.pipeline3", "", "go4j", 160, 0.5),
                run("PatternsPipeline.pipeline3", "", "stream", 10, 0.01),
                run("PatternsPipeline.pipeline3", "", "executor", 200, 2),
                run("PatternsPipeline.fanOutFanIn", "", "go4j", 300, 1),
                run("PatternsMerge.merge8", "", "go4j", 100, 0.25),
                run("PatternsMerge.merge8", "", "executor", 50, 2)));
    if (withHop) {
      runs.add(run("Spsc.run", "\"capacity\": \"64\"", "go4j", 50, 0.1));
      runs.add(run("Spsc.run", "\"capacity\": \"1024\"", "go4j", 20, 0.1)); // not the hop
    }
    List<Measurement> all =
        new ArrayList<>(Measurement.fromJmh(Json.parse("[" + String.join(",", runs) + "]")));
    all.addAll(
        Measurement.fromGo(
            Json.parse(
                """
                { "results": [
                  { "benchmark": "PatternsPipeline.pipeline3", "params": {}, "ns_per_op": 100.0,
                    "ns_per_op_stddev": 5.0, "bytes_per_op": 0.0 },
                  { "benchmark": "PatternsPipeline.fanOutFanIn", "params": {}, "ns_per_op": 100.0,
                    "ns_per_op_stddev": 5.0, "bytes_per_op": 0.0 },
                  { "benchmark": "PatternsMerge.merge8", "params": {}, "ns_per_op": 60.0,
                    "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 } ] }
                """)));
    return new Report(all);
  }

  @Test
  void patternsTargetsAreThreeAndAHalfHopsForPipeline3AndTwiceGoForEachShape() {
    assertThat(patternsReport(true).targets())
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .containsExactly(
            tuple("fanOutFanIn", "≤ 2 x Go", false), // 3.00
            tuple("pipeline3", "≤ 3.5 x spsc c=64 hop", true), // 160 / 50 = 3.2
            tuple("pipeline3", "≤ 2 x Go", true), // 1.6
            tuple("merge8", "≤ 2 x Go", true)); // 1.67
  }

  @Test
  void hopTargetIsNotCheckedWithoutTheSpscRow() {
    Report r = patternsReport(false);
    assertThat(r.hop()).isNull();
    assertThat(r.targets()).extracting(Report.Target::rule).doesNotContain("≤ 3.5 x spsc c=64 hop");
    assertThat(r.markdown(env(), null)).contains("| 1.60 ✓ | – |");
  }

  @Test
  void patternsSectionShowsNsPerItemRatiosToEachPeerAndToOneHop() {
    Report r = patternsReport(true);
    assertThat(r.rows())
        .extracting(Report.Row::label)
        .containsExactly("spsc c=64", "spsc c=1024", "fanOutFanIn", "pipeline3", "merge8");
    assertThat(r.hopRatio(r.rows().get(3))).isCloseTo(3.2, within(1e-9));
    String md = r.markdown(env(), null);
    assertThat(md)
        .contains("### Patterns: pipeline, fan-out/fan-in, merge (go4j-patterns)")
        .contains(
            "| workload | go4j | parallel stream | go4j/parallel stream | ExecutorService"
                + " | go4j/ExecutorService | Go | go4j/Go | go4j/spsc c=64 hop |")
        .contains(
            "| pipeline3 | 160 (0.50 B) | 10.0 (0.01 B) | 16.00 | 200 (2.00 B) | 0.80"
                + " | 100 ±5.00 (0.00 B) | 1.60 ✓ | 3.20 ✓ |")
        .contains(
            "| fanOutFanIn | 300 (1.00 B) | – | – | – | – | 100 ±5.00 (0.00 B) | **3.00 ✗** | 6.00 |")
        .contains(
            "| merge8 | 100 (0.25 B) | – | – | 50.0 (2.00 B) | 2.00 | 60.0 ±1.00 (0.00 B) | 1.67 ✓ | 2.00 |")
        .contains("- Patterns (go4j-patterns, ns per item): pipeline3 ≤ 3.5 x the spsc c=64 hop");
  }

  /** go4j-patterns' coordination rows, their peers, and Go's twin of the TTL cache hit. */
  static Report coordinationReport(double ttlHitNs) {
    return reportWithGo(
        """
        { "results": [
          { "benchmark": "CoordTtlCache.hit", "params": {}, "ns_per_op": 40.0,
            "ns_per_op_stddev": 1.0, "bytes_per_op": 0.0 } ] }
        """,
        run("CoordErrGroup.tasks", "", "go4j", 900, 300),
        run("CoordErrGroup.tasks", "", "executor", 600, 400),
        run("CoordTtlCache.hit", "", "go4j", ttlHitNs, 0.01),
        run("CoordTtlCache.hit", "", "caffeine", 20, 0.02),
        run("CoordTtlCache.hit", "", "chm", 5, 0.0),
        run("CoordRateLimiter.allow", "\"regime\": \"refused\"", "go4j", 30, 16),
        run("CoordRateLimiter.allow", "\"regime\": \"refused\"", "guava", 40, 0),
        run("CoordRateLimiter.allow", "\"regime\": \"granted\"", "go4j", 30, 0.5),
        run("CoordRateLimiter.allow", "\"regime\": \"granted\"", "guava", 60, 0),
        run("CoordSingleFlight.contended", "", "go4j", 400, 100),
        run("CoordSingleFlight.contended", "", "chmFuture", 200, 80));
  }

  @Test
  void coordinationTargetsAreOneAndAHalfCaffeineOnTheCacheHitAndZeroBytesOnHitPaths() {
    assertThat(coordinationReport(30).targets())
        .extracting(Report.Target::row, Report.Target::rule, Report.Target::met)
        .containsExactly(
            tuple("allow, granted", "0 B/op (< 1.00 B/op)", true),
            tuple("allow, refused", "0 B/op (< 1.00 B/op)", false), // 16 B
            tuple("ttl cache hit", "≤ 1.5 x Caffeine", true), // 30 / 20: equal is met
            tuple("ttl cache hit", "0 B/op (< 1.00 B/op)", true));
    assertThat(coordinationReport(31).targets())
        .filteredOn(t -> t.rule().equals("≤ 1.5 x Caffeine"))
        .extracting(Report.Target::value, Report.Target::met)
        .containsExactly(tuple(1.55, false));
  }

  @Test
  void coordinationSectionsShowEachTypeWithItsOwnPeersAndGoWhereItHasATwin() {
    Report r = coordinationReport(31);
    assertThat(r.rows())
        .extracting(Report.Row::label)
        .containsExactly(
            "singleflight, 100 callers",
            "allow, granted",
            "allow, refused",
            "ttl cache hit",
            "errgroup, 10^4 tasks");
    String md = r.markdown(env(), null);
    assertThat(md)
        .contains("### Patterns: coordination, SingleFlight (go4j-patterns)")
        .contains("| workload | go4j | CHM + CompletableFuture | go4j/CHM + CompletableFuture |\n")
        .contains("| singleflight, 100 callers | 400 (100 B) | 200 (80.0 B) | 2.00 |")
        .contains("### Patterns: coordination, RateLimiter (go4j-patterns)")
        .contains("| allow, refused | 30.0 (**16.0 B ✗**) | 40.0 (0.00 B) | 0.75 |")
        .contains("| allow, granted | 30.0 (0.50 B ✓) | 60.0 (0.00 B) | 0.50 |")
        .contains("### Patterns: coordination, TtlCache hit path (go4j-patterns)")
        .contains(
            "| workload | go4j | Caffeine | go4j/Caffeine | ConcurrentHashMap"
                + " | go4j/ConcurrentHashMap | Go | go4j/Go |")
        .contains(
            "| ttl cache hit | 31.0 (0.01 B ✓) | 20.0 (0.02 B) | **1.55 ✗** | 5.00 (0.00 B)"
                + " | 6.20 | 40.0 ±1.00 (0.00 B) | 0.78 |")
        .contains("### Patterns: coordination, ErrGroup (go4j-patterns)")
        .contains("| errgroup, 10^4 tasks | 900 (300 B) | 600 (400 B) | 1.50 |")
        .contains(
            "- Patterns, coordination: the TtlCache hit path ≤ 1.5 x Caffeine (expireAfterWrite)"
                + " and 0 B/op; RateLimiter.allow 0 B/op;")
        .contains("`golang.org/x/sync/singleflight` cannot be fetched")
        .contains("`StructuredTaskScope` is a preview API");
  }

  static Report.Environment env() {
    return new Report.Environment(
        "2025-01-01 00:00 UTC", "Some CPU", 2, "Linux", "25", "1.37", "go1.19.8", "1.0", "");
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
        .contains("| workload | target | go4j/peer (or B/op) | beside it, this run |")
        .contains("| spsc c=64 | ≤ ArrayBlockingQueue | **1.33** | – |")
        .contains("| spsc c=64 | ≤ 2 x Go | **4.00** | – |")
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
