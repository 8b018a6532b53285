package io.github.go4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.testkit.Launched;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Which test a goroutine started while a test instance is made belongs to (found in review of the
 * first version, which kept one pending snapshot per thread): not the next test after a disabled
 * one or after a class whose construction failed, and not the first test of a {@code @Nested} class
 * whose single instance serves the whole class.
 */
class VerifyNoLeaksInstanceTest {
  static final Channel<String> FOREVER = Channel.make();

  @AfterAll
  static void releaseTheFieldLeaks() {
    FOREVER.close();
  }

  static void idle(Channel<String> c) throws InterruptedException {
    c.receive();
  }

  static Map<String, TestExecutionResult> runAll(DiscoverySelector... selectors) {
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter("go4j.launched", "true")
                .build(),
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getSource().orElse(null) instanceof MethodSource m) {
                  results.put(m.getClassName() + "#" + m.getMethodName(), result);
                }
              }
            });
    return results;
  }

  /** Runs {@code selectors} and returns the result of {@code test} ("Class#method"). */
  static TestExecutionResult resultOf(String test, DiscoverySelector... selectors) {
    return runAll(selectors).get(test);
  }

  // A skipped test's instance is made (with an instance per test) but no beforeEach follows:
  // the snapshot stays, and the next test of the class takes the disabled instance's goroutine
  // for its own.
  @Test
  void aSkippedTestBeforeAnotherDoesNotBlameTheNextTest() {
    TestExecutionResult b =
        resultOf(WithSkipped.class.getName() + "#b", selectClass(WithSkipped.class));
    assertThat(b.getStatus())
        .as("b starts and stops its own worker: %s", b.getThrowable())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  // A construction that fails leaves the snapshot; the next class's own pre-construct snapshot
  // is then not taken, and a goroutine its field initializer leaks is missed.
  @Test
  void aFailedConstructionDoesNotHideTheNextClassesFieldLeak() {
    TestExecutionResult t =
        resultOf(
            FieldLeaks.class.getName() + "#t",
            selectClass(FailsToConstruct.class),
            selectClass(FieldLeaks.class));
    assertThat(t.getStatus())
        .as("FieldLeaks.t leaks its field's goroutine")
        .isEqualTo(TestExecutionResult.Status.FAILED);
  }

  // @Nested PER_CLASS inside a PER_METHOD outer: the inner class's instance (and its outer
  // instance) are made once for the class; a goroutine the inner instance keeps for the class is
  // not its first test's.
  @Test
  void aPerClassNestedClassesGoroutineIsNotItsFirstTests() {
    TestExecutionResult t =
        resultOf(
            OuterPerMethod.InnerPerClass.class.getName() + "#t",
            selectNestedMethod(
                List.of(OuterPerMethod.class), OuterPerMethod.InnerPerClass.class, "t"));
    assertThat(t.getStatus())
        .as("the class-wide goroutine is not t's: %s", t.getThrowable())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  // The snapshots are filed by instance identity: a test class whose hashCode throws is not
  // failed by the extension (it was: a WeakHashMap asked the instance for its hash).
  @Test
  void aTestClassWhoseHashCodeThrowsRuns() {
    TestExecutionResult t =
        resultOf(Unhashable.class.getName() + "#t", selectClass(Unhashable.class));
    assertThat(t.getStatus())
        .as("t runs and leaks nothing: %s", t.getThrowable())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  // ... and instances that call each other equal keep their own snapshots: the outer instance's
  // snapshot (taken before its field started a goroutine) was replaced by the inner's, taken
  // after, so the outer field's leak went unseen.
  @Test
  void instancesThatCallEachOtherEqualKeepTheirOwnSnapshots() {
    TestExecutionResult t =
        resultOf(
            EqualOuter.EqualInner.class.getName() + "#t",
            selectNestedMethod(List.of(EqualOuter.class), EqualOuter.EqualInner.class, "t"));
    assertThat(t.getStatus())
        .as("t's outer instance leaks its field's goroutine")
        .isEqualTo(TestExecutionResult.Status.FAILED);
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  static class Unhashable {
    @Override
    public int hashCode() {
      throw new UnsupportedOperationException("no hash for a test");
    }

    @Override
    public boolean equals(Object o) {
      throw new UnsupportedOperationException("no equality for a test");
    }

    @Test
    void t() {}
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  static class EqualOuter {
    final Thread worker = Go.go(() -> idle(FOREVER)); // leaked by each instance

    @Override
    public int hashCode() {
      return 1;
    }

    @Override
    public boolean equals(Object o) {
      return true;
    }

    @Nested
    class EqualInner {
      @Override
      public int hashCode() {
        return 1;
      }

      @Override
      public boolean equals(Object o) {
        return true;
      }

      @Test
      void t() {}
    }
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class WithSkipped {
    final Channel<String> stop = Channel.make();
    final Thread worker = Go.go(() -> idle(stop));

    @AfterEach
    void stopWorker() {
      stop.close();
    }

    static boolean never() {
      return false;
    }

    @Test
    @Order(1)
    @EnabledIf("never") // skipped by a condition, after its instance was made
    void a() {}

    @Test
    @Order(2)
    void b() {}
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  static class FailsToConstruct {
    FailsToConstruct() {
      throw new IllegalStateException("cannot make it");
    }

    @Test
    void t() {}
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  static class FieldLeaks {
    final Thread worker = Go.go(() -> idle(FOREVER));

    @Test
    void t() {}
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  static class OuterPerMethod {
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class InnerPerClass {
      final Channel<String> stop = Channel.make();
      final Thread worker = Go.go(() -> idle(stop)); // for the whole class

      @AfterAll
      void stopWorker() {
        stop.close();
      }

      @Test
      void t() {}
    }
  }
}
