package io.github.go4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.testkit.Launched;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;

/**
 * What {@link VerifyNoLeaks} counts as a test's own (found in review): a {@code @Nested} test gets
 * its outer class's settings (it fell back to the defaults: a 5 s grace and no ignore patterns, so
 * an ignored goroutine failed it), and a goroutine started while the test instance is made (a field
 * initializer, with a new instance per test) is the test's (it was taken for an older one).
 */
class VerifyNoLeaksScopeTest {
  static volatile Channel<String> release;

  @BeforeEach
  void freshRelease() {
    release = Channel.make();
  }

  @AfterEach
  void stopTheLeakedGoroutines() {
    release.close();
  }

  static void idleUntilReleased() throws InterruptedException {
    release.receive();
  }

  @Test
  void aNestedTestUsesItsOuterClassesSettings() {
    TestExecutionResult r =
        Launched.run(
            selectNestedMethod(List.of(Outer.class), Outer.Inner.class, "leaksAnIgnoredGoroutine"),
            "leaksAnIgnoredGoroutine");
    assertThat(r.getStatus())
        .as("the outer class's ignore applies: %s", r.getThrowable())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void aGoroutineStartedWhileTheTestInstanceIsMadeIsTheTests() {
    TestExecutionResult r = Launched.run(FieldStarted.class, "usesTheWorker");
    assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(r.getThrowable().orElseThrow())
        .hasMessageContaining("1 goroutine started by usesTheWorker() still alive 100 ms after it");
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100, ignore = "idleUntilReleased")
  static class Outer {
    @Nested
    class Inner {
      @Test
      void leaksAnIgnoredGoroutine() {
        Go.go(VerifyNoLeaksScopeTest::idleUntilReleased);
      }
    }
  }

  @ExtendWith(Launched.OnlyWhenLaunched.class)
  @VerifyNoLeaks(graceMillis = 100)
  static class FieldStarted {
    // a new instance, and so a new worker, for every test; nobody stops it
    final Thread worker = Go.go(VerifyNoLeaksScopeTest::idleUntilReleased);

    @Test
    void usesTheWorker() {}
  }
}
