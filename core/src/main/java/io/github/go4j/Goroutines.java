package io.github.go4j;

import io.github.go4j.internal.GoroutineRegistry;
import io.github.go4j.internal.RegistrySwitch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's runtime debugging of goroutines: the goroutine dump ({@code runtime.Stack(buf, true)}, the
 * SIGQUIT dump), {@code runtime.NumGoroutine}'s list of who is alive, and the runtime's {@code
 * fatal error: all goroutines are asleep - deadlock!}, over go4j's goroutine registry. None of its
 * methods blocks; a dump and a list are snapshots taken while the goroutines go on running, with no
 * memory-consistency effect beyond what they print.
 *
 * <p><b>The registry is opt-in.</b> Start the JVM with {@code -Dgo4j.registry=true}, or call {@link
 * #enable()} before the first goroutine starts. The switch is read once, into a constant: with the
 * registry off, {@link Go#go} and go4j's waits do no extra work at all (no write, no allocation, no
 * branch the JIT keeps); with it on, each {@code go} records its creation site (one stack walk) and
 * each go4j wait that parks updates a shared counter and the goroutine's entry.
 *
 * <p><b>What is tracked:</b> goroutines started through {@link Go#go} (and so through {@code
 * WaitGroup.go}, {@code Time.afterFunc}, the patterns module), from {@code go} until their body
 * returns: id, name, creation site, and, while parked in a go4j channel operation, select or sync
 * primitive, Go's wait reason and the primitive. Not tracked: the main thread, platform threads,
 * and virtual threads started any other way.
 *
 * <p><b>Dump</b> ({@link #dump()}, also over JMX as the MBean {@value
 * GoroutinesMXBean#OBJECT_NAME}): Go's format,
 *
 * <pre>
 * goroutine 31 [chan receive, 3 minutes]:
 * waiting on chan(cap=0)@1b6d3586
 * io.github.go4j.internal.Chan.awaitQueued(Chan.java:510)
 * ...
 * created by com.example.Server.start(Server.java:42) in goroutine 29
 * </pre>
 *
 * <p>The state in brackets is Go's wait reason for a goroutine parked in go4j ({@code chan
 * receive}, {@code chan send}, {@code select}, {@code select (no cases)}, {@code chan receive (nil
 * chan)}, {@code chan send (nil chan)}, {@code sync.Mutex.Lock}, {@code sync.RWMutex.RLock}, {@code
 * sync.RWMutex.Lock}, {@code sync.WaitGroup.Wait}, {@code sync.Cond.Wait}, {@code semacquire},
 * {@code sync.Barrier.Await}), with the time parked once it reaches a minute; otherwise what the
 * thread shows: {@code running}, {@code sleep}, {@code IO wait}, {@code waiting (outside go4j)},
 * {@code monitor (outside go4j)} (entering a {@code synchronized} block), {@code runnable}.
 *
 * <p><b>Deadlock report.</b> When every tracked goroutine is parked in a go4j wait that no claim
 * has ended yet, no go4j timer is pending or running, and this stays so for a quiescence period (1
 * s; property {@code go4j.deadlockQuiescenceMillis}), the {@linkplain #setDeadlockHandler deadlock
 * handler} receives Go's {@code fatal error: all goroutines are asleep - deadlock!} with the dump.
 * Detection costs nothing while goroutines run: the check starts only when the count of running
 * tracked goroutines drops to zero. What it cannot see:
 *
 * <ul>
 *   <li>A goroutine blocked outside go4j ({@code Thread.sleep}, a socket read, a JDK lock or queue,
 *       a busy loop) counts as running, so it prevents every report: no false report, but a
 *       deadlock involving it is not reported either.
 *   <li>Threads not started through {@code Go.go} (the main thread, platform threads, other virtual
 *       threads) are invisible: one of them may be about to wake the goroutines (send on their
 *       channel, unlock their mutex). The quiescence period covers the usual case (the main thread
 *       that sends a moment later); a thread that takes longer than that before waking a goroutine
 *       gets a false report. Go counts its main goroutine; go4j cannot. Hence the default handler
 *       only logs; choose {@link DeadlockHandler#exit()} only where all the work runs in
 *       goroutines.
 *   <li>A pending go4j timer or ticker prevents the report even if no goroutine waits for it (the
 *       check waits until the timers are idle).
 * </ul>
 */
public final class Goroutines {
  static final DeadlockHandler LOG = GoroutineRegistry::printReport;

  static final DeadlockHandler EXIT =
      report -> {
        GoroutineRegistry.printReport(report);
        Runtime.getRuntime().halt(2);
      };

  /** What {@link #dump()} says when the registry is off. */
  static final String OFF_MESSAGE =
      "go4j: the goroutine registry is off, so there is no goroutine dump. Start the JVM with"
          + " -Dgo4j.registry=true (or call Goroutines.enable() before the first goroutine"
          + " starts).\n";

  private static volatile DeadlockHandler deadlockHandler = LOG;

  private Goroutines() {}

  /**
   * Whether the goroutine registry is on. Asking does not fix the switch: before go4j's first
   * goroutine or wait (which read it), false means "off for now", and {@link #enable()} may still
   * turn it on. The same holds for {@link #dump()}, {@link #list()}, {@link #checkDeadlock()} and
   * {@link #setDeadlockHandler}.
   *
   * @return true if goroutines are tracked
   */
  public static boolean enabled() {
    return RegistrySwitch.on();
  }

  /**
   * Turns the registry on, as {@code -Dgo4j.registry=true} does; it must run before go4j starts its
   * first goroutine or parks its first wait, when the switch is read. Calling it again, or with the
   * property set to {@code true}, does nothing. The property set to anything else ({@code
   * -Dgo4j.registry=false}) is the JVM's own choice, which code does not override: enable() then
   * refuses.
   *
   * @throws IllegalStateException if go4j already read the switch as off, or the property turns the
   *     registry off
   */
  public static void enable() {
    String before = System.getProperty(GoroutineRegistry.PROPERTY);
    if (before != null && !before.equalsIgnoreCase("true")) {
      throw new IllegalStateException(
          "go4j: Goroutines.enable() with -D"
              + GoroutineRegistry.PROPERTY
              + "="
              + before
              + " set, which turns the registry off; remove the property or set it to true");
    }
    System.setProperty(GoroutineRegistry.PROPERTY, "true");
    if (!GoroutineRegistry.ON) { // initialised now, unless it was before: then it stays off
      if (before == null) {
        System.clearProperty(GoroutineRegistry.PROPERTY);
      } else {
        System.setProperty(GoroutineRegistry.PROPERTY, before);
      }
      throw new IllegalStateException(
          "go4j: Goroutines.enable() came too late, after the first goroutine or go4j wait;"
              + " start the JVM with -Dgo4j.registry=true instead");
    }
  }

  /**
   * The goroutine dump: every tracked goroutine in Go's format (see the class comment), a blank
   * line between goroutines, in order of id. With the registry off, a one-line message that says so
   * and how to turn it on.
   *
   * @return the dump
   */
  public static String dump() {
    StringBuilder sb = new StringBuilder(4096);
    dump(sb);
    return sb.toString();
  }

  /**
   * Writes the goroutine dump ({@link #dump()}) to {@code out}.
   *
   * @param out where to write, for instance {@code System.err}
   * @throws UncheckedIOException if {@code out} throws an IOException
   */
  public static void dump(Appendable out) {
    Objects.requireNonNull(out, "out must not be null");
    try {
      if (!RegistrySwitch.on()) {
        out.append(OFF_MESSAGE);
      } else {
        GoroutineRegistry.dump(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The tracked goroutines, in order of id: empty when the registry is off.
   *
   * @return a snapshot of the goroutines started through {@link Go#go} that have not finished
   */
  public static List<GoroutineInfo> list() {
    if (!RegistrySwitch.on()) {
      return List.of();
    }
    List<GoroutineInfo> list = new ArrayList<>();
    for (GoroutineRegistry.G g : GoroutineRegistry.goroutines()) {
      list.add(new GoroutineInfo(g));
    }
    return list;
  }

  /**
   * Checks for a deadlock now, once, without the detector's quiescence period: the report if every
   * tracked goroutine is parked in a go4j wait that nothing pending can end (see the class
   * comment), else empty. Empty when the registry is off.
   *
   * @return the report, or empty
   */
  public static Optional<String> checkDeadlock() {
    return RegistrySwitch.on()
        ? Optional.ofNullable(GoroutineRegistry.checkNow())
        : Optional.empty();
  }

  /**
   * Replaces the handler of deadlock reports: {@link DeadlockHandler#log()} (the default), {@link
   * DeadlockHandler#exit()} (Go's behaviour), or the application's own (a test's recorder).
   *
   * @param handler the handler; {@code null} restores the default
   */
  public static void setDeadlockHandler(DeadlockHandler handler) {
    DeadlockHandler h = handler == null ? LOG : handler;
    deadlockHandler = h;
    RegistrySwitch.setHandler(h::deadlock);
  }

  /**
   * The handler of deadlock reports in force.
   *
   * @return the handler
   */
  public static DeadlockHandler deadlockHandler() {
    return deadlockHandler;
  }
}
