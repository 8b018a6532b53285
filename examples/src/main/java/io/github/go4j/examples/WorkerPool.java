package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.SendChannel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The classic worker pool (as in "Go by Example"), ported: 10 workers range over a buffered jobs
 * channel and send each result on a buffered results channel; closing {@code jobs} ends the
 * workers.
 *
 * <pre>{@code
 * func worker(id int, jobs <-chan int, results chan<- int) {
 *     for j := range jobs {
 *         results <- j * 2
 *     }
 * }
 *
 * func main() {
 *     const numWorkers, numJobs = 10, 20
 *     jobs := make(chan int, numJobs)
 *     results := make(chan int, numJobs)
 *     for w := 1; w <= numWorkers; w++ {
 *         go worker(w, jobs, results)
 *     }
 *     for j := 1; j <= numJobs; j++ {
 *         jobs <- j
 *     }
 *     close(jobs)
 *     var got []int
 *     for a := 1; a <= numJobs; a++ {
 *         got = append(got, <-results)
 *     }
 *     sort.Ints(got)
 *     fmt.Println(got)
 * }
 * }</pre>
 *
 * <p>Results arrive in completion order, which varies from run to run: the program prints them
 * sorted. The channel directions of {@code worker}'s parameters ({@code <-chan int}, {@code chan<-
 * int}) are the {@link ReceiveChannel} and {@link SendChannel} types. For a pool with submission
 * ids, results per job and a graceful shutdown, see {@link GracefulShutdown}.
 */
public final class WorkerPool {
  private WorkerPool() {}

  static final int WORKERS = 10;
  static final int JOBS = 20;

  /** Go's {@code worker}: doubles every job until {@code jobs} is closed and drained. */
  static void worker(ReceiveChannel<Integer> jobs, SendChannel<Integer> results)
      throws InterruptedException {
    for (int j : jobs) { // for j := range jobs
      results.send(j * 2);
    }
  }

  /**
   * Runs 20 jobs on 10 workers and prints the sorted results and their sum.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    Channel<Integer> jobs = Channel.make(JOBS);
    Channel<Integer> results = Channel.make(JOBS);
    for (int w = 1; w <= WORKERS; w++) {
      go(() -> worker(jobs, results));
    }
    for (int j = 1; j <= JOBS; j++) {
      jobs.send(j);
    }
    jobs.close(); // the workers finish the queue, then their range loops end
    List<Integer> got = new ArrayList<>();
    for (int a = 1; a <= JOBS; a++) {
      got.add(results.receive());
    }
    Collections.sort(got);
    out.println(WORKERS + " workers, " + JOBS + " jobs");
    out.println("results: " + got);
    out.println("sum: " + got.stream().mapToInt(Integer::intValue).sum());
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
