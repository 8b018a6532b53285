package io.github.go4j.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

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
