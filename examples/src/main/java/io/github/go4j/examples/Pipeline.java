package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline of the Go blog's "Go Concurrency Patterns: Pipelines and cancellation", ported: a
 * generator, a squaring stage, and a consumer that stops early by closing {@code done}, which stops
 * every stage (no goroutine leaks).
 *
 * <pre>{@code
 * func gen(done <-chan struct{}, nums ...int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for _, n := range nums {
 *             select {
 *             case out <- n:
 *             case <-done:
 *                 return
 *             }
 *         }
 *     }()
 *     return out
 * }
 * }</pre>
 */
public final class Pipeline {
  private Pipeline() {}

  /** Go's {@code gen}: sends {@code nums} until done closes, then closes its output. */
  static ReceiveChannel<Integer> gen(ReceiveChannel<Unit> done, int... nums) {
    Channel<Integer> out = Channel.make();
    go(
        () -> {
          try {
            for (int n : nums) {
              boolean stop = Select.select(out.onSend(n, () -> false), done.onReceive(u -> true));
              if (stop) {
                return;
              }
            }
          } finally {
            out.close(); // defer close(out)
          }
        });
    return out;
  }

  /** Go's {@code sq}: squares what it receives until its input closes or done closes. */
  static ReceiveChannel<Integer> sq(ReceiveChannel<Unit> done, ReceiveChannel<Integer> in) {
    Channel<Integer> out = Channel.make();
    go(
        () -> {
          try {
            for (int n : in) {
              boolean stop =
                  Select.select(out.onSend(n * n, () -> false), done.onReceive(u -> true));
              if (stop) {
                return;
              }
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /**
   * Runs the pipeline, taking only the first {@code take} results, then cancelling.
   *
   * @param take how many results to take
   * @return the results taken
   * @throws InterruptedException if interrupted
   */
  public static List<Integer> run(int take) throws InterruptedException {
    Channel<Unit> done = Channel.make();
    ReceiveChannel<Integer> out = sq(done, gen(done, 1, 2, 3, 4, 5, 6, 7, 8));
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < take; i++) {
      Integer v = out.receive();
      if (v == null) {
        break;
      }
      got.add(v);
    }
    done.close(); // tells every stage to stop: they all return and close their outputs
    while (out.receive() != null) {
      // drain until sq has closed its output: proof that the stages stopped
    }
    return got;
  }

  /**
   * Takes the first three squares and stops the pipeline, then runs it to the end.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    out.println("first three, then done closed: " + run(3));
    out.println("all: " + run(100));
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
