package io.github.go4j;

import io.github.go4j.internal.Chan;
import io.github.go4j.internal.TimerQueue;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers for the conformance tests: bounded polling with a generous deadline (never a sleep to
 * "let the other thread run"), the engine's wait-queue hooks, and goroutines whose result or
 * exception the test thread collects.
 */
public final class GoTesting {
  /**
   * How long a condition may take before the test fails: generous, for loaded CI machines, and
   * shorter than the default JUnit timeout (30 s, junit-platform.properties), so that a condition
   * that never comes fails with this helper's message (what was awaited) rather than as a bare
   * timeout of the test.
   */
  public static final Duration DEADLINE = Duration.ofSeconds(20);

  private GoTesting() {}

  /**
   * Opens a test class of the surefire execution {@code one-carrier} (a JVM of its own with {@code
   * -Djdk.virtualThreadScheduler.parallelism=1}, marked with {@code go4j.test.oneCarrier}): fails
   * there if the JVM has more than one carrier after all, and skips the class in any other JVM. A
   * {@code -Dtest=...} run replaces every execution's includes with its pattern, so the classes it
   * names run in each execution's JVM; each class then runs where it belongs and is skipped
   * elsewhere.
   */
  public static void oneCarrierOnly() {
    Assumptions.assumeTrue(
        Boolean.getBoolean("go4j.test.oneCarrier"), "runs in the surefire execution one-carrier");
    if (!"1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))) {
      throw new AssertionError("this test needs -Djdk.virtualThreadScheduler.parallelism=1");
    }
  }

