package io.github.go4j.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The goroutine registry behind {@code io.github.go4j.Goroutines}: which goroutines started through
 * {@code Go.go} are alive, where each was created, and whether (and why) it is blocked in a go4j
 * primitive; the goroutine dump and the deadlock detector read it.
 *
 * <pre>
 * *** Switch ***
 *
 * ON is read once, when this class initialises (on the first goroutine start or the first go4j
 * park), from the system property go4j.registry. Off, every hook is behind `if (ON)` on a static
 * final, which the JIT folds away: Go.go and the park path of Waiter.await do no extra work.
 *
 * *** Counts ***
 *
 * COUNTS = (epoch << 32) | running, one atomic long. `running` is the number of registered
 * goroutines that are not parked in a go4j wait; `epoch` changes on every start, exit, block and
 * unblock, so that a checker that reads the same COUNTS twice knows nothing happened in between.
 * A goroutine blocks (running - 1) after it published its wait (its node is queued, its record's
 * state is WAITING) and just before it parks; it unblocks (running + 1) when it returns from the
 * park loop.
 *
 * *** Deadlock ***
 *
 * When running reaches 0 while goroutines are registered, the thread that made it 0 signals the
 * detector (a daemon platform thread, parked otherwise: nothing polls while goroutines run). The
 * detector confirms: every registered goroutine is blocked, none of their waits is claimed yet (a
 * claimed goroutine is about to run: its waker claimed before it blocked itself, so the claim is
 * visible once running is 0), and no go4j timer is pending or running (a timer may send on a
 * channel). It then waits the quiescence period and confirms again, with COUNTS unchanged, before
 * it reports. A goroutine blocked outside go4j (Thread.sleep, I/O, a JDK lock, a busy loop) still
 * counts as running, so it prevents every report: the detector errs on the side of silence.
 * </pre>
 */
public final class GoroutineRegistry {
  /** The system property that turns the registry on ({@code -Dgo4j.registry=true}). */
  public static final String PROPERTY = "go4j.registry";

  /** Whether the registry is on; read once, when this class initialises. */
  public static final boolean ON = Boolean.getBoolean(PROPERTY);

  /** The system property that sets the quiescence period of the deadlock detector. */
  public static final String QUIESCENCE_PROPERTY = "go4j.deadlockQuiescenceMillis";

  private static final long QUIESCENCE_NANOS =
      Duration.ofMillis(Math.max(0L, Long.getLong(QUIESCENCE_PROPERTY, 1000L))).toNanos();

  private static final long EPOCH = 1L << 32;

  private static final Class<?> GO = io.github.go4j.Go.class;

  private static final ConcurrentHashMap<Thread, G> ALL = new ConcurrentHashMap<>();

  private static final AtomicLong COUNTS = new AtomicLong();

  /** Set by a thread that made `running` 0; cleared by the detector when it takes the signal. */
  private static final AtomicBoolean SIGNAL = new AtomicBoolean();

  /** The report of a deadlock: "fatal error: ..." and the dump. Replaced by Goroutines. */
  private static volatile Consumer<String> onDeadlock = GoroutineRegistry::printReport;

  /** The detector thread; started with the class when ON. */
  private static final Thread DETECTOR;

  static {
    Consumer<String> h = RegistrySwitch.handler; // set before this class loaded (Goroutines)
    if (h != null) {
      onDeadlock = h;
    }
    RegistrySwitch.decided = true;
    if (ON) {
      // The detector calls every deadlock handler of the JVM's life: it takes nothing from the
      // thread that happened to start go4j's first goroutine (the handler would see its values,
      // and the JVM would keep them reachable for good): no inheritable thread-locals, and go4j's
      // own class loader as its context class loader (as the timer threads, see TimerQueue).
      DETECTOR =
          Thread.ofPlatform()
              .name("go4j-deadlock-detector")
              .daemon(true)
              .inheritInheritableThreadLocals(false)
              .unstarted(GoroutineRegistry::detect);
      DETECTOR.setContextClassLoader(GoroutineRegistry.class.getClassLoader());
      DETECTOR.start();
    } else {
      DETECTOR = null;
    }
  }

  private GoroutineRegistry() {}

  /** What the registry knows of one goroutine. */
  public static final class G {
    /** The goroutine's thread. */
    public final Thread thread;

    /** Its id: the thread's id, as in go4j's panic reports. */
    public final long id;

    /** The frame that called {@code Go.go}, or null if it could not be found. */
    public final StackTraceElement createdBy;

    /** The id of the registered goroutine that started it, 0 if another thread did. */
    public final long parent;

