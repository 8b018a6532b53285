package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Received;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.WorkerPool;
import io.github.go4j.stress.Blocking;
import java.util.concurrent.RejectedExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claims ({@link WorkerPool}): actions in a thread prior to submitting a job happen-before the job
 * runs; the actions of a job happen-before the receive of its result from {@code results()}; the
 * actions of every job happen-before {@code shutdown} returns true and before a receive from {@code
 * results()} that finds it closed.
 *
 * <p>Hazard: a job travels to its worker through the queue channel and its outcome back through the
 * results channel, while the jobs' own writes go into plain fields that no channel carries. The end
 * of the pool is published by the last worker to exit (an atomic countdown, then the close of the
 * results and termination channels). A job read from the queue without the submitter's edge, a
 * result sent before the job's writes, or a termination signalled before the other workers' jobs
 * returned (the countdown reaching zero without carrying their writes) breaks a claim.
 *
 * <p>The jobs write plain {@code int} fields that nothing else publishes: on x86 (TSO) such a race
 * rarely shows as a stale read even when an edge is missing; the tests catch a broken edge with
 * certainty only on weak-memory CPUs (ARM, POWER), and on x86 when the compiler reorders or hoists
 * the reads.
 */
public final class WorkerPoolHappensBeforeTest {
  private WorkerPoolHappensBeforeTest() {}

  /**
   * Submitter: writes, then submits a job that reads that write and writes a field of its own.
   * Receiver: receives the job's result, then reads the job's field.
   */
  @JCStressTest
  @Outcome(
      id = "1, 2",
      expect = ACCEPTABLE,
      desc = "The job saw the submitter's write; the receiver saw the job's.")
  @Outcome(id = "-1, -1", expect = FORBIDDEN, desc = "No result arrived.")
  @Outcome(expect = FORBIDDEN, desc = "The job or the receiver of its result missed a write.")
  @State
  public static class SubmitThenReceiveJobOutput {
    final WorkerPool<Integer> pool = WorkerPool.start(Context.background(), 1, 1, 1);
    int x;
    int sawX = -1;
    int fromJob;

    @Actor
    public void submitter() {
      x = 1;
      Blocking.call(
          () ->
              pool.submit(
                  Context.background(),
                  ctx -> {
                    sawX = x;
                    fromJob = 2;
                    return 0;
                  }));
    }

    @Actor
    public void receiver(II_Result r) {
      Received<WorkerPool.Result<Integer>> got = Waits.receive(pool.results());
      if (got.ok()) {
        r.r1 = sawX;
        r.r2 = fromJob;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
      stop(pool);
    }
  }

  /**
   * A submit races {@code shutdown}: the job is either accepted, and then run before {@code
   * shutdown} returns true (which must see its write), or refused and never run.
   */
  @JCStressTest
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Accepted; shutdown saw the job's write.")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Refused (shutdown first); never ran.")
  @Outcome(
      id = "1, 0",
      expect = FORBIDDEN,
      desc = "Accepted, but shutdown returned true without the job's write (or the job was lost).")
  @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "Refused, but the job ran.")
  @Outcome(expect = FORBIDDEN, desc = "shutdown did not stop the pool (-1), or anything else.")
  @State
  public static class SubmitRacesShutdown {
    final WorkerPool<Integer> pool = WorkerPool.start(Context.background(), 1, 1, 1);
    int x;
    int fromJob;

    @Actor
    public void submitter(II_Result r) {
      x = 1;
      try {
        Blocking.call(
            () ->
                pool.submit(
                    Context.background(),
                    ctx -> {
                      fromJob = x;
                      return 0;
                    }));
        r.r1 = 1;
      } catch (RejectedExecutionException e) {
        r.r1 = 0;
      }
    }

    @Actor
    public void shutdowner(II_Result r) {
      r.r2 = shutdown(pool) ? fromJob : -1;
    }
  }

  /**
   * Two jobs, queued with the state, run on two workers while one actor shuts the pool down and
   * then reads their writes, and the other drains {@code results()} until it finds it closed and
   * then reads them. The first actor also drains (after {@code shutdown}), so the second may find
   * the channel closed without having received a job's result: then only the close orders that
   * job's write before its read.
   */
  @JCStressTest
  @Outcome(
      id = "1, 2, 1, 2",
      expect = ACCEPTABLE,
      desc = "shutdown() and the closed results channel both ordered every job's write.")
  @Outcome(expect = FORBIDDEN, desc = "A job's write was missed, or the pool did not stop.")
  @State
  public static class ShutdownAndClosedOutputSeesEveryJob {
    final WorkerPool<Integer> pool = WorkerPool.start(Context.background(), 2, 2, 2);
    int a;
    int b;

    public ShutdownAndClosedOutputSeesEveryJob() {
      queue(
          ctx -> {
            a = 1;
            return 1;
          });
      queue(
          ctx -> {
            b = 2;
            return 2;
          });
    }

    private void queue(WorkerPool.Job<Integer> job) {
      if (pool.trySubmit(job).isEmpty()) {
        throw new IllegalStateException("the queue of capacity 2 refused a job");
      }
    }

    @Actor
    public void shutdowner(IIII_Result r) {
      if (shutdown(pool)) {
        r.r1 = a;
        r.r2 = b;
      } else {
        r.r1 = -1;
        r.r2 = -1;
      }
      Waits.drain(pool.results());
    }

    @Actor
    public void drainer(IIII_Result r) {
      if (Waits.drain(pool.results())) {
        r.r3 = a;
        r.r4 = b;
      } else {
        r.r3 = -1;
        r.r4 = -1;
      }
    }
  }

  /**
   * {@code shutdown} with a grace period of {@link Waits#LOST}: true if the pool stopped within it.
   */
  static boolean shutdown(WorkerPool<?> pool) {
    try (CancelableContext grace = Context.withTimeout(Context.background(), Waits.LOST)) {
      return Blocking.call(() -> pool.shutdown(grace));
    }
  }

  /** Shuts the pool down after the test's work is done, failing the sample if it does not stop. */
  static void stop(WorkerPool<?> pool) {
    if (!shutdown(pool)) {
      throw new IllegalStateException("the pool did not stop within " + Waits.LOST);
    }
  }
}
