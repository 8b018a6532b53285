package io.github.go4j.debug;

import static io.github.go4j.debug.Blocking.awaitState;
import static io.github.go4j.debug.Blocking.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.go4j.DeadlockHandler;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.Semaphore;
import io.github.go4j.sync.WaitGroup;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadlock report: Go's "all goroutines are asleep" when every goroutine is parked in go4j, and
 * silence while one of them is blocked outside go4j (runs with {@code -Dgo4j.registry=true}).
 *
 * <p>The no-report tests need no fixed wait: the goroutine blocked outside go4j stays registered
 * until it ends, so a false report would name it. The test then lets it end, which makes the
 * deadlock real, and checks that the first report is the real one.
 */
class DeadlockReportTest {
  private static final String FATAL = "fatal error: all goroutines are asleep - deadlock!\n\n";

  private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

  @BeforeEach
  void recordReports() {
    assumeTrue(Goroutines.enabled(), "runs in the registry-on execution");
    Goroutines.setDeadlockHandler(reports::add);
  }

  @AfterEach
  void defaultHandler() {
    Goroutines.setDeadlockHandler(null);
  }

  private String nextReport() throws InterruptedException {
    String r = reports.poll(GoTesting.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(r).as("a deadlock report").isNotNull();
    return r;
  }

  @Test
  void twoGoroutinesWaitingForEachOtherAreReported() throws Exception {
    Channel<String> ping = Channel.make();
    Channel<String> pong = Channel.make();
    Thread a = go(() -> pong.send(ping.receive()));
    Thread b = go(() -> ping.send(pong.receive()));
    try {
      String report = nextReport();
      assertThat(report)
          .startsWith(FATAL)
          .contains("goroutine " + a.threadId() + " [chan receive]:\n")
          .contains("goroutine " + b.threadId() + " [chan receive]:\n");
      assertThat(Goroutines.checkDeadlock())
          .hasValueSatisfying(r -> assertThat(r).startsWith(FATAL));
    } finally {
      Blocking.stop(a, b);
    }
  }

  @Test
  void theExitHandlerEndsTheJvmWithStatusTwoLikeGo() throws Exception {
    GoTesting.ChildJvm child = GoTesting.runJava(ExitingDeadlock.class, "-Dgo4j.registry=true");
    assertThat(child.exitStatus()).as(child.output()).isEqualTo(2);
    assertThat(child.output()).startsWith(FATAL).contains(" [chan receive]:\n");
  }

  /** A program whose two goroutines wait for each other, with Go's exit on deadlock. */
  static final class ExitingDeadlock {
    public static void main(String[] args) throws InterruptedException {
      Goroutines.setDeadlockHandler(DeadlockHandler.exit());
      Channel<String> ping = Channel.make();
      Channel<String> pong = Channel.make();
      WaitGroup wg = new WaitGroup();
      wg.go(() -> pong.send(ping.receive()));
      wg.go(() -> ping.send(pong.receive()));
      wg.await(); // never returns: the handler halts the JVM
    }
  }

  /** A goroutine that locks {@code mu} twice: its second lock waits for good. */
  private static Thread lockingTwice(Mutex mu) {
    return go(
        () -> {
          mu.lock();
          mu.lock();
        });
  }

  @Test
  void aMutexLockedTwiceByOneGoroutineIsReported() throws Exception {
    Mutex mu = new Mutex();
    Thread g = lockingTwice(mu);
    try {
      assertThat(nextReport()).contains("goroutine " + g.threadId() + " [sync.Mutex.Lock]:\n");
    } finally {
      mu.unlock(); // Mutex.lock ignores interrupts: the second lock gets it now
      Blocking.join(g);
    }
  }

  /**
   * Go's {@code s.Acquire(ctx, n)} with n above the size waits on ctx.Done() alone, which with a
   * context never done blocks for good (a deadlock Go's runtime reports); go4j's acquire(n) parked
   * outside its waits, counted as running, and no deadlock was ever reported.
   */
  @Test
  void anAcquireLargerThanTheSemaphoreIsReported() throws Exception {
    Semaphore sem = new Semaphore(2);
    Thread g = go(() -> sem.acquire(3));
    try {
      assertThat(nextReport())
          .contains("goroutine " + g.threadId() + " [semacquire]:\n")
          .contains("\nwaiting on Semaphore@");
    } finally {
      Blocking.stop(g);
    }
  }

  /**
   * Mutex.lock ignores interrupts by parking again: the wait clears the interrupt status and
   * restores it only once it has the lock, so a goroutine that enters it interrupted is reported
   * like any other.
   */
  @Test
  void aGoroutineThatEntersMutexLockInterruptedIsReported() throws Exception {
    Mutex mu = new Mutex();
    Channel<String> release = Channel.make();
    Thread holder =
        go(
            () -> {
              mu.lock();
              release.receive();
              mu.unlock();
            });
    awaitState(holder, "chan receive");
    AtomicBoolean interruptedWithTheLock = new AtomicBoolean();
    Thread g =
        go(
            () -> {
              Thread.currentThread().interrupt();
              mu.lock();
              interruptedWithTheLock.set(Thread.currentThread().isInterrupted());
              mu.unlock();
            });
    try {
      // The holder alone may be reported first, before g has parked.
      String report = nextReport();
      while (!report.contains("goroutine " + g.threadId() + " [")) {
        report = nextReport();
      }
      assertThat(report)
          .startsWith(FATAL)
          .contains("goroutine " + g.threadId() + " [sync.Mutex.Lock]:\n")
          .contains("goroutine " + holder.threadId() + " [chan receive]:\n");
      assertThat(g.isInterrupted()).as("the status while it waits").isFalse();
    } finally {
      release.send("go on");
      Blocking.join(holder, g);
    }
    assertThat(interruptedWithTheLock).as("the status restored with the lock").isTrue();
  }

  /** An interrupt that arrives while a goroutine waits in Mutex.lock leaves it reportable. */
  @Test
  void aGoroutineInterruptedWhileWaitingInMutexLockIsStillReported() throws Exception {
    Mutex mu = new Mutex();
    Thread g = lockingTwice(mu);
    try {
      assertThat(nextReport()).contains("goroutine " + g.threadId() + " [sync.Mutex.Lock]:\n");
      g.interrupt();
      GoTesting.awaitTrue(
          "the interrupted goroutine is reported again",
          () ->
              Goroutines.checkDeadlock()
                  .filter(r -> r.contains("goroutine " + g.threadId() + " [sync.Mutex.Lock]:\n"))
                  .isPresent());
      assertThat(g.isInterrupted()).as("the status while it waits").isFalse();
    } finally {
      mu.unlock();
      Blocking.join(g);
    }
  }

  @Test
  void anEmptySelectIsReported() throws Exception {
    Thread g = go(() -> Select.<Object>select());
    try {
      assertThat(nextReport()).contains("goroutine " + g.threadId() + " [select (no cases)]:\n");
    } finally {
      Blocking.stop(g);
    }
  }

  /**
   * A timer that never fires (about 73 years away or more, Clock.FOREVER) is active but never
   * scheduled, so it does not count as pending: a goroutine waiting only on it is reported, where
   * Go keeps such a timer in its heap and stays silent (docs/differences.md).
   */
  @Test
  void aGoroutineWaitingOnlyOnATimerThatNeverFiresIsReported() throws Exception {
    Timer t = Time.newTimer(Duration.ofSeconds(Long.MAX_VALUE));
    Thread g = go(() -> t.channel().receive());
    try {
      assertThat(nextReport()).contains("goroutine " + g.threadId() + " [chan receive]:\n");
      assertThat(t.stop()).as("the timer was active all along").isTrue();
    } finally {
      Blocking.stop(g);
    }
  }

  @Test
  void aGoroutineInThreadSleepPreventsTheReport() throws Exception {
    // The sleep is the subject, not a wait for another thread: a goroutine blocked in
    // Thread.sleep; it is interrupted (Blocking.stop) once the test has looked at the report.
    Thread sleeper = go(() -> Thread.sleep(Duration.ofMinutes(10)));
    try {
      awaitState(sleeper, "sleep");
      assertOnlyTheOutsiderPreventsTheReport(sleeper, () -> Blocking.stop(sleeper));
    } finally {
      Blocking.stop(sleeper); // also when an assertion failed: the next test needs it gone
    }
  }

  @Test
  void aGoroutineInTimeSleepPreventsTheReport() throws Exception {
    Thread sleeper = go(() -> Time.sleep(Duration.ofMinutes(10)));
    try {
      awaitState(sleeper, "sleep");
      assertOnlyTheOutsiderPreventsTheReport(sleeper, () -> Blocking.stop(sleeper));
    } finally {
      Blocking.stop(sleeper);
    }
  }

  @Test
  void aGoroutineInASocketReadPreventsTheReport() throws Exception {
    Thread reader;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      reader =
          go(
              () -> {
                try (InputStream in = client.getInputStream()) {
                  in.read(); // blocks: the other side writes nothing
                } catch (IOException e) {
                  // the socket closed under it: the test failed and cleans up
                }
              });
      awaitState(reader, "IO wait");
      assertOnlyTheOutsiderPreventsTheReport(
          reader,
          () -> {
            accepted.close(); // the read sees end of stream
            Blocking.join(reader);
          });
    }
    Blocking.join(reader); // closing the sockets ended it, also when an assertion failed
  }

