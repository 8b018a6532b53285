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
 * @param nsPerOp the mean score, ns per message
 * @param nsError the error of the score (JMH: half-width of the 99.9% confidence interval; Go: the
 *     standard deviation of the rounds), NaN if unknown
 * @param bytesPerOp bytes allocated per message, NaN if not measured
 */
record Measurement(
    String benchmark,
    SortedMap<String, String> params,
    String impl,
    double nsPerOp,
    double nsError,
    double bytesPerOp) {

  /** The peer name of Go's results. */
  static final String GO = "go";

  private static final String PACKAGE = "io.github.go4j.bench.";

  Measurement {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
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
      Map<String, Object> secondary =
          (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
      for (Map.Entry<String, Object> e : secondary.entrySet()) {
        // "gc.alloc.rate.norm" (JMH 1.37), "·gc.alloc.rate.norm" (older JMH)
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          bytes = number(((Map<String, Object>) e.getValue()).get("score"));
        }
      }
      out.add(
          new Measurement(
              benchmark,
              params,
              impl == null ? "go4j" : impl,
              number(primary.get("score")),
              number(primary.get("scoreError")),
              bytes));
    }
    return out;
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
