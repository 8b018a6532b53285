package io.github.go4j.bench;

import com.softwaremill.jox.SelectClause;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
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
 * {@link SelectCancel} with every case built once per party, before its loop, and reused by every
 * select: the consumer's receive and cancel cases, the producer's cancel case and one send case per
 * distinct value sent (a send case carries its value; {@link Parties#token} takes 128 values, so
 * 128 send cases). The target is 0 B per message.
 *
 * <p>Both selects are {@code Select.select(c1, c2)}: today the varargs method (the array is
 * allocated per select); a fixed-arity overload once the engine has one, without changing this
 * source. jox's clauses are reused alike; jox's select is varargs only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SelectCancelReused {
  /** Messages per invocation. */
  static final int N = SelectCancel.N;

  /** Distinct values of {@link Parties#token}: {@code token(i) == token(i & MASK)}. */
  private static final int VALUES = 128;

  private static final int MASK = VALUES - 1;

  @Param({"0", "64"})
  public int capacity;

  @Param({Pipe.GO4J, Pipe.JOX})
  public String impl;

  private SelectCancel.Chans chans;

  @Setup
  public void setup() {
    chans = new SelectCancel.Chans(impl, capacity);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Driver.run(chans.go4j != null ? this::go4jBatch : this::joxBatch);
  }

  @SuppressWarnings("unchecked")
  private void go4jBatch() throws Exception {
    Channel<Integer> ch = chans.go4j;
    Channel<Unit> done = chans.go4jDone;
    Parties producer =
        Parties.withCapacity(1)
            .start(
                true,
                1,
                p -> {
                  SelectCase<Boolean>[] sends = new SelectCase[VALUES];
                  for (int v = 0; v < VALUES; v++) {
                    sends[v] = ch.onSend(Parties.token(v), () -> true);
                  }
                  SelectCase<Boolean> cancelled = done.onReceive(u -> false);
                  for (int i = 0; i < N; i++) {
                    boolean sent = Select.select(sends[i & MASK], cancelled);
                    if (!sent) {
                      throw new IllegalStateException("cancelled");
                    }
                  }
                });
    SelectCase<Integer> received = ch.onReceive(x -> x);
    SelectCase<Integer> cancelled = done.onReceive(u -> null);
    long sum = 0;
    for (int i = 0; i < N; i++) {
      Integer v = Select.select(received, cancelled);
      sum += v;
    }
    producer.join();
    Parties.check("select with cancel reused", Parties.checksum(N), sum);
  }

  @SuppressWarnings("unchecked")
  private void joxBatch() throws Exception {
    com.softwaremill.jox.Channel<Integer> ch = chans.jox;
    com.softwaremill.jox.Channel<Unit> done = chans.joxDone;
    Parties producer =
        Parties.withCapacity(1)
            .start(
                true,
                1,
                p -> {
                  SelectClause<Boolean>[] sends = new SelectClause[VALUES];
                  for (int v = 0; v < VALUES; v++) {
                    sends[v] = ch.sendClause(Parties.token(v), () -> true);
                  }
                  SelectClause<Boolean> cancelled = done.receiveClause(u -> false);
                  for (int i = 0; i < N; i++) {
                    boolean sent = com.softwaremill.jox.Select.select(sends[i & MASK], cancelled);
                    if (!sent) {
                      throw new IllegalStateException("cancelled");
                    }
                  }
                });
    SelectClause<Integer> received = ch.receiveClause();
    SelectClause<Integer> cancelled = done.receiveClause(u -> (Integer) null);
    long sum = 0;
    for (int i = 0; i < N; i++) {
      Integer v = com.softwaremill.jox.Select.select(received, cancelled);
      sum += v;
    }
    producer.join();
    Parties.check("select with cancel reused", Parties.checksum(N), sum);
  }
}
