package io.github.go4j.bench.report;

import java.util.List;
import java.util.Map;

/**
 * What the report says about each benchmark class: its section title and description, the short
 * label of each workload, and which peers it compares. A benchmark class that is not listed here (a
 * new one) still gets a section, titled with its name.
 */
final class Workloads {
  private Workloads() {}

  /**
   * A section of the report: one benchmark class.
   *
   * @param benchmarkClass the class's simple name, e.g. {@code Spsc}
   * @param title the section title
   * @param description one paragraph on the workload and its peers
   */
  record Section(String benchmarkClass, String title, String description) {}

  /** The peers in column order; {@code go4j} first. */
  static final List<String> PEERS = List.of("go4j", "jox", "juc", "ltq", "exchanger", "jdk", "go");

  /** Column headers of the peers. */
  static final Map<String, String> PEER_NAMES =
      Map.of(
          "go4j", "go4j",
          "jox", "jox",
          "juc", "j.u.c.",
          "ltq", "LTQ",
          "exchanger", "Exchanger",
          "jdk", "JDK",
          "go", "Go");

  static final List<Section> SECTIONS =
      List.of(
          new Section(
              "PingPong",
              "Ping-pong over unbuffered channels",
              "Two goroutines bounce a value over two unbuffered channels; a round trip is two"
                  + " messages. j.u.c. is SynchronousQueue, LTQ is LinkedTransferQueue.transfer,"
                  + " Exchanger swaps twice per round trip (one rendezvous per message)."),
          new Section(
              "Spsc",
              "One producer, one consumer",
              "A producer sends 10^5 values, the driver receives them. j.u.c. is"
                  + " SynchronousQueue at capacity 0 and ArrayBlockingQueue(n) otherwise; LTQ is"
                  + " LinkedTransferQueue: transfer at capacity 0, otherwise an *unbounded* put"
                  + " (its producer never blocks, so it is not like for like)."),
          new Section(
              "Mpmc",
              "Many producers, many consumers (virtual threads)",
              "P producers and C consumers share one channel; 10^5 messages per batch. Peers as"
                  + " for one producer/one consumer."),
          new Section(
              "MpmcPlatform",
              "4 producers, 4 consumers on platform threads",
              "The 4x4 workload with every producer and consumer on a platform thread (2*10^4"
                  + " messages per batch). Go has no counterpart."),
          new Section(
              "SelectFanIn",
              "Select over 2 and 8 channels",
              "One producer per channel; the driver receives every message through a select over"
                  + " all the channels, cases built per select. jox's select takes the first"
                  + " ready clause (biased) while go4j and Go choose uniformly at random among"
                  + " ready cases, so jox drains the channels in order and go4j interleaves"
                  + " them: the same work per message, not the same fairness."),
          new Section(
              "SelectCancel",
              "Every operation in a select with a cancellation channel",
              "One producer/one consumer where every send and receive is a two-case select"
                  + " with a never-ready `done` channel (Kotlin's \"with select\" channel"
                  + " benchmarks). jox and go4j both allow a channel in one case only here."),
          new Section(
              "TimeAfterSelect",
              "`time.After` in a select loop",
              "Go's BenchmarkSelectProdCons: producer and consumer each run a three-case"
                  + " select (data channel of capacity 128, a fresh `Time.after(1h)`, a close"
                  + " channel) per message, so every message creates and abandons two timers."
                  + " Go 1.19 keeps an abandoned pending timer until it fires (Go 1.23 collects"
                  + " it). jox and j.u.c. have no timer channel."),
          new Section(
              "SyncBench",
              "sync: WaitGroup and Mutex",
              "waitGroup: 10^5 goroutines each call done() once, the driver awaits (DESIGN's"
                  + " WaitGroup workload; ns per goroutine, thread start included); JDK is"
                  + " CountDownLatch. mutexContended: 4 goroutines increment a shared counter"
                  + " under the lock, 10^5 increments in all; mutexUncontended: one goroutine,"
                  + " 10^5 lock/unlock pairs. JDK is ReentrantLock. No target applies; shown for"
                  + " comparison."),
          new Section(
              "ContextBench",
              "context: create/cancel, tree cancel, value lookup",
              "createCancel: WithCancel(Background) then cancel, per op; each context escapes"
                  + " into a ring of 1024 (in Go too), so the JIT cannot scalar-replace it."
                  + " cancelTree: build a tree of 10^5 contexts (fan-out 10) under one root and cancel the root; ns"
                  + " per context, build included. valueDepth10: Value of the outermost key"
                  + " through 10 WithValue layers. io.grpc.Context is not included (not a"
                  + " dependency here)."),
          new Section(
              "GoShapes",
              "Shapes of Go's own channel benchmarks (one goroutine)",
              "runtime/chan_test.go's ChanNonblocking, SelectNonblock, ChanUncontended and"
                  + " ChanCreation, run by one goroutine (Go runs most with RunParallel): the"
                  + " cost of an operation with no partner. ns per operation (one message, or"
                  + " four non-blocking selects for selectNonblock)."));

  /** The class part of a benchmark name ({@code Spsc.run} -> {@code Spsc}). */
  static String benchmarkClass(String benchmark) {
    int dot = benchmark.lastIndexOf('.');
    return dot < 0 ? benchmark : benchmark.substring(0, dot);
  }

  /** The section of a benchmark; an untitled one for classes not listed. */
  static Section section(String benchmark) {
    String cls = benchmarkClass(benchmark);
    for (Section s : SECTIONS) {
      if (s.benchmarkClass().equals(cls)) {
        return s;
      }
    }
    return new Section(cls, cls, "");
  }

  /** The position of a section in the report (listed ones first, in order). */
  static int sectionOrder(String benchmark) {
    String cls = benchmarkClass(benchmark);
    for (int i = 0; i < SECTIONS.size(); i++) {
      if (SECTIONS.get(i).benchmarkClass().equals(cls)) {
        return i;
      }
    }
    return SECTIONS.size();
  }

  /**
   * A short label of a workload, for table rows and chart categories.
   *
   * @param benchmark e.g. {@code Mpmc.run}
   * @param params its parameters without {@code impl}
   * @return e.g. {@code mpmc 4x4 c=64}
   */
  static String label(String benchmark, Map<String, String> params) {
    String c = params.get("capacity");
    String cap = c == null ? "" : " c=" + c;
    return switch (benchmarkClass(benchmark)) {
      case "PingPong" -> "ping-pong";
      case "Spsc" -> "spsc" + cap;
      case "Mpmc" -> "mpmc " + params.get("parties") + cap;
      case "MpmcPlatform" -> "mpmc 4x4" + cap + " platform";
      case "SelectFanIn" -> "select " + params.get("channels") + " ch" + cap;
      case "SelectCancel" -> "select+cancel" + cap;
      case "TimeAfterSelect" -> "time.After select" + cap;
      case "GoShapes", "SyncBench", "ContextBench" ->
          benchmark.substring(benchmark.lastIndexOf('.') + 1);
      default -> benchmark + (params.isEmpty() ? "" : " " + params);
    };
  }

  /**
   * Whether a workload is buffered (a capacity parameter above 0): the "within 2x of Go" target
   * applies to those.
   *
   * @param params the workload's parameters
   * @return true if buffered
   */
  static boolean buffered(Map<String, String> params) {
    String c = params.get("capacity");
    try {
      return c != null && Integer.parseInt(c) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
