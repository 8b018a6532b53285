package io.github.go4j.bench;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
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
 * {@link Spsc} with every operation inside a select that also watches a cancellation channel (Go's
 * {@code select { case ch <- v: case <-done: }}, the shape of Kotlin's channel benchmarks "with
 * select"). The cancellation channel never fires; the score is ns per message.
 *
 * <p>Peers: go4j and jox (see {@link SelectFanIn} on the difference in select fairness; with one
 * data clause and one never-ready clause it does not matter here).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SelectCancel {
  /** Messages per invocation. */
  static final int N = 100_000;

  @Param({"0", "64"})
  public int capacity;

  @Param({Pipe.GO4J, Pipe.JOX})
  public String impl;

  private Chans chans;

  /**
   * One peer's data channel and never-ready cancellation channel (go4j's or jox's; the other peer's
   * fields stay null), made alike for this benchmark, {@link SelectCancelReused} and {@link
   * OneCarrier}.
   */
  static final class Chans {
    final Channel<Integer> go4j;
    final Channel<Unit> go4jDone;
    final com.softwaremill.jox.Channel<Integer> jox;
    final com.softwaremill.jox.Channel<Unit> joxDone;

    Chans(String impl, int capacity) {
      boolean mine = impl.equals(Pipe.GO4J);
      go4j = !mine ? null : capacity == 0 ? Channel.make() : Channel.make(capacity);
      go4jDone = mine ? Channel.make() : null;
      jox =
          mine
              ? null
              : capacity == 0
                  ? com.softwaremill.jox.Channel.newRendezvousChannel()
                  : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
      joxDone = mine ? null : com.softwaremill.jox.Channel.newRendezvousChannel();
    }

    /** One batch of this benchmark's workload over these channels. */
    void batch() throws Exception {
      if (go4j != null) {
        go4jBatch(go4j, go4jDone);
      } else {
        joxBatch(jox, joxDone);
      }
    }
  }

  @Setup
  public void setup() {
    chans = new Chans(impl, capacity);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Driver.run(chans::batch);
  }

  /** go4j's batch over data channel {@code ch} and the never-ready {@code done}. */
  private static void go4jBatch(Channel<Integer> ch, Channel<Unit> done) throws Exception {
    Parties producer =
        Parties.withCapacity(1)
            .start(
                true,
                1,
                p -> {
                  for (int i = 0; i < N; i++) {
                    boolean sent =
                        Select.select(
                            ch.onSend(Parties.token(i), () -> true), done.onReceive(u -> false));
                    if (!sent) {
                      throw new IllegalStateException("cancelled");
                    }
                  }
                });
    long sum = 0;
    for (int i = 0; i < N; i++) {
      Integer v = Select.select(ch.onReceive(x -> x), done.onReceive(u -> null));
      sum += v;
    }
    producer.join();
    Parties.check("select with cancel", Parties.checksum(N), sum);
  }

  /** jox's batch over data channel {@code ch} and the never-ready {@code done}. */
  private static void joxBatch(
      com.softwaremill.jox.Channel<Integer> ch, com.softwaremill.jox.Channel<Unit> done)
      throws Exception {
    Parties producer =
        Parties.withCapacity(1)
            .start(
                true,
                1,
                p -> {
                  for (int i = 0; i < N; i++) {
                    boolean sent =
                        com.softwaremill.jox.Select.select(
                            ch.sendClause(Parties.token(i), () -> true),
                            done.receiveClause(u -> false));
                    if (!sent) {
                      throw new IllegalStateException("cancelled");
                    }
                  }
                });
    long sum = 0;
    for (int i = 0; i < N; i++) {
      Integer v =
          com.softwaremill.jox.Select.select(
              ch.receiveClause(), done.receiveClause(u -> (Integer) null));
      sum += v;
    }
    producer.join();
    Parties.check("select with cancel", Parties.checksum(N), sum);
  }
}
