package io.github.go4j.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The benchmark report: every workload as a row holding each peer's score, the ratio go4j/peer, and
 * the engine's targets ({@link Targets}) checked against those ratios and go4j's allocation.
 * Renders as Markdown.
 */
final class Report {
  /**
   * One workload and the scores of the peers that ran it.
   *
   * @param benchmark e.g. {@code Spsc.run}
   * @param params its parameters without {@code impl}
   * @param byPeer the measurements by peer, in {@link Workloads#PEERS} order
   */
  record Row(String benchmark, SortedMap<String, String> params, Map<String, Measurement> byPeer) {
    String label() {
      return Workloads.label(benchmark, params);
    }

    /** go4j's score divided by {@code peer}'s; NaN if either is missing. */
    double ratio(String peer) {
      Measurement g = byPeer.get("go4j");
      Measurement p = byPeer.get(peer);
      if (g == null || p == null || !(p.nsPerOp() > 0)) {
        return Double.NaN;
      }
      return g.nsPerOp() / p.nsPerOp();
    }

    /**
     * go4j's own bytes per operation (the JDK's unpark tasks taken out where they were counted);
     * NaN if go4j did not run or allocation was not measured.
     */
    double go4jBytes() {
      Measurement g = byPeer.get("go4j");
      return g == null ? Double.NaN : g.ownBytesPerOp();
    }

    /** The value a target on {@code peer} checks: a ratio, or go4j's B/op. */
    double value(String peer) {
      return peer.equals(Targets.BYTES) ? go4jBytes() : ratio(peer);
    }

    Workloads.Section section() {
      return Workloads.section(benchmark);
    }
  }

  /**
   * One target checked against one row.
   *
   * @param row the workload's label
   * @param rule what the target demands
   * @param value the ratio (or B/op for the allocation target)
   * @param met whether it was met
   * @param forksDisagree whether go4j's forks, or the peer's, drew different placements
   * @param beside what the same run measured beside the target that bears on it, or ""
   */
  record Target(
      String row, String rule, double value, boolean met, boolean forksDisagree, String beside) {
    Target(String row, String rule, double value, boolean met, boolean forksDisagree) {
      this(row, rule, value, met, forksDisagree, "");
    }
  }

  /** Machine and run facts printed at the top of the report. */
  record Environment(
      String date,
      String cpu,
      int cores,
      String os,
      String jdk,
      String jmh,
      String go,
      String load,
      String note) {}

  /** The mark of a score whose forks disagree (see Measurement#forksDisagree). */
  static final String FORKS_DISAGREE = "‡";

  /** The mark of a fork whose placement probe read the slow placement (see #slowPlacement). */
  static final String SLOW_PLACEMENT = "ˢ";

  /** The benchmarks that run on one carrier thread, where the placement probe means nothing. */
  private static final String ONE_CARRIER = "OneCarrier.";

  private final List<Row> rows;

  /**
   * Which fraction of the run's probed forks may read below the fast placement's reference: a
   * third, rarer placement is faster still (16-17 ns per hand-off against the usual 25-28 on the
   * report's VM: 6 forks of 615 in one run), and with the run's minimum as the reference, forks of
   * the usual fast placement at 33 ns would count as slow.
   */
  static final double PLACEMENT_REFERENCE_QUANTILE = 0.1;

  /**
   * The fast placement's cost: the {@link #PLACEMENT_REFERENCE_QUANTILE} quantile of the run's fork
   * probes (ns per spinning hand-off, a fork's median); NaN if nothing was probed.
   */
  private final double fastestPlacement;

  Report(List<Measurement> measurements) {
    Map<String, Row> byKey = new LinkedHashMap<>();
    for (Measurement m : measurements) {
      String key = m.benchmark() + " " + m.params();
      Row row =
          byKey.computeIfAbsent(
              key, k -> new Row(m.benchmark(), m.params(), new LinkedHashMap<>()));
      row.byPeer().put(m.impl(), m);
    }
    List<Row> sorted = new ArrayList<>();
    for (Row r : byKey.values()) {
      Map<String, Measurement> ordered = new LinkedHashMap<>();
      for (String peer : Workloads.PEERS) {
        if (r.byPeer().containsKey(peer)) {
          ordered.put(peer, r.byPeer().get(peer));
        }
      }
      r.byPeer().forEach(ordered::putIfAbsent); // unknown peers last
      sorted.add(new Row(r.benchmark(), r.params(), ordered));
    }
    sorted.sort(
        Comparator.comparingInt((Row r) -> Workloads.sectionOrder(r.benchmark()))
            .thenComparing(Row::benchmark)
            .thenComparing(Row::params, Report::compareParams));
    this.rows = List.copyOf(sorted);
    List<Double> probes = new ArrayList<>();
    for (Measurement m : measurements) {
      if (!m.benchmark().startsWith(ONE_CARRIER)) {
        for (double probe : m.placements()) {
          if (probe > 0) {
            probes.add(probe);
          }
        }
      }
    }
    Collections.sort(probes);
    this.fastestPlacement =
        probes.isEmpty()
            ? Double.NaN
            : probes.get((int) (PLACEMENT_REFERENCE_QUANTILE * (probes.size() - 1)));
  }

