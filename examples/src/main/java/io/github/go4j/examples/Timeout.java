package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.time.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Go's timeout idiom, ported: a result channel raced against {@code time.After}.
 *
 * <pre>{@code
 * c := make(chan string, 1)   // buffered: the worker never blocks, even after a timeout
 * go func() { c <- slowCall() }()
 * select {
 * case res := <-c:
 *     fmt.Println(res)
 * case <-time.After(timeout):
 *     fmt.Println("timeout")
 * }
 * }</pre>
 */
public final class Timeout {
  private Timeout() {}

  /**
   * Calls {@code work} in a goroutine and waits at most {@code timeout} for its result.
   *
   * @param work the call
   * @param timeout how long to wait
   * @return the result, or "timeout"
   * @throws InterruptedException if interrupted
   */
  public static String callWithTimeout(java.util.concurrent.Callable<String> work, Duration timeout)
      throws InterruptedException {
    Channel<String> c = Channel.make(1);
    go(() -> c.send(work.call()));
    return Select.select(c.onReceive(res -> res), Time.after(timeout).onReceive(t -> "timeout"));
  }

  /**
   * Runs one call that answers at once and one that answers only after its timeout: that one's
   * goroutine still ends, because its result goes into the buffer of {@code c} that nobody reads.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    out.println(callWithTimeout(() -> "fast", Duration.ofSeconds(10)));
    Channel<Unit> release = Channel.make();
    out.println(
        callWithTimeout(
            () -> {
              release.receive(); // answers only once released, after the timeout
              return "late";
            },
            Duration.ofMillis(20)));
    release.close(); // the late call returns; its send on c does not block, so no goroutine leaks
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
