package io.github.go4j.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * The JVM floor under the unbuffered workloads: two virtual threads hand a token back and forth
 * through one volatile field, with nothing else around it. A party waits for its turn, takes the
 * token, passes it back (one volatile write) and unparks the other. The score is ns per hand-off,
 * the counterpart of one message of {@link PingPong}.
 *
 * <p>{@code impl}:
 *
 * <ul>
 *   <li>{@code park}: a party whose turn has not come parks at once ({@link LockSupport#park}), no
 *       spinning. When the partner is parked, each hand-off pays one park and one unpark: a message
 *       of a rendezvous channel whose party parks cannot cost less.
 *   <li>{@code spin}: a party spins first, up to {@link #SPIN_NS} ns ({@link Thread#onSpinWait},
 *       checking {@link System#nanoTime}), then parks: what spinning can buy at best.
 * </ul>
 *
 * <p>Every hand-off unparks the partner unconditionally; unparking a virtual thread that is not
 * parked only sets its permit (the next park then returns at once and the party re-checks).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class HandOffFloor {
  /** Hand-offs per invocation; even. */
  static final int N = 100_000;

  /** The longest a party spins before parking ({@code spin}). */
  static final long SPIN_NS = 2_000;

  static final String PARK = "park";
  static final String SPIN = "spin";

  @Param({PARK, SPIN})
  public String impl;

  private boolean spin;

  @Setup
  public void setup() {
    if (!impl.equals(PARK) && !impl.equals(SPIN)) {
      throw new IllegalArgumentException("unknown impl: " + impl);
    }
    spin = impl.equals(SPIN);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void run() throws Exception {
    boolean spin = this.spin;
    Driver.run(() -> batch(N, spin));
  }

  /** The token: how many hand-offs have happened; party {@code count % 2} holds it. */
  static final class Baton {
    volatile int count;
  }

  /**
   * One batch: the calling (virtual) thread and a partner started here hand the token back and
   * forth {@code n} times.
   *
   * @param n the number of hand-offs; even
   * @param spin whether a party spins before parking
   * @throws Exception if the partner failed or a hand-off was lost
   */
  static void batch(int n, boolean spin) throws Exception {
    Baton baton = new Baton();
    Thread self = Thread.currentThread();
    Throwable[] failure = new Throwable[1];
    Thread partner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    pass(baton, 1, n, self, spin);
                  } catch (Throwable e) {
                    failure[0] = e;
                  }
                });
    pass(baton, 0, n, partner, spin);
    partner.join(); // join makes failure[0] visible
    Parties.rethrow(failure[0]);
    if (baton.count != n) {
      throw new IllegalStateException("hand-off: " + baton.count + " != " + n);
    }
  }

  /** Party {@code me} (0 or 1) takes the token at counts me, me + 2, ... and passes it on. */
  private static void pass(Baton baton, int me, int n, Thread other, boolean spin) {
    for (int k = me; k < n; k += 2) {
      await(baton, k, spin);
      baton.count = k + 1;
      LockSupport.unpark(other);
    }
  }

  private static void await(Baton baton, int turn, boolean spin) {
    if (baton.count == turn) {
      return;
    }
    if (spin) {
      long start = System.nanoTime();
      while (baton.count != turn && System.nanoTime() - start < SPIN_NS) {
        Thread.onSpinWait();
      }
    }
    while (baton.count != turn) {
      LockSupport.park(baton);
    }
  }
}
