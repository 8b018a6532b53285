package io.github.go4j.stress.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Generates the scenarios (an init part, threads that run in parallel, a post part) from a fixed
 * seed, so every run checks the same ones. Lincheck's own random generator cannot be told that a
 * blocking operation needs a partner or a close to ever return: a scenario in which one cannot
 * would hang, which Lincheck reports as a deadlock. These scenarios are built so that every
 * operation can complete:
 *
 * <ul>
 *   <li>{@link #withBlocking}: two threads of sends, receives and non-blocking operations, and a
 *       third thread that closes the channel, preceded at most by a non-blocking operation. The
 *       close is therefore always reached, after which nothing blocks: a parked send fails with
 *       "send on closed channel", a parked receive returns the buffered values and then "closed".
 *       The init part only fills the buffer up to its capacity; the post part, after the close,
 *       drains or probes it.
 *   <li>{@link #balanced}: no close and no non-blocking transfers, so sends and receives can only
 *       meet each other: threads that only send and threads that only receive (and may read len),
 *       with as many receives as sends plus values buffered by the init part. Every send then finds
 *       a receiver or room and every receive a value, in any interleaving (a thread that sent and
 *       then received could deadlock with another doing the same on an unbuffered channel). The
 *       post part probes the drained channel and may close it.
 *   <li>{@link #nonBlocking}: two or three threads of trySend, tryReceive and len, most of them
 *       with a close in one thread; the channel may stay open.
 * </ul>
 *
 * <p>Every value sent in a scenario is distinct, so a value received identifies its send. On an
 * unbuffered channel {@code trySend} appears only where no receiver can be parked (in non-blocking
 * scenarios, or after the close), see {@link GoChannelSpec}.
 */
final class ChannelScenarios {
  private enum Op {
    SEND,
    RECEIVE,
    TRY_SEND,
    TRY_RECEIVE,
    CLOSE,
    LEN
  }

  private final Class<? extends ChannelOps> ops;
  private final int capacity;
  private final int maxOpsPerThread;
  private final Random random;
  private int nextValue;

  private ChannelScenarios(
      Class<? extends ChannelOps> ops, int capacity, int maxOpsPerThread, long seed) {
    this.ops = ops;
    this.capacity = capacity;
    this.maxOpsPerThread = maxOpsPerThread;
    this.random = new Random(seed);
  }

  /**
   * Scenarios with blocking sends and receives and a closing thread.
   *
   * @param ops the test class (fixes the capacity)
   * @param capacity the channel's capacity
   * @param count how many scenarios
   * @param maxOpsPerThread operations per worker thread, at most
   * @param seed the random seed
   * @return the scenarios
   */
  static List<ExecutionScenario> withBlocking(
      Class<? extends ChannelOps> ops, int capacity, int count, int maxOpsPerThread, long seed) {
    ChannelScenarios g = new ChannelScenarios(ops, capacity, maxOpsPerThread, seed);
    List<ExecutionScenario> scenarios = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      scenarios.add(g.blockingScenario());
    }
    return scenarios;
  }

  /**
   * Scenarios in which sends and receives balance, without a close.
   *
   * @param ops the test class (fixes the capacity)
   * @param capacity the channel's capacity
   * @param count how many scenarios
   * @param maxOpsPerThread operations per thread, at most
   * @param seed the random seed
   * @return the scenarios
   */
  static List<ExecutionScenario> balanced(
      Class<? extends ChannelOps> ops, int capacity, int count, int maxOpsPerThread, long seed) {
    ChannelScenarios g = new ChannelScenarios(ops, capacity, maxOpsPerThread, seed);
    List<ExecutionScenario> scenarios = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      scenarios.add(g.balancedScenario());
    }
    return scenarios;
  }

  /**
   * Scenarios of non-blocking operations and close.
   *
   * @param ops the test class (fixes the capacity)
   * @param capacity the channel's capacity
   * @param count how many scenarios
   * @param maxOpsPerThread operations per thread, at most
   * @param seed the random seed
   * @return the scenarios
   */
  static List<ExecutionScenario> nonBlocking(
      Class<? extends ChannelOps> ops, int capacity, int count, int maxOpsPerThread, long seed) {
    ChannelScenarios g = new ChannelScenarios(ops, capacity, maxOpsPerThread, seed);
    List<ExecutionScenario> scenarios = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      scenarios.add(g.nonBlockingScenario());
    }
    return scenarios;
  }

  private ExecutionScenario blockingScenario() {
    nextValue = 1;
    List<Actor> init = fill();
    // Workers: an unbuffered trySend could meet a parked receiver (see GoChannelSpec).
    Op[] workerOps =
        capacity == 0
            ? new Op[] {Op.SEND, Op.SEND, Op.RECEIVE, Op.RECEIVE, Op.TRY_RECEIVE, Op.CLOSE}
            : new Op[] {
              Op.SEND,
              Op.SEND,
              Op.RECEIVE,
              Op.RECEIVE,
              Op.TRY_SEND,
              Op.TRY_RECEIVE,
              Op.LEN,
              Op.CLOSE
            };
    List<List<Actor>> parallel = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      parallel.add(randomOps(1 + random.nextInt(maxOpsPerThread), workerOps));
    }
    // The closer: at most one non-blocking operation before the close, anything after it.
    List<Actor> closer = new ArrayList<>();
    if (random.nextBoolean()) {
      closer.add(
          actor(
              pick(
                  capacity == 0
                      ? new Op[] {Op.TRY_RECEIVE}
                      : new Op[] {Op.TRY_RECEIVE, Op.TRY_SEND, Op.LEN})));
    }
    closer.add(actor(Op.CLOSE));
    if (random.nextInt(3) == 0) {
      closer.add(actor(pick(Op.RECEIVE, Op.TRY_RECEIVE, Op.SEND, Op.TRY_SEND)));
    }
    parallel.add(closer);
    List<Actor> post = randomOps(random.nextInt(3), Op.RECEIVE, Op.TRY_RECEIVE, Op.LEN);
    return new ExecutionScenario(init, parallel, post, null);
  }

  private ExecutionScenario balancedScenario() {
    nextValue = 1;
    List<Actor> init = fill();
    int sends = 1 + random.nextInt(2);
    int receives = sends + init.size();
    List<List<Actor>> parallel = new ArrayList<>();
    // Senders and receivers: at most three threads, one or two of each kind.
    int senderThreads = sends == 1 || receives > maxOpsPerThread || random.nextBoolean() ? 1 : 2;
    int receiverThreads =
        receives > maxOpsPerThread || (receives > 1 && senderThreads == 1 && random.nextBoolean())
            ? 2
            : 1;
    parallel.addAll(split(Op.SEND, sends, senderThreads));
    parallel.addAll(split(Op.RECEIVE, receives, receiverThreads));
    for (List<Actor> t : parallel) {
      if (random.nextInt(3) == 0) {
        t.add(random.nextInt(t.size() + 1), actor(Op.LEN));
      }
    }
    List<Actor> post =
        randomOps(random.nextInt(3), Op.TRY_RECEIVE, Op.LEN, Op.TRY_SEND, Op.CLOSE, Op.RECEIVE);
    // A post-part receive blocks forever on an open, drained channel: only after a close.
    if (post.stream().anyMatch(a -> a.getMethod().getName().equals("receive"))) {
      post.add(0, actor(Op.CLOSE));
    }
    return new ExecutionScenario(init, parallel, post, null);
  }

  /** {@code n} operations {@code op} over {@code threads} threads, in order. */
  private List<List<Actor>> split(Op op, int n, int threads) {
    List<List<Actor>> result = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      result.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      result.get(i % threads).add(actor(op));
    }
    return result;
  }

  private ExecutionScenario nonBlockingScenario() {
    nextValue = 1;
    List<Actor> init = fill();
    Op[] threadOps = {
      Op.TRY_SEND, Op.TRY_SEND, Op.TRY_RECEIVE, Op.TRY_RECEIVE, Op.TRY_RECEIVE, Op.LEN
    };
    List<List<Actor>> parallel = new ArrayList<>();
    int threads = 2 + random.nextInt(2);
    for (int t = 0; t < threads; t++) {
      parallel.add(randomOps(1 + random.nextInt(maxOpsPerThread), threadOps));
    }
    // Most scenarios race a close against the others (Go's TestNonblockRecvRace and the like).
    if (random.nextInt(4) != 0) {
      List<Actor> t = parallel.get(random.nextInt(threads));
      t.set(random.nextInt(t.size()), actor(Op.CLOSE));
    }
    List<Actor> post = randomOps(random.nextInt(3), Op.TRY_RECEIVE, Op.LEN, Op.TRY_SEND);
    return new ExecutionScenario(init, parallel, post, null);
  }

  /** Sends that fit into the buffer: 0 to capacity of them, a full buffer more often. */
  private List<Actor> fill() {
    List<Actor> init = new ArrayList<>();
    int n = Math.max(random.nextInt(capacity + 1), random.nextInt(capacity + 1));
    for (; n > 0; n--) {
      init.add(actor(pick(Op.SEND, Op.TRY_SEND)));
    }
    return init;
  }

  private List<Actor> randomOps(int n, Op... choices) {
    List<Actor> actors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      actors.add(actor(pick(choices)));
    }
    return actors;
  }

  private Op pick(Op... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private Actor actor(Op op) {
    try {
      return switch (op) {
        case SEND -> new Actor(method("send", int.class), List.of(nextValue++));
        case TRY_SEND -> new Actor(method("trySend", int.class), List.of(nextValue++));
        case RECEIVE -> new Actor(method("receive"), List.of());
        case TRY_RECEIVE -> new Actor(method("tryReceive"), List.of());
        case CLOSE -> new Actor(method("close"), List.of());
        case LEN -> new Actor(method("len"), List.of());
      };
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private Method method(String name, Class<?>... parameterTypes) throws NoSuchMethodException {
    return ops.getMethod(name, parameterTypes);
  }
}
