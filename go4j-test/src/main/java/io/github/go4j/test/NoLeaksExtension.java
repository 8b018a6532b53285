package io.github.go4j.test;

import io.github.go4j.GoroutineInfo;
import io.github.go4j.Goroutines;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link VerifyNoLeaks}: notes the goroutines alive before each test, and
 * fails the test if goroutines started since are still alive once the grace period has passed.
 */
public final class NoLeaksExtension
    implements TestInstancePreConstructCallback,
        TestInstancePostProcessor,
        BeforeEachCallback,
        AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NoLeaksExtension.class);

  /** {@link VerifyNoLeaks#graceMillis()}'s default, for a registration without the annotation. */
  private static final long DEFAULT_GRACE_MILLIS = 5_000;

  /** How often the goroutines are checked during the grace period. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * The goroutines alive before the instance now being made was made (taken before its constructor,
   * whose field initializers may start goroutines), until {@link #postProcessTestInstance} files it
   * under that instance; a construction that failed leaves it for the next one to replace.
   */
  private static final ThreadLocal<Set<Long>> CONSTRUCTING = new ThreadLocal<>();

  /**
   * The goroutines alive before each test instance was made, by instance: found by identity, never
   * by the test class's own {@code equals} or {@code hashCode} (which may throw, or call two
   * instances equal), and held weakly (an instance that no test used, a disabled test's say, takes
   * its entry with it at the next filing). A handful of entries at most wait at once (an instance
   * and its enclosing instances, per test thread), so a scan is enough.
   */
  private static final Queue<Snapshot> BEFORE_INSTANCE = new ConcurrentLinkedQueue<>();

  /** A snapshot filed under a test instance, held weakly. */
  private static final class Snapshot extends WeakReference<Object> {
    final Set<Long> before;

    Snapshot(Object instance, Set<Long> before) {
      super(instance);
      this.before = before;
    }
  }

  /** Files {@code before} under {@code instance}, dropping the entries of collected instances. */
  private static void file(Object instance, Set<Long> before) {
    BEFORE_INSTANCE.removeIf(e -> e.refersTo(null));
    BEFORE_INSTANCE.add(new Snapshot(instance, before));
  }

  /** Removes and returns the snapshot filed under {@code instance}, or null. */
  private static Set<Long> take(Object instance) {
    for (Snapshot e : BEFORE_INSTANCE) {
      if (e.refersTo(instance) && BEFORE_INSTANCE.remove(e)) {
        return e.before;
      }
    }
    return null;
  }

  /** Creates the extension (JUnit does, through {@link VerifyNoLeaks}). */
  public NoLeaksExtension() {}

  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    CONSTRUCTING.set(alive());
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
    Set<Long> before = CONSTRUCTING.get();
    CONSTRUCTING.remove();
    if (before != null) {
      file(testInstance, before);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Set<Long> before = beforeOwnInstances(context);
    context.getStore(NAMESPACE).put(context.getUniqueId(), before != null ? before : alive());
  }

  /**
   * The goroutines alive before the outermost of the test's instances that were made for this test
   * alone (an instance per test, JUnit's default, for the test's class and each enclosing class up
   * to the first whose single instance serves the whole class); null if none was (an instance per
   * class: what its construction starts belongs to the class, not to one test).
   */
  private static Set<Long> beforeOwnInstances(ExtensionContext context) {
    List<Object> instances = context.getRequiredTestInstances().getAllInstances();
    Set<Long> before = null;
    ExtensionContext c = context;
    for (int i = instances.size() - 1; i >= 0; i--) {
      while (c != null && c.getTestMethod().isPresent()) {
        c = c.getParent().orElse(null); // from the method to its class's context
      }
      if (c == null
          || c.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
              != TestInstance.Lifecycle.PER_METHOD) {
        break; // this class's instance (and those outside it) serve more than this test
      }
      Set<Long> s = take(instances.get(i));
      if (s != null) {
        before = s; // the outer instance was made first: its snapshot is the earlier
      }
      c = c.getParent().orElse(null);
    }
    return before;
  }

  /** The ids of the goroutines alive now; turns the registry on first if it can. */
  private static Set<Long> alive() {
    // enable() first, not enabled(): go4j's first goroutine or wait fixes the switch, and it must
    // be read with the property set (enable() does nothing if the registry is on already).
    try {
      Goroutines.enable();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "@VerifyNoLeaks needs go4j's goroutine registry: run the tests with"
              + " -Dgo4j.registry=true (Surefire: systemPropertyVariables)",
          e);
    }
    Set<Long> ids = new HashSet<>();
    for (GoroutineInfo g : Goroutines.list()) {
      ids.add(g.id());
    }
    return ids;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    Set<Long> before = (Set<Long>) context.getStore(NAMESPACE).remove(context.getUniqueId());
    if (before == null) {
      return; // beforeEach failed: that failure is reported already
    }
    VerifyNoLeaks config = configuration(context);
    long graceMillis = config == null ? DEFAULT_GRACE_MILLIS : config.graceMillis();
    List<Pattern> ignore = new ArrayList<>();
    for (String p : config == null ? new String[0] : config.ignore()) {
      ignore.add(Pattern.compile(p));
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    List<GoroutineInfo> leaked = leaked(before, ignore);
    while (!leaked.isEmpty() && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(POLL_NANOS);
      leaked = leaked(before, ignore);
    }
    if (leaked.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder(1024);
    sb.append(leaked.size())
        .append(leaked.size() == 1 ? " goroutine" : " goroutines")
        .append(" started by ")
        .append(context.getDisplayName())
        .append(" still alive ")
        .append(graceMillis)
        .append(" ms after it (@VerifyNoLeaks):\n");
    for (GoroutineInfo g : leaked) {
      sb.append('\n').append(g.dump());
    }
    throw new AssertionError(sb.toString());
  }

  /**
   * The annotation of the test method, else of its class, else of the nearest enclosing class (a
   * {@code @Nested} test inherits the extension and its settings from its outer class); null if
   * registered without one.
   */
  private static VerifyNoLeaks configuration(ExtensionContext context) {
    return context
        .getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, VerifyNoLeaks.class))
        .or(
            () -> {
              for (Class<?> c = context.getTestClass().orElse(null);
                  c != null;
                  c = c.getEnclosingClass()) {
                var a = AnnotationSupport.findAnnotation(c, VerifyNoLeaks.class);
                if (a.isPresent()) {
                  return a;
                }
              }
              return java.util.Optional.empty();
            })
        .orElse(null);
  }

  /** The goroutines alive now that were not alive before the test and are not ignored. */
  private static List<GoroutineInfo> leaked(Set<Long> before, List<Pattern> ignore) {
    List<GoroutineInfo> leaked = new ArrayList<>();
    for (GoroutineInfo g : Goroutines.list()) {
      if (g.isAlive() && !before.contains(g.id()) && !ignored(g, ignore)) {
        leaked.add(g);
      }
    }
    return leaked;
  }

  private static boolean ignored(GoroutineInfo g, List<Pattern> ignore) {
    if (ignore.isEmpty()) {
      return false;
    }
    String name = g.name();
    String entry = g.dump();
    for (Pattern p : ignore) {
      if (p.matcher(name).find() || p.matcher(entry).find()) {
        return true;
      }
    }
    return false;
  }
}
