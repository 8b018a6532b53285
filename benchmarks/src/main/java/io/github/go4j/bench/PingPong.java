package io.github.go4j.bench;

import java.util.concurrent.Exchanger;
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
 * Ping-pong over two unbuffered channels (Go's {@code BenchmarkChanSync} shape): the driver sends a
 * value on {@code ping}, a partner receives it and sends it back on {@code pong}. A round trip is
 * two messages; the score is ns per message.
 *
 * <p>Peers: go4j, jox (rendezvous channels), {@code juc} ({@link
 * java.util.concurrent.SynchronousQueue}), {@code ltq} ({@link
 * java.util.concurrent.LinkedTransferQueue#transfer}) and {@code exchanger}: one {@link Exchanger},
 * exchanged twice per round trip (ping, then pong), so it too makes one rendezvous per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PingPong {
  /** Messages per invocation (two per round trip). */
  static final int N = 100_000;

  private static final String EXCHANGER = "exchanger";

  @Param({Pipe.GO4J, Pipe.JOX, Pipe.JUC, Pipe.LTQ, EXCHANGER})
  public String impl;

  private Pipe<Integer> ping;
  private Pipe<Integer> pong;
  private Exchanger<Integer> exchanger;

  @Setup
  public void setup() {
    if (impl.equals(EXCHANGER)) {
      exchanger = new Exchanger<>();
    } else {
      ping = Pipe.create(impl, 0);
      pong = Pipe.create(impl, 0);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    Driver.run(exchanger != null ? this::exchangerBatch : () -> pipeBatch(ping, pong, N, true));
  }

  /**
   * One batch of ping-pong: the calling thread sends on {@code ping} and receives on {@code pong},
   * a partner started here echoes; {@code n} messages in all (two per round trip).
   *
   * @param ping the driver's sending channel
   * @param pong the partner's sending channel
   * @param n the number of messages; even
   * @param virtual whether the partner is a virtual thread (else a platform thread)
   * @throws Exception if the partner failed or the checksum is wrong
   */
  static void pipeBatch(Pipe<Integer> ping, Pipe<Integer> pong, int n, boolean virtual)
      throws Exception {
    int rounds = n / 2;
    Parties partner =
        Parties.withCapacity(1)
            .start(
                virtual,
                1,
                p -> {
                  for (int i = 0; i < rounds; i++) {
                    pong.send(ping.receive());
                  }
                });
    long sum = 0;
    for (int i = 0; i < rounds; i++) {
      ping.send(Parties.token(i));
      sum += pong.receive();
    }
    partner.join();
    Parties.check("ping-pong", Parties.checksum(rounds), sum);
  }

  private void exchangerBatch() throws Exception {
    Exchanger<Integer> ex = this.exchanger;
    Integer nothing = Integer.valueOf(0);
    int rounds = N / 2;
    Parties partner =
        Parties.withCapacity(1)
            .start(
                true,
                1,
                p -> {
                  for (int i = 0; i < rounds; i++) {
                    Integer v = ex.exchange(nothing); // ping arrives
                    ex.exchange(v); // pong leaves
                  }
                });
    long sum = 0;
    for (int i = 0; i < rounds; i++) {
      ex.exchange(Parties.token(i)); // ping
      sum += ex.exchange(nothing); // pong
    }
    partner.join();
    Parties.check("ping-pong", Parties.checksum(rounds), sum);
  }
}
