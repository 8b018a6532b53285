package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A buffered channel as a counting semaphore: its capacity is the number of permits, a send
 * acquires one, a receive releases one.
 *
 * <pre>{@code
 * sem := make(chan struct{}, 3)          // at most 3 at once
 * gate := make(chan struct{})
 * acquired := make(chan struct{}, 10)
 * var running, peak atomic.Int32
 * var wg sync.WaitGroup
 * for i := 0; i < 10; i++ {
 *     wg.Add(1)
 *     go func() {
 *         defer wg.Done()
 *         sem <- struct{}{}              // acquire
 *         defer func() { <-sem }()       // release
 *         n := running.Add(1)
 *         for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
 *         }
 *         acquired <- struct{}{}
 *         <-gate                         // hold the permit until the gate opens
 *         running.Add(-1)
 *     }()
 * }
 * for i := 0; i < 3; i++ {
 *     <-acquired                         // three goroutines hold the three permits
 * }
 * select {
 * case sem <- struct{}{}:
 *     fmt.Println("a fourth permit?!")
 * default:
 *     fmt.Println("a fourth acquire would block")
 * }
 * close(gate)
 * wg.Wait()
 * fmt.Println("peak:", peak.Load())      // 3
 * }</pre>
 *
 * <p>go4j also has a weighted semaphore with cancellation ({@link io.github.go4j.sync.Semaphore},
 * Go's {@code x/sync/semaphore}); the channel version is the idiom of plain Go code.
 */
public final class ChannelSemaphore {
  private ChannelSemaphore() {}

  static final int PERMITS = 3;
  static final int TASKS = 10;

  /**
   * Runs ten goroutines through a three-permit channel semaphore.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    Channel<Unit> sem = Channel.make(PERMITS);
    Channel<Unit> gate = Channel.make();
    Channel<Unit> acquired = Channel.make(TASKS);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < TASKS; i++) {
      wg.add(1);
      go(
          () -> {
            try {
              sem.send(Unit.VALUE); // acquire
              try {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                acquired.send(Unit.VALUE);
                gate.receive(); // hold the permit until the gate opens
                running.decrementAndGet();
              } finally {
                sem.receive(); // release
              }
            } finally {
              wg.done();
            }
          });
    }
    for (int i = 0; i < PERMITS; i++) {
      acquired.receive();
    }
    out.println(PERMITS + " goroutines hold the " + sem.len() + " permits");
    boolean fourth = sem.trySend(Unit.VALUE); // select { case sem <- struct{}{}: default: }
    out.println(fourth ? "a fourth permit?!" : "a fourth acquire would block");
    gate.close();
    wg.await();
    out.println(TASKS + " tasks done, peak running at once: " + peak.get());
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
