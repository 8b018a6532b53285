package io.github.go4j;

import io.github.go4j.internal.GoroutineRegistry;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * Go's {@code go} statement: {@code go f()} starts {@code f} in a new goroutine, here a virtual
 * thread.
 *
 * <pre>{@code
 * import static io.github.go4j.Go.go;
 *
 * go(() -> work());
 * }</pre>
 *
 * <p>Goroutines are cheap: a virtual thread blocked on a channel costs a few hundred bytes beyond
 * its stack. An exception that escapes a goroutine is reported like Go's unrecovered panic, through
 * a {@link PanicHandler} the application can replace; it never vanishes silently.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code go(task)} happen-before
 * the task starts ({@link Thread#start()}).
 */
public final class Go {
  private static final ThreadFactory GOROUTINES =
      Thread.ofVirtual().name("goroutine-", 1).factory();

  private static final PanicHandler DEFAULT_HANDLER = Go::printPanic;

  private static volatile PanicHandler panicHandler = DEFAULT_HANDLER;

  /**
   * Goroutines started by {@link #go} that have not finished. A striped counter: many threads
   * starting goroutines at once do not contend on one cache line.
   */
  private static final LongAdder RUNNING = new LongAdder();

  private Go() {}

  /**
   * Starts {@code task} in a new goroutine (a virtual thread named {@code goroutine-N}): Go's
   * {@code go task()}.
   *
   * <p>Does not block. If the task throws, the exception is passed to the current {@linkplain
   * #panicHandler() panic handler} on the goroutine's thread.
   *
   * @param task the body of the goroutine
   * @return the goroutine's thread (Go has no handle; Java callers may {@code join} it)
   * @throws NullPointerException if {@code task} is null
   */
  public static Thread go(Task task) {
    Objects.requireNonNull(task, "task must not be null");
    Thread t = GOROUTINES.newThread(() -> runCounted(task));
    boolean started = false;
    RUNNING.increment();
    try {
      if (GoroutineRegistry.ON) { // a constant: no cost when the registry is off
        GoroutineRegistry.starting(t);
      }
      t.start();
      started = true;
    } finally {
      if (!started) { // registering or starting it failed (an OutOfMemoryError): it never runs
        RUNNING.decrement();
        if (GoroutineRegistry.ON) {
          GoroutineRegistry.exited(t);
        }
      }
    }
    return t;
  }

  private static void runCounted(Task task) {
    try {
      runReportingPanic(task);
    } finally {
      RUNNING.decrement();
      if (GoroutineRegistry.ON) {
        GoroutineRegistry.exited(Thread.currentThread());
      }
    }
  }

  /**
   * Go's {@code runtime.NumGoroutine()}: the number of goroutines started by {@link #go(Task)} (and
   * by go4j's own goroutine-starting constructs, which use it: {@code WaitGroup.go}, {@code
   * Time.afterFunc}, {@code Context.afterFunc}, the patterns module) that have not yet finished.
   *
   * <p>Unlike Go's, the count leaves out the main thread and threads not started through go4j (a
   * Java program has many). A goroutine counts from just before it starts until its body and the
   * panic handler (if it threw) have returned, so a goroutine that has signalled completion on a
   * channel may still be counted for a moment: tests that expect the count to return to a baseline
   * poll it with a bound instead of reading it once.
   *
   * <p>The count is a snapshot: concurrent starts and exits may or may not be reflected. Keeping it
   * costs {@code go} one increment and one decrement of a striped counter.
   *
   * @return the goroutines started through go4j that are still running
   */
  public static int numGoroutine() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, RUNNING.sum()));
  }

  /**
   * Runs {@code task} on the current thread, reporting an escaping exception to the panic handler
   * as {@link #go(Task)} does. Used by go4j's own goroutine-starting constructs ({@code
   * Time.afterFunc}, {@code WaitGroup.go}); applications rarely need it.
   *
   * <p>Returns normally whether the task returns or throws. If the panic handler itself throws,
   * that exception, with the task's attached as a suppressed exception (unless it carries 16 or
   * more already: a handler that throws one shared instance), goes to the current thread's
   * {@linkplain Thread#getUncaughtExceptionHandler() uncaught-exception handler} (as it would if it
   * ended a goroutine's thread), not to the panic handler again.
   *
   * @param task the body to run
   */
  public static void runReportingPanic(Task task) {
    try {
      task.run();
    } catch (Throwable e) {
      reportPanic(e);
    }
  }

  /**
   * Hands {@code panic} to the panic handler. An exception the handler throws goes to the current
   * thread's uncaught-exception handler, with {@code panic} attached to it as a suppressed
   * exception (up to {@link #MAX_SUPPRESSED_PANICS}), and never to a panic handler: were it to
   * escape, a construct that runs its body through {@link #runReportingPanic} inside a goroutine
   * (WaitGroup.go) would hand the handler its own exception, and the panic it was handling would be
   * lost.
   */
  private static void reportPanic(Throwable panic) {
    Thread t = Thread.currentThread();
    try {
      panicHandler.panic(t, panic);
    } catch (Throwable x) {
      if (x != panic && x.getSuppressed().length < MAX_SUPPRESSED_PANICS) {
        x.addSuppressed(panic);
      }
      t.getUncaughtExceptionHandler().uncaughtException(t, x);
    }
  }

  /**
   * How many suppressed exceptions a panic handler's exception may already carry for {@link
   * #reportPanic} to attach the panic to it: a handler that throws one shared instance every time
   * would otherwise keep every panic it ever failed on reachable from that instance.
   */
  static final int MAX_SUPPRESSED_PANICS = 16;

  /**
   * Replaces the handler of exceptions that escape goroutines.
   *
   * @param handler the new handler; {@code null} restores the default
   */
  public static void setPanicHandler(PanicHandler handler) {
    panicHandler = handler == null ? DEFAULT_HANDLER : handler;
  }

  /**
   * Returns the current handler of exceptions that escape goroutines.
   *
   * @return the handler in force
   */
  public static PanicHandler panicHandler() {
    return panicHandler;
  }

  /**
   * Returns the default panic handler, which prints Go's form to {@code System.err}:
   *
   * <pre>
   * panic: java.lang.IllegalStateException: boom
   *
   * goroutine 42 [goroutine-7]:
   * java.lang.IllegalStateException: boom
   *     at ...
   * </pre>
   *
   * @return the default handler
   */
  public static PanicHandler defaultPanicHandler() {
    return DEFAULT_HANDLER;
  }

  private static void printPanic(Thread goroutine, Throwable panic) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("panic: ").append(panic).append("\n\ngoroutine ").append(goroutine.threadId());
    sb.append(" [").append(goroutine.getName()).append("]:\n");
    java.io.StringWriter trace = new java.io.StringWriter();
    panic.printStackTrace(new java.io.PrintWriter(trace));
    sb.append(trace);
    System.err.print(sb);
    System.err.flush();
  }
}
