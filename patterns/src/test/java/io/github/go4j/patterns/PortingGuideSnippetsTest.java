package io.github.go4j.patterns;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Go;
import io.github.go4j.PanicHandler;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Received;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SendChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextKey;
import io.github.go4j.sync.Cond;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.Once;
import io.github.go4j.sync.RWMutex;
import io.github.go4j.sync.Semaphore;
import io.github.go4j.sync.WaitGroup;
import io.github.go4j.time.Ticker;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of docs/porting-guide.md, one test per section, so that every snippet of the
 * guide compiles against the real API and does what the guide says. The code between the {@code //
 * guide} comments is what the guide shows; the assertions around it are the test's own. When a
 * snippet changes here, change the guide too.
 */
class PortingGuideSnippetsTest {

  /**
   * Keeps the guide and this test together: every line of every Java block of the guide must be a
   * line of this file (leading and trailing blanks aside), so a snippet in the guide cannot drift
   * from the code that compiles and runs here.
   */
  @Test
  void everyJavaLineOfTheGuideIsInThisTest() throws Exception {
    Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path guide = module.resolve("../docs/porting-guide.md").normalize();
    Path self =
        module.resolve("src/test/java/io/github/go4j/patterns/PortingGuideSnippetsTest.java");
    Set<String> lines = new HashSet<>();
    for (String l : Files.readAllLines(self)) {
      lines.add(l.strip());
    }
    List<String> missing = new ArrayList<>();
    int checked = 0;
    boolean inJava = false;
    List<String> guideLines = Files.readAllLines(guide);
    for (int i = 0; i < guideLines.size(); i++) {
      String l = guideLines.get(i);
      if (l.startsWith("```")) {
        inJava = !inJava && l.equals("```java");
        continue;
      }
      if (inJava && !l.isBlank()) {
        checked++;
        if (!lines.contains(l.strip())) {
          missing.add("porting-guide.md:" + (i + 1) + ": " + l.strip());
        }
      }
    }
    assertThat(checked).as("Java lines in %s", guide).isGreaterThan(300);
    assertThat(missing).as("lines of the guide's Java blocks not in this test").isEmpty();
  }

  // ---- go f() ----

  @Test
  void goStatement() throws Exception {
    Channel<String> out = Channel.make(1);
    // guide
    Thread t = go(() -> out.send("hello from a goroutine")); // go f()
    // guide
    assertThat(out.receive()).isEqualTo("hello from a goroutine");
    assertThat(t.isVirtual()).isTrue();
    t.join();
  }

  // ---- make, send, receive, close, range ----

  @Test
  void channelBasics() throws Exception {
    List<Integer> got = new ArrayList<>();
    // guide
    Channel<Integer> jobs = Channel.make(3); // jobs := make(chan int, 3)
    go(
        () -> {
          for (int i = 1; i <= 3; i++) {
            jobs.send(i); // jobs <- i
          }
          jobs.close(); // close(jobs)
        });
    for (Integer j : jobs) { // for j := range jobs
      got.add(j);
    }
    Received<Integer> r = jobs.receiveOk(); // v, ok := <-jobs
    Integer zero = jobs.receive(); // v := <-jobs: null is Go's zero value
    int n = jobs.receiveOr(0); // v := <-jobs on a chan int: Go's 0
    // guide
    assertThat(n).isZero();
    assertThat(got).containsExactly(1, 2, 3);
    assertThat(r.ok()).isFalse();
    assertThat(r.value()).isNull();
    assertThat(zero).isNull();
  }

  // ---- chan<- T, <-chan T ----

  // guide
  static void produce(SendChannel<Integer> out) throws InterruptedException { // out chan<- int
    for (int i = 0; i < 3; i++) {
      out.send(i);
    }
    out.close();
  }

  static int consume(ReceiveChannel<Integer> in) { // in <-chan int
    int sum = 0;
    for (int v : in) {
      sum += v;
    }
    return sum;
  }

  // guide

  @Test
  void directions() throws Exception {
    // guide
    Channel<Integer> c = Channel.make();
    go(() -> produce(c.sendOnly()));
    int sum = consume(c.receiveOnly());
    // guide
    assertThat(sum).isEqualTo(3);
  }

