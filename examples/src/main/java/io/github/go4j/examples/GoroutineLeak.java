package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.Go;
import io.github.go4j.UncheckedInterruptedException;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine leak ("Concurrency in Go", ch. 4) and its fix with a done channel, measured with
 * {@code runtime.NumGoroutine()} ({@link Go#numGoroutine()}).
 *
 * <pre>{@code
 * doWork := func(strings <-chan string) <-chan struct{} {
 *     completed := make(chan struct{})
 *     go func() {
 *         defer close(completed)
 *         for s := range strings {
 *             fmt.Println(s)
 *         }
 *     }()
 *     return completed
 * }
 * before := runtime.NumGoroutine()
 * doWork(nil)                            // ranges over a nil channel: blocks forever
 * fmt.Println("leaked:", runtime.NumGoroutine()-before)   // 1, for the life of the program
 *
 * // The fix: the parent can always tell the goroutine to stop.
 * doWork := func(done <-chan struct{}, strings <-chan string) <-chan struct{} {
 *     terminated := make(chan struct{})
 *     go func() {
 *         defer close(terminated)
 *         for {
 *             select {
 *             case s := <-strings:
 *                 fmt.Println(s)
 *             case <-done:
 *                 return
 *             }
 *         }
 *     }()
 *     return terminated
 * }
 * done := make(chan struct{})
 * terminated := doWork(done, nil)
 * close(done)
 * <-terminated
 * fmt.Println("leaked:", runtime.NumGoroutine()-before)   // 0
 * }</pre>
 *
 * <p>Go cannot stop the leaked goroutine; Java can interrupt it (its blocking receive throws {@link
 * InterruptedException}), which the program does at the end so that it leaves nothing behind. That
 * is a last resort, not the fix.
 */
public final class GoroutineLeak {
  private GoroutineLeak() {}

  /** The leaky {@code doWork}: nothing can make it return while {@code strings} stays open. */
  static Thread doWorkLeaky(ReceiveChannel<String> strings, PrintStream out) {
    return go(
        () -> {
          try {
            for (String s : strings) {
              out.println(s);
            }
          } catch (UncheckedInterruptedException e) {
            // Java only: interrupted out of the range loop (see run)
          }
        });
  }

  /** The fixed {@code doWork}: returns when {@code done} is closed. */
  static ReceiveChannel<Unit> doWork(
      ReceiveChannel<Unit> done, ReceiveChannel<String> strings, PrintStream out) {
    Channel<Unit> terminated = Channel.make();
    go(
        () -> {
          try {
            for (; ; ) {
              String s = Select.select(strings.onReceive(v -> v), done.onReceive(x -> null));
              if (s == null) {
                return; // done closed (strings is nil here, so never closed)
              }
              out.println(s);
            }
          } finally {
            terminated.close();
          }
        });
    return terminated;
  }

  /**
   * Waits, bounded, until the goroutine count is back to {@code target}: a goroutine is counted
   * until a moment after its body ends (see {@link Go#numGoroutine()}).
   */
  static int settle(int target) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int n;
    while ((n = Go.numGoroutine()) > target && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    return n;
  }

  /**
   * Leaks a goroutine and counts it; then runs the fixed version and counts again.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    int before = Go.numGoroutine();
    Thread leaked = doWorkLeaky(Channel.nil(), out);
    out.println("leaky doWork(nil): goroutines leaked: " + (Go.numGoroutine() - before));

    int beforeFixed = Go.numGoroutine();
    Channel<Unit> done = Channel.make();
    ReceiveChannel<Unit> terminated = doWork(done, Channel.nil(), out);
    done.close();
    terminated.receive();
    out.println(
        "fixed doWork(done, nil): goroutines leaked: " + (settle(beforeFixed) - beforeFixed));

    leaked.interrupt(); // the last resort, which Go lacks: its range loop throws and it ends
    leaked.join(Duration.ofSeconds(10));
    out.println("leaked goroutine ended after an interrupt: " + !leaked.isAlive());
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
