package io.github.go4j;

/**
 * The body of a goroutine: Go's {@code func()} as passed to a {@code go} statement.
 *
 * <p>Unlike {@link Runnable}, a task may throw checked exceptions, so Go code ports without
 * try/catch noise. An exception that escapes a task started with {@link Go#go(Task)} is reported
 * through {@link Go#panicHandler()}, like Go's unrecovered panic.
 */
@FunctionalInterface
public interface Task {
  /**
   * Runs the task.
   *
   * @throws Exception anything the task throws; see {@link Go#go(Task)} for what happens to it
   */
  void run() throws Exception;
}
