package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merging N channels with one goroutine and a select built at run time (Go's {@code
 * reflect.Select}); a closed input's case is replaced by a nil channel's, which is never chosen.
 * ({@link ParallelMapFanIn} shows the other merge, a goroutine per input and a WaitGroup.)
 *
 * <pre>{@code
 * func merge(chans ...<-chan int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         cases := make([]reflect.SelectCase, len(chans))
 *         for i, ch := range chans {
 *             cases[i] = reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ch)}
 *         }
 *         for open := len(chans); open > 0; {
 *             i, v, ok := reflect.Select(cases)
 *             if !ok {
 *                 cases[i].Chan = reflect.ValueOf((<-chan int)(nil)) // never chosen again
 *                 open--
 *                 continue
 *             }
 *             out <- int(v.Int())
 *         }
 *     }()
 *     return out
 * }
 *
 * func producer(id, n int) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for i := 0; i < n; i++ {
 *             out <- id*100 + i
 *         }
 *     }()
 *     return out
 * }
 *
 * func main() {
 *     var chans []<-chan int
 *     for id := 0; id < 5; id++ {
 *         chans = append(chans, producer(id, 10))
 *     }
 *     perSource := make([]int, 5)
 *     total := 0
 *     for v := range merge(chans...) {
 *         perSource[v/100]++
 *         total++
 *     }
 *     fmt.Println(total, perSource)
 * }
 * }</pre>
 */
public final class Merge {
  private Merge() {}

  /** What one round of the merge's select received: from which input, and what. */
  private record Got(int index, Integer value) {}

  /** Go's {@code merge}: one goroutine selecting over every input still open. */
  static ReceiveChannel<Integer> merge(List<ReceiveChannel<Integer>> chans) {
    Channel<Integer> out = Channel.make();
    go(
        () -> {
          try {
            List<SelectCase<Got>> cases = new ArrayList<>();
            for (int i = 0; i < chans.size(); i++) {
              int index = i;
              cases.add(chans.get(i).onReceive(v -> new Got(index, v))); // v is null: closed
            }
            ReceiveChannel<Integer> nil = Channel.nil();
            for (int open = chans.size(); open > 0; ) {
              Got got = Select.select(cases);
              if (got.value() == null) {
                cases.set(got.index(), nil.<Got>onReceive(v -> null)); // never chosen again
                open--;
                continue;
              }
              out.send(got.value());
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /** Go's {@code producer}: sends {@code id*100 + i} for i in [0, n), then closes. */
  static ReceiveChannel<Integer> producer(int id, int n) {
    Channel<Integer> out = Channel.make();
    go(
        () -> {
          try {
            for (int i = 0; i < n; i++) {
              out.send(id * 100 + i);
            }
          } finally {
            out.close();
          }
        });
    return out;
  }

  /**
   * Merges five producers of ten values each.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    List<ReceiveChannel<Integer>> chans = new ArrayList<>();
    for (int id = 0; id < 5; id++) {
      chans.add(producer(id, 10));
    }
    int[] perSource = new int[5];
    int total = 0;
    for (int v : merge(chans)) {
      perSource[v / 100]++;
      total++;
    }
    out.println("merged " + chans.size() + " channels: " + total + " values");
    out.println("per source: " + Arrays.toString(perSource));
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
