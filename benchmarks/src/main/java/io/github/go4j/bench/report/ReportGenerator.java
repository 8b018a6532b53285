package io.github.go4j.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes docs/benchmarks for {@code mvn verify -Pbench}: the Markdown report ({@code README.md}),
 * the chart of go4j/peer ratios ({@code ratios.png}, drawn by XChart), and the raw results beside
 * them ({@code jmh-result.json}, {@code go-result.json}).
 *
 * <p>Arguments: JMH's JSON result file ({@code -rf json}), the Go program's result file (may be
 * absent: Go not run), the output directory, and optionally a note printed at the top of the report
 * (e.g. "shared machine").
 */
public final class ReportGenerator {
  static final String REPORT = "README.md";
  static final String CHART = "ratios.png";
  static final String JMH_JSON = "jmh-result.json";
  static final String GO_JSON = "go-result.json";

  private ReportGenerator() {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ReportGenerator jmh-result.json go-result.json outDir [note]");
      System.exit(2);
    }
    Path jmh = Path.of(args[0]);
    Path go = Path.of(args[1]);
    Path outDir = Path.of(args[2]);
    String note = args.length > 3 ? args[3] : "";
    Path report = generate(jmh, go, outDir, note);
    System.out.println("[go4j-bench] report written to " + report.toAbsolutePath().normalize());
  }

  /**
   * Reads the results and writes the report, chart and raw results into {@code outDir}.
   *
   * @param jmh JMH's JSON result file
   * @param go the Go result file; if it does not exist Go shows as not run
   * @param outDir the output directory, created if needed
   * @param note a note for the top of the report, may be empty
   * @return the report file
   * @throws IOException if a file cannot be read or written
   */
  static Path generate(Path jmh, Path go, Path outDir, String note) throws IOException {
    Object jmhJson = Json.parse(Files.readString(jmh));
    List<Measurement> all = new ArrayList<>(Measurement.fromJmh(jmhJson));
    Object goJson = Files.exists(go) ? Json.parse(Files.readString(go)) : null;
    if (goJson != null) {
      all.addAll(Measurement.fromGo(goJson));
    }
    Report report = new Report(all);
    Files.createDirectories(outDir);
    Path chart = outDir.resolve(CHART);
    boolean charted = RatioChart.write(report, chart);
    if (!charted) {
      Files.deleteIfExists(chart);
    }
    Report.Environment env = environment(jmhJson, goJson, note);
    Path md = outDir.resolve(REPORT);
    Files.writeString(md, report.markdown(env, charted ? CHART : null));
    copy(jmh, outDir.resolve(JMH_JSON));
    if (goJson != null) {
      copy(go, outDir.resolve(GO_JSON));
    } else {
      Files.deleteIfExists(outDir.resolve(GO_JSON));
    }
    return md;
  }

  private static void copy(Path from, Path to) throws IOException {
    if (!from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @SuppressWarnings("unchecked")
  static Report.Environment environment(Object jmhJson, Object goJson, String note) {
    String jdk = "unknown";
    String jmh = "no results";
    List<Object> runs = (List<Object>) jmhJson;
    if (!runs.isEmpty()) {
      Map<String, Object> r = (Map<String, Object>) runs.get(0);
      jdk = r.get("jdkVersion") + " (" + r.get("vmName") + " " + r.get("vmVersion") + ")";
      jmh =
          r.get("jmhVersion")
              + ": "
              + intOf(r.get("forks"))
              + " fork(s), "
              + intOf(r.get("warmupIterations"))
              + " x "
              + r.get("warmupTime")
              + " warm-up, "
              + intOf(r.get("measurementIterations"))
              + " x "
              + r.get("measurementTime")
              + " measured"
              + (((Map<String, Object>) runs.get(0)).containsKey("secondaryMetrics")
                      && !((Map<String, Object>) r.get("secondaryMetrics")).isEmpty()
                  ? ", -prof gc"
                  : "");
    }
    String goInfo = "not run (no `go` on the PATH)";
    if (goJson != null) {
      Map<String, Object> g = (Map<String, Object>) goJson;
      goInfo =
          g.get("go_version")
              + " "
              + g.get("goos")
              + "/"
              + g.get("goarch")
              + ", GOMAXPROCS="
              + intOf(g.get("gomaxprocs"))
              + ", "
              + intOf(g.get("warmup_iterations"))
              + " x "
              + g.get("iteration_time")
              + " warm-up, "
              + intOf(g.get("iterations"))
              + " x "
              + g.get("iteration_time")
              + " measured";
    }
    return new Report.Environment(
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        jdk,
        jmh,
        goInfo,
        loadAverage(),
        note);
  }

  private static String intOf(Object o) {
    return o instanceof Number n ? Long.toString(n.longValue()) : String.valueOf(o);
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