  @Test
  void aGoroutineWaitingForAJdkLockPreventsTheReport() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    lock.lock();
    Thread waiter = go(() -> lockUnlock(lock));
    try {
      awaitState(waiter, "waiting (outside go4j)");
      assertOnlyTheOutsiderPreventsTheReport(
          waiter,
          () -> {
            lock.unlock();
            Blocking.join(waiter);
          });
    } finally {
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }

  private static void lockUnlock(ReentrantLock lock) {
    lock.lock();
    lock.unlock();
  }

  /** What ends the outsider: it must have ended when this returns. */
  private interface Release {
    void run() throws Exception;
  }

  /**
   * With {@code outsider} blocked outside go4j and another goroutine parked in a receive that
   * nothing will end: no report, until the outsider ends; then one that does not name it.
   */
  private void assertOnlyTheOutsiderPreventsTheReport(Thread outsider, Release release)
      throws Exception {
    Channel<String> never = Channel.make();
    Thread parked = go(never::receive);
    try {
      awaitState(parked, "chan receive");
      assertThat(Goroutines.checkDeadlock()).as("no report while the outsider runs").isEmpty();
      release.run();
      String report = nextReport();
      assertThat(report)
          .startsWith(FATAL)
          .contains("goroutine " + parked.threadId() + " [chan receive]:\n")
          .as("no report was made while the outsider was alive")
          .doesNotContain("goroutine " + outsider.threadId() + " [");
    } finally {
      Blocking.stop(parked);
    }
  }
}
