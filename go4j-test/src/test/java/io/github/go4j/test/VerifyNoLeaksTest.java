package io.github.go4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.testkit.Launched;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;

/**
 * {@link VerifyNoLeaks}: runs the tests of {@link Subjects} through the JUnit launcher ({@link
 * Launched}) and checks which of them fail and why.
 */
class VerifyNoLeaksTest {
  @AfterEach
  void stopTheLeakedGoroutines() {
    Channel<String> c = Subjects.release;
    if (c != null) {
      Subjects.release = null;
      c.close();
    }
  }

  @Test
  void aTestThatLeavesAGoroutineBehindFailsWithItsDumpEntry() {
    TestExecutionResult r = run("leaksAReceiver");
    assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    Thread leaked = Subjects.started.get("leaksAReceiver");
    assertThat(r.getThrowable().orElseThrow())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("1 goroutine started by leaksAReceiver() still alive 100 ms after it")
        .hasMessageContaining("goroutine " + leaked.threadId() + " [chan receive]:\n")
        .hasMessageContaining("created by io.github.go4j.test.VerifyNoLeaksTest$Subjects.");
  }

  @Test
  void aTestWhoseGoroutinesFinishPasses() {
    assertThat(run("joinsItsGoroutine").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void aGoroutineThatEndsWithinTheGracePeriodIsNoLeak() {
    assertThat(run("stopsItsGoroutineWithoutWaiting").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void anIgnoredGoroutineIsNoLeak() {
    assertThat(run("leaksAnIgnoredGoroutine").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(Subjects.started.get("leaksAnIgnoredGoroutine").isAlive())
        .as("it did leak")
        .isTrue();
  }

  @Test
  void aGoroutineStartedBeforeTheTestIsNotItsLeak() {
    Channel<String> stop = Channel.make();
    Thread older = Go.go(stop::receive);
    try {
      assertThat(run("joinsItsGoroutine").getStatus())
          .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
      assertThat(older.isAlive()).isTrue();
    } finally {
      stop.close();
    }
  }

  /** Runs one test method of {@link Subjects} and returns its result. */
  private static TestExecutionResult run(String method) {
    return Launched.run(Subjects.class, method);
  }

  /**
   * Without {@code -Dgo4j.registry=true} the extension turns the registry on itself, as long as
   * nothing has read the switch yet (docs/debugging.md). It asked {@code Goroutines.enabled()}
   * first, and that read fixed the switch at "off", so the feature never worked (found in review).
   * Checked in a fresh JVM without the property, whose first go4j call is the extension's.
   */
  @Test
  void theExtensionTurnsTheRegistryOnItselfInAFreshJvm() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FreshJvm.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).as(out).contains("registry property: null").contains("status: SUCCESSFUL");
  }

  /** The child JVM of {@link #theExtensionTurnsTheRegistryOnItselfInAFreshJvm()}. */
  static final class FreshJvm {
    public static void main(String[] args) {
      System.out.println("registry property: " + System.getProperty("go4j.registry"));
      TestExecutionResult r = Launched.run(Subjects.class, "joinsItsGoroutine");
      System.out.println("status: " + r.getStatus());
      r.getThrowable().ifPresent(Throwable::printStackTrace);
    }
  }

  /** Tests checked by {@link VerifyNoLeaks}; run by the tests above, never on their own. */
  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100) // the leak test waits this long: kept short
  static final class Subjects {
    /** Closed by the outer tests: ends every goroutine the subjects leave behind. */
    static volatile Channel<String> release;

    static final Map<String, Thread> started = new ConcurrentHashMap<>();

    @Test
    void leaksAReceiver() {
      Channel<String> r = release = Channel.make();
      started.put("leaksAReceiver", Go.go(r::receive));
    }

    @Test
    void joinsItsGoroutine() throws InterruptedException {
      Channel<String> ch = Channel.make();
      Thread g = Go.go(() -> ch.send("done"));
      assertThat(ch.receive()).isEqualTo("done");
      g.join();
    }

    @Test
    @VerifyNoLeaks(graceMillis = 30_000) // a bound, not a wait: the goroutine ends at once
    void stopsItsGoroutineWithoutWaiting() {
      Channel<String> stop = Channel.make();
      Go.go(stop::receive);
      stop.close(); // the goroutine may still be alive when the test returns
    }

    @Test
    @VerifyNoLeaks(ignore = "idleUntilReleased")
    void leaksAnIgnoredGoroutine() {
      Channel<String> r = release = Channel.make();
      started.put("leaksAnIgnoredGoroutine", Go.go(() -> idleUntilReleased(r)));
    }

    private static void idleUntilReleased(Channel<String> release) throws InterruptedException {
      release.receive();
    }
  }
}
