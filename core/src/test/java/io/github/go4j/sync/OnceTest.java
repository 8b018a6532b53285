package io.github.go4j.sync;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.go4j.chan.Channel;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Go's src/sync/once_test.go and oncefunc_test.go, ported. */
class OnceTest {

  /** Rule 101 (Go's TestOnce). */
  @Test
  void testOnce() throws Exception {
    int[] o = new int[1];
    Once once = new Once();
    Channel<Boolean> c = Channel.make();
    int n = 10;
    CompletableFuture<String> error = new CompletableFuture<>();
    for (int i = 0; i < n; i++) {
      go(
          () -> {
            once.run(() -> o[0]++);
            if (o[0] != 1) {
              error.complete("once failed inside run: " + o[0] + " is not 1");
            }
            c.send(true);
          });
    }
    for (int i = 0; i < n; i++) {
      c.receive();
    }
    assertThat(error).isNotDone();
    assertThat(o[0]).as("once failed outside run").isEqualTo(1);
  }

  /** Rule 102 (Go's TestOncePanic). */
  @Test
  void testOncePanic() {
    Once once = new Once();
    assertThatThrownBy(
            () ->
                once.run(
                    () -> {
                      throw new IllegalStateException("failed");
                    }))
        .hasMessage("failed");
    once.run(() -> fail("Once.Do called twice"));
  }

  /**
   * Rule 103: calling {@code run} on the same Once from inside its function deadlocks, as
   * documented (Go: "Do ... will deadlock"); the Once is not reentrant, and a second goroutine's
   * call waits for the function that never returns. The goroutines are left blocked for good (they
   * hold nothing else). The fixed wait below is inherent to "stays blocked": it only gives a broken
   * Once the chance to return, and is kept short.
   */
  @Test
  void runFromInsideTheFunctionDeadlocks() throws Exception {
    Once once = new Once();
    CompletableFuture<Void> entered = new CompletableFuture<>();
    CompletableFuture<String> innerReturned = new CompletableFuture<>();
    Thread t =
        go(
            () ->
                once.run(
                    () -> {
                      entered.complete(null);
                      once.run(() -> innerReturned.complete("the inner function ran"));
                      innerReturned.complete("the inner run returned");
                    }));
    entered.get();
    blocksOrEnds(t);
    assertThat(innerReturned).as("the nested run returned or ran its function").isNotDone();
    Thread other = go(() -> once.run(() -> innerReturned.complete("another caller's f ran")));
    blocksOrEnds(other);
    t.interrupt(); // not interruptible either (Go's waits are not)
    LockSupport.parkNanos(50_000_000); // inherent: "nothing happens" needs some time to pass
    assertThat(innerReturned).as("the nested run returned or ran its function").isNotDone();
    assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    assertThat(other.getState()).isEqualTo(Thread.State.WAITING);
    assertThat(t.getStackTrace())
        .as("blocked in the Once's lock")
        .anyMatch(f -> f.getClassName().equals(Mutex.class.getName()));
  }

  private static void blocksOrEnds(Thread t) {
    Polling.eventually(
        t + " blocks or ends",
        () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TERMINATED);
  }

  /** Checked exceptions pass through run unchanged. */
  @Test
  void checkedExceptionPropagatesUnchanged() {
    Once once = new Once();
    IOException io = new IOException("disk");
    assertThatThrownBy(
            () ->
                once.run(
                    () -> {
                      throw io;
                    }))
        .isSameAs(io);
  }

  /**
   * Issue 13: a lambda's checked exception is declared by {@code run(CheckedTask)}, so {@code catch
   * (IOException e)} compiles around it (this method declares no checked exception, so the compiler
   * checks that the catch covers what {@code run} declares); the Once is then done.
   */
  @Test
  void runDeclaresTheLambdasCheckedException() {
    Once once = new Once();
    IOException io = new IOException("disk");
    IOException caught = null;
    try {
      once.run(
          () -> {
            throw io;
          });
    } catch (IOException e) {
      caught = e;
    }
    assertThat(caught).isSameAs(io);
    int[] calls = {0};
    once.run(() -> calls[0]++); // no checked exception: no catch needed
    assertThat(calls[0]).as("the Once is done after a throwing first call").isZero();
    Once other = new Once();
    other.run(() -> calls[0]++);
    assertThat(calls[0]).isEqualTo(1);
  }

