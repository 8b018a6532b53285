package io.github.go4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code go f()}: goroutines on virtual threads, and exceptions reported like Go's panics. */
class GoTest {

  @AfterEach
  void restoreHandler() {
    Go.setPanicHandler(null);
  }

  @Test
  void testGoRunsTaskOnVirtualThread() throws Exception {
    Channel<Thread> ran = Channel.make(1);
    Thread t = Go.go(() -> ran.send(Thread.currentThread()));
    assertThat(t.isVirtual()).isTrue();
    assertThat(ran.receive()).isSameAs(t);
    assertThat(t.getName()).startsWith("goroutine-");
    t.join();
    assertThat(t.isAlive()).isFalse();
  }

  /**
   * Go's runtime TestNumGoroutine, as far as it applies: goroutines blocked on a channel are
   * counted while they run and stop being counted once they finish, normally or by a panic.
   */
  @Test
  void testNumGoroutine() throws Exception {
    int n = 50;
    Channel<Unit> release = Channel.make();
    Go.setPanicHandler((g, e) -> {}); // the panicking half is expected
    Thread[] gs = new Thread[n];
    for (int i = 0; i < n; i++) {
      boolean panics = i % 2 == 0;
      gs[i] =
          Go.go(
              () -> {
                release.receive();
                if (panics) {
                  throw new IllegalStateException("expected");
                }
              });
    }
    // all n are blocked on release, so all n are counted (others may run besides them)
    assertThat(Go.numGoroutine()).isGreaterThanOrEqualTo(n);
    int during = Go.numGoroutine();
    release.close();
    for (Thread g : gs) {
      g.join();
    }
    // every one has returned from its body and its handler (join waits for the decrement), so
    // none of the n is counted any more; bounded polling only absorbs goroutines of earlier tests
    // (a timer's afterFunc) that may start meanwhile
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (Go.numGoroutine() > during - n) {
      assertThat(System.nanoTime() - deadline).as("count drops by %d", n).isNegative();
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    assertThat(Go.numGoroutine()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void testGoRejectsNull() {
    assertThatThrownBy(() -> Go.go(null)).isInstanceOf(NullPointerException.class);
  }

  /** An exception escaping a goroutine reaches the panic handler with the goroutine's thread. */
  @Test
  void testPanicReachesHandler() throws Exception {
    record Panic(Thread goroutine, Throwable panic) {}
    Channel<Panic> panics = Channel.make(1);
    Go.setPanicHandler((g, e) -> panics.trySend(new Panic(g, e)));
    IOException boom = new IOException("boom"); // a checked exception: Task may throw it
    Thread t =
        Go.go(
            () -> {
              throw boom;
            });
    Panic p = panics.receive();
    assertThat(p.goroutine()).isSameAs(t);
    assertThat(p.panic()).isSameAs(boom);
    assertThat(Go.panicHandler()).isNotSameAs(Go.defaultPanicHandler());
  }

  /**
   * The default handler prints Go's "panic: " line, the goroutine and the stack trace to
   * System.err.
   */
  @Test
  void testDefaultPanicHandlerPrintsToStderr() throws Exception {
    Go.setPanicHandler(null);
    assertThat(Go.panicHandler()).isSameAs(Go.defaultPanicHandler());
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Thread t;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      t = Go.go(GoTest::explode);
      t.join();
    } finally {
      System.setErr(saved);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .startsWith("panic: java.lang.IllegalStateException: kaboom")
        .contains("goroutine " + t.threadId())
        .contains(t.getName())
        .contains("at " + GoTest.class.getName() + ".explode");
  }

  /**
   * runReportingPanic returns normally when the panic handler throws: the handler's exception, with
   * the task's suppressed on it, goes to the thread's uncaught-exception handler.
   */
  @Test
  void aThrowingPanicHandlersExceptionGoesToTheUncaughtHandlerWithThePanic() throws Exception {
    IOException boom = new IOException("boom");
    IllegalStateException handlerFailure = new IllegalStateException("handler failed");
    Go.setPanicHandler(
        (g, e) -> {
          throw handlerFailure;
        });
    Channel<Throwable> uncaught = Channel.make(1);
    Channel<Unit> returned = Channel.make(1);
    Thread t =
        Thread.ofPlatform()
            .uncaughtExceptionHandler((th, e) -> uncaught.trySend(e))
            .start(
                () -> {
                  Go.runReportingPanic(
                      () -> {
                        throw boom;
                      });
                  returned.trySend(Unit.VALUE);
                });
    t.join();
    assertThat(returned.tryReceive()).as("runReportingPanic returned").isPresent();
    assertThat(uncaught.tryReceive().orElseThrow().value()).isSameAs(handlerFailure);
    assertThat(handlerFailure.getSuppressed()).containsExactly(boom);
  }

  /**
   * A panic handler that throws one shared instance every time: each panic is attached to it as a
   * suppressed exception only while it carries fewer than 16, so that the instance does not keep
   * every panic reachable (it grew by one per panic before).
   */
  @Test
  void aSharedExceptionOfAThrowingPanicHandlerStopsCollectingPanics() throws Exception {
    IllegalStateException shared = new IllegalStateException("handler failed");
    Go.setPanicHandler(
        (g, e) -> {
          throw shared;
        });
    Channel<Throwable> uncaught = Channel.make(100);
    Thread t =
        Thread.ofPlatform()
            .uncaughtExceptionHandler((th, e) -> uncaught.trySend(e))
            .start(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    int n = i;
                    Go.runReportingPanic(
                        () -> {
                          throw new IOException("panic " + n);
                        });
                  }
                });
    t.join();
    assertThat(uncaught.len()).as("every handler failure reported").isEqualTo(40);
    assertThat(shared.getSuppressed()).hasSize(Go.MAX_SUPPRESSED_PANICS);
    assertThat(shared.getSuppressed()[0]).hasMessage("panic 0");
  }

  private static void explode() {
    throw new IllegalStateException("kaboom");
  }
}
