package io.github.go4j.stress;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A goroutine started with a jcstress state, for tests whose claim holds only once the goroutine is
 * blocked in a channel operation (a sender parked on a full buffer, a select registered on its
 * channels): the actors first {@linkplain #awaitBlocked(int) wait until it is blocked}, then race.
 *
 * <p>Only public API can tell that a goroutine is blocked, and no channel operation can observe a
 * parked partner without completing it, so this uses {@link Thread#getState()}: a goroutine that
 * has {@linkplain #blocking(int) announced} phase {@code p} (right before its blocking call) and is
 * {@code WAITING} is parked in that call, as no other thread touches its channels until the actors
 * have seen it parked. A goroutine is parked only once its wait record is queued (any engine: a
 * waiter publishes itself before it spins and parks), so "parked" implies "registered".
 *
 * <p>Two things could make a goroutine {@code WAITING} elsewhere: waiting for a class that another
 * thread initializes, and contention on a channel's lock. The first is ruled out by a {@linkplain
 * #warmUp() warm-up} that runs the blocking paths once per JVM before the first goroutine starts,
 * and by announcing only after the select cases (and their lambdas) are built; the second cannot
 * happen as nobody else touches the channels before the goroutine is seen parked.
 *
 * <p>Both actors call {@link #awaitBlocked(int)}: the first to see the goroutine parked records it,
 * so the other does not wait for a state that the first one's operation already ended. Waiting ends
 * a few microseconds after the goroutine parks, and in a jcstress run its state was built long
 * before its actors run, so usually nobody waits at all. If the goroutine is not seen parked within
 * {@link #PARK_DEADLINE} (a hopelessly overloaded machine), or it went past its blocking call
 * without having been seen parked, the actors skip their operations and the arbiter reports the
 * {@linkplain #failure() failure} in every field of the result: {@link #MISSED} (acceptable: that
 * sample checks nothing) or {@link #RAN_AHEAD} (forbidden, as no test releases its goroutine before
 * it was seen parked).
 */
public final class Goroutine {
  /** Result code of a sample whose goroutine was not seen blocked in time: it checks nothing. */
  public static final int MISSED = -9;

  /**
   * Result code of a sample whose goroutine went past its blocking call (or ended) before anyone
   * saw it parked there: it was released with no partner, a failure of the engine.
   */
  public static final int RAN_AHEAD = -8;

  /** How long an actor waits for the goroutine to park. */
  static final Duration PARK_DEADLINE = Duration.ofSeconds(5);

  /** How long the arbiter waits for the goroutine it released: only a lost wake-up reaches it. */
  static final Duration JOIN_DEADLINE = Duration.ofSeconds(30);

  /** A goroutine's body; it gets its own handle to {@linkplain #blocking(int) announce} phases. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the body.
     *
     * @param self the goroutine's handle
     * @throws Exception whatever the body throws (reported by {@link Go}'s panic handler)
     */
    void run(Goroutine self) throws Exception;
  }

  private static volatile boolean warmedUp;

  private static final java.util.concurrent.locks.ReentrantLock WARM_UP_LOCK =
      new java.util.concurrent.locks.ReentrantLock();

  private final Thread thread;

  /** The phase the goroutine announced last (0: none yet). */
  private volatile int phase;

  /** The last phase an actor saw the goroutine parked in. */
  private volatile int seen;

  /** 0, or why the sample checks nothing: {@link #MISSED} or {@link #RAN_AHEAD}. */
  private volatile int failure;

  private Goroutine(Body body) {
    this.thread = Go.go(() -> body.run(this));
  }

  /**
   * Starts {@code body} in a goroutine, after the warm-up (once per JVM).
   *
   * @param body the body
   * @return the goroutine's handle
   */
  public static Goroutine start(Body body) {
    if (!warmedUp) {
      warmUp();
    }
    return new Goroutine(body);
  }

  /**
   * Called by the goroutine right before the blocking call of phase {@code p} (1, 2, ...).
   *
   * @param p the phase
   */
  public void blocking(int p) {
    phase = p;
  }

  /**
   * Waits until the goroutine is parked in the blocking call of phase {@code p}, or was seen parked
   * there by the other actor. Returns false if it was not seen parked within {@link #PARK_DEADLINE}
   * ({@link #MISSED}), or went past the call or ended first ({@link #RAN_AHEAD}); the actor then
   * skips its operation and the arbiter reports {@link #failure()}.
   *
   * @param p the phase
   * @return true if the goroutine is (or was seen) parked in phase {@code p}
   */
  public boolean awaitBlocked(int p) {
    long deadline = System.nanoTime() + PARK_DEADLINE.toNanos();
    while (seen < p) {
      int ph = phase;
      Thread.State s = thread.getState();
      if (ph == p && s == Thread.State.WAITING) {
        seen = p;
        return true;
      }
      boolean ahead = ph > p || s == Thread.State.TERMINATED;
      if (ahead || System.nanoTime() - deadline > 0) {
        if (seen >= p) {
          return true; // the other actor saw it just now, and released it
        }
        failure = ahead ? RAN_AHEAD : MISSED;
        return false;
      }
      Thread.yield(); // 2 CPUs: let a carrier thread run the goroutine
    }
    return true;
  }

  /**
   * Why an actor gave up waiting for the goroutine to block: 0 if none did, else {@link #MISSED}
   * (acceptable: the sample checks nothing) or {@link #RAN_AHEAD} (forbidden). The arbiter reports
   * it in every field of the result.
   *
   * @return 0, {@link #MISSED} or {@link #RAN_AHEAD}
   */
  public int failure() {
    return failure;
  }

  /**
   * The goroutine's thread (to interrupt it).
   *
   * @return the thread
   */
  public Thread thread() {
    return thread;
  }

  /**
   * Joins the goroutine, which the caller has released (by closing its channels); a goroutine still
   * alive after {@link #JOIN_DEADLINE} was never woken, reported as an error.
   */
  public void join() {
    boolean done;
    try {
      done = thread.join(JOIN_DEADLINE);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    if (!done) {
      throw new IllegalStateException(
          "goroutine still blocked " + JOIN_DEADLINE + " after its release: lost wake-up");
    }
  }

  /**
   * Runs the paths the tests block in once (a send on a full buffer, a select over two channels,
   * then a receive, close), so that no goroutine of a test waits for a class being initialized
   * while an actor looks at its state. Not a static initializer: the warm-up's goroutines run
   * lambdas of this class, which would wait for its initialization.
   */
  static void warmUp() {
    if (warmedUp) {
      return;
    }
    WARM_UP_LOCK.lock(); // a j.u.c. lock: a virtual thread waiting here is not pinned
    try {
      if (!warmedUp) {
        warmUp0();
      }
    } finally {
      WARM_UP_LOCK.unlock();
    }
  }

  private static void warmUp0() {
    try {
      Channel<Integer> ch = Channel.make(1);
      ch.trySend(1);
      Thread sender = Go.go(() -> ch.send(2));
      awaitParked(sender);
      ch.receive();
      ch.receive();
      sender.join();

      Channel<Integer> a = Channel.make();
      Channel<Integer> b = Channel.make();
      Channel<Integer> c = Channel.make();
      Thread selector =
          Go.go(
              () -> {
                SelectCase<Integer> ca = a.onReceive(v -> v);
                SelectCase<Integer> cb = b.onReceiveOk((v, ok) -> v);
                Select.select(ca, cb);
                c.receiveOk();
                try {
                  c.send(1);
                } catch (RuntimeException expected) { // send on closed channel
                }
              });
      awaitParked(selector);
      a.send(1);
      awaitParked(selector);
      b.trySend(2);
      b.tryReceive();
      c.close();
      selector.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    warmedUp = true;
  }

  private static void awaitParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + PARK_DEADLINE.toNanos();
    while (t.getState() != Thread.State.WAITING && System.nanoTime() - deadline < 0) {
      TimeUnit.MILLISECONDS.sleep(1);
    }
  }
}