    // Written by the goroutine itself, read by dumps and the detector. `blocked` is written last
    // when it blocks, and first when it unblocks.
    private volatile WaitReason reason;
    private volatile Object on;
    private volatile long since;
    private volatile Waiter waiter;
    private volatile boolean blocked;

    G(Thread thread, StackTraceElement createdBy, long parent) {
      this.thread = thread;
      this.id = thread.threadId();
      this.createdBy = createdBy;
      this.parent = parent;
    }

    /**
     * The reason of the go4j wait this goroutine is parked in, or null if it is not parked in one.
     *
     * @return the reason, or null
     */
    public WaitReason waitReason() {
      return blocked ? reason : null;
    }

    /**
     * One entry of a goroutine dump: {@code goroutine N [state]:}, the stack, {@code created by}.
     *
     * @return the entry, ending with a newline
     */
    public String dump() {
      StringBuilder sb = new StringBuilder(512);
      appendEntry(sb, this, System.nanoTime());
      return sb.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks (each called only when ON)

  /**
   * Registers a goroutine about to start; called by {@code Go.go} on the starting thread.
   *
   * @param t the goroutine's thread, not started yet
   */
  public static void starting(Thread t) {
    StackTraceElement site =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .walk(
                s ->
                    s.dropWhile(f -> f.getDeclaringClass() != GO)
                        .dropWhile(f -> f.getDeclaringClass() == GO)
                        .findFirst()
                        .map(StackWalker.StackFrame::toStackTraceElement)
                        .orElse(null));
    G parent = ALL.get(Thread.currentThread());
    G g = new G(t, site, parent == null ? 0 : parent.id);
    ALL.put(t, g); // the last step that may fail (an OutOfMemoryError): then nothing is counted
    COUNTS.addAndGet(EPOCH + 1);
  }

  /**
   * Unregisters the current goroutine when its body has finished, or a goroutine that failed to
   * start (called by the starter then).
   *
   * @param t the goroutine's thread
   */
  public static void exited(Thread t) {
    if (ALL.remove(t) != null) {
      long c = COUNTS.addAndGet(EPOCH - 1);
      if ((int) c == 0 && !ALL.isEmpty()) {
        signal();
      }
    }
  }

  /**
   * The current thread is about to park in a go4j wait of record {@code w} (null: a wait that
   * nothing ends, {@code select {}} or a nil channel).
   */
  static void blocked(Waiter w, WaitReason reason, Object on) {
    G g = ALL.get(Thread.currentThread());
    if (g == null) {
      return; // not a goroutine of Go.go: not tracked
    }
    g.reason = reason;
    g.on = on;
    g.since = System.nanoTime();
    g.waiter = w;
    g.blocked = true;
    if ((int) COUNTS.addAndGet(EPOCH - 1) == 0) {
      try {
        signal();
      } catch (Throwable e) {
        // Counted as blocked already: returning normally keeps the wait followed, so that its
        // unparked() counts it as running again. Throwing (a StackOverflowError: a wait near the
        // end of the stack) left the count one too low for good, and no deadlock was reported
        // again. Only this signal is lost: the next change of the counts signals again.
      }
    }
  }

  /** The current thread returned from the park of a go4j wait. */
  static void unblocked() {
    G g = ALL.get(Thread.currentThread());
    if (g == null) {
      return;
    }
    g.blocked = false;
    g.on = null; // a dump must not keep the primitive reachable
    g.waiter = null;
    COUNTS.addAndGet(EPOCH + 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /**
   * The registered goroutines, by id.
   *
   * @return a snapshot
   */
  public static List<G> goroutines() {
    List<G> list = new ArrayList<>(ALL.values());
    list.sort(Comparator.comparingLong(g -> g.id));
    return list;
  }

  /**
   * Writes the dump of every registered goroutine: Go's format, a blank line between goroutines.
   *
   * @param out where to write
   * @throws IOException if {@code out} throws
   */
  public static void dump(Appendable out) throws IOException {
    long now = System.nanoTime();
    boolean first = true;
    for (G g : goroutines()) {
      if (!first) {
        out.append('\n');
      }
      first = false;
      appendEntry(out, g, now);
    }
  }

  /**
   * What follows the wait reason in a dump header after {@code minutes} whole minutes in one wait:
   * Go's traceback prints {@code ", N minutes"} from one minute on, "minutes" even for one (as
   * tools that parse Go's dumps expect), and nothing before.
   */
  static String waitedSuffix(long minutes) {
    return minutes > 0 ? ", " + minutes + " minutes" : "";
  }

  private static void appendEntry(Appendable out, G g, long now) {
    try {
      StackTraceElement[] stack = g.thread.getStackTrace();
      boolean blocked = g.blocked;
      WaitReason reason = g.reason;
      Object on = g.on;
      long since = g.since;
      String state = blocked ? reason.text() : stateOutsideGo4j(g.thread, stack);
      out.append("goroutine ").append(Long.toString(g.id)).append(" [").append(state);
      out.append(waitedSuffix(blocked ? Duration.ofNanos(now - since).toMinutes() : 0));
      out.append("]:\n");
      if (blocked && on != null) {
        out.append("waiting on ").append(describe(on)).append('\n');
      }
      int i = 0;
      if (blocked) { // leave out the JDK's park frames and go4j's wait record
        while (i < stack.length && isParkFrame(stack[i])) {
          i++;
        }
      }
      int end = bodyEnd(stack); // leave out how it started: go4j's and the JDK's frames
      for (; i < end; i++) {
        out.append(stack[i].toString()).append('\n');
      }
      if (g.createdBy != null) {
        out.append("created by ").append(g.createdBy.toString());
        if (g.parent != 0) {
          out.append(" in goroutine ").append(Long.toString(g.parent));
        }
        out.append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where the goroutine's body ends in {@code stack}: at the frame of {@code Go.runReportingPanic},
   * which every go4j goroutine runs its task in (under Go.go's and WaitGroup.go's wrappers and the
   * JDK's frames).
   */
  private static int bodyEnd(StackTraceElement[] stack) {
    for (int k = 0; k < stack.length; k++) {
      if (stack[k].getClassName().equals(GO.getName())
          && stack[k].getMethodName().equals("runReportingPanic")) {
        return k;
      }
    }
    return stack.length;
  }

  private static boolean isParkFrame(StackTraceElement f) {
    String c = f.getClassName();
    return c.startsWith("java.")
        || c.startsWith("jdk.")
        || c.startsWith("sun.")
        || c.equals(Waiter.class.getName())
        || c.equals(Diagnostics.class.getName());
  }

  /** Go's name for what a goroutine not parked in go4j is doing, as far as its stack tells. */
  private static String stateOutsideGo4j(Thread t, StackTraceElement[] stack) {
    Thread.State s = t.getState();
    switch (s) {
      case NEW:
        return "runnable";
      case TERMINATED:
        return "dead";
      case RUNNABLE:
        return "running";
      default:
        break;
    }
    for (StackTraceElement f : stack) {
      String c = f.getClassName();
      if (f.getMethodName().startsWith("sleep")
          && (c.equals("java.lang.Thread") || c.equals("java.lang.VirtualThread"))) {
        return WaitReason.SLEEP.text();
      }
      if (c.startsWith("sun.nio.") || c.startsWith("java.net.") || c.startsWith("java.io.")) {
        return "IO wait";
      }
    }
    return s == Thread.State.BLOCKED ? "monitor (outside go4j)" : "waiting (outside go4j)";
  }

  /**
   * Names a primitive for a dump or an event: {@code chan(len=0, cap=0)@1b6d3586}, {@code
   * Mutex@5e2de80c}.
   *
   * @param on the primitive
   * @return its description
   */
  static String describe(Object on) {
    String id = Integer.toHexString(System.identityHashCode(on));
    if (on instanceof Chan<?> c) {
      return "chan(cap=" + c.cap() + ")@" + id;
    }
    return on.getClass().getSimpleName() + "@" + id;
  }

  // ---------------------------------------------------------------------------------------------
  // Deadlock detection

  /**
   * Replaces the deadlock report's consumer.
   *
   * @param handler receives "fatal error: all goroutines are asleep - deadlock!" and the dump
   */
  public static void onDeadlock(Consumer<String> handler) {
    onDeadlock = handler;
  }

  /**
   * The default deadlock handler: prints the report to {@code System.err}.
   *
   * @param report the report
   */
  public static void printReport(String report) {
    System.err.print(report);
    System.err.flush();
  }

  private static void signal() {
    if (TestHooks.ON) {
      TestHooks.run(signalHook);
    }
    if (!SIGNAL.getAndSet(true)) {
      LockSupport.unpark(DETECTOR);
    }
  }

  /**
   * Checks once, without waiting: whether every registered goroutine is parked in a go4j wait that
   * nothing pending can end.
   *
   * @return the report if so, else null
   */
  public static String checkNow() {
    long c = COUNTS.get();
    if (!asleep(c)) {
      return null;
    }
    String report = report();
    return COUNTS.get() == c && asleep(c) ? report : null;
  }

  /** Whether, at counts {@code c}, every registered goroutine is asleep for good. */
  private static boolean asleep(long c) {
    return sleep(c) == ASLEEP;
  }

  /** {@link #sleep}: every registered goroutine is asleep for good. */
  private static final int ASLEEP = 0;

  /** {@link #sleep}: a goroutine runs, is about to run, or a timer may wake one. */
  private static final int AWAKE = 1;

  /**
   * {@link #sleep}: otherwise asleep, but a blocked goroutine's interrupt status is set. Most go4j
   * waits end on an interrupt, and the goroutine then runs (the counts change); a wait that ignores
   * interrupts (Mutex.lock: Waiter.awaitUninterruptibly) clears the status and parks again
   * <em>without</em> a signal, so the detector must look again itself (see confirm).
   */
  private static final int INTERRUPTED = 2;

  /** Whether, at counts {@code c}, every registered goroutine is asleep for good: ASLEEP, etc. */
  private static int sleep(long c) {
    if ((int) c != 0 || ALL.isEmpty() || !TimerQueue.idle()) {
      return AWAKE;
    }
    int r = ASLEEP;
    for (G g : ALL.values()) {
      if (!g.blocked) {
        return AWAKE;
      }
      Waiter w = g.waiter;
      if (w != null && w.status() != Waiter.WAITING) {
        return AWAKE; // claimed: it is about to run
      }
      if (g.thread.isInterrupted()) {
        if (TestHooks.ON) {
          TestHooks.run(interruptedHook);
        }
        r = INTERRUPTED; // not asleep for good yet: it runs, or clears the status and parks again
      }
    }
    return r;
  }

  private static String report() {
    if (TestHooks.ON) {
      TestHooks.run(reportHook);
    }
    StringBuilder sb = new StringBuilder(4096);
    sb.append("fatal error: all goroutines are asleep - deadlock!\n\n");
    try {
      dump(sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not throw
    }
    return sb.toString();
  }

  /*
   * Test hook, for RegistrySignalFailureTest only (see TestHooks): signal runs signalHook (if set)
   * first, so that a test can make it fail as a stack overflow would.
   */
  static volatile Runnable signalHook;

  /*
   * Test hook, for DeadlockUninterruptibleWaitTest only (see TestHooks): sleep runs interruptedHook
   * (if set) when it finds a blocked goroutine's interrupt status set.
   */
  static volatile Runnable interruptedHook;

  /*
   * Test hook, for DeadlockDetectorFailureTest only (see TestHooks): report runs reportHook (if
   * set) before it builds the report, so that a test can make the build fail.
   */
  static volatile Runnable reportHook;

  /** The detector thread's loop: parked until signalled, see the class comment. */
  private static void detect() {
    Jmx.register();
    long reported = -1;
    for (; ; ) {
      while (!SIGNAL.getAndSet(false)) {
        LockSupport.park();
      }
      try {
        reported = confirm(reported);
      } catch (Throwable e) {
        // The detector must survive a failed check (an OutOfMemoryError building a large
        // report): this signal is dropped, the next change of the counts signals again.
        try {
          System.err.println("go4j: the deadlock detector's check failed: " + e);
        } catch (Throwable ignored) { // nothing more to do
        }
      }
    }
  }

  /**
   * After a signal: while running stays 0, confirms a deadlock (waiting out pending timers and the
   * quiescence period) and delivers its report, unless the counts are the ones {@code reported}
   * last. Returns the counts last reported.
   */
  private static long confirm(long reported) {
    for (; ; ) {
      long c = COUNTS.get();
      if ((int) c != 0 || c == reported) {
        return reported;
      }
      int sleep = sleep(c);
      if (sleep == ASLEEP) {
        pause(QUIESCENCE_NANOS);
        if (COUNTS.get() == c && asleep(c)) {
          String report = report();
          if (COUNTS.get() == c) {
            reported = c;
            deliver(report);
          }
        }
        continue; // COUNTS changed, or reported: the loop head decides
      }
      if (sleep == AWAKE && TimerQueue.idle()) {
        return reported; // a claimed goroutine will run, block and signal again
      }
      // A timer may wake one, or may fire into an unread channel; or an interrupted goroutine may
      // run, or park again without a signal (in a wait that ignores interrupts): look again.
      pause(QUIESCENCE_NANOS);
    }
  }

  private static void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static void deliver(String report) {
    try {
      onDeadlock.accept(report);
    } catch (Throwable e) { // the detector must survive a failing handler
      e.printStackTrace();
    }
  }

  /** The JMX bean, registered by the detector thread so that no goroutine start waits for JMX. */
  private static final class Jmx {
    static void register() {
      try {
        JmxBean.register();
      } catch (LinkageError e) { // java.management is not in the image: no bean
      } catch (Throwable e) { // the detector thread must live on without its bean
        System.err.println("go4j: could not register the Goroutines MBean: " + e);
      }
    }
  }
}
