package io.github.go4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every example in-process through its {@code run(PrintStream)} (which its {@code main} calls)
 * and checks its output line by line. Each test is bounded by a JUnit timeout and must leave no
 * goroutine behind: {@link Go#numGoroutine()} returns to its value before the test (polled with a
 * bound, since a goroutine is counted until a moment after its body ends).
 */
@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExamplesTest {
  /** Every runnable example: each has a test below and a line in examples/README.md. */
  static final List<String> EXAMPLES =
      List.of(
          "Pipeline",
          "Timeout",
          "WorkerPool",
          "Signals",
          "ParallelMapFanIn",
          "Merge",
          "SafeCache",
          "Barriers",
          "ChannelSemaphore",
          "GracefulShutdown",
          "TcpEcho",
          "TwoHttpServers",
          "EventTracker",
          "SearchTimeout",
          "Heartbeats",
          "Deadlock",
          "GoroutineLeak");

  @FunctionalInterface
  interface Example {
    void run(PrintStream out) throws Exception;
  }

  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Go.numGoroutine();
  }

  @AfterEach
  void noGoroutineLeft() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Go.numGoroutine() > baseline && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    assertThat(Go.numGoroutine()).as("goroutines left running").isLessThanOrEqualTo(baseline);
  }

  private static List<String> output(Example example) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      example.run(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void pipelineStopsEveryStageWhenDoneCloses() throws Exception {
    assertThat(Pipeline.run(3)).containsExactly(1, 4, 9);
    assertThat(Pipeline.run(100)).containsExactly(1, 4, 9, 16, 25, 36, 49, 64);
    assertThat(output(Pipeline::run))
        .containsExactly(
            "first three, then done closed: [1, 4, 9]", "all: [1, 4, 9, 16, 25, 36, 49, 64]");
  }

  @Test
  void timeoutReturnsTheResultWhenItComesFirst() throws Exception {
    assertThat(Timeout.callWithTimeout(() -> "fast", Duration.ofHours(1))).isEqualTo("fast");
  }

  @Test
  void timeoutFiresWhenTheCallNeverAnswers() throws Exception {
    Channel<Unit> release = Channel.make();
    Callable<String> late =
        () -> {
          release.receive();
          return "late";
        };
    assertThat(Timeout.callWithTimeout(late, Duration.ofMillis(1))).isEqualTo("timeout");
    release.close(); // the call answers after its timeout: its goroutine ends, nothing leaks
  }

  @Test
  void timeoutExample() throws Exception {
    assertThat(output(Timeout::run)).containsExactly("fast", "timeout");
  }

  @Test
  void workerPool() throws Exception {
    assertThat(output(WorkerPool::run))
        .containsExactly(
            "10 workers, 20 jobs",
            "results: [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40]",
            "sum: 420");
  }

  @Test
  void workerPoolMainPrintsToStandardOutput() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      WorkerPool.main(new String[0]);
    } finally {
      System.setOut(stdout);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).contains("sum: 420");
  }

  @Test
  void signals() throws Exception {
    assertThat(output(Signals::run))
        .containsExactly(
            "answer: 42",
            "ready: VALUE",
            "released by close(quit): [0, 1, 2]",
            "v=1 ok=true",
            "v=2 ok=true",
            "v=null ok=false",
            "v=null ok=false");
  }

  @Test
  void parallelMapFanIn() throws Exception {
    assertThat(output(ParallelMapFanIn::run))
        .containsExactly(
            "fan-out/fan-in: 10 squares, sum 385",
            "parallel map: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]");
  }

  @Test
  void merge() throws Exception {
    assertThat(output(Merge::run))
        .containsExactly("merged 5 channels: 50 values", "per source: [10, 10, 10, 10, 10]");
  }

  @Test
  void safeCache() throws Exception {
    List<String> lines = output(SafeCache::run);
    assertThat(lines.stream().filter(l -> !l.startsWith("  timing")))
        .containsExactly(
            "sync.Mutex: 100 keys after 160000 operations, inconsistent reads: 0",
            "sync.RWMutex: 100 keys after 160000 operations, inconsistent reads: 0",
            "ConcurrentHashMap: 100 keys after 160000 operations, inconsistent reads: 0");
    // The timings are printed, never compared: only their presence and form are checked.
    assertThat(lines.stream().filter(l -> l.startsWith("  timing")))
        .hasSize(3)
        .allMatch(l -> l.matches("  timing \\(indicative only\\) \\S+: \\d+ us"));
  }

  @Test
  void barriers() throws Exception {
    assertThat(output(Barriers::run))
        .containsExactly(
            "one-shot: before close(start): 0 passed",
            "one-shot: after close(start): 5 passed",
            "round 0: arrivals seen after await [4], arrival indices [0, 1, 2, 3]",
            "round 1: arrivals seen after await [4], arrival indices [0, 1, 2, 3]",
            "round 2: arrivals seen after await [4], arrival indices [0, 1, 2, 3]");
  }

  @Test
  void channelSemaphore() throws Exception {
    assertThat(output(ChannelSemaphore::run))
        .containsExactly(
            "3 goroutines hold the 3 permits",
            "a fourth acquire would block",
            "10 tasks done, peak running at once: 3");
  }

  @Test
  void gracefulShutdown() throws Exception {
    assertThat(output(GracefulShutdown::run))
        .containsExactly(
            "hand-written pool: 10 jobs, sum 110",
            "WorkerPool: stopped within the grace period: true",
            "WorkerPool: results {SUCCEEDED=10}",
            "WorkerPool: stopped within the grace period: false",
            "WorkerPool: results {FAILED=2, NOT_STARTED=3}");
  }

  @Test
  void tcpEcho() throws Exception {
    assertThat(output(TcpEcho::run))
        .containsExactly(
            "client 1 <- echo: hello from 1",
            "client 1 <- time: an instant",
            "client 2 <- echo: hello from 2",
            "client 2 <- time: an instant",
            "client 3 <- echo: hello from 3",
            "client 3 <- time: an instant",
            "server stopped: accept loop and connection goroutines done");
  }

  @Test
  void twoHttpServers() throws Exception {
    assertThat(output(TwoHttpServers::run))
        .containsExactly(
            "app   GET /hello       -> 200 hello",
            "debug GET /debug/vars  -> 200 app requests: 1",
            "debug GET /debug/crash -> 500 crashing",
            "group: both servers stopped; first error: java.io.IOException: debug server crashed",
            "app   GET /hello       -> unreachable");
  }

  @Test
  void eventTracker() throws Exception {
    assertThat(output(EventTracker::run))
        .containsExactly(
            "shutdown: drained",
            "recorded: [event 1, event 2, event 3, event 4, event 5]",
            "shutdown with a stuck backend: context deadline exceeded",
            "recorded after the backend recovered: [event 1, event 2, event 3]");
  }

  @Test
  void searchTimeout() throws Exception {
    assertThat(output(SearchTimeout::run))
        .containsExactly(
            "timed out after 500 ms, missing: [video]",
            "image result for \"golang\" (from image1)",
            "web result for \"golang\" (from web2)");
  }

  @Test
  void heartbeats() throws Exception {
    assertThat(output(Heartbeats::run))
        .containsExactly(
            "periodic: the idle worker pulses: true",
            "periodic: results [10, 20, 30]",
            "periodic: no pulse for 100 ms: the worker is stuck",
            "periodic: heartbeat closed: the worker has exited",
            "per work unit: [pulse 1, pulse 2, pulse 3, pulse 4, pulse 5]");
  }

  @Test
  void deadlock() throws Exception {
    assertThat(output(Deadlock::run))
        .containsExactly(
            "printSum(a, b) and printSum(b, a), opposite lock order:",
            "  deadlock detected: no sum after 200 ms",
            "  printSum(a, b), the victim: interrupted, gave up",
            "  printSum(b, a) then got both locks: sum=3",
            "fixed, one global lock order: finished true, [sum=3, sum=3]");
  }

  @Test
  void goroutineLeak() throws Exception {
    assertThat(output(GoroutineLeak::run))
        .containsExactly(
            "leaky doWork(nil): goroutines leaked: 1",
            "fixed doWork(done, nil): goroutines leaked: 0",
            "leaked goroutine ended after an interrupt: true");
  }

  @Test
  void everyExampleIsListedTestedAndDocumented() throws IOException {
    Path sources = Path.of("src/main/java/io/github/go4j/examples");
    List<String> withMain;
    try (Stream<Path> files = Files.list(sources)) {
      withMain =
          files
              .filter(
                  f -> {
                    try {
                      return Files.readString(f).contains("public static void main(String[] args)");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(f -> f.getFileName().toString().replace(".java", ""))
              .toList();
    }
    assertThat(withMain).containsExactlyInAnyOrderElementsOf(EXAMPLES);
    String readme = Files.readString(Path.of("README.md"));
    for (String name : EXAMPLES) {
      assertThat(readme).as("examples/README.md documents " + name).contains("-Dexample=" + name);
    }
  }
}
