package io.github.go4j.bench;

import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;
import io.github.go4j.chan.Channel;
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
 * Single-goroutine shapes of Go's own channel benchmarks ({@code runtime/chan_test.go}), for go4j
 * and jox: the cost of an operation with no partner. Go runs most of them with {@code
 * b.RunParallel}; here (and in {@code benchmarks/go}) one goroutine runs them, the driver, so the
 * numbers are per-operation costs without contention. The score is ns per operation as each
 * method's Javadoc defines it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class GoShapes {
  /** Operations per invocation. */
  static final int N = 100_000;

  /** {@link #chanUncontended}: messages per round (Go's constant). */
  private static final int ROUND = 100;

  private static final Integer MISS = Integer.valueOf(-1000);

  @Param({Pipe.GO4J, Pipe.JOX})
  public String impl;

  private boolean go4j;

  @Setup
  public void setup() {
    go4j = impl.equals(Pipe.GO4J);
  }

  /**
   * {@code BenchmarkChanNonblocking}: one non-blocking receive ({@code select { case <-c: default:
   * }}) on an empty unbuffered channel. go4j: {@code tryReceive}; jox: a select with a default
   * clause.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void chanNonblocking() throws Exception {
    Driver.run(
        () -> {
          int misses = 0;
          if (go4j) {
            Channel<Integer> c = Channel.make();
            for (int i = 0; i < N; i++) {
              if (c.tryReceive().isEmpty()) {
                misses++;
              }
            }
          } else {
            com.softwaremill.jox.Channel<Integer> c =
                com.softwaremill.jox.Channel.newRendezvousChannel();
            for (int i = 0; i < N; i++) {
              if (Select.select(c.receiveClause(), Select.defaultClause(MISS)) == MISS) {
                misses++;
              }
            }
          }
          Parties.check("nonblocking", N, misses);
        });
  }

  /**
   * {@code BenchmarkSelectNonblock}: four selects with a default case per operation (receive and
   * send on an unbuffered channel, receive on an empty and send on a full capacity-1 channel), none
   * ready.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void selectNonblock() throws Exception {
    Driver.run(
        () -> {
          int misses = 0;
          if (go4j) {
            Channel<Integer> c1 = Channel.make();
            Channel<Integer> c2 = Channel.make();
            Channel<Integer> c3 = Channel.make(1);
            Channel<Integer> c4 = Channel.make(1);
            c4.send(0);
            for (int i = 0; i < N; i++) {
              misses +=
                  io.github.go4j.chan.Select.select(
                      c1.onReceive(v -> 0), io.github.go4j.chan.Select.onDefault(() -> 1));
              misses +=
                  io.github.go4j.chan.Select.select(
                      c2.onSend(0, () -> 0), io.github.go4j.chan.Select.onDefault(() -> 1));
              misses +=
                  io.github.go4j.chan.Select.select(
                      c3.onReceive(v -> 0), io.github.go4j.chan.Select.onDefault(() -> 1));
              misses +=
                  io.github.go4j.chan.Select.select(
                      c4.onSend(0, () -> 0), io.github.go4j.chan.Select.onDefault(() -> 1));
            }
          } else {
            com.softwaremill.jox.Channel<Integer> c1 =
                com.softwaremill.jox.Channel.newRendezvousChannel();
            com.softwaremill.jox.Channel<Integer> c2 =
                com.softwaremill.jox.Channel.newRendezvousChannel();
            com.softwaremill.jox.Channel<Integer> c3 =
                com.softwaremill.jox.Channel.newBufferedChannel(1);
            com.softwaremill.jox.Channel<Integer> c4 =
                com.softwaremill.jox.Channel.newBufferedChannel(1);
            c4.send(0);
            for (int i = 0; i < N; i++) {
              misses += Select.select(c1.receiveClause(v -> 0), Select.defaultClause(1));
              misses += Select.select(c2.sendClause(0, () -> 0), Select.defaultClause(1));
              misses += Select.select(c3.receiveClause(v -> 0), Select.defaultClause(1));
              misses += Select.select(c4.sendClause(0, () -> 0), Select.defaultClause(1));
            }
          }
          Parties.check("select nonblock", 4L * N, misses);
        });
  }

  /**
   * {@link #selectNonblock} with every case built once, before the loop, and reused by every select
   * (Go's select builds no case objects): the non-blocking select path with nothing allocated by
   * the caller. Each select is {@code Select.select(c, default)}: today the varargs method (the
   * array is allocated per select), a fixed-arity overload once the engine has one, without
   * changing this source. jox's clauses are reused alike. The target is 0 B per operation.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void selectNonblockReused() throws Exception {
    Driver.run(
        () -> {
          int misses = 0;
          if (go4j) {
            Channel<Integer> c1 = Channel.make();
            Channel<Integer> c2 = Channel.make();
            Channel<Integer> c3 = Channel.make(1);
            Channel<Integer> c4 = Channel.make(1);
            c4.send(0);
            SelectCase<Integer> receive1 = c1.onReceive(v -> 0);
            SelectCase<Integer> send2 = c2.onSend(0, () -> 0);
            SelectCase<Integer> receive3 = c3.onReceive(v -> 0);
            SelectCase<Integer> send4 = c4.onSend(0, () -> 0);
            SelectCase<Integer> miss = io.github.go4j.chan.Select.onDefault(() -> 1);
            for (int i = 0; i < N; i++) {
              misses += io.github.go4j.chan.Select.select(receive1, miss);
              misses += io.github.go4j.chan.Select.select(send2, miss);
              misses += io.github.go4j.chan.Select.select(receive3, miss);
              misses += io.github.go4j.chan.Select.select(send4, miss);
            }
          } else {
            com.softwaremill.jox.Channel<Integer> c1 =
                com.softwaremill.jox.Channel.newRendezvousChannel();
            com.softwaremill.jox.Channel<Integer> c2 =
                com.softwaremill.jox.Channel.newRendezvousChannel();
            com.softwaremill.jox.Channel<Integer> c3 =
                com.softwaremill.jox.Channel.newBufferedChannel(1);
            com.softwaremill.jox.Channel<Integer> c4 =
                com.softwaremill.jox.Channel.newBufferedChannel(1);
            c4.send(0);
            SelectClause<Integer> receive1 = c1.receiveClause(v -> 0);
            SelectClause<Integer> send2 = c2.sendClause(0, () -> 0);
            SelectClause<Integer> receive3 = c3.receiveClause(v -> 0);
            SelectClause<Integer> send4 = c4.sendClause(0, () -> 0);
            SelectClause<Integer> miss = Select.defaultClause(1);
            for (int i = 0; i < N; i++) {
              misses += Select.select(receive1, miss);
              misses += Select.select(send2, miss);
              misses += Select.select(receive3, miss);
              misses += Select.select(send4, miss);
            }
          }
          Parties.check("select nonblock reused", 4L * N, misses);
        });
  }

  /**
   * {@code BenchmarkChanUncontended}: on a private channel of capacity 100, 100 sends then 100
   * receives, repeated. One operation is one message (a send and its receive).
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void chanUncontended() throws Exception {
    Driver.run(
        () -> {
          Pipe<Integer> c = Pipe.create(impl, ROUND);
          long sum = 0;
          for (int r = 0; r < N / ROUND; r++) {
            for (int i = 0; i < ROUND; i++) {
              c.send(Parties.token(r * ROUND + i));
            }
            for (int i = 0; i < ROUND; i++) {
              sum += c.receive();
            }
          }
          Parties.check("uncontended", Parties.checksum(N), sum);
        });
  }

  /**
   * {@code BenchmarkChanCreation}: make a capacity-1 channel, send one value, receive it. One
   * operation is the three steps.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void chanCreation() throws Exception {
    Driver.run(
        () -> {
          long sum = 0;
          for (int i = 0; i < N; i++) {
            Pipe<Integer> c = Pipe.create(impl, 1);
            c.send(Parties.token(i));
            sum += c.receive();
          }
          Parties.check("creation", Parties.checksum(N), sum);
        });
  }
}
