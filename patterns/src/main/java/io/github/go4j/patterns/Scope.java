package io.github.go4j.patterns;

import io.github.go4j.Task;
import io.github.go4j.chan.ReceiveChannel;

/**
 * Where the goroutines of a pattern run: a {@link Pipeline} (which tracks them and collects their
 * failures) or a plain {@code Context} ({@link Pipelines}, whose goroutines are detached).
 */
interface Scope {
  /** Starts a goroutine of this scope; an exception escaping {@code body} is {@link #fail}ed. */
  void spawn(Task body);

  /**
   * Records the failure of a stage: a pipeline fails with it (cancelling itself); a detached scope
   * reports it to the panic handler. Stages call it before closing their outputs.
   */
  void fail(Throwable e);

  /** Closed when the scope is cancelled. */
  ReceiveChannel<?> done();

  /** Whether the scope is cancelled: checked once per value, so a loop stops within one value. */
  boolean canceled();

  /** The capacity of the output channel of each stage. */
  int buffer();
}
