package io.github.go4j.bench;

/**
 * Runs one measured batch on a fresh virtual thread and waits for it: the JMH thread (a platform
 * thread) only starts the driver and joins it, so every party of a workload, the one that times it
 * included, is a virtual thread. Starting and joining one virtual thread costs a few microseconds,
 * which the {@code N} messages of a batch amortise to well under 0.1 ns per message.
 */
final class Driver {
  private Driver() {}

  /** A batch of work that may throw. */
  @FunctionalInterface
  interface Batch {
    void run() throws Exception;
  }

  /**
   * Runs {@code batch} on a new virtual thread and waits for it to finish.
   *
   * @param batch the work
   * @throws Exception what the batch threw
   */
  static void run(Batch batch) throws Exception {
    Throwable[] failure = new Throwable[1];
    Thread t =
        Thread.ofVirtual()
            .name("bench-driver")
            .start(
                () -> {
                  try {
                    batch.run();
                  } catch (Throwable e) {
                    failure[0] = e;
                  }
                });
    t.join(); // join makes failure[0] visible
    Parties.rethrow(failure[0]);
  }
}
