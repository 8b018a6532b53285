package io.github.go4j.bench;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The producers and consumers of one batch: started together, joined together, and the first
 * failure rethrown by {@link #join()}.
 */
final class Parties {
  /** The body of party number {@code index}. */
  @FunctionalInterface
  interface Body {
    void run(int index) throws Exception;
  }

  private final Thread[] threads;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private int started;

  private Parties(int capacity) {
    this.threads = new Thread[capacity];
  }

  /**
   * Returns an empty group able to hold {@code capacity} parties.
   *
   * @param capacity the number of parties that will be started
   * @return the group
   */
  static Parties withCapacity(int capacity) {
    return new Parties(capacity);
  }

  /**
   * Starts {@code count} parties running {@code body(0..count-1)}.
   *
   * @param virtual whether they are virtual threads (else platform threads)
   * @param count how many
   * @param body what each runs
   * @return this group
   */
  Parties start(boolean virtual, int count, Body body) {
    Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
    for (int i = 0; i < count; i++) {
      final int index = i;
      threads[started++] =
          builder.start(
              () -> {
                try {
                  body.run(index);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              });
    }
    return this;
  }

  /**
   * Waits for every party and rethrows the first failure.
   *
   * @throws Exception the first failure of a party
   */
  void join() throws Exception {
    for (int i = 0; i < started; i++) {
      threads[i].join();
    }
    rethrow(failure.get());
  }

  static void rethrow(Throwable t) throws Exception {
    if (t == null) {
      return;
    }
    if (t instanceof Exception e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  /**
   * The value of message {@code i}: a cached {@link Integer} (-128..127), so that sending it
   * allocates nothing.
   *
   * @param i the message number
   * @return the value to send
   */
  static Integer token(int i) {
    return Integer.valueOf((i & 127) - 64);
  }

  /**
   * The sum of {@link #token(int)} over {@code i = 0..n-1}: what a consumer of all the messages
   * must add up to.
   *
   * @param n the number of messages
   * @return their checksum
   */
  static long checksum(int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += token(i);
    }
    return sum;
  }

  /**
   * Throws if a batch's checksum is wrong: a lost, duplicated or corrupted message.
   *
   * @param what the workload
   * @param expected the expected sum
   * @param actual the sum received
   */
  static void check(String what, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(
          what + ": checksum " + actual + " != expected " + expected + " (lost or duplicated)");
    }
  }
}
