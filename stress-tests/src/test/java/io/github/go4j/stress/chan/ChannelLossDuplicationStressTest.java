package io.github.go4j.stress.chan;

import static io.github.go4j.stress.StressSupport.SCALE;
import static io.github.go4j.stress.StressSupport.joinAll;
import static io.github.go4j.stress.StressSupport.mergeCountingOverlap;
import static io.github.go4j.stress.StressSupport.n;
import static io.github.go4j.stress.StressSupport.queuedReceivers;
import static io.github.go4j.stress.StressSupport.queuedSenders;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * M producers and N consumers over one channel, with closes at random points and random interrupts
 * of producers and consumers. Every value is received exactly once if its send returned normally,
 * and never if its send failed ({@code ChannelClosedException} or {@code InterruptedException}): no
 * loss, no duplicate, no phantom.
 *
 * <p>Each round draws M, N (1-8), whether a consumer closes the channel after a random number of
 * receives (else the test closes it once the producers are done), and which receives trigger an
 * interrupt of a random participant, from a seeded generator; the seed is printed. Interrupts and
 * closes are triggered by progress (the n-th receive), not by time.
 */
@Tag("stress")
class ChannelLossDuplicationStressTest {
  private static final int ROUNDS = 8;
  private static final int VALUES_PER_ROUND = 100_000 * SCALE;

