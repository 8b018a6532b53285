package io.github.go4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Tests of test extensions: runs one test method through the JUnit launcher, from inside a test, to
 * see whether and why it fails. The subject tests carry {@code @ExtendWith(OnlyWhenLaunched)}, so
 * that the build's own run skips them. In core's test JAR, for the other modules' tests.
 */
public final class Launched {
  private static final String ENABLE = "go4j.launched";

  private Launched() {}

  /**
   * Runs test method {@code method} of {@code testClass} and returns its result.
   *
   * @param testClass the class of subject tests
   * @param method the method's name
   * @return the result
   */
  public static TestExecutionResult run(Class<?> testClass, String method) {
    return run(selectMethod(testClass, method), method);
  }

  /**
   * Runs the test method that {@code selector} selects (a nested class's, say) and returns its
   * result.
   *
   * @param selector the selector of one test method
   * @param method the method's name
   * @return the result
   */
  public static TestExecutionResult run(DiscoverySelector selector, String method) {
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selector)
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

  /** Enables subject tests only when {@link #run} launches them. */
  public static final class OnlyWhenLaunched implements ExecutionCondition {
    /** Created by JUnit. */
    public OnlyWhenLaunched() {}

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(ENABLE).isPresent()
          ? ConditionEvaluationResult.enabled("launched by a test of a test extension")
          : ConditionEvaluationResult.disabled("run only through Launched.run");
    }
  }
}
