package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.ParallelMap;
import io.github.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fan-out and fan-in, twice: by hand with goroutines, channels and a {@code sync.WaitGroup} (the Go
 * blog's "Pipelines and cancellation"), and with go4j's {@link ParallelMap} (errgroup with a limit
 * writing a result slice).
 *
 * <pre>{@code
 * func gen(nums ...int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for _, n := range nums {
 *             out <- n
 *         }
 *     }()
 *     return out
 * }
 *
 * func sq(in <-chan int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for n := range in {
 *             out <- n * n
 *         }
 *     }()
 *     return out
 * }
 *
 * // fanIn merges cs into one channel, closed once every input is closed and drained.
 * func fanIn(cs ...<-chan int) <-chan int {
 *     var wg sync.WaitGroup
 *     out := make(chan int)
 *     wg.Add(len(cs))                   // before the goroutines start, never inside them
 *     for _, c := range cs {
 *         go func(c <-chan int) {
 *             defer wg.Done()
 *             for n := range c {
 *                 out <- n
 *             }
 *         }(c)
 *     }
 *     go func() {
 *         wg.Wait()
 *         close(out)
 *     }()
 *     return out
 * }
 *
 * func main() {
 *     in := gen(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
 *     workers := make([]<-chan int, 4)  // fan-out: four sq goroutines share in
 *     for i := range workers {
 *         workers[i] = sq(in)
 *     }
 *     sum := 0
 *     for n := range fanIn(workers...) {
 *         sum += n
 *     }
 *     fmt.Println("fan-out/fan-in sum of squares:", sum)
 *
 *     // the same map with errgroup, results in input order
 *     g, ctx := errgroup.WithContext(context.Background())
 *     g.SetLimit(4)
 *     squares := make([]int, 10)
 *     for i := range squares {
 *         g.Go(func() error { squares[i] = (i + 1) * (i + 1); return ctx.Err() })
 *     }
 *     if err := g.Wait(); err != nil { ... }
 *     fmt.Println("parallel map:", squares)
 * }
 * }</pre>
 *
 * <p>The fanned-in values arrive in any order, so the program prints their sum; {@code parallelMap}
 * keeps the input order.
 */
public final class ParallelMapFanIn {
  private ParallelMapFanIn() {}

  /** Go's {@code gen}: sends {@code nums}, then closes. */
  static ReceiveChannel<Integer> gen(int... nums) {
    Channel<Integer> out = Channel.make();
    go(
        () -> {
          try {
            for (int n : nums) {
              out.send(n);
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /** Go's {@code sq}: squares what it receives until {@code in} is closed. */
  static ReceiveChannel<Integer> sq(ReceiveChannel<Integer> in) {
    Channel<Integer> out = Channel.make();
    go(
        () -> {
          try {
            for (int n : in) {
              out.send(n * n);
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /** Go's {@code fanIn}: one goroutine per input, and one that closes the output after them. */
  static ReceiveChannel<Integer> fanIn(List<ReceiveChannel<Integer>> cs) {
    WaitGroup wg = new WaitGroup();
    Channel<Integer> out = Channel.make();
    wg.add(cs.size()); // before the goroutines start (wg.Add outside the closure)
    for (ReceiveChannel<Integer> c : cs) {
      go(
          () -> {
            try {
              for (int n : c) {
                out.send(n);
              }
            } finally {
              wg.done();
            }
          });
    }
    go(
        () -> {
          wg.await();
          out.close();
        });
    return out;
  }

  /**
   * Squares 1..10 with four workers fanned in, then with {@link ParallelMap}.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    ReceiveChannel<Integer> in = gen(IntStream.rangeClosed(1, 10).toArray());
    List<ReceiveChannel<Integer>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(sq(in)); // fan-out: four goroutines range over the same channel
    }
    int sum = 0;
    int count = 0;
    for (int n : fanIn(workers)) {
      sum += n;
      count++;
    }
    out.println("fan-out/fan-in: " + count + " squares, sum " + sum);

    List<Integer> inputs = IntStream.rangeClosed(1, 10).boxed().toList();
    List<Integer> squares =
        ParallelMap.parallelMap(Context.background(), inputs, (Integer n) -> n * n, 4);
    out.println("parallel map: " + squares);
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