  /** Roughly one receive in this many interrupts a random producer or consumer. */
  private static final int INTERRUPT_EVERY = 400;

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, 1, 64})
  void everyValueReceivedExactlyOnceOrItsSendFailed(int capacity) throws Exception {
    long seed = 0x5eed_0000L + capacity;
    Totals t = new Totals();
    for (int round = 0; round < ROUNDS; round++) {
      runRound(capacity, new SplittableRandom(seed + round), t);
    }
    System.out.printf(
        "mpmc capacity %d, %d rounds (seed %#x): %s sent, %s received, %s lost, %s duplicated,"
            + " %s phantom; %s sends failed on close, %s sends interrupted, %s receives"
            + " interrupted, %s values never sent (closed), %s rounds closed early%n",
        capacity,
        ROUNDS,
        seed,
        n(t.sent),
        n(t.received),
        n(t.lost),
        n(t.duplicated),
        n(t.phantom),
        n(t.sendClosed),
        n(t.sendInterrupted),
        n(t.receiveInterrupted),
        n(t.neverAttempted),
        n(t.closedEarly));
    assertThat(t.lost).as("lost").isZero();
    assertThat(t.duplicated).as("duplicated").isZero();
    assertThat(t.phantom).as("phantom").isZero();
    assertThat(t.received).isEqualTo(t.sent);
    assertThat(t.sent).as("some values went through").isPositive();
  }

  private static final class Totals {
    long sent;
    long received;
    long lost;
    long duplicated;
    long phantom;
    long sendClosed;
    long sendInterrupted;
    long receiveInterrupted;
    long neverAttempted;
    long closedEarly;
  }

  private static void runRound(int capacity, SplittableRandom rnd, Totals t) throws Exception {
    final int producers = 1 + rnd.nextInt(8);
    final int consumers = 1 + rnd.nextInt(8);
    final int perProducer = VALUES_PER_ROUND / producers;
    final int total = perProducer * producers;
    // Half the rounds close early: a consumer closes after its closeAt-th receive overall.
    final long closeAt = rnd.nextBoolean() ? 1 + rnd.nextInt(total) : Long.MAX_VALUE;
    final Channel<Integer> ch = Channel.make(capacity);
    final AtomicBoolean closed = new AtomicBoolean();
    final AtomicLong receivedSoFar = new AtomicLong();
    final LongAdder sendClosed = new LongAdder();
    final LongAdder sendInterrupted = new LongAdder();
    final LongAdder receiveInterrupted = new LongAdder();
    final LongAdder neverAttempted = new LongAdder();
    final BitSet[] sentBy = new BitSet[producers];
    final BitSet[] receivedBy = new BitSet[consumers];
    final int[] localDuplicates = new int[consumers];
    final Thread[] everyone = new Thread[producers + consumers];
    final long[] consumerSeeds = new long[consumers];
    for (int c = 0; c < consumers; c++) {
      consumerSeeds[c] = rnd.nextLong();
    }

    List<Thread> consumerThreads = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      final int id = c;
      consumerThreads.add(
          Go.go(
              () -> {
                SplittableRandom r = new SplittableRandom(consumerSeeds[id]);
                BitSet seen = new BitSet(total);
                int dups = 0;
                for (; ; ) {
                  Received<Integer> got;
                  try {
                    got = ch.receiveOk();
                  } catch (InterruptedException e) {
                    receiveInterrupted.increment(); // received nothing: try again
                    continue;
                  }
                  if (!got.ok()) {
                    break; // closed and drained
                  }
                  int v = got.value();
                  if (seen.get(v)) {
                    dups++;
                  }
                  seen.set(v);
                  if (receivedSoFar.incrementAndGet() == closeAt
                      && closed.compareAndSet(false, true)) {
                    ch.close();
                  }
                  if (r.nextInt(INTERRUPT_EVERY) == 0) {
                    Thread victim = everyone[r.nextInt(everyone.length)];
                    if (victim != null) {
                      victim.interrupt();
                    }
                  }
                }
                receivedBy[id] = seen;
                localDuplicates[id] = dups;
              }));
    }
    List<Thread> producerThreads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      final int id = p;
      producerThreads.add(
          Go.go(
              () -> {
                BitSet sent = new BitSet(total);
                int base = id * perProducer;
                for (int i = 0; i < perProducer; i++) {
                  try {
                    ch.send(base + i);
                    sent.set(base + i);
                  } catch (InterruptedException e) {
                    sendInterrupted.increment(); // not sent: go on with the next value
                  } catch (ChannelClosedException e) {
                    sendClosed.increment();
                    neverAttempted.add(perProducer - i - 1);
                    break;
                  }
                }
                sentBy[id] = sent;
              }));
    }
    // Publish the participants to the interrupting consumers (a racy read sees null or a thread).
    for (int i = 0; i < producers; i++) {
      everyone[i] = producerThreads.get(i);
    }
    for (int i = 0; i < consumers; i++) {
      everyone[producers + i] = consumerThreads.get(i);
    }

    joinAll(producerThreads, "producers");
    if (closed.compareAndSet(false, true)) {
      ch.close();
    }
    joinAll(consumerThreads, "consumers");

    BitSet sent = new BitSet(total);
    for (BitSet s : sentBy) {
      sent.or(s);
    }
    BitSet received = new BitSet(total);
    long duplicated = 0;
    for (int c = 0; c < consumers; c++) {
      duplicated += localDuplicates[c] + mergeCountingOverlap(received, receivedBy[c]);
    }
    BitSet lost = (BitSet) sent.clone();
    lost.andNot(received);
    BitSet phantom = (BitSet) received.clone();
    phantom.andNot(sent);

    long attempted = total - neverAttempted.sum();
    assertThat(sent.cardinality() + sendClosed.sum() + sendInterrupted.sum())
        .as("every attempted send either returned or threw")
        .isEqualTo(attempted);
    assertThat(ch.len()).as("len after close and drain").isZero();
    assertThat(queuedReceivers(ch)).as("queuedReceivers").isZero();
    assertThat(queuedSenders(ch)).as("queuedSenders").isZero();

    t.sent += sent.cardinality();
    t.received += received.cardinality() + duplicated;
    t.lost += lost.cardinality();
    t.phantom += phantom.cardinality();
    t.duplicated += duplicated;
    t.sendClosed += sendClosed.sum();
    t.sendInterrupted += sendInterrupted.sum();
    t.receiveInterrupted += receiveInterrupted.sum();
    t.neverAttempted += neverAttempted.sum();
    t.closedEarly += closeAt != Long.MAX_VALUE ? 1 : 0;
  }
}
