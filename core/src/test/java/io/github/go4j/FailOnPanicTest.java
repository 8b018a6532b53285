package io.github.go4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.go4j.chan.Channel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The {@link FailOnPanic} extension: runs the tests of {@link Panicking} through the JUnit launcher
 * (with the same configuration as this build, so the extension is auto-detected) and checks which
 * of them fail and why.
 */
class FailOnPanicTest {
  private static final String ENABLE = "go4j.failOnPanicTest.inner";

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
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectMethod(Panicking.class, method))
            .configurationParameter(ENABLE, "true")
            .build();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.getSource().orElse(null) instanceof MethodSource m) {
              results.put(m.getMethodName(), result);
            }
          }
        };
    LauncherFactory.create().execute(request, listener);
    assertThat(results).containsKey(method);
    return results.get(method);
  }

  /** Enables {@link Panicking} only when this test launches it. */
  static final class OnlyWhenLaunched implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLE).isPresent()
          ? ConditionEvaluationResult.enabled("launched by FailOnPanicTest")
          : ConditionEvaluationResult.disabled("run only through FailOnPanicTest");
    }
  }

  /** Tests whose goroutines panic; run by the tests above, never on their own. */
  @ExtendWith(OnlyWhenLaunched.class)
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
