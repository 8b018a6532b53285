package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go's worker pool: a fixed number of goroutines ranging over a buffered jobs channel and sending
 * what each job produced on a results channel, with a graceful shutdown.
 *
 * <pre>{@code
 * jobs := make(chan Job, queue)
 * results := make(chan Result, queue)
 * for w := 0; w < workers; w++ {
 *     go func() {
 *         for j := range jobs {
 *             results <- j.Run(ctx)
 *         }
 *     }()
 * }
 * jobs <- job      // submit: blocks while the queue is full
 * close(jobs)      // shutdown: the workers finish the queue, then exit
 * }</pre>
 *
 * <p>In Java:
 *
 * <pre>{@code
 * WorkerPool<String> pool = WorkerPool.start(Context.background(), 4, 16, 16);
 * go(() -> {
 *   for (WorkerPool.Result<String> r : pool.results()) {   // ends when the pool has stopped
 *     handle(r.id(), r);
 *   }
 * });
 * long id = pool.submit(ctx, jobCtx -> fetch(jobCtx, url));
 * try (CancelableContext grace = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
 *   pool.shutdown(grace);   // false: the grace period ran out and the rest was canceled
 * }
 * }</pre>
 *
 * <p><b>Tasks.</b> A {@link Job} receives the pool's context, a child of the parent given to {@link
 * #start}; it is canceled when a {@link #shutdown} runs out of time (and when the parent is
 * canceled), so long jobs should watch it. Exactly {@code workers} goroutines run jobs, in
 * submission order as far as the queue is concerned; a worker that has taken a job while the pool's
 * context is done does not run it.
 *
 * <p><b>Results.</b> Every accepted job produces exactly one {@link Result} on {@link #results()}:
 * {@link Status#SUCCEEDED} with its value, {@link Status#FAILED} with what it threw (any {@link
 * Throwable}: it is never swallowed, and the worker goes on), or {@link Status#NOT_STARTED} if the
 * pool's context was done before a worker started it (it never ran). Each result carries the id
 * that {@link #submit} or {@link #trySubmit} returned and the job itself, so results can be matched
 * to submissions (they arrive in completion order, not submission order). The results channel has a
 * fixed buffer: <em>it must be read</em>. If nobody reads it, workers block once its buffer is full
 * (back-pressure): no more jobs start, the queue fills, submitters block, and {@link #shutdown}
 * cannot finish. Read it in another goroutine than the one that submits, or a submitter blocked on
 * a full queue and workers blocked on full results wait for each other. The channel is closed once
 * the pool has fully stopped: after {@code shutdown}, when the last worker has exited.
 *
 * <p><b>Submission policy.</b> {@link #submit} blocks while the queue is full, until the job is
 * queued or its context is done (then it throws that context's error and the job was not queued).
 * {@link #trySubmit} never blocks. Both refuse a job once shutdown has begun with {@link
 * RejectedExecutionException}. A submit racing a shutdown either queues the job (it is then run or
 * reported, like any other) or is refused: no job is accepted and then dropped.
 *
 * <p><b>Shutdown.</b> {@link #shutdown} stops taking work (closes the queue), lets the workers
 * finish what is running and queued, and returns true when all is done; if its context is done
 * first, it cancels the pool's context (running jobs see it), and returns false. Jobs still queued
 * then are not run: the workers report each one as {@link Status#NOT_STARTED}, so started plus not
 * started is exactly what was accepted, with no job lost or run twice.
 *
 * <p><b>Blocking and interruption.</b> {@link #submit} and {@link #shutdown} block as above and
 * throw {@link InterruptedException} if interrupted while they wait (the job was then not queued;
 * the shutdown goes on without them). Workers are not interruptible: an interrupt that reaches one
 * is cleared before its next job; jobs learn of cancellation through their context. {@link
 * #trySubmit} and {@link #results()} never block.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to submitting a job happen-before
 * the job runs (a channel send and its receive). The actions of a job happen-before the receive of
 * its result from {@link #results()}. The actions of every job happen-before {@link #shutdown}
 * returns true and before a receive from {@link #results()} that finds it closed.
 *
 * <p>The hand-off takes no lock beyond the queue channel's own: a submit is a channel send, a
 * volatile read and an id increment.
 *
 * @param <R> the type of the jobs' values
 */
public final class WorkerPool<R> {

  /**
   * A unit of work for a {@link WorkerPool}: Go's {@code func(ctx context.Context) (R, error)}.
   *
   * @param <R> the type of its value
   */
  @FunctionalInterface
  public interface Job<R> {
    /**
     * Does the work.
     *
     * @param ctx the pool's context: canceled when a shutdown runs out of time or the pool's parent
     *     context is canceled; watch it to stop early
     * @return the value, delivered in a {@link Result} (may be null)
     * @throws Exception anything; delivered as a {@link Status#FAILED} result
     */
    R run(Context ctx) throws Exception;
  }

  /** What became of an accepted job. */
  public enum Status {
    /** The job ran and returned {@link Result#value()}. */
    SUCCEEDED,
    /** The job ran and threw {@link Result#error()}. */
    FAILED,
    /**
     * The job was never run: the pool's context was done (a shutdown ran out of time, or the parent
     * was canceled) before a worker started it. {@link Result#error()} is that context's error.
     */
    NOT_STARTED
  }

  /**
   * The outcome of one accepted job, delivered on {@link #results()}.
   *
   * @param id the id {@link #submit} or {@link #trySubmit} returned for the job
   * @param job the job, as submitted (for instance to resubmit one that did not start)
   * @param status what became of it
   * @param value its value if it {@link Status#SUCCEEDED} (may be null), else null
   * @param error what it threw if it {@link Status#FAILED}; the pool context's error if {@link
   *     Status#NOT_STARTED}; null if it succeeded
   * @param <R> the type of the jobs' values
   */
  public record Result<R>(long id, Job<? extends R> job, Status status, R value, Throwable error) {
    /**
     * Checks that the components agree.
     *
     * @throws NullPointerException if {@code job} or {@code status} is null
     * @throws IllegalArgumentException if {@code error} is set for a success or missing for a
     *     failure, or a value is given for a job that did not succeed
     */
    public Result {
      Objects.requireNonNull(job, "job must not be null");
      Objects.requireNonNull(status, "status must not be null");
      if ((status == Status.SUCCEEDED) != (error == null)) {
        throw new IllegalArgumentException(
            "error must be null exactly when status is SUCCEEDED: " + status + ", " + error);
      }
      if (status != Status.SUCCEEDED && value != null) {
        throw new IllegalArgumentException("value must be null when status is " + status);
      }
    }

    /**
     * Whether the job ran and returned normally.
     *
     * @return {@code status() == SUCCEEDED}
     */
    public boolean succeeded() {
      return status == Status.SUCCEEDED;
    }
  }

  /** A queued job with its id. */
  private record Submitted<R>(long id, Job<? extends R> job) {}

  private final CancelableContext poolCtx;
  private final Channel<Submitted<R>> jobs;
  private final Channel<Result<R>> results;

  /** Closed after the last worker exited and {@link #results} was closed. */
  private final Channel<Unit> terminated = Channel.make();

  /** Set once by the first {@link #shutdown}, just before {@link #jobs} is closed. */
  private final AtomicBoolean shutdown = new AtomicBoolean();

  /** Workers still running; the one that takes it to zero closes the channels. */
  private final AtomicInteger live;

  private final AtomicLong nextId = new AtomicLong();

  private WorkerPool(Context parent, int workers, int queueCapacity, int resultCapacity) {
    this.jobs = Channel.make(queueCapacity);
    this.results = Channel.make(resultCapacity);
    this.live = new AtomicInteger(workers);
    this.poolCtx = Context.withCancel(parent);
  }

  /**
   * Starts a pool of {@code workers} goroutines: Go's {@code for w := 0; w < n; w++ { go
   * worker(jobs, results) }}.
   *
   * @param parent the parent of the pool's context (the context jobs receive); canceling it cancels
   *     running jobs and makes the pool report the jobs it takes afterwards as {@link
   *     Status#NOT_STARTED} (the pool still needs a {@link #shutdown} to stop)
   * @param workers how many jobs run at once, 1 or more
   * @param queueCapacity how many submitted jobs may wait for a worker, 0 or more (0: a submit
   *     waits until a worker takes the job)
   * @param resultCapacity how many results may wait for a reader of {@link #results()}, 0 or more
   * @param <R> the type of the jobs' values
   * @return the running pool
   * @throws NullPointerException if {@code parent} is null
   * @throws IllegalArgumentException if {@code workers} is less than 1, or a capacity is negative
   */
  public static <R> WorkerPool<R> start(
      Context parent, int workers, int queueCapacity, int resultCapacity) {
    Objects.requireNonNull(parent, "parent must not be null");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1: " + workers);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must not be negative: " + queueCapacity);
    }
    if (resultCapacity < 0) {
      throw new IllegalArgumentException("resultCapacity must not be negative: " + resultCapacity);
    }
    WorkerPool<R> pool = new WorkerPool<>(parent, workers, queueCapacity, resultCapacity);
    int started = 0;
    try {
      for (; started < workers; started++) {
        Go.go(pool::work);
      }
    } catch (Throwable e) { // a goroutine did not start (e.g. OutOfMemoryError): stop the others
      pool.shutdown.set(true);
      pool.jobs.close();
      for (int i = started; i < workers; i++) {
        pool.exit();
      }
      throw e;
    }
    return pool;
  }

  /**
   * Queues {@code job}, blocking while the queue is full: Go's {@code select { case jobs <- job:
   * case <-ctx.Done(): }}.
   *
   * <p>If {@code ctx} is already done the job is not queued, even if there is room.
   *
   * @param ctx bounds the wait for room in the queue (not the job: the job gets the pool's context)
   * @param job the job
   * @return the job's id, which its {@link Result} carries; ids are unique and increase with each
   *     submission attempt (refused attempts may leave gaps)
   * @throws ContextException {@code ctx.err()} if {@code ctx} is done before the job is queued; the
   *     job was not queued
   * @throws RejectedExecutionException if {@link #shutdown} has begun; the job was not queued
   * @throws InterruptedException if interrupted while waiting for room; the job was not queued
   * @throws NullPointerException if {@code ctx} or {@code job} is null
   */
  public long submit(Context ctx, Job<? extends R> job) throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Objects.requireNonNull(job, "job must not be null");
    ensureOpen();
    ctx.throwIfDone();
    Submitted<R> s = new Submitted<>(nextId.getAndIncrement(), job);
    try {
      if (jobs.trySend(s)
          || Select.select(
              jobs.onSend(s, () -> Boolean.TRUE), ctx.done().onReceive(x -> Boolean.FALSE))) {
        return s.id();
      }
    } catch (ChannelClosedException e) { // shutdown closed the queue meanwhile: not sent
      throw rejected();
    }
    ContextException err = ctx.err();
    throw err != null ? err : Context.CANCELED; // non-null by Context's contract
  }

  /**
   * Queues {@code job} if the queue has room (or, with no queue, a worker is waiting for a job):
   * Go's {@code select { case jobs <- job: default: }}. Never blocks.
   *
   * @param job the job
   * @return the job's id (see {@link #submit}), or empty if the queue was full and nothing was
   *     queued
   * @throws RejectedExecutionException if {@link #shutdown} has begun; the job was not queued
   * @throws NullPointerException if {@code job} is null
   */
  public OptionalLong trySubmit(Job<? extends R> job) {
    Objects.requireNonNull(job, "job must not be null");
    ensureOpen();
    Submitted<R> s = new Submitted<>(nextId.getAndIncrement(), job);
    try {
      return jobs.trySend(s) ? OptionalLong.of(s.id()) : OptionalLong.empty();
    } catch (ChannelClosedException e) { // shutdown closed the queue meanwhile: not sent
      throw rejected();
    }
  }

  /**
   * The results of the accepted jobs, one per job, in completion order; closed once the pool has
   * fully stopped. It must be read (see the class description): workers block while its buffer is
   * full. Never blocks.
   *
   * @return the receive-only results channel (the same one on every call)
   */
  public ReceiveChannel<Result<R>> results() {
    return results.receiveOnly();
  }

  /**
   * Stops the pool gracefully: no new jobs are accepted, queued and running jobs complete, and this
   * returns true once every worker has exited (and {@link #results()} is closed). If {@code ctx} is
   * done first, cancels the pool's context (running jobs see it; the queued ones will not be run
   * and are reported as {@link Status#NOT_STARTED}) and returns false at once, without waiting for
   * the running jobs; the pool keeps stopping in the background and {@link #results()} closes once
   * they have returned.
   *
   * <p>May be called more than once and from several goroutines: each call waits as above (a later
   * call with a longer deadline can wait for the stop). Pass a done context to stop at once. Do not
   * call it from a job with a context that never ends: the pool would wait for that job.
   *
   * @param ctx bounds the wait (the grace period)
   * @return true if the pool has fully stopped; false if {@code ctx} was done first
   * @throws InterruptedException if interrupted while waiting; the pool still stops taking work but
   *     its context is not canceled
   * @throws NullPointerException if {@code ctx} is null
   */
  public boolean shutdown(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    if (shutdown.compareAndSet(false, true)) {
      jobs.close(); // submits racing this either queued their job already or now fail to send
    }
    if (terminated.tryReceive().isPresent()) {
      return true; // a stop wins over a done ctx
    }
    boolean stopped =
        Select.select(
            terminated.onReceive(x -> Boolean.TRUE), ctx.done().onReceive(x -> Boolean.FALSE));
    if (stopped || terminated.tryReceive().isPresent()) {
      return true; // if both were ready, the stop wins
    }
    poolCtx.cancel();
    return false;
  }

  private void ensureOpen() {
    if (shutdown.get()) {
      throw rejected();
    }
  }

  private static RejectedExecutionException rejected() {
    return new RejectedExecutionException("worker pool is shut down: it accepts no more jobs");
  }

  /** The body of a worker goroutine: {@code for j := range jobs { results <- run(j) }}. */
  private void work() {
    try {
      Submitted<R> s;
      while ((s = receiveJob()) != null) {
        deliver(runJob(s));
      }
    } finally {
      exit();
    }
  }

  private Result<R> runJob(Submitted<R> s) {
    ContextException err = poolCtx.err();
    if (err != null) {
      return new Result<>(s.id(), s.job(), Status.NOT_STARTED, null, err);
    }
    Thread.interrupted(); // an interrupt aimed at an earlier job must not reach this one
    try {
      R value = s.job().run(poolCtx);
      return new Result<>(s.id(), s.job(), Status.SUCCEEDED, value, null);
    } catch (Throwable e) { // everything reaches the results channel; the worker goes on
      return new Result<>(s.id(), s.job(), Status.FAILED, null, e);
    } finally {
      Thread.interrupted();
    }
  }

  /** The next job, or null once the queue is closed and drained. Workers ignore interrupts. */
  private Submitted<R> receiveJob() {
    while (true) {
      try {
        return jobs.receive();
      } catch (InterruptedException e) {
        // not interruptible: the pool's context is how a worker is stopped
      }
    }
  }

  /** Sends a result, waiting as long as it takes for a reader: a result is never dropped. */
  private void deliver(Result<R> r) {
    while (true) {
      try {
        results.send(r);
        return;
      } catch (InterruptedException e) {
        // not interruptible: see receiveJob
      }
    }
  }

  /** A worker has exited; the last one releases the context and closes the channels. */
  private void exit() {
    if (live.decrementAndGet() == 0) {
      poolCtx.cancel(); // every job has returned: releases the context's registration in its parent
      results.close();
      terminated.close();
    }
  }

  @Override
  public String toString() {
    return "WorkerPool[queued=" + jobs.len() + ", shutdown=" + shutdown.get() + "]";
  }
}
