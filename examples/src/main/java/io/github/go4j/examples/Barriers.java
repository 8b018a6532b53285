package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.sync.Barrier;
import io.github.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Barriers: a one-shot one (a start gate: closing a channel releases every goroutine waiting on it)
 * and a reusable one for rounds of work ({@link Barrier}; Go has none in its standard library, so
 * the Go original builds one from a mutex and a channel per round).
 *
 * <pre>{@code
 * // One-shot: close(start) releases all five at once.
 * start := make(chan struct{})
 * var ready, finished sync.WaitGroup
 * var passed atomic.Int32
 * for i := 0; i < 5; i++ {
 *     ready.Add(1)
 *     finished.Add(1)
 *     go func() {
 *         defer finished.Done()
 *         ready.Done()
 *         <-start
 *         passed.Add(1)
 *     }()
 * }
 * ready.Wait()
 * fmt.Println("before close:", passed.Load())  // 0: nobody gets past <-start before the close
 * close(start)
 * finished.Wait()
 * fmt.Println("after close:", passed.Load())   // 5
 *
 * // Reusable: a new channel per round, closed by the last arrival.
 * type Barrier struct {
 *     mu      sync.Mutex
 *     n       int
 *     arrived int
 *     round   chan struct{}
 * }
 *
 * func NewBarrier(n int) *Barrier { return &Barrier{n: n, round: make(chan struct{})} }
 *
 * func (b *Barrier) Await() {
 *     b.mu.Lock()
 *     round := b.round
 *     b.arrived++
 *     if b.arrived == b.n {               // last one: open this round, prepare the next
 *         close(round)
 *         b.round = make(chan struct{})
 *         b.arrived = 0
 *     }
 *     b.mu.Unlock()
 *     <-round
 * }
 *
 * // 4 workers, 3 steps: after Await, every worker sees all 4 arrivals of its step.
 * arrivals := make([]atomic.Int32, 3)
 * b := NewBarrier(4)
 * for w := 0; w < 4; w++ {
 *     go func() {
 *         for step := 0; step < 3; step++ {
 *             arrivals[step].Add(1)
 *             b.Await()
 *             seen := arrivals[step].Load()   // always 4
 *             ...
 *         }
 *     }()
 * }
 * }</pre>
 */
public final class Barriers {
  private Barriers() {}

  static final int WORKERS = 4;
  static final int STEPS = 3;

  /**
   * Runs the one-shot gate, then three rounds of four workers on a reusable barrier.
   *
   * @param out where to print
   * @throws Exception if interrupted, or if the barrier broke
   */
  public static void run(PrintStream out) throws Exception {
    // One-shot: close(start).
    Channel<Unit> start = Channel.make();
    WaitGroup ready = new WaitGroup();
    WaitGroup finished = new WaitGroup();
    AtomicInteger passed = new AtomicInteger();
    for (int i = 0; i < 5; i++) {
      ready.add(1);
      finished.add(1);
      go(
          () -> {
            try {
              ready.done();
              start.receive();
              passed.incrementAndGet();
            } finally {
              finished.done();
            }
          });
    }
    ready.await();
    out.println("one-shot: before close(start): " + passed.get() + " passed");
    start.close();
    finished.await();
    out.println("one-shot: after close(start): " + passed.get() + " passed");

    // Reusable: Barrier(4), three rounds.
    Barrier barrier = new Barrier(WORKERS);
    AtomicInteger[] arrivals = new AtomicInteger[STEPS];
    List<ConcurrentLinkedQueue<Integer>> seen = new ArrayList<>();
    List<ConcurrentLinkedQueue<Integer>> indices = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      arrivals[s] = new AtomicInteger();
      seen.add(new ConcurrentLinkedQueue<>());
      indices.add(new ConcurrentLinkedQueue<>());
    }
    WaitGroup wg = new WaitGroup();
    for (int w = 0; w < WORKERS; w++) {
      wg.go(
          () -> {
            for (int step = 0; step < STEPS; step++) {
              arrivals[step].incrementAndGet(); // this step's work
              int index = barrier.await(); // nobody starts step+1 before all finished step
              seen.get(step).add(arrivals[step].get());
              indices.get(step).add(index);
            }
          });
    }
    wg.await();
    for (int s = 0; s < STEPS; s++) {
      List<Integer> idx = new ArrayList<>(indices.get(s));
      Collections.sort(idx);
      out.println(
          "round "
              + s
              + ": arrivals seen after await "
              + new java.util.TreeSet<>(seen.get(s))
              + ", arrival indices "
              + idx);
    }
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws Exception if interrupted, or if the barrier broke
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
