package io.github.go4j.bench;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
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
 * Select over 2 or 8 channels: one producer per channel sends {@code N/k} values with plain sends;
 * the driver receives all {@code N} with a select over the {@code k} receive cases, built afresh
 * for each select as ported Go code does: Go's {@code select} statement with {@code k} receive
 * cases becomes a call with {@code k} case arguments ({@code Select.select(a.onReceive(...),
 * b.onReceive(...))}; jox: {@code Select.select(a.receiveClause(), b.receiveClause())}), as in the
 * Go side of this benchmark. The score is ns per message.
 *
 * <p>Peers: go4j and jox (java.util.concurrent has no select). Not quite like for like: go4j's
 * select picks uniformly at random among ready cases (Go's rule), jox's takes the first ready
 * clause. Both do the same work per message here (one receive, {@code k} cases built), but jox
 * drains the first channel first while go4j interleaves them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SelectFanIn {
  /** Messages per invocation; divisible by 2 and 8. */
  static final int N = 100_000;

  @Param({"2", "8"})
  public int channels;

  @Param({"64"})
  public int capacity;

  @Param({Pipe.GO4J, Pipe.JOX})
  public String impl;

  private Channel<Integer>[] go4j;
  private com.softwaremill.jox.Channel<Integer>[] jox;

  @Setup
  @SuppressWarnings("unchecked")
  public void setup() {
    if (channels != 2 && channels != 8) {
      throw new IllegalArgumentException(
          "channels must be 2 or 8 (the Go side's select statements)");
    }
    if (impl.equals(Pipe.GO4J)) {
      go4j = new Channel[channels];
      for (int i = 0; i < channels; i++) {
        go4j[i] = Channel.make(capacity);
      }
    } else {
      jox = new com.softwaremill.jox.Channel[channels];
      for (int i = 0; i < channels; i++) {
        jox[i] = com.softwaremill.jox.Channel.newBufferedChannel(capacity);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Driver.run(go4j != null ? this::go4jBatch : this::joxBatch);
  }

  @SuppressWarnings("unchecked")
  private void go4jBatch() throws Exception {
    Channel<Integer>[] chs = go4j;
    int k = chs.length;
    int per = N / k;
    Parties producers =
        Parties.withCapacity(k)
            .start(
                true,
                k,
                p -> {
                  Channel<Integer> ch = chs[p];
                  for (int i = p * per; i < (p + 1) * per; i++) {
                    ch.send(Parties.token(i));
                  }
                });
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += k == 2 ? go4jSelect2(chs) : go4jSelect8(chs);
    }
    producers.join();
    Parties.check("select fan-in", Parties.checksum(N), sum);
  }

  @SuppressWarnings("unchecked")
  private void joxBatch() throws Exception {
    com.softwaremill.jox.Channel<Integer>[] chs = jox;
    int k = chs.length;
    int per = N / k;
    Parties producers =
        Parties.withCapacity(k)
            .start(
                true,
                k,
                p -> {
                  com.softwaremill.jox.Channel<Integer> ch = chs[p];
                  for (int i = p * per; i < (p + 1) * per; i++) {
                    ch.send(Parties.token(i));
                  }
                });
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += k == 2 ? joxSelect2(chs) : joxSelect8(chs);
    }
    producers.join();
    Parties.check("select fan-in", Parties.checksum(N), sum);
  }

  /** Go's {@code select { case v := <-a: ...; case v := <-b: ... }}. */
  private static int go4jSelect2(Channel<Integer>[] chs) throws InterruptedException {
    return Select.select(chs[0].onReceive(v -> v), chs[1].onReceive(v -> v));
  }

  /** Go's {@code select} statement with 8 receive cases. */
  private static int go4jSelect8(Channel<Integer>[] chs) throws InterruptedException {
    return Select.select(
        chs[0].onReceive(v -> v),
        chs[1].onReceive(v -> v),
        chs[2].onReceive(v -> v),
        chs[3].onReceive(v -> v),
        chs[4].onReceive(v -> v),
        chs[5].onReceive(v -> v),
        chs[6].onReceive(v -> v),
        chs[7].onReceive(v -> v));
  }

  private static int joxSelect2(com.softwaremill.jox.Channel<Integer>[] chs)
      throws InterruptedException {
    return com.softwaremill.jox.Select.select(chs[0].receiveClause(), chs[1].receiveClause());
  }

  private static int joxSelect8(com.softwaremill.jox.Channel<Integer>[] chs)
      throws InterruptedException {
    return com.softwaremill.jox.Select.select(
        chs[0].receiveClause(),
        chs[1].receiveClause(),
        chs[2].receiveClause(),
        chs[3].receiveClause(),
        chs[4].receiveClause(),
        chs[5].receiveClause(),
        chs[6].receiveClause(),
        chs[7].receiveClause());
  }
}
