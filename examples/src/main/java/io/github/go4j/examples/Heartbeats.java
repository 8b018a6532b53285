package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.patterns.Heartbeat;
import io.github.go4j.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heartbeats ("Concurrency in Go", ch. 5), with go4j's {@link Heartbeat}: a worker that pulses at
 * an interval while it waits for work, so a monitor can tell an idle worker from a stuck one, and a
 * worker that pulses once per unit of work.
 *
 * <pre>{@code
 * // Periodic: pulses come from the worker's own select loop, so they stop when it is stuck.
 * func doWork(done <-chan struct{}, interval time.Duration, work <-chan int) (<-chan struct{}, <-chan int) {
 *     heartbeat := make(chan struct{}, 1)
 *     results := make(chan int)
 *     go func() {
 *         defer close(heartbeat)
 *         defer close(results)
 *         pulse := time.NewTicker(interval)
 *         defer pulse.Stop()
 *         sendPulse := func() {
 *             select {
 *             case heartbeat <- struct{}{}:
 *             default:                   // the last pulse is unread: no need for another
 *             }
 *         }
 *         for {
 *             select {
 *             case <-done:
 *                 return
 *             case <-pulse.C:
 *                 sendPulse()
 *             case w := <-work:
 *                 if w < 0 {
 *                     <-done             // stuck: no more pulses
 *                     return
 *                 }
 *             sendResult:
 *                 for {
 *                     select {
 *                     case <-done:
 *                         return
 *                     case <-pulse.C:
 *                         sendPulse()
 *                     case results <- w * 10:
 *                         break sendResult
 *                     }
 *                 }
 *             }
 *         }
 *     }()
 *     return heartbeat, results
 * }
 *
 * // The monitor: a pulse while idle, three results, then a stuck worker found by the silence.
 * <-heartbeat
 * for w := 1; w <= 3; w++ {
 *     work <- w
 *     fmt.Println(<-results)
 * }
 * work <- -1
 * for {
 *     select {
 *     case <-heartbeat:                  // at most one pulse left from before it got stuck
 *         continue
 *     case <-time.After(100 * time.Millisecond):
 *         fmt.Println("no pulse: the worker is stuck")
 *     }
 *     break
 * }
 *
 * // Per work unit: a pulse before each result.
 * go func() {
 *     defer close(heartbeat)
 *     defer close(results)
 *     for i := 1; i <= 5; i++ {
 *         select {
 *         case heartbeat <- struct{}{}:
 *         default:
 *         }
 *         select {
 *         case <-done:
 *             return
 *         case results <- i:
 *         }
 *     }
 * }()
 * }</pre>
 *
 * <p>Pulse counts depend on timing, so the program prints only what does not: that an idle worker
 * pulses, that a stuck one falls silent, and that each unit of work is announced by a pulse.
 */
public final class Heartbeats {
  private Heartbeats() {}

  static final Duration INTERVAL = Duration.ofMillis(10);
  static final Duration SILENCE = Duration.ofMillis(100);

  private enum Event {
    PULSE,
    SILENT
  }

  /** Go's periodic {@code doWork}: results go out on {@code results}; -1 makes it hang. */
  static Heartbeat doWork(
      ReceiveChannel<Unit> done, ReceiveChannel<Integer> work, Channel<Integer> results) {
    Heartbeat heartbeat = Heartbeat.make(INTERVAL); // owns the ticker; close() stops it
    go(
        () -> {
          try (heartbeat) { // defer close(heartbeat)
            Heartbeat.Receiver<Integer> in = heartbeat.receiver(work, done); // pulses while idle
            for (Integer w; (w = in.next()) != null; ) {
              if (w < 0) {
                done.receive(); // stuck: blocked where no pulse is sent
                return;
              }
              if (!heartbeat.send(results, w * 10, done)) { // pulses while the send waits
                return;
              }
            }
          } finally {
            results.close(); // defer close(results)
          }
        });
    return heartbeat;
  }

  /**
   * Runs the periodic and the per-work heartbeat.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    // Periodic.
    Channel<Unit> done = Channel.make();
    Channel<Integer> work = Channel.make();
    Channel<Integer> results = Channel.make();
    Heartbeat hb = doWork(done, work, results);
    boolean pulsed =
        Select.select(
            hb.pulses().onReceive(x -> true),
            Time.after(Duration.ofSeconds(10)).onReceive(t -> false)); // a bound, not a test
    out.println("periodic: the idle worker pulses: " + pulsed);
    List<Integer> got = new ArrayList<>();
    for (int w = 1; w <= 3; w++) {
      work.send(w);
      got.add(results.receive());
    }
    out.println("periodic: results " + got);
    work.send(-1); // taken by the worker: it hangs from now on
    int stale = 0;
    while (Select.select(
            hb.pulses().onReceive(x -> Event.PULSE),
            Time.after(SILENCE).onReceive(t -> Event.SILENT))
        == Event.PULSE) {
      stale++; // a pulse sent before it hung (at most one: the channel holds one)
    }
    out.println(
        "periodic: no pulse for "
            + SILENCE.toMillis()
            + " ms: the worker is stuck"
            + (stale <= 1 ? "" : " (yet " + stale + " pulses came after it hung?!)"));
    done.close();
    while (hb.pulses().receive() != null) {
      // drain until the worker's close(heartbeat)
    }
    out.println("periodic: heartbeat closed: the worker has exited");

    // Per work unit.
    Heartbeat perWork = Heartbeat.make();
    Channel<Integer> stream = Channel.make();
    go(
        () -> {
          try (perWork) {
            for (int i = 1; i <= 5; i++) {
              perWork.beat(); // never blocks
              stream.send(i);
            }
          } finally {
            stream.close();
          }
        });
    List<String> seen = new ArrayList<>();
    for (; ; ) {
      Unit pulse = perWork.pulses().receive(); // each unit of work is announced first
      Integer r = stream.receive();
      if (r == null) {
        break;
      }
      seen.add((pulse == null ? "no pulse" : "pulse") + " " + r);
    }
    out.println("per work unit: " + seen);
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
