package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SendChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.WorkerPool;
import io.github.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * A worker pool with a graceful shutdown and a context, twice: by hand, as Go code writes it, and
 * with go4j's {@link WorkerPool}, whose shutdown has a grace period after which running jobs are
 * cancelled and queued ones are reported as never started.
 *
 * <pre>{@code
 * func worker(ctx context.Context, jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
 *     defer wg.Done()
 *     for {
 *         select {
 *         case j, ok := <-jobs:
 *             if !ok {
 *                 return                 // graceful: the queue is closed and drained
 *             }
 *             results <- j * 2
 *         case <-ctx.Done():
 *             return                     // forced: the context is cancelled
 *         }
 *     }
 * }
 *
 * func main() {
 *     ctx, cancel := context.WithCancel(context.Background())
 *     defer cancel()                     // in a server: signal.NotifyContext(ctx, os.Interrupt)
 *     jobs := make(chan int, 10)
 *     results := make(chan int, 10)
 *     var wg sync.WaitGroup
 *     for w := 0; w < 3; w++ {
 *         wg.Add(1)
 *         go worker(ctx, jobs, results, &wg)
 *     }
 *     for j := 1; j <= 10; j++ {
 *         jobs <- j
 *     }
 *     close(jobs)                        // shutdown: no more jobs; the workers finish the queue
 *     wg.Wait()
 *     close(results)
 *     sum := 0
 *     for r := range results {
 *         sum += r
 *     }
 *     fmt.Println("hand-written pool: sum", sum)
 * }
 * }</pre>
 *
 * <p>With {@link WorkerPool}, {@code shutdown(ctx)} closes the queue, waits for the workers until
 * {@code ctx} is done, and then cancels the context the jobs were given. Go's {@code
 * signal.NotifyContext} has no portable Java counterpart; a JVM shutdown hook can cancel the
 * context instead.
 */
public final class GracefulShutdown {
  private GracefulShutdown() {}

  /** Go's {@code worker}: stops when {@code jobs} is closed and drained, or when ctx is done. */
  static void worker(
      Context ctx, ReceiveChannel<Integer> jobs, SendChannel<Integer> results, WaitGroup wg)
      throws InterruptedException {
    try {
      for (; ; ) {
        Integer j =
            Select.select(
                jobs.onReceiveOk((v, ok) -> ok ? v : null), ctx.done().onReceive(x -> null));
        if (j == null) {
          return; // jobs closed and drained, or ctx done
        }
        results.send(j * 2);
      }
    } finally {
      wg.done();
    }
  }

  /** Reads a pool's results until the pool has stopped; sends how many ended in each status. */
  static ReceiveChannel<Map<WorkerPool.Status, Integer>> tally(WorkerPool<?> pool) {
    Channel<Map<WorkerPool.Status, Integer>> summary = Channel.make(1);
    go(
        () -> {
          Map<WorkerPool.Status, Integer> counts = new EnumMap<>(WorkerPool.Status.class);
          for (WorkerPool.Result<?> r : pool.results()) { // closed once the pool has stopped
            counts.merge(r.status(), 1, Integer::sum);
          }
          summary.send(counts);
        });
    return summary;
  }

  /**
   * Runs the hand-written pool, then a {@link WorkerPool} that stops cleanly, then one whose grace
   * period runs out.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    // 1. By hand.
    try (CancelableContext ctx = Context.withCancel(Context.background())) { // defer cancel()
      Channel<Integer> jobs = Channel.make(10);
      Channel<Integer> results = Channel.make(10);
      WaitGroup wg = new WaitGroup();
      for (int w = 0; w < 3; w++) {
        wg.add(1);
        go(() -> worker(ctx, jobs, results, wg));
      }
      for (int j = 1; j <= 10; j++) {
        jobs.send(j);
      }
      jobs.close();
      wg.await();
      results.close();
      int sum = 0;
      for (int r : results) {
        sum += r;
      }
      out.println("hand-written pool: 10 jobs, sum " + sum);
    }

    // 2. WorkerPool, all jobs finish within the grace period.
    WorkerPool<Integer> pool = WorkerPool.start(Context.background(), 3, 10, 10);
    ReceiveChannel<Map<WorkerPool.Status, Integer>> summary = tally(pool);
    for (int j = 1; j <= 10; j++) {
      int n = j;
      pool.submit(Context.background(), jobCtx -> n * n);
    }
    try (CancelableContext grace =
        Context.withTimeout(Context.background(), Duration.ofSeconds(30))) {
      out.println("WorkerPool: stopped within the grace period: " + pool.shutdown(grace));
    }
    out.println("WorkerPool: results " + summary.receive());

    // 3. WorkerPool, two jobs run until cancelled: the grace period runs out.
    WorkerPool<Integer> stuck = WorkerPool.start(Context.background(), 2, 5, 5);
    ReceiveChannel<Map<WorkerPool.Status, Integer>> stuckSummary = tally(stuck);
    Channel<Unit> started = Channel.make(5);
    for (int j = 0; j < 5; j++) {
      stuck.submit(
          Context.background(),
          jobCtx -> {
            started.send(Unit.VALUE);
            jobCtx.done().receive(); // a long job that watches its context
            throw jobCtx.err();
          });
    }
    started.receive();
    started.receive(); // both workers are busy; three jobs wait in the queue
    try (CancelableContext grace =
        Context.withTimeout(Context.background(), Duration.ofMillis(50))) {
      out.println("WorkerPool: stopped within the grace period: " + stuck.shutdown(grace));
    }
    out.println("WorkerPool: results " + stuckSummary.receive());
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