  /**
   * Whether fork {@code i} of {@code m} drew the slow placement: its probe read more than {@link
   * Measurement#FORK_MODES_FACTOR} times the fast placement's (see {@link #fastestPlacement}).
   * False if it was not probed, and on one carrier (no placement there).
   */
  boolean slowPlacement(Measurement m, int i) {
    return !m.benchmark().startsWith(ONE_CARRIER)
        && i < m.placements().size()
        && m.placements().get(i) > Measurement.FORK_MODES_FACTOR * fastestPlacement;
  }

  List<Row> rows() {
    return rows;
  }

  /** go4j's measurement of one hop ({@link Targets#isHop spsc c=64}), or null if not run. */
  Measurement hop() {
    for (Row r : rows) {
      if (Targets.isHop(r.benchmark(), r.params())) {
        return r.byPeer().get("go4j");
      }
    }
    return null;
  }

  /** go4j's score in {@code r} over go4j's one hop; NaN if either is missing. */
  double hopRatio(Row r) {
    Measurement g = r.byPeer().get("go4j");
    Measurement h = hop();
    if (g == null || h == null || !(h.nsPerOp() > 0)) {
      return Double.NaN;
    }
    return g.nsPerOp() / h.nsPerOp();
  }

  /** The value a target on {@code peer} checks in {@code r}: a ratio, B/op, or hops. */
  /**
   * Whether go4j's forks or the peer's (if a peer's score enters the target; for the hop target,
   * the hop's) disagree.
   */
  private boolean forksDisagree(Row r, String peer) {
    Measurement g = r.byPeer().get("go4j");
    Measurement p = peer.equals(Targets.HOP) ? hop() : r.byPeer().get(peer);
    return g != null && g.forksDisagree() || p != null && p.forksDisagree();
  }

  private double value(Row r, String peer) {
    return peer.equals(Targets.HOP) ? hopRatio(r) : r.value(peer);
  }

  /** The peers that appear in any row, go4j first. */
  List<String> peers() {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      for (String p : r.byPeer().keySet()) {
        if (!out.contains(p)) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparingInt(Report::peerOrder));
    return out;
  }

  /** Every target that some row can be checked against, in row order. */
  List<Target> targets() {
    List<Target> out = new ArrayList<>();
    for (Row r : rows) {
      if (!r.byPeer().containsKey("go4j")) {
        continue;
      }
      for (Targets.Rule rule : Targets.rules(r.benchmark(), r.params())) {
        double v = value(r, rule.peer());
        if (!Double.isNaN(v)) {
          out.add(
              new Target(
                  r.label(),
                  rule.text(),
                  v,
                  rule.met(v),
                  forksDisagree(r, rule.peer()),
                  joined(
                      joined(beside(r, rule.peer()), forksMeeting(r, rule)),
                      samePlacement(r, rule))));
        }
      }
    }
    return out;
  }

  /**
   * What this run measured beside a target on {@code peer} in {@code r} that bears on it, for the
   * list of missed targets; "" if nothing. A ratio on a rendezvous (an unbuffered row, or any row
   * at capacity 0, such as select+cancel): the bare spinning hand-off (the floor) and go4j's and
   * the peer's multiples of it. A ratio to Go: the same workload on one carrier (Go with
   * GOMAXPROCS=1), where both run their parties in turns on one thread; a rendezvous without such a
   * twin gets the floor's multiples instead. A select over buffered channels (select fan-in)
   * against Go: one hop without a select, go4j's and Go's spsc c=64, so that the select's own cost
   * shows. The hop target (a pipeline over go4j's own spsc c=64 score): that hop with its forks,
   * and the pipeline against Go.
   */
  String beside(Row r, String peer) {
    Measurement g = r.byPeer().get("go4j");
    if (g != null && peer.equals(Targets.HOP)) {
      return hopBeside(r, g);
    }
    Measurement p = r.byPeer().get(peer);
    if (g == null || p == null) {
      return "";
    }
    if (peer.equals(Measurement.GO) && r.benchmark().startsWith(SELECT_FAN_IN)) {
      return plainHopBeside();
    }
    boolean rendezvous =
        Targets.group(r.benchmark(), r.params()) == Targets.Group.UNBUFFERED
            || "0".equals(r.params().get("capacity"));
    if (peer.equals(Measurement.GO)) {
      Row one = oneCarrierTwin(r);
      Measurement g1 = one == null ? null : one.byPeer().get("go4j");
      Measurement p1 = one == null ? null : one.byPeer().get(Measurement.GO);
      if (g1 == null || p1 == null) {
        return rendezvous ? floorMultiples(g, p, peer) : "";
      }
      return "one carrier: go4j "
          + fmt(g1.nsPerOp())
          + ", Go (GOMAXPROCS=1) "
          + fmt(p1.nsPerOp())
          + ": "
          + String.format(Locale.ROOT, "%.2f", g1.nsPerOp() / p1.nsPerOp())
          + " x; Go with GOMAXPROCS=2 "
          + fmt(p.nsPerOp());
    }
    return rendezvous ? floorMultiples(g, p, peer) : "";
  }

