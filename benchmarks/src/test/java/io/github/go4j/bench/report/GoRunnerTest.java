package io.github.go4j.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoRunnerTest {
  @Test
  void findsAnExecutableOnThePath(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path go = Files.createFile(bin.resolve("go"));
    Files.setPosixFilePermissions(go, PosixFilePermissions.fromString("rwxr-xr-x"));
    String path = empty + File.pathSeparator + File.pathSeparator + bin;

    assertThat(GoRunner.findOnPath("go", path)).isEqualTo(go);
  }

  @Test
  void findsNothingWhenAbsentOrNotExecutable(@TempDir Path dir) throws Exception {
    Path notExec = Files.createFile(dir.resolve("go"));
    Files.setPosixFilePermissions(notExec, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(GoRunner.findOnPath("go", dir.toString())).isNull();
    assertThat(GoRunner.findOnPath("go", null)).isNull();
  }

  @Test
  void skipsWithoutFailingWhenGoIsMissingAndRemovesStaleResults(@TempDir Path dir)
      throws Exception {
    Path out = Files.writeString(dir.resolve("go.json"), "stale");

    boolean ran =
        GoRunner.run(
            new String[] {dir.toString(), out.toString(), ".*", "0", "1", "1ms"}, dir.toString());

    assertThat(ran).isFalse();
    assertThat(out).doesNotExist();
  }
}
