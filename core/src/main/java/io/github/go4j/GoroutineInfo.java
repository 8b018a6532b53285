package io.github.go4j;

import io.github.go4j.internal.GoroutineRegistry;
import io.github.go4j.internal.WaitReason;

/**
 * One goroutine of Go's goroutine dump ({@code goroutine N [state]:} and its stack), as known to
 * the goroutine registry ({@link Goroutines#list()}): a snapshot of its identity, and live views of
 * its state. Nothing here blocks.
 */
public final class GoroutineInfo {
  private final GoroutineRegistry.G g;

  GoroutineInfo(GoroutineRegistry.G g) {
    this.g = g;
  }

  /**
   * The goroutine's id: its thread's {@link Thread#threadId()}, the number after {@code goroutine}
   * in dumps and panic reports.
   *
   * @return the id
   */
  public long id() {
    return g.id;
  }

  /**
   * The goroutine's thread name ({@code goroutine-N} unless the task renamed its thread).
   *
   * @return the name
   */
  public String name() {
    return g.thread.getName();
  }

  /**
   * The goroutine's thread.
   *
   * @return the thread
   */
  public Thread thread() {
    return g.thread;
  }

  /**
   * Whether the goroutine has not finished yet.
   *
   * @return true while its thread is alive
   */
  public boolean isAlive() {
    return g.thread.isAlive();
  }

  /**
   * Go's wait reason of the go4j wait the goroutine is parked in now ({@code "chan receive"},
   * {@code "sync.Mutex.Lock"}...), or null if it is not parked in one (running, or blocked outside
   * go4j).
   *
   * @return the reason, or null
   */
  public String waitReason() {
    WaitReason r = g.waitReason();
    return r == null ? null : r.text();
  }

  /**
   * Where the goroutine was started: the frame that called {@link Go#go}.
   *
   * @return the frame, or null if unknown
   */
  public StackTraceElement createdBy() {
    return g.createdBy;
  }

  /**
   * The goroutine's entry of a {@linkplain Goroutines#dump() goroutine dump}, taken now.
   *
   * @return {@code goroutine N [state]:}, the stack and {@code created by}, ending with a newline
   */
  public String dump() {
    return g.dump();
  }

  @Override
  public String toString() {
    return "goroutine " + g.id + " [" + name() + "]";
  }
}