  /** A function held in a {@link io.github.go4j.Task} takes the undeclared path, unchanged. */
  @Test
  void aTaskVariableStillRunsAndRethrowsUndeclared() {
    Once once = new Once();
    IOException io = new IOException("disk");
    io.github.go4j.Task f =
        () -> {
          throw io;
        };
    Throwable thrown = null;
    try {
      once.run(f); // run(Task): no catch of IOException is possible or needed here
    } catch (Exception e) {
      thrown = e;
    }
    assertThat(thrown).isSameAs(io);
    assertThatThrownBy(() -> once.run((io.github.go4j.Task) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("function f must not be null");
    assertThatThrownBy(() -> once.run((io.github.go4j.CheckedTask<RuntimeException>) null))
        .hasMessage("function f must not be null");
  }

  /** Rule 103: a concurrent caller returns only after f completed, and sees its writes. */
  @Test
  void concurrentCallerWaitsForTheFirstCall() throws Exception {
    Once once = new Once();
    Channel<Boolean> release = Channel.make();
    int[] written = new int[1];
    Thread first = firstCallHeldUntil(once, release, written);
    CompletableFuture<Integer> seen = new CompletableFuture<>();
    Thread second =
        go(
            () -> {
              once.run(() -> fail("second function ran"));
              seen.complete(written[0]);
            });
    Polling.parked(second);
    assertThat(seen).isNotDone();
    release.send(true);
    assertThat(seen.get()).isEqualTo(42);
    first.join();
  }

  /**
   * The class comment's promise: a call that finds the function running is not interruptible. The
   * waiting caller, interrupted, keeps waiting until the function returns, then returns normally
   * (no exception, the function's write visible) with its interrupt status set.
   *
   * <p>The function is let go only after the waiter has seen the interrupt: its interrupt status is
   * read and cleared while it waits (the Mutex's uninterruptible wait keeps it for later), which is
   * the event polled here, so a caller that gave up on the interrupt would already have returned
   * (without the write) or thrown by the time the function ends.
   */
  @Test
  void runWaitingForTheFunctionIsNotInterruptible() throws Exception {
    Once once = new Once();
    Channel<Boolean> release = Channel.make();
    int[] written = new int[1];
    Thread first = firstCallHeldUntil(once, release, written);
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread second =
        go(
            () -> {
              try {
                once.run(() -> fail("second function ran"));
                outcome.complete(
                    "returned, saw "
                        + written[0]
                        + ", interrupted="
                        + Thread.currentThread().isInterrupted());
              } catch (Throwable e) {
                outcome.complete("threw " + e);
              }
            });
    Polling.eventually(
        "the second caller waits in the Once's lock",
        () ->
            second.getState() == Thread.State.WAITING
                && Arrays.stream(second.getStackTrace())
                    .anyMatch(f -> f.getClassName().equals(Mutex.class.getName())));

    second.interrupt();
    Polling.eventually(
        "the second caller takes in the interrupt or ends",
        () -> !second.isInterrupted() || outcome.isDone());
    assertThat(outcome).as("still waiting for the function").isNotDone();
    release.send(true);

    assertThat(outcome.get()).isEqualTo("returned, saw 42, interrupted=true");
    first.join();
  }

  /** Rule 104 (Go's TestOnceFunc). */
  @Test
  void testOnceFunc() {
    AtomicInteger calls = new AtomicInteger();
    Runnable f = Once.func(calls::incrementAndGet);
    for (int i = 0; i < 10; i++) {
      f.run();
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /** Rule 104 (Go's TestOnceValue). */
  @Test
  void testOnceValue() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Integer> f = Once.value(calls::incrementAndGet);
    for (int i = 0; i < 10; i++) {
      assertThat(f.get()).isEqualTo(1);
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /** Rule 104 (Go's TestOnceValues). */
  @Test
  void testOnceValues() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Once.Values<Integer, Integer>> f =
        Once.values(() -> new Once.Values<>(calls.incrementAndGet(), calls.get() + 1));
    for (int i = 0; i < 10; i++) {
      assertThat(f.get()).isEqualTo(new Once.Values<>(1, 2));
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /** Rule 104: safe for concurrent use. */
  @Test
  void onceValueConcurrentCallers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Supplier<Integer> f = Once.value(calls::incrementAndGet);
    WaitGroup wg = new WaitGroup();
    AtomicInteger wrong = new AtomicInteger();
    for (int g = 0; g < 16; g++) {
      wg.go(
          () -> {
            if (f.get() != 1) {
              wrong.incrementAndGet();
            }
          });
    }
    wg.await();
    assertThat(calls.get()).isEqualTo(1);
    assertThat(wrong.get()).isZero();
  }

  /** Rule 105 (Go's TestOnceFuncPanic): every call throws the same exception. */
  @Test
  void testOnceFuncPanic() {
    AtomicInteger calls = new AtomicInteger();
    RuntimeException x = new RuntimeException("x");
    Runnable f =
        Once.func(
            () -> {
              calls.incrementAndGet();
              throw x;
            });
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(f::run).isSameAs(x);
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /** Rule 105 (Go's TestOnceValuePanic). */
  @Test
  void testOnceValuePanic() {
    AtomicInteger calls = new AtomicInteger();
    IOException x = new IOException("x");
    Supplier<Integer> f =
        Once.value(
            () -> {
              calls.incrementAndGet();
              throw x;
            });
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(f::get).isSameAs(x);
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /** Rule 105 (Go's TestOnceValuesPanic). */
  @Test
  void testOnceValuesPanic() {
    AtomicInteger calls = new AtomicInteger();
    RuntimeException x = new RuntimeException("x");
    Supplier<Once.Values<Integer, Integer>> f =
        Once.values(
            () -> {
              calls.incrementAndGet();
              throw x;
            });
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(f::get).isSameAs(x);
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /** Rule 107 (Go's TestOnceFuncPanicTraceback): the stack trace reaches into f. */
  @Test
  void testOnceFuncPanicTraceback() {
    Runnable f = Once.func(OnceTest::onceFuncPanic);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(f::run)
          .satisfies(
              e ->
                  assertThat(e.getStackTrace())
                      .anyMatch(el -> el.getMethodName().equals("onceFuncPanic")));
    }
  }

  private static void onceFuncPanic() {
    throw new IllegalStateException("x");
  }

  /** Rule 108 (Go's TestOnceXGC): f, and what it captures, is released after it runs. */
  @Test
  void testOnceXGC() {
    WeakReference<?>[] captured = new WeakReference<?>[3];
    Runnable func = makeFunc(captured, 0);
    Supplier<?> value = makeValue(captured, 1);
    Supplier<?> values = makeValues(captured, 2);
    func.run();
    value.get();
    values.get();
    Polling.eventually(
        "the functions' captures are collected",
        () -> {
          System.gc();
          return captured[0].get() == null
              && captured[1].get() == null
              && captured[2].get() == null;
        });
    assertThat(func).isNotNull(); // the wrappers themselves are still reachable
    assertThat(value).isNotNull();
    assertThat(values).isNotNull();
  }

  private static Runnable makeFunc(WeakReference<?>[] refs, int i) {
    byte[] buf = new byte[1024];
    refs[i] = new WeakReference<>(buf);
    return Once.func(() -> buf[0] = 1);
  }

  private static Supplier<?> makeValue(WeakReference<?>[] refs, int i) {
    byte[] buf = new byte[1024];
    refs[i] = new WeakReference<>(buf);
    return Once.value(() -> buf.length);
  }

  private static Supplier<?> makeValues(WeakReference<?>[] refs, int i) {
    byte[] buf = new byte[1024];
    refs[i] = new WeakReference<>(buf);
    return Once.values(() -> new Once.Values<>(buf.length, 0));
  }

  /** Rule 109: a call after the first allocates nothing (Go's AllocsPerRun == 0). */
  @Test
  void callsAfterTheFirstDoNotAllocate() throws Exception {
    java.util.function.LongSupplier allocatedBytes =
        io.github.go4j.GoTesting.threadAllocatedBytes();
    Once once = new Once();
    Runnable func = Once.func(() -> {});
    Supplier<Integer> value = Once.value(() -> 7);
    io.github.go4j.Task noop = () -> {};
    long sink = 0;
    for (int i = 0; i < 20_000; i++) { // warm-up, including the first calls
      once.run(noop);
      func.run();
      sink += value.get();
    }
    long before = allocatedBytes.getAsLong();
    for (int i = 0; i < 100_000; i++) {
      once.run(noop);
      func.run();
      sink += value.get();
    }
    long allocated = allocatedBytes.getAsLong() - before;
    assertThat(sink).isEqualTo(120_000L * 7);
    assertThat(allocated).as("bytes allocated by 300k calls").isLessThan(4096);
  }

  /**
   * Starts a goroutine whose {@code once.run(f)} stays inside f until {@code release} receives; f
   * then writes 42 to {@code written[0]}. Returns once f has been entered.
   */
  private static Thread firstCallHeldUntil(Once once, Channel<Boolean> release, int[] written)
      throws InterruptedException {
    Channel<Boolean> entered = Channel.make();
    Thread first =
        go(
            () ->
                once.run(
                    () -> {
                      entered.send(true);
                      release.receive();
                      written[0] = 42;
                    }));
    entered.receive();
    return first;
  }
}
