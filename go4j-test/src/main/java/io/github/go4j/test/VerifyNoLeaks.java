package io.github.go4j.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test when goroutines it started are still alive after it: Go's {@code goleak} for JUnit
 * 5.
 *
 * <pre>{@code
 * @VerifyNoLeaks
 * class ServerTest {
 *   @Test
 *   void handlesARequest() { ... }   // fails if a goroutine it started outlives it
 * }
 * }</pre>
 *
 * <p>On a class, every test of the class (and of its subclasses and {@code @Nested} classes) is
 * checked; on a method, that test (a method's annotation overrides its class's, a class's its outer
 * class's). Before each test the extension notes the goroutines alive (before the test instance is
 * made, with JUnit's default instance per test: goroutines that its constructor or field
 * initializers start are the test's); after it (after the {@code @AfterEach} methods) it waits up
 * to {@link #graceMillis()} for the goroutines started since to finish, polling, and then fails the
 * test with the dump entry of each one still alive: its wait reason, stack and creation site, as in
 * {@link io.github.go4j.Goroutines#dump()}.
 *
 * <p>The check compares the goroutines alive before and after the test, as Go's {@code goleak}
 * does: tests run in parallel (JUnit's parallel execution) see each other's goroutines as their
 * own, as {@code goleak.VerifyNone} does with {@code t.Parallel()}. Use it on tests that run one at
 * a time.
 *
 * <p>Only goroutines started through {@link io.github.go4j.Go#go} are seen (see {@link
 * io.github.go4j.Goroutines}), and only with the goroutine registry on: run the tests with {@code
 * -Dgo4j.registry=true} (in Maven, Surefire's {@code systemPropertyVariables}). Without it the
 * extension turns the registry on itself if nothing has started a goroutine yet, and otherwise
 * fails the test with a message that says what to set; so it does with {@code
 * -Dgo4j.registry=false}, which it does not override.
 *
 * <p>A goroutine that a test leaves running on purpose (a shared server, a pool that lives for the
 * whole class) is ignored with {@link #ignore()}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NoLeaksExtension.class)
public @interface VerifyNoLeaks {
  /**
   * How long goroutines started by the test may take to finish after it, in milliseconds: a
   * goroutine that is on its way out (it was just told to stop) is not a leak.
   *
   * @return the grace period (default 5 s)
   */
  long graceMillis() default 5_000;

  /**
   * Regular expressions for goroutines that are not leaks: a goroutine is ignored when one of them
   * is found ({@link java.util.regex.Matcher#find()}) in its thread name or in its dump entry (its
   * stack frames and its {@code created by} line), for instance {@code "MetricsReporter\\.run"} or
   * {@code "created by com\\.example\\.Pool\\."}.
   *
   * @return the patterns (default none)
   */
  String[] ignore() default {};
}
