package io.github.go4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of {@code benchmarks/target/benchmarks.jar}: JMH's own {@code Main}, with two
 * differences that make a failed run exit non-zero.
 *
 * <ul>
 *   <li>This class is compiled for Java 21, like the benchmarks. JMH's {@code Main} is compiled for
 *       Java 7, so {@code java -jar benchmarks.jar} on an older java used to start, fork benchmark
 *       JVMs that could not load a single benchmark class, print an empty result table and exit 0.
 *       Now such a java refuses this class at once ({@code UnsupportedClassVersionError}, exit 1).
 *   <li>JMH's "fail on error" ({@code -foe true}) is on unless the command line sets {@code -foe}:
 *       a benchmark that throws, or a fork that cannot start, ends the run with exit 1 instead of
 *       leaving a gap in the table.
 * </ul>
 *
 * <p>Every other option is JMH's, e.g. {@code java -jar benchmarks/target/benchmarks.jar PingPong
 * -f 1 -wi 2 -i 3 -prof gc}; {@code benchmarks/run.sh} does the same through Maven and the build's
 * JDK toolchain.
 */
public final class BenchMain {

  private BenchMain() {}

  /**
   * Runs JMH with {@code args}, adding {@code -foe true} when they do not set {@code -foe}.
   *
   * @param args JMH's command line
   * @throws Exception what JMH's {@code Main} throws
   */
  public static void main(String[] args) throws Exception {
    List<String> jmhArgs = new ArrayList<>(List.of(args));
    if (!jmhArgs.contains("-foe")) {
      jmhArgs.addAll(0, List.of("-foe", "true"));
    }
    org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
  }
}
