package io.github.go4j.internal;

/**
 * The switch of go4j's test hooks: points in the engine and the primitives where a test may run
 * code of its own, to hold a race window of a few instructions open (UnbufferedChan's queuing hook,
 * Semaphore's grant hook). Each hook is a {@code static volatile Runnable} of its class, run only
 * behind {@code if (TestHooks.ON)}. ON is a static final read once, from the system property {@code
 * go4j.testHooks}, which only the build's surefire execution {@code test-hooks} sets (it runs the
 * {@code *HookTest} classes); off, the JIT folds every hook's branch away, so the hooks cost
 * nothing.
 */
public final class TestHooks {
  /** Whether hooks run: {@code -Dgo4j.testHooks=true} when this class loaded. */
  public static final boolean ON = Boolean.getBoolean("go4j.testHooks");

  private TestHooks() {}

  /**
   * Runs {@code hook} if it is set (call only when {@link #ON}).
   *
   * @param hook the hook's current value, or null
   */
  public static void run(Runnable hook) {
    if (hook != null) {
      hook.run();
    }
  }
}
