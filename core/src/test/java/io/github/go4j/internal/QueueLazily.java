package io.github.go4j.internal;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps a select's spin case out of an unbuffered channel's wait slot for each test (the test hook
 * UnbufferedChan.queueLazilyHook), so that the test reaches the queue-based lazy registration
 * (Selector, step 1b), which runs wherever the slot is off or busy; LazySelectSlotHookTest tests
 * the select in the slot. For hook tests only (see TestHooks).
 */
final class QueueLazily implements BeforeEachCallback, AfterEachCallback {
  @Override
  public void beforeEach(ExtensionContext context) {
    UnbufferedChan.queueLazilyHook = true;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    UnbufferedChan.queueLazilyHook = false;
  }
}
