package io.github.go4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints the one-line summary of the smoke run of {@code mvn verify}, which runs JMH with {@code -v
 * SILENT} (its per-benchmark banners, warnings and result table for ~70 runs of one iteration each
 * made up half of the build's output and said nothing the build needs): how many benchmarks and
 * parameter sets ran, read from the smoke run's JSON result file. A failing benchmark has already
 * failed the build ({@code -foe true}) with its exception on the console before this runs.
 */
public final class SmokeSummary {

  private SmokeSummary() {}

  /**
   * Prints the summary.
   *
   * @param args the JMH JSON result file of the smoke run
   * @throws IOException if the file cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    List<Measurement> runs = Measurement.fromJmh(Json.parse(Files.readString(file)));
    long methods = runs.stream().map(Measurement::benchmark).distinct().count();
    long classes =
        runs.stream()
            .map(m -> m.benchmark().substring(0, m.benchmark().indexOf('.')))
            .distinct()
            .count();
    System.out.printf(
        "JMH smoke: %d runs (%d benchmark methods in %d classes, every parameter set) completed"
            + " without errors, one iteration each; results in %s%n",
        runs.size(), methods, classes, file);
  }
}
