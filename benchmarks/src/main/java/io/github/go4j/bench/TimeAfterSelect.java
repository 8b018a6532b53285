package io.github.go4j.bench;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.time.Time;
import java.time.Duration;
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
 * {@code time.After} in a select loop (Go's {@code BenchmarkSelectProdCons} shape): a producer and
 * a consumer on a channel of capacity 128, each operation a three-case select on the data channel,
 * a fresh {@code Time.after(1 hour)} and a close channel that never fires. Every message therefore
 * creates, and abandons, two timers. The score is ns per message.
 *
 * <p>Peers: go4j and Go only; jox and java.util.concurrent have no timer channel.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TimeAfterSelect {
  /** Messages per invocation. */
  static final int N = 100_000;

  private static final Duration HOUR = Duration.ofHours(1);

  @Param({"128"})
  public int capacity;

  @Param({Pipe.GO4J})
  public String impl;

  private Channel<Integer> ch;
  private Channel<Unit> closing;

  @Setup
  public void setup() {
    ch = Channel.make(capacity);
    closing = Channel.make();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Driver.run(this::batch);
  }

  private void batch() throws Exception {
    Channel<Integer> ch = this.ch;
    Channel<Unit> closing = this.closing;
    Parties producer =
        Parties.withCapacity(1)
            .start(
                true,
                1,
                p -> {
                  for (int i = 0; i < N; i++) {
                    boolean sent =
                        Select.select(
                            ch.onSend(Parties.token(i), () -> true),
                            Time.after(HOUR).onReceive(t -> false),
                            closing.onReceive(u -> false));
                    if (!sent) {
                      throw new IllegalStateException("timer or close fired");
                    }
                  }
                });
    long sum = 0;
    for (int i = 0; i < N; i++) {
      Integer v =
          Select.select(
              ch.onReceive(x -> x),
              Time.after(HOUR).onReceive(t -> null),
              closing.onReceive(u -> null));
      sum += v;
    }
    producer.join();
    Parties.check("time.After select loop", Parties.checksum(N), sum);
  }
}
