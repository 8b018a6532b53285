package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.time.Time;
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
   * Runs one call that answers at once and one that never does.
   *
   * @param args unused
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    System.out.println(callWithTimeout(() -> "fast", Duration.ofSeconds(10)));
    Channel<String> never = Channel.make();
    System.out.println(callWithTimeout(never::receive, Duration.ofMillis(20)));
  }
}
