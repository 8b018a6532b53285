package io.github.go4j.patterns;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.patterns.WorkerPool.Result;
import io.github.go4j.patterns.WorkerPool.Status;
import io.github.go4j.sync.WaitGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private static final Context BG = Context.background();

  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Leaks.baseline();
  }

  /** Every result until the channel is closed. */
  private static <R> List<Result<R>> drain(WorkerPool<R> pool) throws InterruptedException {
    List<Result<R>> all = new ArrayList<>();
    Result<R> r;
    while ((r = pool.results().receive()) != null) {
      all.add(r);
    }
    return all;
  }

  /**
   * Waits until {@code t} is parked (blocked in a channel operation). Only a precondition for the
   * next step: the assertions that follow hold whether or not it is parked in the expected place.
   */
  static void awaitParked(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING) {
      if (System.nanoTime() - deadline > 0) {
        fail("%s never blocked (state %s)", t, t.getState());
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /** A job that says it started, then waits until {@code gate} is closed. */
  private static WorkerPool.Job<String> held(
      String name, Channel<Unit> entered, Channel<Unit> gate) {
    return c -> {
      entered.send(Unit.VALUE);
      gate.receive();
      return name;
    };
  }

  @Test
  void runsEverySubmittedJobExactlyOnce() throws Exception {
    WorkerPool<Integer> pool = WorkerPool.start(BG, 4, 8, 8);
    Channel<List<Result<Integer>>> collected = Channel.make(1);
    go(() -> collected.send(drain(pool)));
    Set<Integer> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    Map<Long, Integer> inputById = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      int v = i;
      long id =
          pool.submit(
              BG,
              c -> {
                calls.incrementAndGet();
                ran.add(v);
                return v * 2;
              });
      inputById.put(id, v);
    }
    assertThat(pool.shutdown(BG)).isTrue();
    List<Result<Integer>> results = collected.receive();

    assertThat(calls).hasValue(200);
    assertThat(ran).hasSize(200);
    assertThat(results).hasSize(200).allMatch(Result::succeeded);
    assertThat(results)
        .extracting(Result::id)
        .containsExactlyInAnyOrderElementsOf(inputById.keySet());
    for (Result<Integer> r : results) {
      assertThat(r.value()).isEqualTo(inputById.get(r.id()) * 2);
    }
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void neverRunsMoreJobsAtOnceThanItHasWorkers() throws Exception {
    int workers = 3;
    int jobs = 12;
    WorkerPool<String> pool = WorkerPool.start(BG, workers, jobs, jobs);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    Channel<Unit> entered = Channel.make(jobs);
    Channel<Unit> gate = Channel.make(); // one token lets one held job finish
    for (int i = 0; i < jobs; i++) {
      pool.submit(
          BG,
          c -> {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            entered.send(Unit.VALUE);
            gate.receive();
            running.decrementAndGet();
            return "done";
          });
    }
    for (int i = 0; i < workers; i++) {
      entered.receive(); // the pool is full
    }
    for (int i = workers; i < jobs; i++) {
      gate.send(Unit.VALUE); // one job finishes ...
      entered.receive(); // ... and the next one starts
    }
    gate.close();
    assertThat(pool.shutdown(BG)).isTrue();

    assertThat(max).hasValue(workers);
    assertThat(drain(pool)).hasSize(jobs).allMatch(Result::succeeded);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void trySubmitReturnsEmptyWithoutBlockingWhenTheQueueIsFull() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 1, 1, 4);
    Channel<Unit> entered = Channel.make(4);
    Channel<Unit> gate = Channel.make();
    pool.submit(BG, held("a", entered, gate));
    entered.receive(); // the only worker is busy
    OptionalLong b = pool.trySubmit(held("b", entered, gate)); // takes the only queue slot

    OptionalLong c = pool.trySubmit(held("c", entered, gate));

    assertThat(b).isPresent();
    assertThat(c).isEmpty();
    gate.close();
    assertThat(pool.shutdown(BG)).isTrue();
    assertThat(drain(pool)).extracting(Result::value).containsExactlyInAnyOrder("a", "b");
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void submitBlocksWhileTheQueueIsFullAndReturnsOnceThereIsRoom() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 1, 1, 4);
    Channel<Unit> entered = Channel.make(4);
    Channel<Unit> gate = Channel.make();
    pool.submit(BG, held("a", entered, gate));
    entered.receive(); // the only worker is busy
    pool.submit(BG, held("b", entered, gate)); // the queue is full
    Channel<Long> returned = Channel.make(1);

    Thread submitter = go(() -> returned.send(pool.submit(BG, held("c", entered, gate))));
    awaitParked(submitter);

    assertThat(returned.tryReceive()).as("submit returned while the queue was full").isEmpty();
    gate.close(); // a finishes, the worker takes b, c fits
    long c = returned.receive();
    assertThat(pool.shutdown(BG)).isTrue();
    List<Result<String>> results = drain(pool);
    assertThat(results).extracting(Result::value).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(results).filteredOn(r -> r.id() == c).extracting(Result::value).containsExactly("c");
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void submitGivesUpWithItsContextErrorWhenTheContextIsDoneWhileTheQueueIsFull() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 1, 1, 4);
    Channel<Unit> entered = Channel.make(4);
    Channel<Unit> gate = Channel.make();
    pool.submit(BG, held("a", entered, gate));
    entered.receive();
    pool.submit(BG, held("b", entered, gate)); // the queue is full
    AtomicInteger cRan = new AtomicInteger();
    WorkerPool.Job<String> c =
        x -> {
          cRan.incrementAndGet();
          return "c";
        };
    CancelableContext submitCtx = Context.withCancel(BG);
    Channel<Object> outcome = Channel.make(1);

    Thread submitter =
        go(
            () -> {
              try {
                outcome.send(pool.submit(submitCtx, c));
              } catch (ContextException e) {
                outcome.send(e);
              }
            });
    awaitParked(submitter);
    submitCtx.cancel();

    assertThat(outcome.receive()).isSameAs(Context.CANCELED);
    assertThatThrownBy(() -> pool.submit(submitCtx, c)).isSameAs(Context.CANCELED);
    gate.close();
    assertThat(pool.shutdown(BG)).isTrue();
    assertThat(drain(pool)).extracting(Result::value).containsExactlyInAnyOrder("a", "b");
    assertThat(cRan).hasValue(0);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void shutdownWaitsForRunningAndQueuedJobs() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 2, 4, 8);
    Channel<Unit> entered = Channel.make(4);
    Channel<Unit> gate = Channel.make();
    AtomicInteger completed = new AtomicInteger();
    for (int i = 0; i < 4; i++) {
      WorkerPool.Job<String> job = held("job" + i, entered, gate);
      pool.submit(
          BG,
          c -> {
            String v = job.run(c);
            completed.incrementAndGet();
            return v;
          });
    }
    entered.receive();
    entered.receive(); // two running, two queued
    Channel<Boolean> returned = Channel.make(1);

    Thread closer = go(() -> returned.send(pool.shutdown(BG)));
    awaitParked(closer);

    assertThat(returned.tryReceive()).as("shutdown returned with jobs in flight").isEmpty();
    assertThatThrownBy(() -> pool.trySubmit(c -> "late"))
        .isInstanceOf(RejectedExecutionException.class);
    gate.close();
    assertThat(returned.receive()).isTrue();
    assertThat(completed).hasValue(4);
    assertThat(drain(pool)).hasSize(4).allMatch(Result::succeeded);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void shutdownThatRunsOutOfTimeCancelsRunningJobsAndReportsEveryUnstartedOne() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 2, 6, 8);
    Channel<Unit> entered = Channel.make(8);
    AtomicInteger started = new AtomicInteger();
    List<Long> submitted = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      submitted.add(
          pool.submit(
              BG,
              c -> {
                started.incrementAndGet();
                entered.send(Unit.VALUE);
                c.done().receive(); // runs until the pool's context is canceled
                return c.err() == Context.CANCELED ? "saw cancel" : "?";
              }));
    }
    entered.receive();
    entered.receive(); // both workers are busy until canceled; six jobs queued

    boolean stopped;
    try (CancelableContext grace = Context.withTimeout(BG, Duration.ofMillis(20))) {
      stopped = pool.shutdown(grace);
    }
    List<Result<String>> results = drain(pool); // ends when the pool has fully stopped

    assertThat(stopped).isFalse();
    assertThat(results).extracting(Result::id).containsExactlyInAnyOrderElementsOf(submitted);
    assertThat(results)
        .filteredOn(Result::succeeded)
        .extracting(Result::value)
        .containsExactly("saw cancel", "saw cancel");
    assertThat(results)
        .filteredOn(r -> r.status() == Status.NOT_STARTED)
        .hasSize(6)
        .allMatch(r -> r.error() == Context.CANCELED);
    assertThat(started).hasValue(2);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void submitAfterShutdownIsRefused() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 2, 2, 2);
    assertThat(pool.shutdown(BG)).isTrue();
    AtomicInteger ran = new AtomicInteger();
    WorkerPool.Job<String> job =
        c -> {
          ran.incrementAndGet();
          return "x";
        };

    assertThatThrownBy(() -> pool.submit(BG, job))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThatThrownBy(() -> pool.trySubmit(job))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut down");
    assertThat(ran).hasValue(0);
    assertThat(drain(pool)).isEmpty();
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void jobExceptionsArriveAsFailedResultsAndTheWorkerGoesOn() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 1, 4, 4);
    IOException checked = new IOException("boom");
    AssertionError error = new AssertionError("bang");
    long a =
        pool.submit(
            BG,
            c -> {
              throw checked;
            });
    long b =
        pool.submit(
            BG,
            c -> {
              throw error;
            });
    long ok = pool.submit(BG, c -> "fine"); // the single worker survived both
    assertThat(pool.shutdown(BG)).isTrue();

    Map<Long, Result<String>> byId = new HashMap<>();
    for (Result<String> r : drain(pool)) {
      byId.put(r.id(), r);
    }
    assertThat(byId.get(a).status()).isEqualTo(Status.FAILED);
    assertThat(byId.get(a).error()).isSameAs(checked);
    assertThat(byId.get(b).status()).isEqualTo(Status.FAILED);
    assertThat(byId.get(b).error()).isSameAs(error);
    assertThat(byId.get(ok).value()).isEqualTo("fine");
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void resultsChannelClosesOnlyWhenThePoolHasStopped() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 2, 4, 4);
    for (int i = 0; i < 3; i++) {
      pool.submit(BG, c -> "v");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(pool.results().receive()).isNotNull();
    }
    assertThat(pool.results().tryReceive()).as("open and empty before shutdown").isEmpty();

    assertThat(pool.shutdown(BG)).isTrue();

    assertThat(pool.results().tryReceive()).isEqualTo(Optional.of(Received.closed()));
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void submitBlockedOnAFullQueueIsRefusedWhenShutdownBegins() throws Exception {
    WorkerPool<String> pool = WorkerPool.start(BG, 1, 1, 4);
    Channel<Unit> entered = Channel.make(4);
    Channel<Unit> gate = Channel.make();
    pool.submit(BG, held("a", entered, gate));
    entered.receive();
    pool.submit(BG, held("b", entered, gate)); // the queue is full until the gate opens
    AtomicInteger cRan = new AtomicInteger();
    Channel<Object> outcome = Channel.make(1);
    Thread submitter =
        go(
            () -> {
              try {
                outcome.send(
                    pool.submit(
                        BG,
                        c -> {
                          cRan.incrementAndGet();
                          return "c";
                        }));
              } catch (Throwable e) {
                outcome.send(e);
              }
            });
    awaitParked(submitter);
    Channel<Boolean> returned = Channel.make(1);

    go(() -> returned.send(pool.shutdown(BG)));

    assertThat(outcome.receive())
        .isInstanceOf(RejectedExecutionException.class)
        .hasFieldOrPropertyWithValue(
            "message", "worker pool is shut down: it accepts no more jobs");
    gate.close();
    assertThat(returned.receive()).isTrue();
    assertThat(drain(pool)).extracting(Result::value).containsExactlyInAnyOrder("a", "b");
    assertThat(cRan).hasValue(0);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void submitsRacingShutdownAreEitherRunOnceOrRefused() throws Exception {
    WorkerPool<Long> pool = WorkerPool.start(BG, 2, 4, 4);
    Channel<List<Result<Long>>> collected = Channel.make(1);
    go(() -> collected.send(drain(pool)));
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    Set<Long> acceptedTokens = ConcurrentHashMap.newKeySet();
    Set<Long> acceptedIds = ConcurrentHashMap.newKeySet();
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    AtomicLong tokens = new AtomicLong();
    Channel<Unit> warmedUp = Channel.make(4);
    WaitGroup submitters = new WaitGroup();
    for (int s = 0; s < 4; s++) {
      submitters.go(
          () -> {
            try {
              for (int n = 0; ; n++) {
                long token = tokens.getAndIncrement();
                WorkerPool.Job<Long> job =
                    c -> {
                      runs.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
                      return token;
                    };
                OptionalLong id =
                    (n % 2 == 0) ? OptionalLong.of(pool.submit(BG, job)) : pool.trySubmit(job);
                if (id.isPresent()) {
                  acceptedTokens.add(token);
                  acceptedIds.add(id.getAsLong());
                }
                if (n == 100) {
                  warmedUp.send(Unit.VALUE);
                }
              }
            } catch (RejectedExecutionException expected) {
              // the pool is shut down: this submitter is done
            } catch (Throwable e) {
              unexpected.add(e);
            }
          });
    }
    warmedUp.receive();

    assertThat(pool.shutdown(BG)).isTrue();
    submitters.await();
    List<Result<Long>> results = collected.receive();

    assertThat(unexpected).isEmpty();
    assertThat(results).allMatch(Result::succeeded);
    assertThat(results).extracting(Result::id).containsExactlyInAnyOrderElementsOf(acceptedIds);
    assertThat(results)
        .extracting(Result::value)
        .containsExactlyInAnyOrderElementsOf(acceptedTokens);
    assertThat(runs.keySet()).isEqualTo(acceptedTokens);
    assertThat(runs.values()).allMatch(count -> count.get() == 1);
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void jobsSeeThePoolContextCanceledWhenTheParentIsCanceled() throws Exception {
    CancelableContext parent = Context.withCancel(BG);
    WorkerPool<String> pool = WorkerPool.start(parent, 1, 2, 4);
    Channel<Unit> entered = Channel.make(1);
    pool.submit(
        BG,
        c -> {
          entered.send(Unit.VALUE);
          c.done().receive();
          return "stopped: " + c.err().getMessage();
        });
    entered.receive();

    parent.cancel();

    assertThat(pool.results().receive().value()).isEqualTo("stopped: context canceled");
    assertThat(pool.shutdown(BG)).isTrue();
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void rejectsBadArgumentsWithClearMessages() throws Exception {
    assertThatThrownBy(() -> WorkerPool.start(null, 1, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("parent must not be null");
    assertThatThrownBy(() -> WorkerPool.start(BG, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workers")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> WorkerPool.start(BG, 1, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueCapacity")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> WorkerPool.start(BG, 1, 1, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("resultCapacity")
        .hasMessageContaining("-2");
    WorkerPool<String> pool = WorkerPool.start(BG, 1, 1, 1);
    assertThatThrownBy(() -> pool.submit(null, c -> "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context ctx must not be null");
    assertThatThrownBy(() -> pool.submit(BG, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("job must not be null");
    assertThatThrownBy(() -> pool.trySubmit(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("job must not be null");
    assertThatThrownBy(() -> pool.shutdown(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("context ctx must not be null");
    assertThat(pool.shutdown(BG)).isTrue();
    Leaks.assertNoGoroutineLeft(baseline);
  }
}
