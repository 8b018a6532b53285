package io.github.go4j.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JVM floor under the buffered one-producer/one-consumer workloads: {@link Spsc}'s batch (a
 * producer sends {@code N} values, the driver receives them, both virtual threads) over a bare
 * spinning buffer with nothing else around it, no channel semantics (no close, no select, no
 * blocking: a party whose buffer is full or empty spins). ns per message, the counterpart of one
 * message of {@code Spsc}.
 *
 * <p>{@code impl}:
 *
 * <ul>
 *   <li>{@code slot}: one slot, a reference that is null when free (capacity 1). Every message
 *       moves the slot's cache line to the consumer and back: the floor under {@code spsc c=1} on
 *       two carriers.
 *   <li>{@code ring}: 64 slots, a single-producer single-consumer ring whose element is its own
 *       flag (null: free), written with release stores only (Lamport's queue): the cheapest bounded
 *       queue there is, and one that no channel can be, since a channel has many senders and
 *       receivers.
 *   <li>{@code ringCas}: the same ring, but each send and each receive also claims its position by
 *       a compare-and-set on its own counter (a cache line of its own, never contended), as every
 *       multi-producer multi-consumer ring must (go4j's, jox's, ArrayBlockingQueue's lock). On x86
 *       the compare-and-set is a full fence: it waits for the previous message's stores to reach
 *       the cache line the partner is reading.
 * </ul>
 *
 * <p>A waiting party calls {@link Thread#onSpinWait} and, every {@link #YIELD_EVERY} polls, {@link
 * Thread#yield}: should the partner ever wait for this party's carrier, it gets it. It never parks,
 * so no row pays an unpark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class BufferFloor {
  static final String SLOT = "slot";
  static final String RING = "ring";
  static final String RING_CAS = "ringCas";

  /** The ring's capacity, Spsc's c=64. */
  static final int RING_CAPACITY = 64;

  /** Polls between two yields of a waiting party. */
  static final int YIELD_EVERY = 1024;

  @Param({SLOT, RING, RING_CAS})
  public String impl;

  private SpinRing pipe;

  @Setup
  public void setup() {
    pipe =
        switch (impl) {
          case SLOT -> new SpinRing(1, false);
          case RING -> new SpinRing(RING_CAPACITY, false);
          case RING_CAS -> new SpinRing(RING_CAPACITY, true);
          default -> throw new IllegalArgumentException("unknown impl: " + impl);
        };
  }

  @Benchmark
  @OperationsPerInvocation(Spsc.N)
  public void run() throws Exception {
    Driver.run(() -> Spsc.batch(pipe, Spsc.N, true));
  }

  /**
   * The bare buffer: one producer and one consumer at a time (each batch joins its producer before
   * it returns, so the next batch's parties start after the last one's writes).
   */
  static final class SpinRing implements Pipe<Integer> {
    private final Object[] slots;
    private final boolean cas;
    private final Counter sendCount = new Counter();
    private final Counter recvCount = new Counter();
    private int sendIndex; // the producer's only
    private int recvIndex; // the consumer's only

    SpinRing(int capacity, boolean cas) {
      this.slots = new Object[capacity];
      this.cas = cas;
    }

    @Override
    public void send(Integer value) {
      Object[] s = slots;
      int i = sendIndex;
      for (int k = 1; SLOTS.getAcquire(s, i) != null; k++) {
        spinWait(k);
      }
      if (cas) {
        sendCount.claim();
      }
      SLOTS.setRelease(s, i, value);
      sendIndex = i + 1 == s.length ? 0 : i + 1;
    }

    @Override
    public Integer receive() {
      Object[] s = slots;
      int i = recvIndex;
      Object v;
      for (int k = 1; (v = SLOTS.getAcquire(s, i)) == null; k++) {
        spinWait(k);
      }
      if (cas) {
        recvCount.claim();
      }
      SLOTS.setRelease(s, i, null);
      recvIndex = i + 1 == s.length ? 0 : i + 1;
      return (Integer) v;
    }

    private static void spinWait(int k) {
      if (k % YIELD_EVERY == 0) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  }

  /** A position counter on a cache line of its own, claimed by compare-and-set. */
  @SuppressWarnings("unused")
  static final class Counter {
    long p1, p2, p3, p4, p5, p6, p7;
    volatile long count;
    long q1, q2, q3, q4, q5, q6, q7;

    void claim() {
      long c = count;
      if (!COUNT.compareAndSet(this, c, c + 1)) {
        throw new IllegalStateException("a position counter is uncontended");
      }
    }

    private static final VarHandle COUNT;

    static {
      try {
        COUNT = MethodHandles.lookup().findVarHandle(Counter.class, "count", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }
}