  // ---- select: default, timeout, nil cases ----

  @Test
  void selectWithDefault() throws Exception {
    Channel<String> messages = Channel.make(1);
    // guide
    String msg =
        Select.select( // select {
            messages.onReceive(m -> m), // case m := <-messages: ...
            Select.onDefault(() -> "no message")); // default: ...
    boolean sent = messages.trySend("hi"); // select { case messages <- "hi": default: }
    // guide
    assertThat(msg).isEqualTo("no message");
    assertThat(sent).isTrue();
    assertThat(messages.tryReceive()).contains(new Received<>("hi", true));
  }

  @Test
  void selectStatementCases() throws Exception {
    Channel<String> messages = Channel.make(1);
    messages.send("hi");
    for (int i = 0; i < 2; i++) {
      // guide
      List<String> log = new ArrayList<>();
      Select.select( // select {
          messages.onReceiveDo(m -> log.add(m)), // case m := <-messages: log = append(log, m)
          Select.onDefaultDo(() -> log.add("idle"))); // default: log = append(log, "idle")
      // guide
      assertThat(log).containsExactly(i == 0 ? "hi" : "idle");
    }
  }

  @Test
  void selectWithTimeout() throws Exception {
    Channel<String> results = Channel.make(); // nothing ever sends here
    // guide
    String r =
        Select.select(
            results.onReceive(s -> s), // case s := <-results:
            Time.after(Duration.ofMillis(20)).onReceive(t -> "timeout")); // case <-time.After:
    // guide
    assertThat(r).isEqualTo("timeout");
  }

  // guide
  record From(int input, Integer value) {}

  static int sumBoth(ReceiveChannel<Integer> left, ReceiveChannel<Integer> right)
      throws InterruptedException {
    ReceiveChannel<Integer> a = left;
    ReceiveChannel<Integer> b = right;
    int sum = 0;
    for (int open = 2; open > 0; ) {
      From f = Select.select(a.onReceive(v -> new From(0, v)), b.onReceive(v -> new From(1, v)));
      if (f.value() != null) {
        sum += f.value();
        continue;
      }
      if (f.input() == 0) { // a is closed and drained:
        a = Channel.nil(); // a = nil, its case is never chosen again
      } else {
        b = Channel.nil();
      }
      open--;
    }
    return sum;
  }

  // guide

  // guide
  static int sumBothStatements(ReceiveChannel<Integer> left, ReceiveChannel<Integer> right)
      throws InterruptedException {
    ReceiveChannel<Integer> nil = Channel.nil();
    var s = new Object() { // the variables the case bodies assign
          ReceiveChannel<Integer> a = left;
          ReceiveChannel<Integer> b = right;
          int sum;
        };
    while (s.a != nil || s.b != nil) { // for a != nil || b != nil {
      Select.select(
          s.a.onReceiveOkDo(
              (v, ok) -> { // case v, ok := <-a:
                if (!ok) {
                  s.a = nil; // a = nil
                } else {
                  s.sum += v; // sum += v
                }
              }),
          s.b.onReceiveOkDo(
              (v, ok) -> {
                if (!ok) {
                  s.b = nil;
                } else {
                  s.sum += v;
                }
              }));
    }
    return s.sum;
  }

  // guide

  @Test
  void nilChannelCases() throws Exception {
    assertThat(sumBoth(closedWith(1, 2), closedWith(10))).isEqualTo(13);
    assertThat(sumBothStatements(closedWith(1, 2), closedWith(10))).isEqualTo(13);
    assertThat(sumBothStatements(closedWith(), closedWith(7))).isEqualTo(7);
  }

  /** A buffered channel that holds {@code values} and is closed. */
  private static Channel<Integer> closedWith(int... values) throws InterruptedException {
    Channel<Integer> c = Channel.make(values.length);
    for (int v : values) {
      c.send(v);
    }
    c.close();
    return c;
  }

  // ---- for { select { ... } } ----

  // guide
  static List<String> collect(ReceiveChannel<String> in, ReceiveChannel<Unit> quit)
      throws InterruptedException {
    List<String> out = new ArrayList<>();
    return Select.loop( // for { select {
        in.onReceiveDo(v -> out.add(v)), // case v := <-in: out = append(out, v)
        quit.onReceive(u -> out)); // case <-quit: return out
  }

