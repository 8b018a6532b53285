package io.github.go4j.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's performance targets and which workload each applies to. A target bounds either the
 * ratio go4j/peer of one row (from one run), go4j's own bytes allocated per operation, or (for the
 * 3-stage pipeline) go4j's score over its own spsc c=64 score, the cost of one hop. Rows that no
 * target names (one carrier, platform threads, time.After, sync, context, the floor, memory per
 * blocked goroutine, SingleFlight, ErrGroup) are a regression watch: shown, not checked.
 */
final class Targets {
  private Targets() {}

  /** The pseudo-peer of the allocation target: go4j's own B/op instead of a ratio. */
  static final String BYTES = "B/op";

  /** go4j/jox on the unbuffered, buffered and select workloads. */
  static final double JOX_LIMIT = 0.5;

  /** go4j/j.u.c. (SynchronousQueue, ArrayBlockingQueue) on unbuffered and buffered workloads. */
  static final double JUC_LIMIT = 1.0;

  /** go4j/Go on buffered workloads. */
  static final double GO_BUFFERED_LIMIT = 2.0;

  /** go4j/Go on buffered workloads, the stretch goal: shown as information, not counted. */
  static final double GO_BUFFERED_STRETCH = 1.5;

  /** go4j/Go on the select workloads. */
  static final double GO_SELECT_LIMIT = 1.5;

  /**
   * The pseudo-peer of the hop target: go4j's ns per item over go4j's ns per message in {@link
   * #HOP_BENCHMARK} with capacity {@link #HOP_CAPACITY} (the same report's row).
   */
  static final String HOP = "spsc c=64 hop";

  /** The row whose go4j score is the cost of one hop. */
  static final String HOP_BENCHMARK = "Spsc.run";

  /** The capacity of that row. */
  static final String HOP_CAPACITY = "64";

  /** A 3-stage pipeline's ns per item over one spsc c=64 hop. */
  static final double HOP_LIMIT = 3.5;

  /** go4j/Go on each go4j-patterns shape (pipeline3, fanOutFanIn, merge8). */
  static final double GO_PATTERNS_LIMIT = 2.0;

  /** go4j/Caffeine on the TtlCache hit path. */
  static final double CAFFEINE_LIMIT = 1.5;

  /** The TtlCache hit path, the row of the Caffeine target. */
  static final String TTL_HIT = "CoordTtlCache.hit";

  /** Bytes per operation below which a path counts as allocation-free. */
  static final double ZERO_BYTES = 1.0;

  /** Benchmarks whose go4j B/op must be 0: non-blocking paths, selects with reused cases. */
  static final Set<String> ZERO_ALLOCATION =
      Set.of(
          "GoShapes.chanNonblocking",
          "GoShapes.chanUncontended",
          "GoShapes.selectNonblockReused",
          "SelectFanInReused.run",
          "SelectCancelReused.run",
          TTL_HIT,
          "CoordRateLimiter.allow");

  /** The 3-stage pipeline, the row of the hop target. */
  static final String PIPELINE3 = "PatternsPipeline.pipeline3";

  /**
   * Whether a workload is the one hop the hop target divides by.
   *
   * @param benchmark e.g. {@code Spsc.run}
   * @param params its parameters without {@code impl}
   * @return true for spsc c=64
   */
  static boolean isHop(String benchmark, Map<String, String> params) {
    return benchmark.equals(HOP_BENCHMARK) && HOP_CAPACITY.equals(params.get("capacity"));
  }

  /** The kinds of workload a ratio target applies to. */
  enum Group {
    /** Ping-pong, spsc c=0, mpmc c=0. */
    UNBUFFERED,
    /** Spsc and mpmc with capacity above 0. */
    BUFFERED,
    /** Select over 2 and 8 channels, select+cancel (cases built per select). */
    SELECT,
    /** The go4j-patterns shapes: pipeline3, fanOutFanIn, merge8. */
    PATTERNS,
    /** A cache's hit path (TtlCache): against Caffeine. */
    CACHE_HIT,
    /** No ratio target. */
    NONE
  }

  /**
   * One target.
   *
   * @param peer the peer whose ratio it bounds, or {@link #BYTES}
   * @param limit the bound
   * @param strict whether the value must stay below the bound (else at most the bound)
   * @param text what it demands, for the report
   */
  record Rule(String peer, double limit, boolean strict, String text) {
    boolean met(double value) {
      return strict ? value < limit : value <= limit;
    }
  }

