package io.github.go4j.bench.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the Go twin of the suite ({@code benchmarks/go}) for {@code mvn verify -Pbench}, when a
 * {@code go} command is on the PATH; otherwise says so and skips, removing any stale result so the
 * report shows Go as not run. GOMAXPROCS is the machine's core count unless already set.
 *
 * <p>Arguments: the Go module directory, the result file, JMH's include regexp (passed as {@code
 * -bench}), warm-up rounds, measured rounds, round duration (e.g. {@code 1s}).
 */
public final class GoRunner {
  private GoRunner() {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws Exception if Go is present but fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: GoRunner goDir out.json includeRegexp warmup iterations time");
      System.exit(2);
    }
    run(args, System.getenv("PATH"));
  }

  /**
   * Runs Go as {@link #main} does, looking for {@code go} on {@code pathEnv}.
   *
   * @param args see the class comment
   * @param pathEnv the PATH to search
   * @return whether Go ran (false: skipped)
   * @throws Exception if Go is present but fails
   */
  static boolean run(String[] args, String pathEnv) throws Exception {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]).toAbsolutePath();
    Files.deleteIfExists(out);
    Path go = findOnPath("go", pathEnv);
    if (go == null) {
      System.out.println(
          "[go4j-bench] SKIPPING the Go workloads: no `go` command on the PATH. Install Go"
              + " (e.g. apt-get install golang-go) to include Go's numbers in the report.");
      return false;
    }
    Files.createDirectories(out.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    go.toString(),
                    "run",
                    ".",
                    "-out",
                    out.toString(),
                    "-bench",
                    args[2],
                    "-warmup",
                    args[3],
                    "-iterations",
                    args[4],
                    "-time",
                    args[5]))
            .directory(dir.toFile())
            .inheritIO();
    Map<String, String> env = pb.environment();
    env.putIfAbsent("GOMAXPROCS", Integer.toString(Runtime.getRuntime().availableProcessors()));
    System.out.println(
        "[go4j-bench] running the Go workloads with "
            + go
            + " (GOMAXPROCS="
            + env.get("GOMAXPROCS")
            + ")");
    int rc = pb.start().waitFor();
    if (rc != 0) {
      throw new IOException("go run exited with status " + rc);
    }
    return true;
  }

  /**
   * Finds an executable on a PATH-style list of directories.
   *
   * @param name the command
   * @param path the PATH value, may be null
   * @return the executable, or null
   */
  static Path findOnPath(String name, String path) {
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
