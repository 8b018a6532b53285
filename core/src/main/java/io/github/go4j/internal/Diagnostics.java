package io.github.go4j.internal;

/**
 * The hooks a go4j wait calls on its park path, for the goroutine registry ({@link
 * GoroutineRegistry}) and the JFR block events ({@link BlockedEvent}).
 *
 * <p>Only the slow path calls them: a wait that is claimed while it spins never gets here, so the
 * hot paths of channels and primitives do no extra work. With the registry off and JFR not in use,
 * {@link #parking} reads two constants and one volatile flag (JFR's "initialized") and returns
 * null: nothing is written, nothing allocated. The event class is loaded only once JFR is in use (a
 * recording was created, {@code -XX:StartFlightRecording}): loading it registers it with JFR, which
 * sets up JFR's metadata, far too slow for every program's first park.
 *
 * <p>Best effort: neither hook throws. When {@link #parking} runs, the wait is half made (its node
 * queued, or its record published in a wait slot) and only the park loop that follows can finish
 * it; when {@link #unparked} runs, the operation has completed. An exception from either (an
 * OutOfMemoryError allocating the event or the registry's entry, a StackOverflowError) would leave
 * the record in a queue or slot while its thread moved on, so that a partner's later claim could
 * land on the thread's next wait, or it would drop a completed operation's result. A failing hook
 * skips its bookkeeping instead (found in review; DiagnosticsFailureHookTest).
 */
final class Diagnostics {
  /** The token of a wait that only the registry follows. */
  private static final Object TRACKED = new Object();

  /** Whether the JDK has JFR and go4j's module can read it (core only {@code requires static}). */
  private static final boolean JFR = jfrLinks();

  private static boolean jfrLinks() {
    try {
      jdk.jfr.FlightRecorder.isInitialized(); // loads FlightRecorder, initialises nothing of JFR
      return true;
    } catch (LinkageError e) { // jdk.jfr is not in the image, or not read by this module
      return false;
    }
  }

  /** Whether JFR is in use: only then can a recording want the event. */
  private static boolean jfrInUse() {
    return JFR && jdk.jfr.FlightRecorder.isInitialized();
  }

  private Diagnostics() {}

  /**
   * Whether a wait's park may need {@link #parking} and {@link #unparked}: the goroutine registry
   * is on, JFR is in use, or test hooks are on. When false, a wait parks without them.
   *
   * @return false if nobody can follow a wait now
   */
  static boolean mayFollow() {
    return TestHooks.ON || GoroutineRegistry.ON || jfrInUse();
  }

  /**
   * The current thread is about to park in a go4j wait (its node is queued and its state
   * published).
   *
   * @param w the thread's record
   * @param reason why it waits
   * @param on the primitive it waits on, or null
   * @return a token for {@link #unparked}, or null if nobody follows this wait
   */
  static Object parking(Waiter w, WaitReason reason, Object on) {
    try {
      if (TestHooks.ON) {
        TestHooks.run(parkingHook);
      }
      Object token = jfrInUse() ? Jfr.begin() : null;
      if (GoroutineRegistry.ON) {
        GoroutineRegistry.blocked(w, reason, on);
        if (token == null) {
          token = TRACKED;
        }
      }
      return token;
    } catch (Throwable e) { // best effort (see the class comment): nobody follows this wait
      return null;
    }
  }

  /*
   * Test hooks, for DiagnosticsFailureHookTest only (see TestHooks): run first in parking and
   * unparked, where a test makes them throw as an allocation would.
   */
  static volatile Runnable parkingHook;

  static volatile Runnable unparkedHook;

  /**
   * The current thread returned from the park loop of the wait that {@link #parking} returned
   * {@code token} for.
   *
   * @param token the non-null token
   * @param reason why it waited
   * @param on the primitive it waited on, or null
   */
  static void unparked(Object token, WaitReason reason, Object on) {
    try {
      if (TestHooks.ON) {
        TestHooks.run(unparkedHook);
      }
      if (GoroutineRegistry.ON) {
        GoroutineRegistry.unblocked();
      }
      if (token != TRACKED) {
        Jfr.end(token, reason, on);
      }
    } catch (Throwable e) { // best effort (see the class comment): the operation has completed
      return;
    }
  }

  /**
   * The current thread parks for good: a nil channel's send or receive, {@code select {}}, a
   * semaphore acquisition that can never be granted. Only the registry follows it (a JFR event
   * would end only with an interrupt).
   *
   * @param reason the nil-channel, no-case or semacquire reason
   * @param on what it waits on (null for none)
   */
  static void parkingForever(WaitReason reason, Object on) {
    if (GoroutineRegistry.ON) {
      GoroutineRegistry.blocked(null, reason, on);
    }
  }

  /** The current thread leaves a {@link #parkingForever} park (it was interrupted). */
  static void unparkedForever() {
    if (GoroutineRegistry.ON) {
      GoroutineRegistry.unblocked();
    }
  }

  /** The JFR side, in its own class: loading it needs jdk.jfr. */
  private static final class Jfr {
    /** Asks JFR whether the event is enabled, without allocating one per wait. */
    static final BlockedEvent PROBE = new BlockedEvent();

    static Object begin() {
      if (!PROBE.isEnabled()) {
        return null;
      }
      BlockedEvent e = new BlockedEvent();
      e.begin();
      return e;
    }

    static void end(Object token, WaitReason reason, Object on) {
      BlockedEvent e = (BlockedEvent) token;
      e.end();
      if (e.shouldCommit()) { // enabled and longer than the threshold
        e.reason = reason.text();
        if (on != null) {
          e.primitive = GoroutineRegistry.describe(on);
          e.primitiveClass = on.getClass();
        }
        e.commit();
      }
    }
  }
}