  /**
   * The group of a workload.
   *
   * @param benchmark e.g. {@code Spsc.run}
   * @param params its parameters without {@code impl}
   * @return its group
   */
  static Group group(String benchmark, Map<String, String> params) {
    return switch (benchmark) {
      case "PingPong.run" -> Group.UNBUFFERED;
      case "Spsc.run", "Mpmc.run" -> Workloads.buffered(params) ? Group.BUFFERED : Group.UNBUFFERED;
      case "SelectFanIn.run", "SelectCancel.run" -> Group.SELECT;
      case "PatternsPipeline.pipeline3", "PatternsPipeline.fanOutFanIn", "PatternsMerge.merge8" ->
          Group.PATTERNS;
      case TTL_HIT -> Group.CACHE_HIT;
      default -> Group.NONE;
    };
  }

  /**
   * The targets of a workload.
   *
   * @param benchmark e.g. {@code Spsc.run}
   * @param params its parameters without {@code impl}
   * @return its targets, ratio targets first
   */
  static List<Rule> rules(String benchmark, Map<String, String> params) {
    Rule jox = new Rule("jox", JOX_LIMIT, false, "≤ " + times(JOX_LIMIT) + " jox");
    List<Rule> ratios =
        switch (group(benchmark, params)) {
          case UNBUFFERED -> List.of(new Rule("juc", JUC_LIMIT, false, "≤ SynchronousQueue"), jox);
          case BUFFERED ->
              List.of(
                  new Rule("juc", JUC_LIMIT, false, "≤ ArrayBlockingQueue"),
                  jox,
                  new Rule(
                      Measurement.GO,
                      GO_BUFFERED_LIMIT,
                      false,
                      "≤ " + times(GO_BUFFERED_LIMIT) + " Go"));
          case SELECT ->
              List.of(
                  jox,
                  new Rule(
                      Measurement.GO,
                      GO_SELECT_LIMIT,
                      false,
                      "≤ " + times(GO_SELECT_LIMIT) + " Go"));
          case PATTERNS -> {
            Rule go =
                new Rule(
                    Measurement.GO,
                    GO_PATTERNS_LIMIT,
                    false,
                    "≤ " + times(GO_PATTERNS_LIMIT) + " Go");
            yield benchmark.equals(PIPELINE3)
                ? List.of(new Rule(HOP, HOP_LIMIT, false, "≤ " + times(HOP_LIMIT) + " " + HOP), go)
                : List.of(go);
          }
          case CACHE_HIT ->
              List.of(
                  new Rule(
                      "caffeine",
                      CAFFEINE_LIMIT,
                      false,
                      "≤ " + times(CAFFEINE_LIMIT) + " Caffeine"));
          case NONE -> List.of();
        };
    if (!ZERO_ALLOCATION.contains(benchmark)) {
      return ratios;
    }
    Rule bytes =
        new Rule(BYTES, ZERO_BYTES, true, "0 B/op (< " + Report.fmt(ZERO_BYTES) + " B/op)");
    return ratios.isEmpty() ? List.of(bytes) : concat(ratios, bytes);
  }

  /**
   * The target on {@code peer}'s ratio in a workload, or null.
   *
   * @param benchmark e.g. {@code Spsc.run}
   * @param params its parameters without {@code impl}
   * @param peer the peer (or {@link #BYTES})
   * @return the rule, or null if none applies
   */
  static Rule rule(String benchmark, Map<String, String> params, String peer) {
    for (Rule r : rules(benchmark, params)) {
      if (r.peer().equals(peer)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The stretch goal of a workload (information, not a target): go4j/Go ≤ 1.5 on buffered ones.
   *
   * @param benchmark e.g. {@code Spsc.run}
   * @param params its parameters without {@code impl}
   * @return the rule, or null if none applies
   */
  static Rule stretch(String benchmark, Map<String, String> params) {
    return group(benchmark, params) == Group.BUFFERED
        ? new Rule(
            Measurement.GO,
            GO_BUFFERED_STRETCH,
            false,
            "≤ " + times(GO_BUFFERED_STRETCH) + " Go (stretch)")
        : null;
  }

  /** {@code 0.5} -> {@code "0.5 x"}, {@code 2.0} -> {@code "2 x"}. */
  static String times(double factor) {
    String s =
        String.format(Locale.ROOT, "%.2f", factor).replaceAll("0+$", "").replaceAll("\\.$", "");
    return s + " x";
  }

  private static List<Rule> concat(List<Rule> a, Rule b) {
    Rule[] all = a.toArray(new Rule[a.size() + 1]);
    all[a.size()] = b;
    return List.of(all);
  }
}
