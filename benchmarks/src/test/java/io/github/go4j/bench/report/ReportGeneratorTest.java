package io.github.go4j.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {
  @Test
  void writesReportChartAndRawResults(@TempDir Path dir) throws Exception {
    Path jmh = Files.writeString(dir.resolve("in-jmh.json"), ReportTest.JMH);
    Path go = Files.writeString(dir.resolve("in-go.json"), ReportTest.GO);
    Path out = dir.resolve("docs");

    Path md = ReportGenerator.generate(jmh, go, out, "");

    assertThat(md).isEqualTo(out.resolve("README.md"));
    assertThat(Files.readString(md)).contains("go1.19.8 linux/amd64, GOMAXPROCS=2");
    assertThat(out.resolve("jmh-result.json")).hasContent(ReportTest.JMH);
    assertThat(out.resolve("go-result.json")).hasContent(ReportTest.GO);
    byte[] png = Files.readAllBytes(out.resolve("ratios.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  /**
   * The committed report's results (an older run, without the newer rows) still make a report: rows
   * missing from the JSON are simply absent.
   */
  @Test
  void readsTheCommittedResults(@TempDir Path dir) throws Exception {
    Path docs = Path.of("..", "docs", "benchmarks");
    Path jmh = docs.resolve("jmh-result.json");
    assumeTrue(Files.exists(jmh), "no committed results");

    Path md = ReportGenerator.generate(jmh, docs.resolve("go-result.json"), dir, "");

    String text = Files.readString(md);
    assertThat(text).contains("## Targets").contains("### Ping-pong over unbuffered channels");
    assertThat(text).containsPattern("\\*\\*\\d+ of \\d+ met\\.\\*\\*");
  }

  @Test
  void withoutGoResultsSaysGoWasNotRunAndDropsAStaleGoFile(@TempDir Path dir) throws Exception {
    Path jmh = Files.writeString(dir.resolve("in-jmh.json"), ReportTest.JMH);
    Path out = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(out.resolve("go-result.json"), "stale");

    Path md = ReportGenerator.generate(jmh, dir.resolve("missing.json"), out, "");

    assertThat(Files.readString(md)).contains("| Go | not run (no `go` on the PATH) |");
    assertThat(out.resolve("go-result.json")).doesNotExist();
  }
}
