package io.github.go4j.test;

import io.github.go4j.GoroutineInfo;
import io.github.go4j.Goroutines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link VerifyNoLeaks}: notes the goroutines alive before each test, and
 * fails the test if goroutines started since are still alive once the grace period has passed.
 */
public final class NoLeaksExtension implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(NoLeaksExtension.class);

  /** {@link VerifyNoLeaks#graceMillis()}'s default, for a registration without the annotation. */
  private static final long DEFAULT_GRACE_MILLIS = 5_000;

  /** How often the goroutines are checked during the grace period. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Creates the extension (JUnit does, through {@link VerifyNoLeaks}). */
  public NoLeaksExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    // enable() first, not enabled(): reading the switch fixes it, and it must be read with the
    // property set (enable() does nothing if the registry is on already).
    try {
      Goroutines.enable();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "@VerifyNoLeaks needs go4j's goroutine registry: run the tests with"
              + " -Dgo4j.registry=true (Surefire: systemPropertyVariables)",
          e);
    }
    Set<Long> before = new HashSet<>();
    for (GoroutineInfo g : Goroutines.list()) {
      before.add(g.id());
    }
    context.getStore(NAMESPACE).put(context.getUniqueId(), before);
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

  /** The annotation of the test method, else of its class; null if registered without one. */
  private static VerifyNoLeaks configuration(ExtensionContext context) {
    return context
        .getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, VerifyNoLeaks.class))
        .or(
            () ->
                context
                    .getTestClass()
                    .flatMap(c -> AnnotationSupport.findAnnotation(c, VerifyNoLeaks.class)))
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