  static int drainLoop(ReceiveChannel<Integer> in, ReceiveChannel<Unit> done)
      throws InterruptedException {
    int[] n = {0}; // the bodies run on this thread; a lambda cannot assign n itself
    return Select.loop( // for { select {
        in.onReceiveOk(
            (v, ok) -> { // case v, ok := <-in:
              if (!ok) {
                return n[0]; // if !ok { return n }
              }
              n[0] += v; // n += v
              return null; // null: the loop goes on
            }),
        done.onReceive(u -> n[0])); // case <-done: return n
  }

  // guide

  @Test
  void selectLoop() throws Exception {
    Channel<String> in = Channel.make();
    Channel<Unit> quit = Channel.make();
    go(
        () -> {
          in.send("a");
          in.send("b");
          quit.close();
        });
    assertThat(collect(in, quit)).containsExactly("a", "b");

    Channel<Integer> nums = Channel.make(3);
    nums.send(1);
    nums.send(2);
    nums.close();
    assertThat(drainLoop(nums, Channel.nil())).isEqualTo(3);
    Channel<Unit> done = Channel.make();
    done.close();
    assertThat(drainLoop(Channel.make(), done)).isZero();
  }

  // guide
  static int drain(ReceiveChannel<Integer> in, ReceiveChannel<Unit> done)
      throws InterruptedException {
    int n = 0;
    for (; ; ) { // for {
      Integer v =
          Select.select( //   select {
              in.onReceive(x -> x), //   case v := <-in: (null: closed)
              done.onReceive(u -> null)); //   case <-done: return n
      if (v == null) {
        return n; // a return inside a case lambda would only leave the lambda
      }
      n += v;
    }
  }

  // guide

  @Test
  void forSelectLoop() throws Exception {
    Channel<Integer> in = Channel.make(3);
    in.send(1);
    in.send(2);
    in.close();
    assertThat(drain(in, Channel.nil())).isEqualTo(3);

    Channel<Integer> idle = Channel.make();
    Channel<Unit> done = Channel.make();
    done.close();
    assertThat(drain(idle, done)).isZero();

    // guide
    Channel<String> words = Channel.make(4);
    words.send("a");
    words.send("stop");
    words.send("b");
    List<String> seen = new ArrayList<>();
    loop: // Go: loop: for { select { ... break loop } }
    for (; ; ) {
      String w = Select.select(words.onReceive(x -> x), Select.onDefault(() -> "stop"));
      switch (w) {
        case "stop":
          break loop;
        default:
          seen.add(w);
      }
    }
    // guide
    assertThat(seen).containsExactly("a");
  }

  // ---- struct{} and Unit ----

  @Test
  void unitSignals() throws Exception {
    AtomicBoolean worked = new AtomicBoolean();
    // guide
    Channel<Unit> done = Channel.make(); // done := make(chan struct{})
    go(
        () -> {
          worked.set(true);
          done.send(Unit.VALUE); // done <- struct{}{}
        });
    done.receive(); // <-done

    Channel<Unit> quit = Channel.make();
    quit.close(); // close(quit): every receiver wakes, now and later
    Received<Unit> r = quit.receiveOk(); // (null, false)
    // guide
    assertThat(worked).isTrue();
    assertThat(r.ok()).isFalse();
  }

  // ---- time ----

  @Test
  void timers() throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    // guide
    Timer t = Time.newTimer(Duration.ofMillis(10)); // t := time.NewTimer(10 * time.Millisecond)
    Instant due = t.channel().receive(); // <-t.C
    boolean wasActive = t.reset(Duration.ofHours(1)); // t.Reset(time.Hour): false, it had fired
    boolean stopped = t.stop(); // t.Stop(): true, it was pending

    Ticker tk = Time.newTicker(Duration.ofMillis(5)); // tk := time.NewTicker(...)
    try { // defer tk.Stop()
      for (int i = 0; i < 3; i++) {
        tk.channel().receive(); // <-tk.C
      }
    } finally {
      tk.stop();
    }

