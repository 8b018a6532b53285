package io.github.go4j;

/**
 * Receives an exception that escaped a goroutine: go4j's counterpart of Go's unrecovered {@code
 * panic}.
 *
 * <p>Go prints the panic value and the goroutine's stack, then exits the program. A library must
 * not end the JVM, so go4j reports the exception through this handler instead; the default one
 * ({@link Go#defaultPanicHandler()}) prints Go's form to {@code System.err}. Install another with
 * {@link Go#setPanicHandler(PanicHandler)} (for instance one that logs, or one that calls {@code
 * System.exit(2)} to match Go exactly).
 */
@FunctionalInterface
public interface PanicHandler {
  /**
   * Handles an exception that escaped a goroutine. Called on the goroutine's own thread, after the
   * task ended. An exception thrown by the handler itself is passed to the thread's uncaught
   * exception handler, with {@code panic} attached to it as a suppressed exception (unless it
   * already carries 16 or more, as one shared instance thrown every time would: each panic would
   * stay reachable from it); it never reaches a panic handler.
   *
   * @param goroutine the goroutine's thread
   * @param panic what the task threw
   */
  void panic(Thread goroutine, Throwable panic);
}