  /**
   * For a ratio whose go4j forks drew different placements: how many of go4j's forks would meet the
   * target on their own, each fork's mean over the peer's score, and the best such ratio ("go4j's
   * forks within it: 2 of 5, fastest 50.5 ns = 0.19 x"); "" for a one-fork score, for forks that
   * agree, for the allocation target and for the hop target (whose own forks show beside it).
   */
  String forksMeeting(Row r, Targets.Rule rule) {
    Measurement g = r.byPeer().get("go4j");
    Measurement p = r.byPeer().get(rule.peer());
    if (g == null
        || p == null
        || !g.forksDisagree()
        || !(p.nsPerOp() > 0)
        || rule.peer().equals(Targets.BYTES)
        || rule.peer().equals(Targets.HOP)) {
      return "";
    }
    int meeting = 0;
    double fastest = Double.POSITIVE_INFINITY;
    for (double f : g.forkMeans()) {
      if (rule.met(f / p.nsPerOp())) {
        meeting++;
      }
      fastest = Math.min(fastest, f);
    }
    return "go4j's forks within it: "
        + meeting
        + " of "
        + g.forkMeans().size()
        + ", fastest "
        + fmt(fastest)
        + " ns = "
        + String.format(Locale.ROOT, "%.2f", fastest / p.nsPerOp())
        + " x";
  }

  /**
   * For a ratio between scores whose forks disagree, where both were probed: go4j and the peer in
   * the same placement ("same placement, fast (probe ≤ 2 x 25.3 ns): go4j 61.0 (3 forks), jox 195
   * (4) = 0.31 x; slow: go4j 260 (2), jox – (1)"), each the median of its forks in that placement;
   * "" otherwise (and for the allocation and hop targets). The probe runs in the same JVM as the
   * fork, so this compares the two where the host placed their carrier threads alike.
   */
  String samePlacement(Row r, Targets.Rule rule) {
    Measurement g = r.byPeer().get("go4j");
    Measurement p = r.byPeer().get(rule.peer());
    if (g == null
        || p == null
        || rule.peer().equals(Targets.BYTES)
        || rule.peer().equals(Targets.HOP)
        || !(g.forksDisagree() || p.forksDisagree())
        || g.placements().isEmpty()
        || p.placements().isEmpty()
        || Double.isNaN(fastestPlacement)) {
      return "";
    }
    StringBuilder sb = new StringBuilder("same placement, fast (probe ≤ ");
    sb.append(Targets.times(Measurement.FORK_MODES_FACTOR))
        .append(' ')
        .append(fmt(fastestPlacement))
        .append(" ns): ");
    sb.append(inPlacement(g, p, rule.peer(), false)).append("; slow: ");
    sb.append(inPlacement(g, p, rule.peer(), true));
    return sb.toString();
  }

  /** go4j's and the peer's forks in one placement: medians, counts and their ratio. */
  private String inPlacement(Measurement g, Measurement p, String peer, boolean slow) {
    List<Double> gs = forksIn(g, slow);
    List<Double> ps = forksIn(p, slow);
    double gm = Measurement.medianOf(gs); // fresh lists: sorting them changes nothing else
    double pm = Measurement.medianOf(ps);
    StringBuilder sb = new StringBuilder("go4j ");
    sb.append(gs.isEmpty() ? "–" : fmt(gm)).append(" (").append(gs.size());
    sb.append(gs.size() == 1 ? " fork), " : " forks), ");
    sb.append(peerName(peer)).append(' ').append(ps.isEmpty() ? "–" : fmt(pm));
    sb.append(" (").append(ps.size()).append(')');
    if (!gs.isEmpty() && !ps.isEmpty() && pm > 0) {
      sb.append(" = ").append(String.format(Locale.ROOT, "%.2f", gm / pm)).append(" x");
    }
    return sb.toString();
  }