    Timer f = Time.afterFunc(Duration.ofMillis(1), fired::countDown); // time.AfterFunc
    ReceiveChannel<Instant> tick = Time.tick(Duration.ofMillis(5)); // time.Tick: never stopped
    tick.receive();
    // guide
    assertThat(due).isNotNull();
    assertThat(wasActive).isFalse();
    assertThat(stopped).isTrue();
    fired.await();
    assertThat(f.stop()).isFalse();
  }

  // ---- sync.WaitGroup and loop variables ----

  @Test
  void waitGroup() throws Exception {
    List<String> urls = List.of("a", "b", "c");
    ConcurrentLinkedQueue<String> fetched = new ConcurrentLinkedQueue<>();
    // guide
    WaitGroup wg = new WaitGroup();
    for (String u : urls) { // for _, u := range urls {
      wg.add(1); // wg.Add(1): before go, never inside the goroutine
      go(
          () -> {
            try { // defer wg.Done()
              fetched.add(u); // u is a fresh variable per iteration, as in Go 1.22+
            } finally {
              wg.done();
            }
          });
    }
    wg.await(); // wg.Wait()

    for (int i = 0; i < 3; i++) { // for i := 0; i < 3; i++ {
      int id = i; // i changes: copy it into an effectively final local
      wg.go(() -> fetched.add("worker " + id)); // wg.Go(func() { ... })  (Go 1.25)
    }
    wg.await();
    // guide
    assertThat(fetched)
        .containsExactlyInAnyOrder("a", "b", "c", "worker 0", "worker 1", "worker 2");
  }

  // ---- sync.Once ----

  @Test
  void once() throws Exception {
    AtomicInteger inits = new AtomicInteger();
    // guide
    Once once = new Once();
    once.run(inits::incrementAndGet); // once.Do(initialize)
    once.run(inits::incrementAndGet); // does nothing

    Supplier<String> config = Once.value(() -> "loaded " + inits.incrementAndGet()); // OnceValue
    // guide
    assertThat(config.get()).isEqualTo("loaded 2");
    assertThat(config.get()).isEqualTo("loaded 2");
    assertThat(inits).hasValue(2);
  }

  // ---- sync.Mutex, sync.RWMutex ----

  static final class Counter {
    // guide
    private final Mutex mu = new Mutex();
    private final Map<String, Integer> counts = new HashMap<>();

    void inc(String key) {
      mu.lock(); // mu.Lock()
      try { // defer mu.Unlock()
        counts.merge(key, 1, Integer::sum);
      } finally {
        mu.unlock();
      }
    }

    // guide

    int get(String key) {
      mu.lock();
      try {
        return counts.getOrDefault(key, 0);
      } finally {
        mu.unlock();
      }
    }
  }

  static final class Cache {
    // guide
    private final RWMutex mu = new RWMutex();
    private final Map<String, String> m = new HashMap<>();

    String get(String k) {
      mu.rLock(); // mu.RLock(); defer mu.RUnlock()
      try {
        return m.get(k);
      } finally {
        mu.rUnlock();
      }
    }

    void put(String k, String v) {
      mu.lock();
      try {
        m.put(k, v);
      } finally {
        mu.unlock();
      }
    }
    // guide
  }

  @Test
  void mutexes() throws Exception {
    Counter c = new Counter();
    WaitGroup wg = new WaitGroup();
    for (int i = 0; i < 8; i++) {
      wg.go(
          () -> {
            for (int k = 0; k < 1000; k++) {
              c.inc("k");
            }
          });
    }
    wg.await();
    assertThat(c.get("k")).isEqualTo(8000);

    Cache cache = new Cache();
    cache.put("a", "1");
    assertThat(cache.get("a")).isEqualTo("1");
  }

  // ---- sync.Cond ----

  @Test
  void cond() throws Exception {
    // guide
    Mutex mu = new Mutex();
    Cond nonEmpty = new Cond(mu); // sync.NewCond(&mu)
    ArrayDeque<Integer> queue = new ArrayDeque<>();

    go(
        () -> {
          mu.lock();
          try {
            queue.add(42);
          } finally {
            mu.unlock();
          }
          nonEmpty.signal(); // c.Signal(): the lock need not be held
        });

    int v;
    mu.lock();
    try {
      while (queue.isEmpty()) { // for len(queue) == 0 {
        nonEmpty.await(); //   c.Wait()
      }
      v = queue.remove();
    } finally {
      mu.unlock();
    }
    // guide
    assertThat(v).isEqualTo(42);
  }

  // ---- sync.Map ----

  @Test
  void syncMap() throws Exception {
    // guide
    ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>(); // var m sync.Map
    m.put("a", 1); // m.Store("a", 1)
    Integer v = m.get("a"); // v, ok := m.Load("a"): ok is v != null
    Integer actual = m.putIfAbsent("a", 2); // m.LoadOrStore("a", 2): null if stored
    Integer old = m.remove("a"); // m.LoadAndDelete("a")
    boolean swapped = m.replace("b", 1, 2); // m.CompareAndSwap("b", 1, 2)
    m.computeIfAbsent("c", k -> 3); // load or compute once, atomically
    m.forEach((k, x) -> {}); // m.Range(func(k, v any) bool { ... })
    // guide
    assertThat(v).isEqualTo(1);
    assertThat(actual).isEqualTo(1);
    assertThat(old).isEqualTo(1);
    assertThat(swapped).isFalse();
    assertThat(m).containsOnlyKeys("c");
  }

  // ---- sync/atomic ----

  record Config(String name) {}

  static final class Hits {
    // guide
    private static final VarHandle COUNT;

    static {
      try {
        COUNT = MethodHandles.lookup().findVarHandle(Hits.class, "count", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private volatile long count; // a field updated atomically, without an AtomicLong object

    long hit() {
      return (long) COUNT.getAndAdd(this, 1L) + 1; // atomic.AddInt64(&h.count, 1)
    }
    // guide
  }

  @Test
  void atomics() throws Exception {
    // guide
    AtomicLong ops = new AtomicLong(); // var ops atomic.Int64
    ops.addAndGet(1); // ops.Add(1)
    boolean swapped = ops.compareAndSet(1, 10); // ops.CompareAndSwap(1, 10)
    AtomicBoolean ready = new AtomicBoolean(); // atomic.Bool
    ready.set(true); // ready.Store(true)

    AtomicReference<Config> current = new AtomicReference<>(new Config("v1")); // atomic.Value
    current.set(new Config("v2")); // v.Store(cfg): publish an immutable value
    Config cfg = current.get(); // v.Load().(Config)
    // guide
    assertThat(swapped).isTrue();
    assertThat(ops).hasValue(10);
    assertThat(ready).isTrue();
    assertThat(cfg.name()).isEqualTo("v2");
    Hits h = new Hits();
    h.hit();
    assertThat(h.hit()).isEqualTo(2);
  }

  // ---- context ----

  static final ContextKey<String> REQUEST_ID = ContextKey.of("requestID");

  @Test
  void contextWithCancelAndValues() throws Exception {
    // guide
    Context base = Context.withValue(Context.background(), REQUEST_ID, "r-1"); // WithValue
    String seenId;
    boolean finished;
    try (CancelableContext ctx = Context.withTimeout(base, Duration.ofSeconds(30))) {
      // ctx, cancel := context.WithTimeout(base, 30*time.Second); defer cancel()
      Channel<String> work = Channel.make(1);
      work.send("job");
      seenId = ctx.value(REQUEST_ID); // ctx.Value(requestIDKey)
      finished =
          Select.select(
              work.onReceive(w -> true), // case w := <-work:
              ctx.done().onReceive(u -> false)); // case <-ctx.Done(): return ctx.Err()
    } // cancel()
    // guide
    assertThat(seenId).isEqualTo("r-1");
    assertThat(finished).isTrue();

    CancelableContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThat(ctx.err()).isSameAs(Context.CANCELED);
    assertThatThrownBy(ctx::throwIfDone).isSameAs(Context.CANCELED);
  }

  // ---- errgroup ----

  @Test
  void errGroup() throws Exception {
    Context ctx = Context.background();
    List<String> urls = List.of("ok", "bad", "ok2");
    // guide
    ErrGroup g = ErrGroup.withContext(ctx); // g, ctx := errgroup.WithContext(ctx)
    g.setLimit(2); // g.SetLimit(2)
    for (String url : urls) {
      g.go( // g.Go(func() error { ... })
          () -> {
            if (url.equals("bad")) {
              throw new IllegalStateException("fetch " + url); // return err
            }
            g.context().throwIfDone(); // if ctx.Err() != nil { return ctx.Err() }
          });
    }
    Throwable first = null;
    try {
      g.await(); // if err := g.Wait(); err != nil {
    } catch (ErrGroupException e) {
      first = e.getCause(); // the first error
    }
    // guide
    assertThat(first).isInstanceOf(IllegalStateException.class).hasMessage("fetch bad");
    assertThat(g.context().err()).isNotNull();
  }

  // ---- semaphores ----

  @Test
  void semaphores() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Task work =
        () -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.yield();
          running.decrementAndGet();
        };
    WaitGroup wg = new WaitGroup();
    // guide
    Channel<Unit> tokens = Channel.make(3); // sem := make(chan struct{}, 3)
    for (int i = 0; i < 10; i++) {
      tokens.send(Unit.VALUE); // sem <- struct{}{}: blocks while 3 run
      wg.go(
          () -> {
            try {
              work.run();
            } finally {
              tokens.receive(); // <-sem
            }
          });
    }
    wg.await();

    Semaphore sem = new Semaphore(3); // semaphore.NewWeighted(3)
    Context ctx = Context.background();
    if (!sem.acquire(1, ctx.done())) { // if err := sem.Acquire(ctx, 1); err != nil {
      throw ctx.err(); //   return err
    }
    try {
      work.run();
    } finally {
      sem.release(1); // sem.Release(1)
    }
    // guide
    assertThat(most.get()).isBetween(1, 3);
    assertThat(sem.tryAcquire(3)).isTrue();
  }

  /** A task that may throw, for the semaphore snippet. */
  interface Task {
    void run() throws Exception;
  }

  // ---- singleflight ----

  @Test
  void singleFlight() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.Callable<String> load =
        () -> {
          loads.incrementAndGet();
          release.await(); // holds the call in flight until both callers are in
          return "user 7";
        };
    // guide
    SingleFlight<String, String> group = new SingleFlight<>(); // var g singleflight.Group
    ReceiveChannel<SingleFlight.Result<String>> a = group.doChan("7", load); // g.DoChan("7", f)
    ReceiveChannel<SingleFlight.Result<String>> b = group.doChan("7", load); // joins the first
    // guide
    release.countDown();
    // guide
    SingleFlight.Result<String> r = a.receive(); // res := <-ch: res.Val, res.Err, res.Shared
    String user = group.get("8", () -> "user 8"); // v, err, _ := g.Do("8", f); err is thrown
    // guide
    assertThat(r).isEqualTo(new SingleFlight.Result<>("user 7", null, true));
    assertThat(b.receive()).isEqualTo(r);
    assertThat(loads).hasValue(1);
    assertThat(user).isEqualTo("user 8");
  }

  // ---- rate limiting ----

  @Test
  void rateLimiting() throws Exception {
    Context ctx = Context.background();
    // guide
    RateLimiter lim = RateLimiter.of(RateLimiter.every(Duration.ofMillis(100)), 3);
    // lim := rate.NewLimiter(rate.Every(100*time.Millisecond), 3)
    int served = 0;
    for (int i = 0; i < 5; i++) {
      if (lim.allow()) { // if lim.Allow() {
        served++;
      }
    }
    lim.await(ctx); // if err := lim.Wait(ctx); err != nil { return err }
    // guide
    assertThat(served).isBetween(3, 5);
  }

  // ---- merge (fan-in) and fan-out ----

  // guide
  @SafeVarargs
  static <T> ReceiveChannel<T> merge(ReceiveChannel<Unit> done, ReceiveChannel<T>... cs) {
    Channel<T> out = Channel.make();
    WaitGroup wg = new WaitGroup();
    for (ReceiveChannel<T> c : cs) { // for _, c := range cs { wg.Add(1); go output(c) }
      wg.go(
          () -> {
            for (T v : c) {
              boolean sent = Select.select(out.onSend(v, () -> true), done.onReceive(u -> false));
              if (!sent) {
                return; // case <-done: return
              }
            }
          });
    }
    go( // go func() { wg.Wait(); close(out) }()
        () -> {
          wg.await();
          out.close();
        });
    return out;
  }

  // guide

  @Test
  void mergeAndFanOut() throws Exception {
    Channel<Integer> a = Channel.make(2);
    Channel<Integer> b = Channel.make(2);
    a.send(1);
    a.send(2);
    a.close();
    b.send(3);
    b.close();
    List<Integer> got = new ArrayList<>();
    for (int v : merge(Channel.<Unit>nil(), a, b)) {
      got.add(v);
    }
    assertThat(got).containsExactlyInAnyOrder(1, 2, 3);

    List<Integer> squares = new ArrayList<>();
    // guide
    try (CancelableContext ctx = Context.withCancel(Context.background());
        Pipeline p = Pipeline.create(ctx)) {
      ReceiveChannel<Integer> nums = p.generate(1, 2, 3, 4); // gen(done, 1, 2, 3, 4)
      List<ReceiveChannel<Integer>> workers = p.fanOut(nums, 3, n -> n * n); // 3 x sq(done, in)
      for (int s : p.merge(workers)) { // for s := range merge(done, workers...)
        squares.add(s);
      }
      ReceiveChannel<String> both = Pipelines.merge(ctx, p.generate("x"), p.generate("y"));
      for (String s : both) {
        squares.add(s.length());
      }
    }
    // guide
    assertThat(squares).containsExactlyInAnyOrder(1, 4, 9, 16, 1, 1);
  }

  // ---- worker pool with graceful shutdown ----

  @Test
  void workerPoolByHand() throws Exception {
    List<Integer> got = new ArrayList<>();
    // guide
    Channel<Integer> jobs = Channel.make(100); // jobs := make(chan int, 100)
    Channel<Integer> results = Channel.make(100);
    WaitGroup wg = new WaitGroup();
    for (int w = 1; w <= 3; w++) { // for w := 1; w <= 3; w++ { go worker(w, jobs, results) }
      wg.go(
          () -> {
            for (int j : jobs) { // for j := range jobs
              results.send(j * 2);
            }
          });
    }
    for (int j = 1; j <= 5; j++) {
      jobs.send(j);
    }
    jobs.close(); // graceful: workers finish what is queued, then their range ends
    wg.await();
    results.close();
    for (int r : results) {
      got.add(r);
    }
    // guide
    assertThat(got).containsExactlyInAnyOrder(2, 4, 6, 8, 10);
  }

  @Test
  void workerPool() throws Exception {
    Context ctx = Context.background();
    List<String> lines = new ArrayList<>();
    // guide
    WorkerPool<Integer> pool = WorkerPool.start(ctx, 10, 20, 20); // 10 workers, 20 queued
    for (int i = 1; i <= 20; i++) {
      int n = i;
      pool.submit(ctx, jobCtx -> n * n); // blocks while the queue is full
    }
    boolean clean;
    try (CancelableContext grace = Context.withTimeout(ctx, Duration.ofSeconds(30))) {
      clean = pool.shutdown(grace); // stop taking jobs, finish the queued ones
    } // false: grace ran out; running jobs were cancelled
    for (WorkerPool.Result<Integer> r : pool.results()) { // closed once the pool has stopped
      lines.add(r.id() + " " + r.status() + " " + r.value());
    }
    // guide
    assertThat(clean).isTrue();
    assertThat(lines).hasSize(20).allMatch(l -> l.contains("SUCCEEDED"));
  }

  // ---- heartbeats ----

  @Test
  void heartbeats() throws Exception {
    Channel<String> queue = Channel.make(2);
    queue.send("job 1");
    queue.send("job 2");
    queue.close();
    List<String> done = new ArrayList<>();
    // guide
    Heartbeat hb = Heartbeat.make(Duration.ofSeconds(1)); // heartbeat + time.Tick(pulseInterval)
    Context ctx = Context.background();
    go(
        () -> {
          try (hb) { // defer close(heartbeat)
            Heartbeat.Receiver<String> work = hb.receiver(queue, ctx.done()); // pulses while idle
            for (String j; (j = work.next()) != null; ) {
              hb.beat(); // per unit of work: a non-blocking send, never queued twice
              done.add(j);
            }
          }
        });
    int pulses = 0;
    for (Unit p : hb.pulses()) { // the monitor: for range heartbeat (with a timeout in a select)
      pulses++;
    }
    // guide
    assertThat(pulses).isPositive(); // the first beat always finds the slot free
    assertThat(done).containsExactly("job 1", "job 2");
  }

  // ---- replicated requests ----

  @Test
  void replicatedRequests() throws Exception {
    Context ctx = Context.background();
    CountDownLatch loserCancelled = new CountDownLatch(1);
    // guide
    String quote =
        FirstOf.firstOf(
            ctx,
            c -> "from primary", // each replica gets a child context
            c -> {
              c.done().receive(); // the loser sees its context cancelled
              loserCancelled.countDown();
              throw c.err();
            });
    // guide
    assertThat(quote).isEqualTo("from primary");
    loserCancelled.await();
  }

  // ---- healing goroutines ----

  @Test
  void steward() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    Channel<Steward.Restart> restarts = Channel.make(8);
    Context ctx = Context.background();
    // guide
    Steward steward =
        Steward.builder(
                Duration.ofMinutes(1), // no pulse for a minute: restart the ward
                (wardCtx, heartbeat) -> {
                  if (starts.incrementAndGet() == 1) {
                    throw new IllegalStateException("first ward dies"); // restarted
                  }
                  wardCtx.done().receive(); // serve until replaced or stopped
                })
            .maxRestarts(5)
            .onRestart(restarts::send) // log.Println("steward: ward unhealthy; restarting")
            .start(ctx);
    // guide
    Steward.Restart r = restarts.receive();
    assertThat(r.failure()).hasMessage("first ward dies");
    // guide
    steward.cancel(); // or cancel ctx
    steward.await(); // returns normally; throws StewardException if it gave up
    // guide
    assertThat(starts.get()).isBetween(1, 2);
  }

  // ---- defer, panic, recover ----

  @Test
  void deferAndRecover() throws Exception {
    List<String> log = new ArrayList<>();
    // guide
    try { // defer log("deferred"): runs on return and on panic
      try {
        log.add("work");
        throw new IllegalStateException("boom"); // panic("boom")
      } finally {
        log.add("deferred");
      }
    } catch (IllegalStateException e) { // defer func() { if r := recover(); r != nil { ... } }()
      log.add("recovered " + e.getMessage());
    }
    // guide
    assertThat(log).containsExactly("work", "deferred", "recovered boom");

    PanicHandler previous = Go.panicHandler();
    Channel<Throwable> reported = Channel.make(1);
    try {
      // guide
      Go.setPanicHandler((thread, e) -> reported.trySend(e)); // unrecovered panic in a goroutine
      go(
          () -> {
            throw new IllegalStateException("unrecovered");
          });
      // guide
      assertThat(reported.receive()).hasMessage("unrecovered");
    } finally {
      Go.setPanicHandler(previous);
    }
  }

  // ---- runtime.NumGoroutine, leaks ----

  @Test
  void numGoroutineFindsLeaks() throws Exception {
    // guide
    int before = Go.numGoroutine(); // runtime.NumGoroutine()
    Channel<Integer> ch = Channel.make();
    Channel<Unit> done = Channel.make();
    go( // would leak without done: nobody receives its second value
        () -> {
          for (int i = 0; ; i++) {
            if (!Select.select(ch.onSend(i, () -> true), done.onReceive(u -> false))) {
              return;
            }
          }
        });
    ch.receive();
    done.close(); // close(done): the goroutine returns
    // guide
    Leaks.assertNoGoroutineLeft(before);
  }

  // ---- checked exceptions ----

  static void write(String line) throws IOException {
    throw new IOException("cannot write " + line);
  }

  @Test
  void checkedExceptionFromASelectCase() throws InterruptedException {
    Channel<String> lines = Channel.make(1);
    lines.send("x");
    IOException failed = null;
    // guide
    try {
      Select.select(lines.onReceiveDo(line -> write(line)), Select.onDefaultDo(() -> {}));
    } catch (Exception e) {
      if (!(e instanceof IOException io)) {
        throw e; // InterruptedException or unchecked: `throws InterruptedException` suffices
      }
      failed = io; // the IOException that write threw
    }
    // guide
    assertThat(failed).hasMessage("cannot write x");
  }
}
