package io.github.go4j.bench;

import com.softwaremill.jox.SelectClause;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
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
 * {@link SelectFanIn} with the select's cases built once, before the loop, and reused by every
 * select (a {@link SelectCase} holds no registration, so it may be): what a select costs, and
 * allocates, when the caller allocates nothing. The target is 0 B per message.
 *
 * <p>With 2 channels the driver calls {@code Select.select(c1, c2)}: today the varargs method,
 * which allocates the array; a fixed-arity overload, once the engine has one, without changing this
 * source (recompiling is enough). With 8 channels it passes one array built once. jox's clauses are
 * reused alike (they hold only their channel and callback); jox's select is varargs only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SelectFanInReused {
  /** Messages per invocation; divisible by 2 and 8. */
  static final int N = SelectFanIn.N;

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
    SelectCase<Integer>[] cases = new SelectCase[k];
    for (int j = 0; j < k; j++) {
      cases[j] = chs[j].onReceive(v -> v);
    }
    long sum = 0;
    if (k == 2) {
      SelectCase<Integer> c1 = cases[0];
      SelectCase<Integer> c2 = cases[1];
      for (int i = 0; i < N; i++) {
        sum += Select.select(c1, c2);
      }
    } else {
      for (int i = 0; i < N; i++) {
        sum += Select.select(cases);
      }
    }
    producers.join();
    Parties.check("select fan-in reused", Parties.checksum(N), sum);
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
    SelectClause<Integer>[] clauses = new SelectClause[k];
    for (int j = 0; j < k; j++) {
      clauses[j] = chs[j].receiveClause();
    }
    long sum = 0;
    if (k == 2) {
      SelectClause<Integer> c1 = clauses[0];
      SelectClause<Integer> c2 = clauses[1];
      for (int i = 0; i < N; i++) {
        sum += com.softwaremill.jox.Select.select(c1, c2);
      }
    } else {
      for (int i = 0; i < N; i++) {
        sum += com.softwaremill.jox.Select.select(clauses);
      }
    }
    producers.join();
    Parties.check("select fan-in reused", Parties.checksum(N), sum);
  }
}
