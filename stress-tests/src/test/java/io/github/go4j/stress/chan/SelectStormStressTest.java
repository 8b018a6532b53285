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
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.Unit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Select storms: goroutines run selects over random subsets of 8 channels (capacities 0 to 64),
 * each case a send or a receive at random, some with a {@code default}, so which cases are ready
 * changes all the time. Every value a send case delivered is received exactly once (by a select or
 * by the final drain), no value appears that no send case delivered, and once the storm is over no
 * select has left a node queued on any channel.
 *
 * <p>A value is (worker, sequence number), and a worker advances its sequence number only when its
 * send case ran, so the values each worker sent are exactly {@code 0..count-1}. One extra worker
 * never blocks (its selects always have a {@code default}) and offers every channel in both
 * directions, so some select can always make progress. The worker whose select brings the total to
 * the target closes {@code done}, on which every blocking select also waits.
 */
@Tag("stress")
class SelectStormStressTest {
  private static final int[] CAPACITIES = {0, 0, 0, 1, 1, 4, 16, 64};
  private static final int BLOCKING_WORKERS = 8;
  private static final long TARGET_SELECTS = 1_000_000L * SCALE;

  /** Sequence numbers per worker fit below this (a value is worker * SPAN + sequence). */
  private static final int SPAN = 1 << 24;

  /** A select's result: which kind of case ran. */
  private static final int SENT = 1;

  private static final int RECEIVED = 2;
  private static final int DEFAULT = 3;
  private static final int DONE = 4;

  @Test
  void selectsOverRandomlyReadyChannelsLoseAndDuplicateNothing() throws Exception {
    long seed = 0x5e1ec7L;
    List<Channel<Integer>> chans = new ArrayList<>();
    for (int c : CAPACITIES) {
      chans.add(Channel.make(c));
    }
    Channel<Unit> done = Channel.make();
    AtomicLong selects = new AtomicLong();
    int workers = BLOCKING_WORKERS + 1;
    int[] sentCount = new int[workers];
    BitSet[][] receivedBy = new BitSet[workers][];
    int[] localDuplicates = new int[workers];
    long[] kinds = new long[5];
    long[][] kindsBy = new long[workers][];

    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      final int id = w;
      final boolean pump = w == BLOCKING_WORKERS;
      final SplittableRandom rnd = new SplittableRandom(seed + w);
      threads.add(
          Go.go(
              () -> {
                BitSet[] seen = new BitSet[workers];
                for (int i = 0; i < workers; i++) {
                  seen[i] = new BitSet();
                }
                int[] dups = {0};
                long[] myKinds = new long[5];
                int seq = 0;
                List<SelectCase<Integer>> cases = new ArrayList<>();
                for (; ; ) {
                  cases.clear();
                  for (Channel<Integer> ch : chans) {
                    if (pump) {
                      cases.add(ch.onSend(id * SPAN + seq, () -> SENT));
                      cases.add(ch.onReceive(v -> record(v, seen, dups)));
                    } else if (rnd.nextBoolean()) {
                      cases.add(
                          rnd.nextBoolean()
                              ? ch.onSend(id * SPAN + seq, () -> SENT)
                              : ch.onReceive(v -> record(v, seen, dups)));
                    }
                  }
                  if (pump || rnd.nextInt(4) == 0) {
                    cases.add(Select.onDefault(() -> DEFAULT));
                  }
                  cases.add(done.onReceive(u -> DONE));
                  int kind = Select.select(cases);
                  myKinds[kind]++;
                  if (kind == DONE) {
                    break;
                  }
                  if (kind == SENT) {
                    seq++;
                  } else if (kind == DEFAULT && pump) {
                    Thread.yield(); // the pump never blocks: let the blocked workers' partners run
                  }
                  if (selects.incrementAndGet() == TARGET_SELECTS) {
                    done.close();
                  }
                }
                sentCount[id] = seq;
                receivedBy[id] = seen;
                localDuplicates[id] = dups[0];
                kindsBy[id] = myKinds;
              }));
    }
    joinAll(threads, "select workers");

    // Drain what the storm left buffered.
    BitSet[] drained = new BitSet[workers];
    for (int i = 0; i < workers; i++) {
      drained[i] = new BitSet();
    }
    int[] drainDups = {0};
    long drainedCount = 0;
    for (Channel<Integer> ch : chans) {
      ch.close();
      for (Integer v; (v = ch.receive()) != null; ) {
        record(v, drained, drainDups);
        drainedCount++;
      }
    }

    long sent = 0;
    long received = 0;
    long duplicated = drainDups[0];
    long lost = 0;
    long phantom = 0;
    for (int src = 0; src < workers; src++) {
      BitSet all = (BitSet) drained[src].clone();
      received += all.cardinality();
      for (int w = 0; w < workers; w++) {
        received += receivedBy[w][src].cardinality();
        duplicated += mergeCountingOverlap(all, receivedBy[w][src]);
      }
      BitSet expected = new BitSet();
      expected.set(0, sentCount[src]);
      sent += sentCount[src];
      BitSet missing = (BitSet) expected.clone();
      missing.andNot(all);
      lost += missing.cardinality();
      all.andNot(expected);
      phantom += all.cardinality();
    }
    for (int w = 0; w < workers; w++) {
      duplicated += localDuplicates[w];
      for (int k = 0; k < kinds.length; k++) {
        kinds[k] += kindsBy[w][k];
      }
    }
    System.out.printf(
        "select storm over %d channels, %d workers + 1 non-blocking (seed %#x): %s selects (%s"
            + " sends, %s receives, %s defaults), %s sent, %s received (%s drained after),"
            + " %s lost, %s duplicated, %s phantom%n",
        chans.size(),
        BLOCKING_WORKERS,
        seed,
        n(kinds[SENT] + kinds[RECEIVED] + kinds[DEFAULT]),
        n(kinds[SENT]),
        n(kinds[RECEIVED]),
        n(kinds[DEFAULT]),
        n(sent),
        n(received),
        n(drainedCount),
        n(lost),
        n(duplicated),
        n(phantom));
    assertThat(lost).as("lost").isZero();
    assertThat(duplicated).as("duplicated").isZero();
    assertThat(phantom).as("phantom").isZero();
    assertThat(received).isEqualTo(sent);
    assertThat(kinds[SENT]).isEqualTo(sent);
    assertThat(kinds[RECEIVED]).isEqualTo(received - drainedCount);
    assertThat(kinds[DONE]).as("every worker left through done").isEqualTo(workers);
    assertThat(kinds[SENT] + kinds[RECEIVED] + kinds[DEFAULT]).isEqualTo(selects.get());
    for (Channel<Integer> ch : chans) {
      assertThat(queuedReceivers(ch)).as("queuedReceivers of %s", ch).isZero();
      assertThat(queuedSenders(ch)).as("queuedSenders of %s", ch).isZero();
    }
    assertThat(queuedReceivers(done)).as("queuedReceivers of done").isZero();
  }

  private static int record(Integer v, BitSet[] seen, int[] dups) {
    int src = v / SPAN;
    int seq = v % SPAN;
    if (seen[src].get(seq)) {
      dups[0]++;
    }
    seen[src].set(seq);
    return RECEIVED;
  }
}
