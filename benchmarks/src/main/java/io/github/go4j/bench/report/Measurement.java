package io.github.go4j.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One score: a workload ({@code benchmark} and its parameters other than {@code impl}) run by one
 * peer ({@code impl}).
 *
 * @param benchmark the benchmark without its package, e.g. {@code Spsc.run}
 * @param params the parameters other than {@code impl}, sorted by name
 * @param impl the peer: {@code go4j}, {@code jox}, {@code juc}, {@code ltq}, {@code exchanger} or
 *     {@code go}
 * @param nsPerOp the score, ns per message: the mean over the measured iterations, or, when JMH ran
 *     {@link #MEDIAN_FORKS} or more forks, the median of the forks' means (see {@link #forkMeans});
 *     for a memory benchmark ({@link #FOOTPRINT}), the median bytes per blocked goroutine
 * @param nsError the error of the score (JMH: half-width of the 99.9% confidence interval; Go: the
 *     standard deviation of the rounds), NaN if unknown or if the score is a median of forks
 * @param bytesPerOp bytes allocated per message, NaN if not measured
 * @param unparksPerOp go4j's unparks and yields of virtual threads per message ({@code
 *     UnparkProfiler}), NaN if not measured
 * @param forkMeans the mean of each JMH fork's measured iterations, in fork order, when more than
 *     one fork ran; empty otherwise (one fork, Go, a memory benchmark). Each fork is a fresh JVM
 *     whose carrier threads the host may place on close or distant cores, so hand-off rows can
 *     differ several-fold between forks: the report shows every fork's mean.
 * @param placements the placement probe of each fork ({@code PlacementProfiler}: ns per spinning
 *     hand-off between two virtual threads, the median of the fork's measured iterations), in the
 *     order of {@link #forkMeans}; empty when not probed, when {@link #forkMeans} is empty, or when
 *     the two do not pair up (a fork without a score)
 */
record Measurement(
    String benchmark,
    SortedMap<String, String> params,
    String impl,
    double nsPerOp,
    double nsError,
    double bytesPerOp,
    double unparksPerOp,
    List<Double> forkMeans,
    List<Double> placements) {

  /**
   * Bytes the JDK allocates per unpark of a parked virtual thread: the task that resubmits it to
   * its scheduler (JDK 25; HandOffFloor's park/unpark row measures it: one unpark per hand-off).
   */
  static final double JDK_UNPARK_BYTES = 32;

  /**
   * The B/op that is go4j's own: {@link #bytesPerOp} minus the JDK's task per unpark, when the
   * unparks were counted; otherwise all of it (as if go4j allocated everything).
   *
   * @return own bytes per message, at least 0; NaN if allocation was not measured
   */
  double ownBytesPerOp() {
    if (Double.isNaN(unparksPerOp) || Double.isNaN(bytesPerOp)) {
      return bytesPerOp;
    }
    return Math.max(0, bytesPerOp - JDK_UNPARK_BYTES * unparksPerOp);
  }

  /**
   * From this many JMH forks on, the score is the median of the forks' means rather than the mean
   * of all iterations: one fork that drew a slow placement of its threads then moves the score no
   * more than the fork order does.
   */
  static final int MEDIAN_FORKS = 3;

  /**
   * How far apart two forks' means must be, as a factor, for {@link #forksDisagree()}: twice, well
   * above the spread within one placement and below the two placements' gap on the report's VM.
   */
  static final double FORK_MODES_FACTOR = 2.0;

  /**
   * Whether the forks' means differ more than {@link #FORK_MODES_FACTOR}-fold: the forks drew
   * different placements of their carrier threads, and the score is whichever the median fork drew.
   *
   * @return true if the slowest fork's mean exceeds the fastest's by more than that factor
   */
  boolean forksDisagree() {
    if (forkMeans.size() < 2) {
      return false;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double f : forkMeans) {
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    return min > 0 && max > FORK_MODES_FACTOR * min;
  }

  /** A measurement whose unparks were not counted, from one fork (or from Go). */
  Measurement(
      String benchmark,
      SortedMap<String, String> params,
      String impl,
      double nsPerOp,
      double nsError,
      double bytesPerOp) {
    this(benchmark, params, impl, nsPerOp, nsError, bytesPerOp, Double.NaN, List.of(), List.of());
  }

  /** The peer name of Go's results. */
  static final String GO = "go";

  /**
   * The secondary metric of a memory benchmark (BlockedMemory's {@code @AuxCounters} field): its
   * score replaces the time. JMH sums such a counter over the iterations, so the score is taken
   * from the per-iteration raw data instead: their median.
   */
  static final String FOOTPRINT = "bytesPerGoroutine";

  /** The Go program's field for the same measurement. */
  private static final String GO_FOOTPRINT = "bytes_per_goroutine";

  private static final String PACKAGE = "io.github.go4j.bench.";

  /** The secondary result of {@code io.github.go4j.bench.UnparkProfiler}. */
  static final String UNPARKS = "go4j.unparks.norm";

  /** The secondary result of {@code io.github.go4j.bench.PlacementProfiler}. */
  static final String PLACEMENT = "placement.handoff.ns";

  Measurement {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    forkMeans = List.copyOf(forkMeans);
    placements = placements.size() == forkMeans.size() ? List.copyOf(placements) : List.of();
  }

  /**
   * Reads JMH's JSON result file ({@code -rf json}).
   *
   * @param json the parsed file: an array of runs
   * @return one measurement per run
   */
  @SuppressWarnings("unchecked")
  static List<Measurement> fromJmh(Object json) {
    List<Measurement> out = new ArrayList<>();
    for (Object o : (List<Object>) json) {
      Map<String, Object> run = (Map<String, Object>) o;
      String benchmark = ((String) run.get("benchmark")).replace(PACKAGE, "");
      Map<String, Object> raw = (Map<String, Object>) run.getOrDefault("params", Map.of());
      SortedMap<String, String> params = new TreeMap<>();
      raw.forEach((k, v) -> params.put(k, String.valueOf(v)));
      String impl = params.remove("impl");
      Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
      double bytes = Double.NaN;
      double unparks = Double.NaN;
      List<Double> placements = List.of();
      Map<String, Object> secondary =
          (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
      for (Map.Entry<String, Object> e : secondary.entrySet()) {
        // "gc.alloc.rate.norm" (JMH 1.37), "·gc.alloc.rate.norm" (older JMH)
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          bytes = number(((Map<String, Object>) e.getValue()).get("score"));
        } else if (e.getKey().endsWith(UNPARKS)) {
          unparks = number(((Map<String, Object>) e.getValue()).get("score"));
        } else if (e.getKey().endsWith(PLACEMENT)) {
          placements = mediansPerFork(((Map<String, Object>) e.getValue()).get("rawData"));
        }
      }
      double score = number(primary.get("score"));
      double error = number(primary.get("scoreError"));
      List<Double> forks = meansPerFork(primary.get("rawData"));
      if (forks.size() >= MEDIAN_FORKS) {
        score = medianOf(new ArrayList<>(forks));
        error = Double.NaN; // the fork means, shown beside the score, say more
      }
      if (secondary.get(FOOTPRINT) instanceof Map<?, ?> footprint) {
        score = median(footprint.get("rawData"));
        error = Double.NaN;
        bytes = Double.NaN; // -prof gc's figure is per shot: start, block and release included
        forks = List.of();
      }
      out.add(
          new Measurement(
              benchmark,
              params,
              impl == null ? "go4j" : impl,
              score,
              error,
              bytes,
              unparks,
              forks.size() > 1 ? forks : List.of(),
              forks.size() > 1 ? placements : List.of()));
    }
    return out;
  }

  /**
   * The median of each fork's iterations in JMH's raw data: for the placement probe, whose median
   * keeps the placement that most of a fork's iterations drew when it changed midway.
   *
   * @param rawData a metric's raw data, or null
   * @return one median per fork, NaN for a fork without values, in fork order
   */
  static List<Double> mediansPerFork(Object rawData) {
    List<Double> medians = new ArrayList<>();
    for (List<Double> fork : valuesPerFork(rawData)) {
      medians.add(medianOf(fork));
    }
    return medians;
  }

  /** The median of JMH's raw data (a list per fork of per-iteration values); NaN if none. */
  static double median(Object rawData) {
    List<Double> values = new ArrayList<>();
    valuesPerFork(rawData).forEach(values::addAll);
    return medianOf(values);
  }

  /**
   * The mean of each fork's iterations in JMH's raw data (a list per fork of per-iteration values).
   *
   * @param rawData the primary metric's raw data, or null
   * @return one mean per fork that has a value, in fork order
   */
  static List<Double> meansPerFork(Object rawData) {
    List<Double> means = new ArrayList<>();
    for (List<Double> fork : valuesPerFork(rawData)) {
      if (!fork.isEmpty()) {
        means.add(fork.stream().mapToDouble(Double::doubleValue).sum() / fork.size());
      }
    }
    return means;
  }

  /**
   * JMH's raw data (a list per fork of per-iteration values) as numbers: one list per fork, in fork
   * order, without the values that are not numbers (NaN, or a string JMH wrote for one).
   */
  private static List<List<Double>> valuesPerFork(Object rawData) {
    List<List<Double>> out = new ArrayList<>();
    if (rawData instanceof List<?> forks) {
      for (Object fork : forks) {
        List<Double> values = new ArrayList<>();
        if (fork instanceof List<?> iterations) {
          for (Object v : iterations) {
            double d = number(v);
            if (!Double.isNaN(d)) {
              values.add(d);
            }
          }
        }
        out.add(values);
      }
    }
    return out;
  }

  /** The median of {@code values} (sorted in place), NaN if empty. */
  static double medianOf(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  /**
   * Reads the Go program's result file ({@code benchmarks/go}).
   *
   * @param json the parsed file
   * @return one measurement per workload, with peer {@link #GO}
   */
  @SuppressWarnings("unchecked")
  static List<Measurement> fromGo(Object json) {
    List<Measurement> out = new ArrayList<>();
    Map<String, Object> file = (Map<String, Object>) json;
    for (Object o : (List<Object>) file.getOrDefault("results", List.of())) {
      Map<String, Object> r = (Map<String, Object>) o;
      SortedMap<String, String> params = new TreeMap<>();
      ((Map<String, Object>) r.getOrDefault("params", Map.of()))
          .forEach((k, v) -> params.put(k, String.valueOf(v)));
      if (r.containsKey(GO_FOOTPRINT)) {
        out.add(
            new Measurement(
                (String) r.get("benchmark"),
                params,
                GO,
                number(r.get(GO_FOOTPRINT)),
                number(r.get(GO_FOOTPRINT + "_stddev")),
                Double.NaN));
        continue;
      }
      out.add(
          new Measurement(
              (String) r.get("benchmark"),
              params,
              GO,
              number(r.get("ns_per_op")),
              number(r.get("ns_per_op_stddev")),
              number(r.get("bytes_per_op"))));
    }
    return out;
  }

  /** JMH writes NaN and infinities as strings. */
  private static double number(Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }
}
