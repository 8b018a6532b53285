package io.github.go4j;

/**
 * Receives the deadlock report of the goroutine registry: Go's {@code fatal error: all goroutines
 * are asleep - deadlock!}, a blank line and the {@linkplain Goroutines#dump() goroutine dump}.
 * Installed with {@link Goroutines#setDeadlockHandler}; called on the detector's thread, once per
 * deadlock (a new report needs some goroutine to start, finish or wake up first).
 */
@FunctionalInterface
public interface DeadlockHandler {
  /**
   * Handles a deadlock report.
   *
   * @param report "fatal error: all goroutines are asleep - deadlock!", a blank line, the dump
   */
  void deadlock(String report);

  /**
   * The default handler: prints the report to {@code System.err} and lets the program go on (the
   * goroutines stay blocked; a thread go4j cannot see may still wake them).
   *
   * @return the handler
   */
  static DeadlockHandler log() {
    return Goroutines.LOG;
  }

  /**
   * Go's behaviour: prints the report to {@code System.err} and halts the JVM with exit status 2,
   * without running shutdown hooks (Go runs no deferred calls either; a hook could wait for the
   * deadlocked goroutines forever).
   *
   * @return the handler
   */
  static DeadlockHandler exit() {
    return Goroutines.EXIT;
  }
}
