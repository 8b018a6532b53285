package io.github.go4j.bench;

import io.github.go4j.chan.Channel;
import java.lang.management.ManagementFactory;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Memory per blocked goroutine: {@code goroutines} (10^5 and 10^6) virtual threads each block in a
 * receive on one shared unbuffered channel; the heap in use with all of them parked, minus the heap
 * in use before they started (each after {@link System#gc()}), divided by their number. A parked
 * virtual thread's stack lives in the heap (its stack chunk), so the figure is the whole goroutine:
 * thread object, continuation, stack and whatever the channel keeps per waiter.
 *
 * <p>The result is the secondary metric {@code bytesPerGoroutine} (an {@link AuxCounters} counter,
 * one measurement per iteration); the primary score, the time of one shot (start, block, measure,
 * release), is not reported. Peers: go4j ({@code receive} on an unbuffered channel, released by
 * {@code close}), jox ({@code receiveOrClosed} on a rendezvous channel, released by {@code done}),
 * {@code juc} ({@link SynchronousQueue#take}, released by one {@code put} per goroutine) and {@code
 * park}, the baseline: a bare {@link LockSupport#park} loop on a volatile flag. The target: go4j's
 * figure must not grow with a new engine. With 10^6 goroutines jox fails (jox 1.0.1: {@code done()}
 * throws StackOverflowError from {@code Channel.closeCellsUntil}, which recurses once per cell), so
 * its row has no 10^6 figure.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class BlockedMemory {

  /** The name of the secondary metric (the field of {@link Footprint}). */
  static final String METRIC = "bytesPerGoroutine";

  static final String PARK = "park";

  /** How long to wait for every goroutine to park before giving up. */
  private static final long PARK_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

  @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC, PARK})
  public String impl;

  /**
   * Goroutines blocked at once: 10^5 and 10^6 (the figure per goroutine must not grow with their
   * number either). The smoke run of {@code mvn verify} passes {@code -p goroutines=10000} to stay
   * short; the figure is per goroutine either way.
   */
  @Param({"100000", "1000000"})
  public int goroutines;

  /** The measurement of one iteration (one shot). */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Footprint {
    /** Heap bytes per blocked goroutine. */
    public double bytesPerGoroutine;

    @Setup(Level.Iteration)
    public void clear() {
      bytesPerGoroutine = 0;
    }
  }

  /** How the goroutines of one peer block, and how they are released. */
  private interface Blocker {
    /** The body of each goroutine: blocks, returns once released. */
    void block() throws Exception;

    /** Releases every goroutine. */
    void release(Thread[] threads);
  }

  @Benchmark
  public void run(Footprint out) throws Exception {
    int n = goroutines;
    Thread[] threads = new Thread[n];
    AtomicInteger released = new AtomicInteger();
    Blocker blocker = blocker(impl);
    Runnable body =
        () -> {
          try {
            blocker.block();
            released.incrementAndGet();
          } catch (Exception e) {
            // not counted: the check below fails
          }
        };
    Thread.Builder builder = Thread.ofVirtual();
    long before = usedHeapAfterGc();
    for (int i = 0; i < n; i++) {
      threads[i] = builder.start(body);
    }
    awaitAllParked(threads);
    long after = usedHeapAfterGc();
    blocker.release(threads);
    for (Thread t : threads) {
      t.join();
    }
    if (released.get() != n) {
      throw new IllegalStateException(
          impl + ": " + released.get() + " of " + n + " goroutines released properly");
    }
    out.bytesPerGoroutine = (double) (after - before) / n;
  }

  private static Blocker blocker(String impl) {
    return switch (impl) {
      case Pipe.GO4J -> {
        Channel<Integer> ch = Channel.make();
        yield new Blocker() {
          @Override
          public void block() throws Exception {
            if (ch.receive() != null) {
              throw new IllegalStateException("received a value");
            }
          }

          @Override
          public void release(Thread[] threads) {
            ch.close();
          }
        };
      }
      case Pipe.JOX -> {
        com.softwaremill.jox.Channel<Integer> ch =
            com.softwaremill.jox.Channel.newRendezvousChannel();
        yield new Blocker() {
          @Override
          public void block() throws Exception {
            if (!(ch.receiveOrClosed() instanceof com.softwaremill.jox.ChannelClosed)) {
              throw new IllegalStateException("received a value");
            }
          }

          @Override
          public void release(Thread[] threads) {
            ch.done();
          }
        };
      }
      case Pipe.JUC -> {
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        Integer released = Integer.valueOf(-1);
        yield new Blocker() {
          @Override
          public void block() throws Exception {
            if (q.take() != released) {
              throw new IllegalStateException("received another value");
            }
          }

          @Override
          public void release(Thread[] threads) {
            // one hand-off per waiting taker: cheaper than interrupts, which throw an exception
            // each
            for (int i = 0; i < threads.length; i++) {
              try {
                q.put(released);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            }
          }
        };
      }
      case PARK -> {
        Flag flag = new Flag();
        yield new Blocker() {
          @Override
          public void block() {
            while (!flag.up) {
              LockSupport.park(flag);
            }
          }

          @Override
          public void release(Thread[] threads) {
            flag.up = true;
            for (Thread t : threads) {
              LockSupport.unpark(t);
            }
          }
        };
      }
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  private static final class Flag {
    volatile boolean up;
  }

  /** Waits until every thread is parked (state WAITING). */
  private static void awaitAllParked(Thread[] threads) throws InterruptedException {
    long deadline = System.nanoTime() + PARK_TIMEOUT_NS;
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("a goroutine did not park: " + t.getState());
        }
        Thread.sleep(1);
      }
    }
  }

  /** Heap in use after a full collection ({@link System#gc()}: a full, compacting one in G1). */
  static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
