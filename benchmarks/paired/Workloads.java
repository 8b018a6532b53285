import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.util.concurrent.SynchronousQueue;

/**
 * The workloads of the paired A/B harness (see paired.sh), compiled once per go4j build and loaded
 * in a class loader of its own beside that build's go4j-core, so that two builds run in one JVM.
 * {@link #channels} makes a workload's channels; each workload method then runs one segment of
 * {@code n} messages on them with fresh virtual threads and returns nanoseconds per message, timed by
 * the receiving virtual thread as the JMH suite times it. paired.sh makes fresh channels for every
 * segment; homes.sh keeps a few sets and runs them in turn. Only go4j's public API is used, so that
 * any two revisions can be compared.
 */
public final class Workloads {
  private Workloads() {}

  /** One party's loop of blocking channel operations. */
  @FunctionalInterface
  interface Loop {
    void run() throws InterruptedException;
  }

  /** Starts {@code loop} on a new virtual thread. */
  private static Thread party(Loop loop) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                loop.run();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /**
   * Runs {@code partner} and {@code driver} on virtual threads; returns the nanoseconds per message
   * of the driver's loop, which moves {@code messages} messages, timed by the driver itself.
   */
  private static double timed(Loop partner, Loop driver, double messages) throws Exception {
    Thread p = party(partner);
    double[] ns = new double[1];
    Thread d =
        party(
            () -> {
              long t0 = System.nanoTime();
              driver.run();
              ns[0] = (System.nanoTime() - t0) / messages;
            });
    d.join();
    p.join();
    return ns[0];
  }

  /**
   * The channels of {@code workload}: two for pingpong and selcancel (the second of selcancel is its
   * never-ready done channel, unbuffered), a SynchronousQueue for sq, one channel otherwise.
   */
  public static Object[] channels(String workload, int capacity) {
    return switch (workload) {
      case "pingpong" -> new Object[] {Channel.make(capacity), Channel.make(capacity)};
      case "selcancel" -> new Object[] {Channel.make(capacity), Channel.make()};
      case "sq" -> new Object[] {new SynchronousQueue<Object>()};
      default -> new Object[] {Channel.make(capacity)};
    };
  }

  @SuppressWarnings("unchecked")
  private static Channel<Object> chan(Object[] channels, int i) {
    return (Channel<Object>) channels[i];
  }

  /** Two goroutines bounce a value over two unbuffered channels; a round trip is two messages. */
  public static double pingpong(Object[] channels, int n) throws Exception {
    Channel<Object> ping = chan(channels, 0);
    Channel<Object> pong = chan(channels, 1);
    Object token = "x";
    return timed(
        () -> {
          for (int i = 0; i < n; i++) {
            pong.send(ping.receive());
          }
        },
        () -> {
          for (int i = 0; i < n; i++) {
            ping.send(token);
            pong.receive();
          }
        },
        2.0 * n);
  }

  /** One producer sends n values, the driver receives them. */
  public static double spsc(Object[] channels, int n) throws Exception {
    return mpmc(chan(channels, 0), n, 1);
  }

  /** Four producers and four consumers share one channel. */
  public static double mpmc(Object[] channels, int n) throws Exception {
    return mpmc(chan(channels, 0), n, 4);
  }

  /**
   * A hundred producers and a hundred consumers share one channel ({@code n} divisible by 100): the
   * JMH suite's mpmc 100x100, where almost every party is queued on a carrier at any time.
   */
  public static double mpmc100(Object[] channels, int n) throws Exception {
    return mpmc(chan(channels, 0), n, 100);
  }

  private static double mpmc(Channel<Object> c, int n, int parties) throws Exception {
    int each = n / parties;
    Object token = "x";
    Thread[] all = new Thread[2 * parties];
    long t0 = System.nanoTime();
    for (int k = 0; k < parties; k++) {
      all[k] =
          party(
              () -> {
                for (int i = 0; i < each; i++) {
                  c.send(token);
                }
              });
      all[parties + k] =
          party(
              () -> {
                for (int i = 0; i < each; i++) {
                  c.receive();
                }
              });
    }
    for (Thread t : all) {
      t.join();
    }
    return (System.nanoTime() - t0) / (double) (each * parties);
  }

  /**
   * One producer sends n values on a java.util.concurrent.SynchronousQueue, the driver takes them:
   * spsc at capacity 0 without go4j, whose hand-offs allocate a node each (homes.sh's control).
   */
  @SuppressWarnings("unchecked")
  public static double sq(Object[] channels, int n) throws Exception {
    SynchronousQueue<Object> q = (SynchronousQueue<Object>) channels[0];
    Object token = "x";
    return timed(
        () -> {
          for (int i = 0; i < n; i++) {
            q.put(token);
          }
        },
        () -> {
          for (int i = 0; i < n; i++) {
            q.take();
          }
        },
        n);
  }

  /**
   * One producer, the driver receiving; every send and receive is a two-case select with a
   * never-ready {@code done} channel (Go's {@code select { case ch <- v: case <-done: }}).
   */
  public static double selcancel(Object[] channels, int n) throws Exception {
    Channel<Object> c = chan(channels, 0);
    Channel<Object> done = chan(channels, 1);
    Object token = "x";
    return timed(
        () -> {
          for (int i = 0; i < n; i++) {
            if (!Select.select(c.onSend(token, () -> true), done.onReceive(u -> false))) {
              throw new IllegalStateException("cancelled");
            }
          }
        },
        () -> {
          for (int i = 0; i < n; i++) {
            if (Select.select(c.onReceive(x -> x), done.onReceive(u -> null)) == null) {
              throw new IllegalStateException("cancelled");
            }
          }
        },
        n);
  }
}
