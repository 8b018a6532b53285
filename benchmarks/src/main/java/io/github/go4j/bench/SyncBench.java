package io.github.go4j.bench;

import io.github.go4j.Go;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * go4j's {@code sync} beside its java.util.concurrent counterpart ({@code jdk}): WaitGroup over
 * 10^5 goroutines (CountDownLatch), and Mutex contended and uncontended (ReentrantLock). Every
 * party is a virtual thread, the driver too; each batch checks its result.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SyncBench {
  /** Goroutines (waitGroup) or lock operations (mutex*) per invocation. */
  static final int N = 100_000;

  /** Goroutines contending for the mutex. */
  static final int CONTENDERS = 4;

  @Param({Pipe.GO4J, "jdk"})
  public String impl;

  /** 10^5 goroutines each signal once; the driver waits for all. ns per goroutine. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void waitGroup() throws Exception {
    Driver.run(impl.equals(Pipe.GO4J) ? SyncBench::waitGroupGo4j : SyncBench::waitGroupJdk);
  }

  private static void waitGroupGo4j() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    wg.add(N);
    for (int i = 0; i < N; i++) {
      Thread.ofVirtual().start(wg::done);
    }
    wg.await();
  }

  private static void waitGroupJdk() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(N);
    for (int i = 0; i < N; i++) {
      Thread.ofVirtual().start(latch::countDown);
    }
    latch.await();
  }

  /**
   * 10^5 goroutines each count a latch down once, the driver awaits: {@code Go.go} (which keeps
   * {@code Go.numGoroutine()}'s count) against a bare virtual thread. ns per goroutine; the ratio
   * is what the count costs {@code go}.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void goStatement() throws Exception {
    Driver.run(impl.equals(Pipe.GO4J) ? SyncBench::spawnGo4j : SyncBench::spawnJdk);
  }

  private static void spawnGo4j() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(N);
    for (int i = 0; i < N; i++) {
      Go.go(latch::countDown);
    }
    latch.await();
  }

  /** Go.go without its count: a named virtual thread running a wrapper of the task. */
  private static final java.util.concurrent.ThreadFactory NAMED =
      Thread.ofVirtual().name("goroutine-", 1).factory();

  private static void spawnJdk() throws InterruptedException {
    CountDownLatch latch = new CountDownLatch(N);
    for (int i = 0; i < N; i++) {
      Runnable task = latch::countDown;
      NAMED.newThread(() -> task.run()).start();
    }
    latch.await();
  }

  /** Four goroutines increment one counter under the lock, N increments in all. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void mutexContended() throws Exception {
    Driver.run(() -> contended(locker(impl)));
  }

  /** One goroutine, N lock/unlock pairs. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void mutexUncontended() throws Exception {
    Driver.run(
        () -> {
          Lock l = locker(impl);
          int[] counter = new int[1];
          for (int i = 0; i < N; i++) {
            l.lock();
            counter[0]++;
            l.unlock();
          }
          check(counter[0]);
        });
  }

  private static void contended(Lock l) throws InterruptedException {
    int[] counter = new int[1];
    Thread[] ts = new Thread[CONTENDERS];
    for (int t = 0; t < CONTENDERS; t++) {
      ts[t] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < N / CONTENDERS; i++) {
                      l.lock();
                      counter[0]++;
                      l.unlock();
                    }
                  });
    }
    for (Thread t : ts) {
      t.join();
    }
    check(counter[0]);
  }

  private static void check(int counter) {
    if (counter != N) {
      throw new IllegalStateException("lost increments: " + counter + " != " + N);
    }
  }

  /** The lock/unlock pair both implementations offer. */
  private interface Lock {
    void lock();

    void unlock();
  }

  private static Lock locker(String impl) {
    if (impl.equals(Pipe.GO4J)) {
      Mutex mu = new Mutex();
      return new Lock() {
        @Override
        public void lock() {
          mu.lock();
        }

        @Override
        public void unlock() {
          mu.unlock();
        }
      };
    }
    ReentrantLock rl = new ReentrantLock();
    return new Lock() {
      @Override
      public void lock() {
        rl.lock();
      }

      @Override
      public void unlock() {
        rl.unlock();
      }
    };
  }
}
