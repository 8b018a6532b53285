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

  /** How a section's rows are shown. */
  enum Kind {
    /** ns per message, one column per peer with go4j/peer ratios. */
    TIME,
    /** The hand-off floor: ns per hand-off, then the unbuffered rows over it. */
    FLOOR,
    /** Bytes per blocked goroutine, one column per peer with go4j/peer ratios. */
    MEMORY,
    /**
     * ns per item of a go4j-patterns shape: as {@link #TIME}, plus go4j's score over one hop
     * (go4j's spsc c=64 score).
     */
    PATTERNS
  }

  /**
   * A section of the report: one or more benchmark classes.
   *
   * @param classes the classes' simple names, e.g. {@code Spsc}, in row order
   * @param title the section title
   * @param description one paragraph on the workload and its peers
   * @param kind how its rows are shown
   */
  record Section(List<String> classes, String title, String description, Kind kind) {
    Section(String benchmarkClass, String title, String description) {
      this(List.of(benchmarkClass), title, description, Kind.TIME);
    }
  }

  /** The peers in column order; {@code go4j} first. */
  static final List<String> PEERS =
      List.of(
          "go4j",
          "jox",
          "juc",
          "ltq",
          "exchanger",
          "jdk",
          "park",
          "spin",
          "stream",
          "executor",
          "chmFuture",
          "guava",
          "caffeine",
          "chm",
          "go");

  /** Column headers of the peers. */
  static final Map<String, String> PEER_NAMES =
      Map.ofEntries(
          Map.entry("go4j", "go4j"),
          Map.entry("jox", "jox"),
          Map.entry("juc", "j.u.c."),
          Map.entry("ltq", "LTQ"),
          Map.entry("exchanger", "Exchanger"),
          Map.entry("jdk", "JDK"),
          Map.entry("park", "LockSupport.park"),
          Map.entry("spin", "spin, then park"),
          Map.entry("stream", "parallel stream"),
          Map.entry("executor", "ExecutorService"),
          Map.entry("chmFuture", "CHM + CompletableFuture"),
          Map.entry("guava", "Guava"),
          Map.entry("caffeine", "Caffeine"),
          Map.entry("chm", "ConcurrentHashMap"),
          Map.entry("go", "Go"));

  static final List<Section> SECTIONS =
      List.of(
          new Section(
              "PingPong",
              "Ping-pong over unbuffered channels",
              "Two goroutines bounce a value over two unbuffered channels; a round trip is two"
                  + " messages. j.u.c. is SynchronousQueue, LTQ is LinkedTransferQueue.transfer,"
                  + " Exchanger swaps twice per round trip (one rendezvous per message)."),
          new Section(
              List.of("HandOffFloor"),
              "The JVM floor: a bare virtual-thread hand-off",
              "Two virtual threads hand a token back and forth through one volatile field and"
                  + " LockSupport.park/unpark, with nothing else around it; ns per hand-off, the"
                  + " counterpart of one ping-pong message. It bounds the unbuffered workloads from"
                  + " below: a rendezvous cannot complete before both parties are there, so each"
                  + " message whose first party parks pays at least one park and one unpark (one"
                  + " hand-off here) on top of the channel's own work. That bounds ping-pong and"
                  + " spsc c=0, which have one message in flight; with many parties (mpmc) hand-offs"
                  + " overlap on the carriers, so those rows can go below it. The second row spins"
                  + " up to 2 µs (Thread.onSpinWait, checking System.nanoTime) before parking: what"
                  + " spinning can buy at best. Go has no counterpart.",
              Kind.FLOOR),
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
              List.of("OneCarrier"),
              "One carrier thread",
              "Ping-pong, one producer/one consumer and select+cancel with"
                  + " `-Djdk.virtualThreadScheduler.parallelism=1` (a JMH fork of their own): every"
                  + " virtual thread takes turns on one platform thread, so a party that must wait"
                  + " can only yield to its partner. Go runs them with GOMAXPROCS=1. No target:"
                  + " a regression watch, and the same placement for both where a ratio to Go"
                  + " is missed on two carriers.",
              Kind.TIME),
          new Section(
              List.of("PingPongPlatform", "SpscPlatform", "MpmcPlatform"),
              "Platform threads",
              "Ping-pong, one producer/one consumer and 4 producers/4 consumers with every"
                  + " party on a platform thread (the JMH thread drives ping-pong and spsc itself);"
                  + " 2*10^4 messages per batch, since parking a platform thread is a system call."
                  + " Go has no counterpart. No target: a regression watch.",
              Kind.TIME),
          new Section(
              List.of("SelectFanIn", "SelectFanInReused"),
              "Select over 2 and 8 channels",
              "One producer per channel; the driver receives every message through a select over"
                  + " all the channels. In the first rows the cases are built per select (as"
                  + " ported Go code does); in the *reused* rows they are built once and passed to"
                  + " every select (`Select.select(c1, c2)`, or one array for 8 channels), so"
                  + " go4j's B/op is the select's own allocation (target 0). jox's select takes the"
                  + " first ready clause (biased) while go4j and Go choose uniformly at random"
                  + " among ready cases, so jox drains the channels in order and go4j interleaves"
                  + " them: the same work per message, not the same fairness. Go builds no case"
                  + " objects: its twin of a reused row is the same program.",
              Kind.TIME),
          new Section(
              List.of("SelectCancel", "SelectCancelReused"),
              "Every operation in a select with a cancellation channel",
              "One producer/one consumer where every send and receive is a two-case select"
                  + " with a never-ready `done` channel (Kotlin's \"with select\" channel"
                  + " benchmarks). jox and go4j both allow a channel in one case only here. In the"
                  + " *reused* rows each party builds its cases once (the producer one send case"
                  + " per distinct value) and reuses them; go4j's B/op there is the select's own"
                  + " (target 0).",
              Kind.TIME),
          new Section(
              "TimeAfterSelect",
              "`time.After` in a select loop",
              "Go's BenchmarkSelectProdCons: producer and consumer each run a three-case"
                  + " select (data channel of capacity 128, a fresh `Time.after(1h)`, a close"
                  + " channel) per message, so every message creates and abandons two timers."
                  + " Go 1.19 keeps an abandoned pending timer until it fires (Go 1.23 collects"
                  + " it). jox and j.u.c. have no timer channel."),
          new Section(
              List.of("BlockedMemory"),
              "Memory per blocked goroutine",
              "10^5 (and 10^6) goroutines each blocked in a receive on one shared unbuffered channel: heap"
                  + " in use with all of them parked minus before they started (each after"
                  + " System.gc()), per goroutine, in **bytes** (the median of the measured"
                  + " iterations). A parked virtual thread's stack lives in the heap, so this is"
                  + " the whole goroutine. j.u.c. is SynchronousQueue.take; LockSupport.park, a"
                  + " bare park loop, is the baseline. Go: heap plus goroutine stacks in use"
                  + " (runtime.MemStats HeapAlloc + StackInuse), the median of its rounds: from"
                  + " the second round on, a goroutine reuses the g of one that exited in an earlier"
                  + " round (the runtime never frees them: about 430 B not counted) and gets a 4 KB"
                  + " stack (Go 1.19's initial stack size, adapted to the goroutines of earlier"
                  + " rounds); a fresh process's first round measures about 2.6 KB per goroutine."
                  + " No target but this one: go4j's"
                  + " figure must not grow with a new engine, nor with the number of goroutines.",
              Kind.MEMORY),
          new Section(
              "SyncBench",
              "sync: WaitGroup and Mutex",
              "waitGroup: 10^5 goroutines each call done() once, the driver awaits (ns per"
                  + " goroutine, thread start included); JDK is"
                  + " CountDownLatch. mutexContended: 4 goroutines increment a shared counter"
                  + " under the lock, 10^5 increments in all; mutexUncontended: one goroutine,"
                  + " 10^5 lock/unlock pairs. JDK is ReentrantLock. goStatement: 10^5 goroutines"
                  + " started with Go.go (which keeps Go.numGoroutine()'s count) count a latch"
                  + " down; JDK starts the same named virtual thread with a wrapper, without the"
                  + " count: the ratio is the count's cost. No"
                  + " target applies; shown for comparison."),
          new Section(
              "ContextBench",
              "context: create/cancel, tree cancel, value lookup",
              "createCancel: WithCancel(Background) then cancel, per op; each context escapes"
                  + " into a ring of 1024 (in Go too), so the JIT cannot scalar-replace it."
                  + " cancelTree: build a tree of 10^5 contexts (fan-out 10) under one root and cancel the root; ns"
                  + " per context, build included. valueDepth10: Value of the innermost layer's key"
                  + " through 10 WithValue layers. io.grpc.Context is not included (not a"
                  + " dependency here)."),
          new Section(
              "GoShapes",
              "Shapes of Go's own channel benchmarks (one goroutine)",
              "runtime/chan_test.go's ChanNonblocking, SelectNonblock, ChanUncontended and"
                  + " ChanCreation, run by one goroutine (Go runs most with RunParallel): the"
                  + " cost of an operation with no partner. ns per operation (one message, or"
                  + " four non-blocking selects for selectNonblock). selectNonblockReused is"
                  + " selectNonblock with its cases built once and reused (target 0 B/op, as"
                  + " chanNonblocking and chanUncontended). chanNonblocking is go4j's tryReceive"
                  + " (Go compiles its one-case select with a default to such a non-blocking"
                  + " receive) but jox's select with a default clause, jox 1.0.1 having no"
                  + " non-blocking receive: go4j/jox there compares a call with a select."),
          new Section(
              List.of("PatternsPipeline", "PatternsMerge"),
              "Patterns: pipeline, fan-out/fan-in, merge (go4j-patterns)",
              "go4j-patterns' Pipeline over 10^6 items per invocation, ns per **item**; every"
                  + " stage's output has capacity 64 (`Pipeline.create(ctx, 64)`, Go's"
                  + " `make(chan int, 64)`). pipeline3: source, map 2x, map x+1, the driver as"
                  + " sink (3 hops per item). fanOutFanIn: source, fanOut to 4 workers (2x+1),"
                  + " merge, the driver (3 hops). merge8: 8 producers on their own channels,"
                  + " merge, the driver (2 hops). go4j's stages receive with a poll(), then (when"
                  + " nothing is ready) a select on the value and the pipeline's done channel, and"
                  + " send with a trySend, then a select; they check the context once per item. Go's"
                  + " twins are"
                  + " the pipeline article's gen/sq/merge with a done channel (range over the input,"
                  + " select on each send). Parallel stream: `IntStream.range(0, N).parallel()`"
                  + " with the same arithmetic (common pool; `ForkJoinPool(4)` for the fan-out): no"
                  + " hand-off per item, the bound for cheap work, not like for like."
                  + " ExecutorService: the same topology on a virtual-thread-per-task executor,"
                  + " `ArrayBlockingQueue(64)` between the stages, a sentinel for the end. The last"
                  + " column is go4j's ns per item over go4j's spsc c=64 ns per message (one hop,"
                  + " from the same report); target for pipeline3: ≤ "
                  + Targets.times(Targets.HOP_LIMIT)
                  + ".",
              Kind.PATTERNS),
          new Section(
              "CoordSingleFlight",
              "Patterns: coordination, SingleFlight (go4j-patterns)",
              "100 goroutines each make 1000 calls for one shared key, 10^5 calls per invocation;"
                  + " the function burns 64 JMH CPU tokens (about 100 ns) and returns a value. A"
                  + " caller that arrives while a call is in flight waits for it and shares its"
                  + " value; ns per **call**. go4j: `SingleFlight.get(key, fn)` (Go's `g.Do`)."
                  + " CHM + CompletableFuture: `ConcurrentHashMap.computeIfAbsent(key, k -> mine)`"
                  + " with a fresh future; the caller whose future went in runs the function,"
                  + " completes and removes it, the others `join()` it. No Go row:"
                  + " `golang.org/x/sync/singleflight` cannot be fetched on this machine (not"
                  + " vendored). No target; shown for comparison."),
          new Section(
              "CoordRateLimiter",
              "Patterns: coordination, RateLimiter (go4j-patterns)",
              "10^5 non-blocking calls per invocation by one goroutine, ns per **call**. go4j:"
                  + " `RateLimiter.allow()` (Go's `Allow`, a ReentrantLock and the system clock);"
                  + " Guava: `RateLimiter.tryAcquire()` (Guava 33.8.0, a monitor lock). granted:"
                  + " 10^9 events/s (go4j's burst 1000), every call granted; refused: 1 event/s,"
                  + " burst 1, nearly every call refused. Target: go4j 0 B/op (its Javadoc promises"
                  + " no allocation). No Go row: `golang.org/x/time/rate` cannot be fetched on"
                  + " this machine (not vendored)."),
          new Section(
              "CoordTtlCache",
              "Patterns: coordination, TtlCache hit path (go4j-patterns)",
              "10^5 reads per invocation by one goroutine over 1024 keys loaded with a TTL of one"
                  + " hour (every read hits), ns per **read**. go4j: `TtlCache.get(key, loader)`;"
                  + " Caffeine: 3.3.1 with `expireAfterWrite(1 h)`, `cache.get(key, loader)`;"
                  + " ConcurrentHashMap: a plain `get`, no expiry (the floor of any map-based"
                  + " cache). Go has no cache type: its twin is the idiom TtlCache ports, a"
                  + " `sync.Map` of entries read with `Load` and `time.Now().Before(expires)`."
                  + " Targets: go4j ≤ "
                  + Targets.times(Targets.CAFFEINE_LIMIT)
                  + " Caffeine and 0 B/op."),
          new Section(
              "CoordErrGroup",
              "Patterns: coordination, ErrGroup (go4j-patterns)",
              "10^4 tasks per invocation, each adding its token to a shared sum, then a wait for"
                  + " all; ns per **task** (start, run, wait). go4j: `new ErrGroup()`, `go(task)`"
                  + " per task, `await()`. ExecutorService: a"
                  + " `newVirtualThreadPerTaskExecutor()` per invocation, `submit` per task, `get()`"
                  + " on each future, `close()`. JDK 25's `StructuredTaskScope` is a preview API"
                  + " (`--enable-preview`): not measured. No Go row: `golang.org/x/sync/errgroup`"
                  + " cannot be fetched on this machine (not vendored). No target; shown for"
                  + " comparison."));

  /** The class part of a benchmark name ({@code Spsc.run} -> {@code Spsc}). */
  static String benchmarkClass(String benchmark) {
    int dot = benchmark.lastIndexOf('.');
    return dot < 0 ? benchmark : benchmark.substring(0, dot);
  }

  /** The section of a benchmark; an untitled one for classes not listed. */
  static Section section(String benchmark) {
    String cls = benchmarkClass(benchmark);
    for (Section s : SECTIONS) {
      if (s.classes().contains(cls)) {
        return s;
      }
    }
    return new Section(cls, cls, "");
  }

  /**
   * The position of a benchmark in the report: its section's (listed ones first, in order), then
   * its class's within the section.
   */
  static int sectionOrder(String benchmark) {
    String cls = benchmarkClass(benchmark);
    for (int i = 0; i < SECTIONS.size(); i++) {
      int j = SECTIONS.get(i).classes().indexOf(cls);
      if (j >= 0) {
        return i * 100 + j;
      }
    }
    return SECTIONS.size() * 100;
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
      case "HandOffFloor" -> "hand-off";
      case "Spsc" -> "spsc" + cap;
      case "Mpmc" -> "mpmc " + params.get("parties") + cap;
      case "OneCarrier" ->
          (benchmark.endsWith(".pingPong")
                  ? "ping-pong"
                  : benchmark.endsWith(".selectCancel") ? "select+cancel" + cap : "spsc" + cap)
              + " 1 carrier";
      case "PingPongPlatform" -> "ping-pong platform";
      case "SpscPlatform" -> "spsc" + cap + " platform";
      case "MpmcPlatform" -> "mpmc 4x4" + cap + " platform";
      case "SelectFanIn" -> "select " + params.get("channels") + " ch" + cap;
      case "SelectFanInReused" -> "select " + params.get("channels") + " ch" + cap + " reused";
      case "SelectCancel" -> "select+cancel" + cap;
      case "SelectCancelReused" -> "select+cancel" + cap + " reused";
      case "BlockedMemory" ->
          "blocked in a receive"
              + (params.containsKey("goroutines") ? ", n=" + params.get("goroutines") : "");
      case "TimeAfterSelect" -> "time.After select" + cap;
      case "GoShapes", "SyncBench", "ContextBench", "PatternsPipeline", "PatternsMerge" ->
          benchmark.substring(benchmark.lastIndexOf('.') + 1);
      case "CoordSingleFlight" -> "singleflight, 100 callers";
      case "CoordRateLimiter" -> "allow, " + params.get("regime");
      case "CoordTtlCache" -> "ttl cache hit";
      case "CoordErrGroup" -> "errgroup, 10^4 tasks";
      default -> benchmark + (params.isEmpty() ? "" : " " + params);
    };
  }

  /**
   * Whether a workload is buffered (a capacity parameter above 0).
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