  /**
   * Polls {@code condition} until it holds; fails after {@link #DEADLINE}.
   *
   * @param what what is awaited, for the failure message
   * @param condition the condition
   */
  public static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    for (int spins = 0; !condition.getAsBoolean(); spins++) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      if (spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(50_000);
      }
    }
  }

  /**
   * A counter of the bytes the calling thread has allocated so far (HotSpot's {@code
   * com.sun.management.ThreadMXBean.getThreadAllocatedBytes}), for allocation tests: read it before
   * and after the code under test. Reached through reflection: go4j-core's module does not read
   * java.management, and reflection needs no reads edge. The counter itself allocates a few dozen
   * bytes per read.
   *
   * @return a reader of the calling thread's allocated-bytes counter
   */
  public static java.util.function.LongSupplier threadAllocatedBytes() {
    try {
      Object mx =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      java.lang.reflect.Method allocated =
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getThreadAllocatedBytes", long.class);
      long tid = Thread.currentThread().threadId();
      return () -> {
        try {
          return (long) allocated.invoke(mx, tid);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      };
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no per-thread allocation counter in this JVM", e);
    }
  }

  /** The engine's receive-queue length (a test hook). */
  public static int queuedReceivers(Object ch) {
    return Chan.of(ch, "ch").queuedReceivers();
  }

  /** The engine's send-queue length (a test hook). */
  public static int queuedSenders(Object ch) {
    return Chan.of(ch, "ch").queuedSenders();
  }

  /** Whether a buffered channel's lock-free paths are stopped by a waiting bit (a test hook). */
  public static boolean waitingBitsSet(Object ch) {
    return Chan.of(ch, "ch").waitingBitsSet();
  }

  /** Holds {@code ch}'s internal lock (a test hook; release with {@link #releaseLock}). */
  public static void holdLock(Object ch) {
    Chan.of(ch, "ch").lockForTest();
  }

  /** Releases the lock taken by {@link #holdLock}. */
  public static void releaseLock(Object ch) {
    Chan.of(ch, "ch").unlockForTest();
  }

  /** Whether {@code t} is parked waiting for {@code ch}'s internal lock (a test hook). */
  public static boolean isQueuedOnLock(Object ch, Thread t) {
    return Chan.of(ch, "ch").isLockQueued(t);
  }

  /** Waits until exactly {@code n} receivers are queued on {@code ch}. */
  public static void awaitQueuedReceivers(Object ch, int n) {
    awaitTrue(n + " queued receivers on " + ch, () -> queuedReceivers(ch) == n);
  }

  /** Waits until exactly {@code n} senders are queued on {@code ch}. */
  public static void awaitQueuedSenders(Object ch, int n) {
    awaitTrue(n + " queued senders on " + ch, () -> queuedSenders(ch) == n);
  }

  /** Waits until {@code t} is parked (WAITING) — blocked for good when nobody can wake it. */
  public static void awaitParked(Thread t) {
    awaitTrue(t + " parked", () -> t.getState() == Thread.State.WAITING);
  }

  /**
   * A goroutine whose result or exception the test collects.
   *
   * @param <T> the result type
   */
  public static final class Goroutine<T> {
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final Thread thread;

    private Goroutine(Callable<T> body) {
      this.thread =
          Go.go(
              () -> {
                try {
                  result.complete(body.call());
                } catch (Throwable e) {
                  result.completeExceptionally(e);
                }
              });
    }

    /** Starts {@code body} in a goroutine. */
    public static <T> Goroutine<T> start(Callable<T> body) {
      return new Goroutine<>(body);
    }

    /** Starts {@code body} in a goroutine. */
    public static Goroutine<Void> run(Task body) {
      return new Goroutine<>(
          () -> {
            body.run();
            return null;
          });
    }

    public Thread thread() {
      return thread;
    }

    public boolean isDone() {
      return result.isDone();
    }

    public void interrupt() {
      thread.interrupt();
    }

    /** Waits for the result; rethrows the goroutine's exception. */
    public T join() throws Exception {
      try {
        return result.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception x) {
          throw x;
        }
        throw e;
      } catch (TimeoutException e) {
        throw new AssertionError("goroutine did not finish: " + thread, e);
      }
    }

    /** Waits for the goroutine to fail and returns its exception (fails if it returned). */
    public Throwable failure() throws InterruptedException {
      try {
        T v = result.get(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
        throw new AssertionError("expected the goroutine to fail, it returned " + v);
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (TimeoutException e) {
        throw new AssertionError("goroutine did not finish: " + thread, e);
      }
    }
  }

  /**
   * {@link #runJava} with the goroutine registry and the test hooks on, which no surefire execution
   * has together, and the deadlock detector's quiescence period set.
   *
   * @param main the class whose {@code main} runs
   * @param quiescenceMillis {@code go4j.deadlockQuiescenceMillis}
   * @return its exit status and output
   */
  public static ChildJvm runWithRegistryAndHooks(Class<?> main, long quiescenceMillis)
      throws IOException, InterruptedException {
    return runJava(
        main,
        "-Dgo4j.registry=true",
        "-Dgo4j.testHooks=true",
        "-Dgo4j.deadlockQuiescenceMillis=" + quiescenceMillis);
  }

  /**
   * An inheritable thread-local that {@link #runTainted} sets, for child-JVM tests of what go4j's
   * own threads inherit from the thread that happened to start them.
   */
  public static final InheritableThreadLocal<String> TAINT = new InheritableThreadLocal<>();

  /** A step of {@link #runTainted}. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  /**
   * Runs {@code step} on a new platform thread whose {@link #TAINT} is {@code "A's secret"} and
   * whose context class loader is one of its own, and waits for it; fails if the step threw.
   *
   * @param step what the tainted thread does (e.g. start one of go4j's threads)
   * @return the tainted thread's context class loader
   */
  public static ClassLoader runTainted(Step step) throws InterruptedException {
    ClassLoader foreign = new URLClassLoader(new URL[0], null);
    Throwable[] failure = new Throwable[1];
    Thread a =
        Thread.ofPlatform()
            .start(
                () -> {
                  TAINT.set("A's secret");
                  Thread.currentThread().setContextClassLoader(foreign);
                  try {
                    step.run();
                  } catch (Throwable e) {
                    failure[0] = e;
                  }
                });
    a.join();
    if (failure[0] != null) {
      throw new AssertionError("the tainted thread's step failed", failure[0]);
    }
    return foreign;
  }

  /** What a child JVM of {@link #runJava} left: its exit status and its output. */
  public record ChildJvm(int exitStatus, String output) {}

  /**
   * Runs {@code main} in a child JVM (this JVM's java and class path, {@code flags} before the
   * class) and waits for it, up to {@link #DEADLINE}; fails if it does not end by then.
   *
   * @param main the class whose {@code main} runs
   * @param flags JVM flags, e.g. {@code -Dgo4j.registry=true}
   * @return its exit status and output (stdout and stderr together)
   */
  public static ChildJvm runJava(Class<?> main, String... flags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(flags));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    Path out = Files.createTempFile("go4j-child", ".txt");
    Process p = null;
    try {
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(
            "the child JVM did not end within "
                + DEADLINE
                + "; its output so far:\n"
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new ChildJvm(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      Files.deleteIfExists(out);
    }
  }

  /**
   * The timer scheduler's shard that the current thread's timers go to, held up (a task waiting on
   * a latch runs there) until {@link #close()}: a timer this thread makes fires only when released,
   * unless a receive runs its overdue fire itself.
   */
  public static final class HeldTimerShard implements AutoCloseable {
    private final int shard = TimerQueue.shardIndex();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    public HeldTimerShard() throws InterruptedException {
      TimerQueue.schedule(
          shard,
          () -> {
            running.countDown();
            try {
              release.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          0);
      if (!running.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError("the timer shard was not held");
      }
    }

    /**
     * Releases the shard and waits until it ran everything scheduled on it before this call: a task
     * scheduled now with no delay runs after every entry due earlier.
     */
    public void releaseAndDrain() throws InterruptedException {
      release.countDown();
      CountDownLatch drained = new CountDownLatch(1);
      TimerQueue.schedule(shard, drained::countDown, 0);
      if (!drained.await(DEADLINE.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError("the timer shard did not run its backlog");
      }
    }

    @Override
    public void close() {
      release.countDown();
    }
  }
}
