package io.github.go4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import io.github.go4j.testkit.Launched;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The {@link FailOnPanic} extension: runs the tests of {@link Panicking} through the JUnit launcher
 * ({@link Launched}, with the same configuration as this build, so the extension is auto-detected)
 * and checks which of them fail and why.
 */
class FailOnPanicTest {
  @Test
  void aTestWhoseGoroutineThrowsFailsWithThePanicAsCause() {
    TestExecutionResult r = run("goroutineThrowsWhileTheTestPasses");
    assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    Throwable failure = r.getThrowable().orElseThrow();
    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("goroutine-")
        .hasMessageContaining("boom")
        .cause()
        .isSameAs(Panicking.boom);
  }

  @Test
  void aTestThatTimesOutWaitingForAPanickedGoroutineShowsThePanicBesideTheTimeout() {
    TestExecutionResult r;
    try {
      r = run("goroutineThrowsBeforeItAnswers");
    } finally {
      Panicking.answer.close(); // lets the abandoned test thread end
    }
    assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    Throwable failure = r.getThrowable().orElseThrow();
    assertThat(failure).isInstanceOf(TimeoutException.class);
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(s -> assertThat(s.getCause()).isSameAs(Panicking.lost));
  }

  @Test
  void aTestWithItsOwnHandlerOptsOut() {
    assertThat(run("ownHandlerTakesThePanic").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void aTestThatTakesTheRecordedPanicsPasses() {
    assertThat(run("takesTheRecordedPanic").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void theRecorderIsInstalledDuringATest() {
    assertThat(FailOnPanic.isRecorder(Go.panicHandler())).isTrue();
  }

  /** Runs one test method of {@link Panicking} and returns its result. */
  private static TestExecutionResult run(String method) {
    return Launched.run(Panicking.class, method);
  }

  /** Tests whose goroutines panic; run by the tests above, never on their own. */
  @ExtendWith(Launched.OnlyWhenLaunched.class)
  static final class Panicking {
    static final IllegalStateException boom = new IllegalStateException("boom");
    static final IllegalStateException lost = new IllegalStateException("lost");
    static final Channel<String> answer = Channel.make();

    @Test
    void goroutineThrowsWhileTheTestPasses() throws InterruptedException {
      Go.go(
              () -> {
                throw boom;
              })
          .join();
    }

    // The only fixed wait here: the point is a test that hangs until its timeout, kept short.
    @Test
    @Timeout(value = 500, unit = TimeUnit.MILLISECONDS)
    void goroutineThrowsBeforeItAnswers() throws InterruptedException {
      Thread g = Go.go(() -> answer.send(fail()));
      g.join(); // the panic is recorded before join returns: the timeout below cannot race it
      answer.receive(); // never answered: hangs until the timeout
    }

    private static String fail() {
      throw lost;
    }

    @Test
    void ownHandlerTakesThePanic() throws InterruptedException {
      Channel<Throwable> panics = Channel.make(1);
      Go.setPanicHandler((g, e) -> panics.trySend(e));
      try {
        Go.go(
                () -> {
                  throw boom;
                })
            .join();
        assertThat(panics.receive()).isSameAs(boom);
      } finally {
        Go.setPanicHandler(null);
      }
    }

    @Test
    void takesTheRecordedPanic() throws InterruptedException {
      Go.go(
              () -> {
                throw boom;
              })
          .join();
      assertThat(FailOnPanic.takePanics())
          .singleElement()
          .satisfies(p -> assertThat(p.panic()).isSameAs(boom));
    }
  }
}