  /** The means of the forks of {@code m} that drew the slow (or the fast) placement. */
  private List<Double> forksIn(Measurement m, boolean slow) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < m.forkMeans().size(); i++) {
      if (slowPlacement(m, i) == slow) {
        out.add(m.forkMeans().get(i));
      }
    }
    return out;
  }

  private static String joined(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
  }

  /** The benchmarks of a select over buffered channels (built per select, and reused). */
  private static final String SELECT_FAN_IN = "SelectFanIn";

  /**
   * Beside a missed hop target: the hop (go4j's spsc c=64) with its forks' means, which a fast or a
   * slow placement of one of them moves, and the pipeline itself against Go; "" without the hop.
   */
  private String hopBeside(Row r, Measurement g) {
    Measurement h = hop();
    if (h == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder("spsc c=64 hop ").append(fmt(h.nsPerOp())).append(" ns");
    if (!h.forkMeans().isEmpty()) {
      sb.append(" [forks ");
      for (int i = 0; i < h.forkMeans().size(); i++) {
        sb.append(i == 0 ? "" : " · ").append(fmt(h.forkMeans().get(i)));
      }
      sb.append(']');
    }
    Measurement go = r.byPeer().get(Measurement.GO);
    sb.append("; ").append(r.label()).append(' ').append(fmt(g.nsPerOp())).append(" ns");
    if (go != null && go.nsPerOp() > 0) {
      sb.append(", ")
          .append(String.format(Locale.ROOT, "%.2f", g.nsPerOp() / go.nsPerOp()))
          .append(" x Go");
    }
    return sb.toString();
  }

  /**
   * Beside a missed select fan-in ratio to Go: one hop without a select, go4j's and Go's spsc c=64
   * of the same run; "" if either is missing.
   */
  private String plainHopBeside() {
    for (Row o : rows) {
      if (Targets.isHop(o.benchmark(), o.params())) {
        Measurement g = o.byPeer().get("go4j");
        Measurement go = o.byPeer().get(Measurement.GO);
        if (g == null || go == null) {
          return "";
        }
        return "one hop without a select (spsc c=64): go4j "
            + fmt(g.nsPerOp())
            + ", Go "
            + fmt(go.nsPerOp());
      }
    }
    return "";
  }

  /**
   * The spinning hand-off floor and go4j's and the peer's scores as multiples of it, or "" if the
   * floor was not measured.
   */
  private String floorMultiples(Measurement g, Measurement p, String peer) {
    Measurement spin = floor("spin");
    if (spin == null || !(spin.nsPerOp() > 0)) {
      return "";
    }
    return "spinning hand-off floor "
        + fmt(spin.nsPerOp())
        + " ns: go4j "
        + String.format(Locale.ROOT, "%.2f", g.nsPerOp() / spin.nsPerOp())
        + " x, "
        + peerName(peer)
        + " "
        + String.format(Locale.ROOT, "%.2f", p.nsPerOp() / spin.nsPerOp())
        + " x";
  }

  /**
   * The one-carrier row of the same shape as {@code r} (ping-pong, spsc c=n, select+cancel c=0), or
   * null.
   */
  private Row oneCarrierTwin(Row r) {
    String twin =
        switch (r.benchmark()) {
          case "PingPong.run" -> "OneCarrier.pingPong";
          case "Spsc.run" -> "OneCarrier.spsc";
          case "SelectCancel.run" -> "OneCarrier.selectCancel";
          default -> null;
        };
    if (twin == null) {
      return null;
    }
    for (Row o : rows) {
      if (o.benchmark().equals(twin)
          && java.util.Objects.equals(o.params().get("capacity"), r.params().get("capacity"))) {
        return o;
      }
    }
    return null;
  }

  /** The floor's measurement of one kind ("park" or "spin"), or null if not run. */
  private Measurement floor(String kind) {
    for (Row r : rows) {
      if (Workloads.section(r.benchmark()).kind() == Workloads.Kind.FLOOR
          && r.byPeer().containsKey(kind)) {
        return r.byPeer().get(kind);
      }
    }
    return null;
  }

  /** The stretch goals (information, not targets) that some row can be checked against. */
  List<Target> stretchGoals() {
    List<Target> out = new ArrayList<>();
    for (Row r : rows) {
      Targets.Rule rule = Targets.stretch(r.benchmark(), r.params());
      if (rule == null) {
        continue;
      }
      double v = r.value(rule.peer());
      if (!Double.isNaN(v)) {
        out.add(new Target(r.label(), rule.text(), v, rule.met(v), forksDisagree(r, rule.peer())));
      }
    }
    return out;
  }

  /**
   * The report as Markdown.
   *
   * @param env the machine and run facts
   * @param chartFile the chart's file name, relative to the report, or null if none
   * @return the Markdown text
   */
  String markdown(Environment env, String chartFile) {
    StringBuilder md = new StringBuilder(16_384);
    md.append("# go4j benchmark report\n\n");
    md.append("Generated by `mvn verify -Pbench` (")
        .append("`io.github.go4j.bench.report.ReportGenerator`")
        .append(") from JMH's JSON results (`jmh-result.json`) and the Go program's")
        .append(" (`go-result.json`), both kept beside this file. Do not edit: re-run.\n\n");
    md.append("## Machine and run\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| date | ").append(env.date()).append(" |\n");
    md.append("| CPU | ").append(env.cpu()).append(", ").append(env.cores()).append(" cores |\n");
    md.append("| OS | ").append(env.os()).append(" |\n");
    md.append("| JDK | ").append(env.jdk()).append(" |\n");
    md.append("| JMH | ").append(env.jmh()).append(" |\n");
    md.append("| Go | ").append(env.go()).append(" |\n");
    md.append("| load average when the report was written | ").append(env.load()).append(" |\n");
    if (env.note() != null && !env.note().isBlank()) {
      md.append("\n**Note:** ").append(env.note().strip()).append('\n');
    }

    md.append("\n## How to read this\n\n");
    md.append("- Scores are ns per message (lower is better), the mean over the measured")
        .append(" iterations, ± JMH's 99.9% confidence half-width (Go: ± the standard deviation")
        .append(" of its rounds). In parentheses, bytes allocated per message: JMH `-prof gc`")
        .append(" (`gc.alloc.rate.norm`), Go `runtime.MemStats.TotalAlloc`. The floor is in ns")
        .append(" per hand-off, memory per blocked goroutine in bytes.\n");
    md.append("- Each JMH fork is a fresh JVM, and on a virtual machine the host decides how far")
        .append(" apart its two carrier threads run: a hand-off between them then costs several")
        .append(" times more in one fork than in the next, for every peer and for the bare")
        .append(" floor too (measured fork after fork on a 2-core AMD EPYC virtual machine: the")
        .append(" floor's spinning hand-off 26-36 ns in most forks and 160-167 ns in others;")
        .append(" ping-pong 112-149 or 460-510 ns for go4j, 196-264 or 630-911 ns for jox; a")
        .append(" 2-core Intel Xeon virtual machine showed one placement only, its probes 66-98 ns")
        .append(" in 8 forks of 10). One fork's score is")
        .append(" whichever placement it drew, and a ± far above the mean marks a fork whose")
        .append(" placement changed midway. With several forks (`-Dbench.jmh.forks=N`) each score")
        .append(" lists its forks' means in brackets, and from ")
        .append(Measurement.MEDIAN_FORKS)
        .append(" forks on the score is their median, so that one unlucky fork cannot decide a")
        .append(" ratio. ")
        .append(FORKS_DISAGREE)
        .append(" marks a score whose slowest fork took more than ")
        .append(Targets.times(Measurement.FORK_MODES_FACTOR))
        .append(" its fastest (they drew different placements), and in the list of missed")
        .append(" targets a ratio")
        .append(" one of whose two scores is so marked: its median fork decided which placement")
        .append(" the ratio compares, and beside it stands how many of go4j's forks would meet")
        .append(" the target on their own (each fork's mean over the peer's score).")
        .append(" After every iteration a probe in the same JVM (`PlacementProfiler`) times")
        .append(" the floor's spinning hand-off, so each fork says which placement it drew: ")
        .append(SLOW_PLACEMENT)
        .append(" marks a fork whose probe read more than ")
        .append(Targets.times(Measurement.FORK_MODES_FACTOR))
        .append(" the fast placement's (the slow placement; a fork's probe is the median of its")
        .append(" iterations', the fast placement's the run's 10th percentile of those), and")
        .append(" beside such a ratio the list of missed targets compares go4j and the peer in")
        .append(" the same placement.\n");
    md.append("- On the Intel Xeon virtual machine a second draw decides go4j's unbuffered rows")
        .append(" fork by fork: a go4j channel hands off on one cache line of its own, and where")
        .append(" in memory that line lies changes the cost (8 channels made 4 KB apart in one")
        .append(" JVM and run in turn on the same carriers: the slowest's spsc c=0 1.3-1.8 x the")
        .append(" fastest's; SynchronousQueue's instances, whose hand-offs allocate a node each,")
        .append(" 1.1-1.3 x; `benchmarks/paired/homes.sh` measures it). Each fork makes its")
        .append(" channels once, so a fork's score is the place its channel drew, and the median")
        .append(" of the forks is a median place (engines after 2026-12-07 05:00 UTC move a")
        .append(
            " channel's slots to a faster place when they find one: docs/adr/0004-engine-v2.md,")
        .append(" \"Where a channel lies in memory\").\n");
    md.append("- Every party is a virtual thread (a goroutine in Go), the driver that times the")
        .append(" batch too, except in the platform-thread rows. The one-carrier rows run in a")
        .append(" fork with `-Djdk.virtualThreadScheduler.parallelism=1` (Go: GOMAXPROCS=1).")
        .append(" Goroutines are started per invocation, a batch of 10^5 messages in most rows")
        .append(" (2*10^4 on platform threads, 10^6 items in the pipelines, 10^4 tasks in")
        .append(" ErrGroup), in every peer alike. Go runs each workload in a process of its own,")
        .append(" as JMH each benchmark in a JVM of its own.\n");
    md.append("- `go4j/peer` is go4j's score divided by the peer's: below 1 go4j is faster.")
        .append(" Ratios that are targets carry ✓ when met and **✗** when missed; so does go4j's")
        .append(" B/op where the allocation target applies. There the cell also gives go4j's")
        .append(" unparks and yields of virtual threads per message (counted by the benchmarks'")
        .append(" `UnparkProfiler`) and go4j's own bytes: B/op minus ")
        .append(fmt(Measurement.JDK_UNPARK_BYTES))
        .append(" B per unpark or yield, the task the JDK allocates to resubmit the virtual thread")
        .append(" (the floor's park/unpark row measures it); the target checks the own bytes.\n");
    md.append("- j.u.c. is SynchronousQueue at capacity 0 and ArrayBlockingQueue(n) otherwise;")
        .append(" LTQ is LinkedTransferQueue (transfer at capacity 0, unbounded put otherwise);")
        .append(" Exchanger appears in ping-pong only.\n");
    md.append("- The list of missed targets gives, beside each miss, what the same run measured")
        .append(" that bears on it: for a ratio on a rendezvous (an unbuffered row, or any")
        .append(" row at capacity 0), the floor's spinning hand-off and both scores as multiples")
        .append(" of it (a hand-off between two carriers that nothing else slows down); for a")
        .append(" ratio to Go, the same workload on one")
        .append(" carrier, where Go (GOMAXPROCS=1) and go4j both run the two parties in turns on")
        .append(" one thread, and Go's score with GOMAXPROCS=2: Go runs a goroutine woken by a")
        .append(" channel operation next on its waker's processor, so its two parties share one")
        .append(" core even then, which a library cannot ask of the JDK's scheduler. For a select")
        .append(" over buffered channels against Go: one hop without a select (spsc c=64) for")
        .append(" both, so that the select's own cost shows. For the hop target: the hop with its")
        .append(" forks (a fast or slow placement of the hop moves the ratio as much as the")
        .append(" pipeline does), and the pipeline against Go.\n");

    List<Target> targets = targets();
    long met = targets.stream().filter(Target::met).count();
    md.append("\n## Targets\n\n");
    md.append("The engine's targets, each checked on one run's scores (every party a virtual")
        .append(" thread):\n\n");
    md.append("- Unbuffered (ping-pong, spsc c=0, mpmc c=0): go4j ≤ SynchronousQueue (j.u.c.)")
        .append(" and ≤ ")
        .append(Targets.times(Targets.JOX_LIMIT))
        .append(" jox.\n");
    md.append("- Buffered (spsc c=1/64/1024, mpmc c=64): go4j ≤ ArrayBlockingQueue (j.u.c.), ≤ ")
        .append(Targets.times(Targets.JOX_LIMIT))
        .append(" jox, ≤ ")
        .append(Targets.times(Targets.GO_BUFFERED_LIMIT))
        .append(" Go (stretch: ")
        .append(Targets.times(Targets.GO_BUFFERED_STRETCH))
        .append(" Go, shown below as information, not counted).\n");
    md.append("- Select over 2 and 8 channels and select+cancel, cases built per select: ≤ ")
        .append(Targets.times(Targets.JOX_LIMIT))
        .append(" jox, ≤ ")
        .append(Targets.times(Targets.GO_SELECT_LIMIT))
        .append(" Go.\n");
    md.append("- Patterns (go4j-patterns, ns per item): pipeline3 ≤ ")
        .append(Targets.times(Targets.HOP_LIMIT))
        .append(" the spsc c=64 hop (go4j's spsc c=64 score, ns per message), and go4j ≤ ")
        .append(Targets.times(Targets.GO_PATTERNS_LIMIT))
        .append(" Go on pipeline3, fanOutFanIn and merge8; parallel streams and ExecutorService")
        .append(" are shown without target.\n");
    md.append("- Patterns, coordination: the TtlCache hit path ≤ ")
        .append(Targets.times(Targets.CAFFEINE_LIMIT))
        .append(" Caffeine (expireAfterWrite) and 0 B/op; RateLimiter.allow 0 B/op; SingleFlight,")
        .append(" ErrGroup, Guava and ConcurrentHashMap are shown without target.\n");
    md.append("- Allocation: go4j 0 B/op (< ")
        .append(fmt(Targets.ZERO_BYTES))
        .append(" B/op) on every non-blocking path (")
        .append(String.join(", ", nonBlockingPaths()))
        .append(") and on every select with reused cases (the *reused* rows); on the blocking")
        .append(" rows, go4j's own bytes: the JDK's task per unpark or yield of a virtual thread")
        .append(" aside.\n");
    md.append("- The other rows (the floor, one carrier, platform threads, time.After, memory per")
        .append(" blocked goroutine, sync, context) carry no target: a regression watch.\n\n");
    md.append("**").append(met).append(" of ").append(targets.size()).append(" met.**");
    List<Target> missed = targets.stream().filter(t -> !t.met()).toList();
    if (missed.isEmpty()) {
      md.append(" None missed.\n");
    } else {
      md.append(" Missed:\n\n| workload | target | go4j/peer (or B/op) | beside it, this run |\n")
          .append("|---|---|---|---|\n");
      for (Target t : missed) {
        md.append("| ")
            .append(t.row())
            .append(" | ")
            .append(t.rule())
            .append(" | **")
            .append(fmt(t.value()))
            .append("**")
            .append(t.forksDisagree() ? " " + FORKS_DISAGREE : "")
            .append(" | ")
            .append(t.beside().isEmpty() ? "–" : t.beside())
            .append(" |\n");
      }
    }
    List<Target> stretch = stretchGoals();
    if (!stretch.isEmpty()) {
      md.append("\nStretch goal, information only: go4j ≤ ")
          .append(Targets.times(Targets.GO_BUFFERED_STRETCH))
          .append(" Go on buffered workloads, ")
          .append(stretch.stream().filter(Target::met).count())
          .append(" of ")
          .append(stretch.size())
          .append(" within it.\n\n| workload | go4j/Go | within ")
          .append(Targets.times(Targets.GO_BUFFERED_STRETCH))
          .append(" Go |\n|---|---:|---|\n");
      for (Target t : stretch) {
        md.append("| ")
            .append(t.row())
            .append(" | ")
            .append(String.format(Locale.ROOT, "%.2f", t.value()))
            .append(" | ")
            .append(t.met() ? "yes" : "no")
            .append(" |\n");
      }
    }
    if (chartFile != null) {
      md.append("\n![go4j/peer ratios](").append(chartFile).append(")\n");
    }

    md.append("\n## Results\n");
    Iterator<Row> it = rows.iterator();
    Row next = it.hasNext() ? it.next() : null;
    while (next != null) {
      Workloads.Section s = next.section();
      List<Row> section = new ArrayList<>();
      while (next != null && next.section().equals(s)) {
        section.add(next);
        next = it.hasNext() ? it.next() : null;
      }
      if (s.kind() == Workloads.Kind.FLOOR) {
        appendFloor(md, s, section);
      } else {
        appendSection(md, s, section);
      }
    }

    md.append("\n## Running\n\n");
    md.append("```\n")
        .append("mvn verify -Pbench                        # everything: JMH, Go, this report\n")
        .append("mvn verify -Pbench -pl benchmarks -am -Dbench.include=Spsc  # one class\n")
        .append("java -jar benchmarks/target/benchmarks.jar PingPong -f 1 -prof gc  # JMH only\n")
        .append("cd benchmarks/go && go run . -bench PingPong  # Go only\n")
        .append("```\n");
    return md.toString();
  }

  private void appendSection(StringBuilder md, Workloads.Section s, List<Row> section) {
    List<String> peers = new ArrayList<>();
    for (Row r : section) {
      for (String p : r.byPeer().keySet()) {
        if (!peers.contains(p)) {
          peers.add(p);
        }
      }
    }
    peers.sort(Comparator.comparingInt(Report::peerOrder));
    md.append("\n### ").append(s.title()).append("\n\n");
    if (!s.description().isEmpty()) {
      md.append(s.description()).append("\n\n");
    }
    md.append("| workload |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String p : peers) {
      md.append(' ').append(peerName(p)).append(" |");
      rule.append("---:|");
      if (!p.equals("go4j")) {
        md.append(" go4j/").append(peerName(p)).append(" |");
        rule.append("---:|");
      }
    }
    boolean hops = s.kind() == Workloads.Kind.PATTERNS;
    if (hops) {
      md.append(" go4j/").append(Targets.HOP).append(" |");
      rule.append("---:|");
    }
    md.append('\n').append(rule).append('\n');
    for (Row r : section) {
      md.append("| ").append(r.label()).append(" |");
      for (String p : peers) {
        Measurement m = r.byPeer().get(p);
        md.append(' ').append(m == null ? "–" : cell(r, p, m)).append(" |");
        if (!p.equals("go4j")) {
          md.append(' ').append(ratioCell(r, p)).append(" |");
        }
      }
      if (hops) {
        md.append(' ').append(hopCell(r)).append(" |");
      }
      md.append('\n');
    }
  }

  /**
   * The hand-off floor: its scores, then every unbuffered go4j row over them (how many hand-offs a
   * message costs).
   */
  private void appendFloor(StringBuilder md, Workloads.Section s, List<Row> section) {
    md.append("\n### ").append(s.title()).append("\n\n");
    md.append(s.description()).append("\n\n");
    md.append("| hand-off | ns per hand-off |\n|---|---:|\n");
    Measurement park = null;
    Measurement spin = null;
    for (Row r : section) {
      for (Map.Entry<String, Measurement> e : r.byPeer().entrySet()) {
        String what =
            switch (e.getKey()) {
              case "park" -> "park/unpark, no spinning";
              case "spin" -> "spin up to 2 µs, then park";
              default -> e.getKey();
            };
        md.append("| ").append(what).append(" | ").append(cell(e.getValue())).append(" |\n");
      }
      park = park == null ? r.byPeer().get("park") : park;
      spin = spin == null ? r.byPeer().get("spin") : spin;
    }
    List<Row> unbuffered =
        rows.stream()
            .filter(
                r ->
                    Targets.group(r.benchmark(), r.params()) == Targets.Group.UNBUFFERED
                        && r.byPeer().containsKey("go4j"))
            .toList();
    if (unbuffered.isEmpty() || (park == null && spin == null)) {
      return;
    }
    md.append("\ngo4j's unbuffered rows over the floor (ns per message / ns per hand-off):\n\n")
        .append("| workload | go4j | go4j/park floor | go4j/spin floor |\n")
        .append("|---|---:|---:|---:|\n");
    for (Row r : unbuffered) {
      double g = r.byPeer().get("go4j").nsPerOp();
      md.append("| ")
          .append(r.label())
          .append(" | ")
          .append(fmt(g))
          .append(" | ")
          .append(over(g, park))
          .append(" | ")
          .append(over(g, spin))
          .append(" |\n");
    }
  }

  private static String over(double ns, Measurement floor) {
    if (floor == null || !(floor.nsPerOp() > 0)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", ns / floor.nsPerOp());
  }

  private String cell(Measurement m) {
    return cell(null, null, m);
  }

  /** A score; go4j's B/op carries ✓ or ✗ where the allocation target applies. */
  private String cell(Row r, String peer, Measurement m) {
    StringBuilder sb = new StringBuilder(fmt(m.nsPerOp()));
    if (m.nsError() > 0) { // NaN (one iteration) and 0 say nothing
      sb.append(" ±").append(fmt(m.nsError()));
    }
    if (!m.forkMeans().isEmpty()) {
      sb.append(" [forks ");
      for (int i = 0; i < m.forkMeans().size(); i++) {
        sb.append(i == 0 ? "" : " · ").append(fmt(m.forkMeans().get(i)));
        if (slowPlacement(m, i)) {
          sb.append(SLOW_PLACEMENT);
        }
      }
      sb.append(']');
      if (m.forksDisagree()) {
        sb.append(' ').append(FORKS_DISAGREE);
      }
    }
    if (!Double.isNaN(m.bytesPerOp())) {
      Targets.Rule rule =
          r != null && "go4j".equals(peer)
              ? Targets.rule(r.benchmark(), r.params(), Targets.BYTES)
              : null;
      String b = fmt(m.bytesPerOp()) + " B";
      if (rule != null && m.unparksPerOp() > 0) { // what the target checks: go4j's own bytes
        b += ", " + fmt(m.unparksPerOp()) + " unparks: own " + fmt(m.ownBytesPerOp()) + " B";
      }
      if (rule == null) {
        sb.append(" (").append(b).append(')');
      } else if (rule.met(m.ownBytesPerOp())) {
        sb.append(" (").append(b).append(" ✓)");
      } else {
        sb.append(" (**").append(b).append(" ✗**)");
      }
    }
    return sb.toString();
  }

  private static String ratioCell(Row r, String peer) {
    double ratio = r.ratio(peer);
    if (Double.isNaN(ratio)) {
      return "–";
    }
    String v = String.format(Locale.ROOT, "%.2f", ratio);
    Targets.Rule rule = Targets.rule(r.benchmark(), r.params(), peer);
    if (rule == null) {
      return v;
    }
    return rule.met(ratio) ? v + " ✓" : "**" + v + " ✗**";
  }

  /** go4j's score over one hop; ✓ or ✗ where the hop target applies. */
  private String hopCell(Row r) {
    double hops = hopRatio(r);
    if (Double.isNaN(hops)) {
      return "–";
    }
    String v = String.format(Locale.ROOT, "%.2f", hops);
    Targets.Rule rule = Targets.rule(r.benchmark(), r.params(), Targets.HOP);
    if (rule == null) {
      return v;
    }
    return rule.met(hops) ? v + " ✓" : "**" + v + " ✗**";
  }

  /** The non-blocking benchmarks under the allocation target, sorted. */
  private static List<String> nonBlockingPaths() {
    return Targets.ZERO_ALLOCATION.stream()
        .filter(b -> b.startsWith("GoShapes."))
        .sorted()
        .toList();
  }

  /** ns and bytes: three significant figures at most, no exponent. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String peerName(String peer) {
    return Workloads.PEER_NAMES.getOrDefault(peer, peer);
  }

  private static int peerOrder(String peer) {
    int i = Workloads.PEERS.indexOf(peer);
    return i < 0 ? Workloads.PEERS.size() : i;
  }

  /** Orders parameter maps value by value, numbers numerically ("64" before "1024", "4x4"...). */
  static int compareParams(SortedMap<String, String> a, SortedMap<String, String> b) {
    Iterator<Map.Entry<String, String>> ia = a.entrySet().iterator();
    Iterator<Map.Entry<String, String>> ib = b.entrySet().iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Map.Entry<String, String> ea = ia.next();
      Map.Entry<String, String> eb = ib.next();
      int c = ea.getKey().compareTo(eb.getKey());
      if (c != 0) {
        return c;
      }
      c = compareValues(ea.getValue(), eb.getValue());
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(ia.hasNext(), ib.hasNext());
  }

  private static int compareValues(String a, String b) {
    long na = leadingNumber(a);
    long nb = leadingNumber(b);
    if (na >= 0 && nb >= 0 && na != nb) {
      return Long.compare(na, nb);
    }
    return a.compareTo(b);
  }

  private static long leadingNumber(String s) {
    int i = 0;
    while (i < s.length() && Character.isDigit(s.charAt(i)) && i < 18) {
      i++;
    }
    return i == 0 ? -1 : Long.parseLong(s.substring(0, i));
  }
}
