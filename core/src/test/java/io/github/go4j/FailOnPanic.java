package io.github.go4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that fails a test when a goroutine panics while it runs: an exception that
 * escapes a goroutine ({@link Go#go}, {@code WaitGroup.go}, {@code Time.afterFunc}, {@code
 * Context.afterFunc}...) would otherwise only be printed by the default {@link PanicHandler}, and
 * the test would pass, or hang until its timeout on a result the goroutine never delivered.
 *
 * <p>Registered for every test class of core, context, patterns and examples by JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled} in each module's {@code
 * junit-platform.properties}, this class listed in {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}; context, patterns and examples get
 * it from core's test JAR).
 *
 * <p>Before each test (and each class) it installs a handler that records the panic (without
 * printing it: the failure carries it). After each test it reinstalls that handler, whatever the
 * test left in place, and fails the test if anything was recorded: the first panic is the failure's
 * cause, further ones are suppressed exceptions of it. If the test failed already (for instance it
 * timed out waiting on the goroutine that panicked), JUnit attaches this failure to that one as
 * suppressed, so the panic appears in the report beside the timeout.
 *
 * <p>A panic that happens between two tests (a goroutine a test left running) is reported by the
 * next test, or by the class when no test follows; the message names the goroutine.
 *
 * <p>Opting out: a test that makes goroutines panic on purpose installs its own handler with {@link
 * Go#setPanicHandler} for its duration (the panics go there, and the test asserts on them), or
 * calls {@link #takePanics()} before it ends to consume what was recorded.
 *
 * <p>The panic handler is global, so this assumes the tests of one JVM run one at a time (the build
 * does not enable JUnit's parallel execution).
 */
public final class FailOnPanic
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

  /** A recorded panic and the goroutine it escaped. */
  public record Panic(String goroutine, Throwable panic) {}

  private static final ConcurrentLinkedQueue<Panic> PANICS = new ConcurrentLinkedQueue<>();

  private static final PanicHandler RECORDER =
      (goroutine, panic) -> PANICS.add(new Panic(goroutine.getName(), panic));

  /** Public for the service loader. */
  public FailOnPanic() {}

  /**
   * Returns and forgets the panics recorded since the last test ended (or the last call): for a
   * test whose goroutines panic on purpose.
   *
   * @return the panics, in the order they were recorded
   */
  public static List<Panic> takePanics() {
    List<Panic> taken = new ArrayList<>();
    for (Panic p; (p = PANICS.poll()) != null; ) {
      taken.add(p);
    }
    return taken;
  }

  /**
   * Whether {@code handler} is the recording handler this extension installs.
   *
   * @param handler a panic handler
   * @return true for this extension's recorder
   */
  public static boolean isRecorder(PanicHandler handler) {
    return handler == RECORDER;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Go.setPanicHandler(RECORDER);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Go.setPanicHandler(RECORDER);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Go.setPanicHandler(RECORDER);
    failOnRecorded("during or just before " + context.getDisplayName());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Go.setPanicHandler(RECORDER);
    failOnRecorded("after the last test of " + context.getDisplayName());
  }

  private static void failOnRecorded(String when) {
    List<Panic> panics = takePanics();
    if (panics.isEmpty()) {
      return;
    }
    Panic first = panics.get(0);
    AssertionError failure =
        new AssertionError(
            panics.size()
                + " goroutine panic(s) "
                + when
                + "; first in "
                + first.goroutine()
                + ": "
                + first.panic(),
            first.panic());
    for (Panic p : panics.subList(1, panics.size())) {
      failure.addSuppressed(p.panic());
    }
    throw failure;
  }
}
