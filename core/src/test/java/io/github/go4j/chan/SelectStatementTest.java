package io.github.go4j.chan;

import static io.github.go4j.GoTesting.awaitQueuedReceivers;
import static io.github.go4j.GoTesting.queuedReceivers;
import static io.github.go4j.GoTesting.threadAllocatedBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.GoTesting.Goroutine;
import io.github.go4j.Task;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Select cases whose bodies are statements ({@code onReceiveDo}, {@code onReceiveOkDo}, {@code
 * onSendDo}, {@code Select.onDefaultDo}) and {@code Select.loop}, Go's {@code for { select { ... }
 * }}.
 *
 * <p>The design is judged on five real Go select loops, each ported twice: with the value-returning
 * cases (the body returns what the loop must act on) and with statement cases (the body does what
 * Go's case does). Both ports must give the same result. The sources: the Tour of Go's {@code
 * fibonacci} (select), Go by Example's "Stateful Goroutines", the example of {@code time.NewTicker}
 * in Go's documentation, the producer of {@code errgroup}'s {@code MD5All} example, and the
 * subscription loop of "Advanced Go Concurrency Patterns" (a pending queue whose send case a nil
 * channel disables). Dave Cheney's nil-channel merge loop is ported both ways in the porting guide
 * (PortingGuideSnippetsTest.sumBoth and sumBothStatements).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectStatementTest {

  /** The form issue 13 reports as rejected by javac: a case body that is a void call. */
  @Test
  void aVoidLambdaBodyCompilesAndRuns() throws Exception {
    Channel<Integer> ch = Channel.make(1);
    ch.send(7);
    Object r = Select.select(ch.onReceiveDo(v -> System.out.println(v))); // case v := <-ch:
    assertThat(r).isNull();
    assertThat(ch.len()).isZero();

    // case v := <-ch: out = append(out, v)   default: out = append(out, -1)
    List<Integer> out = new ArrayList<>();
    SelectCase<Object> take = ch.onReceiveDo(v -> out.add(v));
    SelectCase<Object> idle = Select.onDefaultDo(() -> out.add(-1));
    ch.send(8);
    Select.select(take, idle);
    Select.select(take, idle);
    assertThat(out).containsExactly(8, -1);
  }

  @Test
  void statementCasesMixWithValueCases() throws Exception {
    Channel<Integer> a = Channel.make(1);
    Channel<Integer> b = Channel.make(1);
    List<Integer> seen = new ArrayList<>();
    a.send(1);
    String r = Select.select(a.onReceiveDo(v -> seen.add(v)), b.onReceive(v -> "b" + v));
    assertThat(r).isNull(); // the statement case ran
    b.send(2);
    r = Select.select(a.onReceiveDo(v -> seen.add(v)), b.onReceive(v -> "b" + v));
    assertThat(r).isEqualTo("b2");
    assertThat(seen).containsExactly(1);
  }

  @Test
  void onReceiveOkDoSeesTheClose() throws Exception {
    Channel<Integer> c = Channel.make(1);
    c.send(5);
    c.close();
    List<String> seen = new ArrayList<>();
    SelectCase<Object> k = c.onReceiveOkDo((v, ok) -> seen.add(v + "/" + ok));
    Select.select(k);
    Select.select(k);
    assertThat(seen).containsExactly("5/true", "null/false");
  }

  @Test
  void onSendDoRunsAfterTheSendAndNotOnAClosedChannel() throws Exception {
    Channel<Integer> c = Channel.make(1);
    List<Integer> lens = new ArrayList<>();
    Select.select(c.onSendDo(3, () -> lens.add(c.len())));
    assertThat(lens).containsExactly(1); // the value was buffered before the body ran
    assertThat(c.receive()).isEqualTo(3);
    c.close();
    assertThatThrownBy(() -> Select.select(c.onSendDo(4, () -> lens.add(-1))))
        .isInstanceOf(ChannelClosedException.class);
    assertThat(lens).containsExactly(1);
  }

  @Test
  void statementFactoriesRefuseNullBodies() {
    Channel<Integer> c = Channel.make();
    assertThatThrownBy(() -> c.onReceiveDo(null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> c.onReceiveOkDo(null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> c.onSendDo(1, null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> c.onSendDo(null, () -> {}))
        .hasMessage("channel elements must not be null");
    assertThatThrownBy(() -> Select.onDefaultDo(null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> c.receiveOnly().onReceiveDo(null)).hasMessage("body must not be null");
  }

  // --- Select.loop -----------------------------------------------------------------------------

  @Test
  void loopRunsUntilABodyReturnsAValue() throws Exception {
    Channel<Integer> in = Channel.make(8);
    for (int i = 1; i <= 5; i++) {
      in.send(i);
    }
    List<Integer> out = new ArrayList<>();
    // for { select { case v := <-in: if v == 4 { return "four" }; out = append(out, v)
    //                default: return "empty" } }
    String r =
        Select.loop(
            in.onReceive(
                v -> {
                  if (v == 4) {
                    return "four";
                  }
                  out.add(v);
                  return null; // a value case that returns null keeps the loop going too
                }),
            Select.onDefault(() -> "empty"));
    assertThat(r).isEqualTo("four");
    assertThat(out).containsExactly(1, 2, 3);
    assertThat(Select.loop(in.onReceiveDo(out::add), Select.onDefault(() -> "empty")))
        .isEqualTo("empty");
    assertThat(out).containsExactly(1, 2, 3, 5);
  }

  @Test
  void loopOverThreeFourAndManyCases() throws Exception {
    List<Channel<Integer>> chans = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Channel<Integer> c = Channel.make(1);
      c.send(i);
      chans.add(c);
    }
    List<Integer> seen = new ArrayList<>();
    SelectCase<String> done = Select.onDefault(() -> "done");
    assertThat(
            Select.loop(
                chans.get(0).onReceiveDo(seen::add), chans.get(1).onReceiveDo(seen::add), done))
        .isEqualTo("done");
    assertThat(
            Select.loop(
                chans.get(2).onReceiveDo(seen::add),
                chans.get(3).onReceiveDo(seen::add),
                Channel.<Integer>nil().onReceiveDo(seen::add),
                done))
        .isEqualTo("done");
    SelectCase<String> nilCase = Channel.<Integer>nil().onReceiveDo(seen::add);
    assertThat(Select.loop(chans.get(4).onReceiveDo(seen::add), nilCase, nilCase, nilCase, done))
        .isEqualTo("done");
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  @Test
  void loopWithTwoDefaultsIsRefused() {
    SelectCase<String> d = Select.onDefault(() -> "d");
    assertThatThrownBy(() -> Select.loop(d, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("select: multiple defaults");
  }

  @Test
  void anInterruptedLoopThrowsAndLeavesNothingRegistered() throws Exception {
    Channel<Integer> a = Channel.make();
    Channel<Integer> b = Channel.make();
    List<Integer> seen = new ArrayList<>();
    CountDownLatch ran = new CountDownLatch(1);
    Goroutine<String> g =
        Goroutine.start(
            () ->
                Select.loop(
                    a.onReceiveDo(
                        v -> {
                          seen.add(v);
                          ran.countDown();
                        }),
                    b.onReceive(v -> "b")));
    awaitQueuedReceivers(a, 1);
    a.send(1); // a statement case: the loop goes on and blocks again
    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    awaitQueuedReceivers(a, 1); // the second turn (the first withdrew before its body ran)
    g.interrupt();
    assertThat(g.failure()).isInstanceOf(InterruptedException.class);
    assertThat(seen).containsExactly(1);
    assertThat(queuedReceivers(a)).isZero();
    assertThat(queuedReceivers(b)).isZero();
  }

  // --- checked exceptions --------------------------------------------------------------------

  /**
   * A case body's checked exception leaves {@code select} unchanged but undeclared: the documented
   * idiom catches {@code Exception} and tests its type; this method declares only what {@code
   * select} declares, so the compiler checks the idiom too.
   */
  @Test
  void aCasesCheckedExceptionIsCaughtAsException() throws InterruptedException {
    Channel<String> lines = Channel.make(1);
    lines.send("x");
    IOException thrown = new IOException("disk full");
    IOException caught = null;
    try {
      Select.select(
          lines.onReceiveDo(
              line -> {
                throw thrown; // as writer.write(line) would
              }),
          Select.onDefaultDo(() -> {}));
    } catch (Exception e) {
      if (!(e instanceof IOException io)) {
        throw e; // InterruptedException or unchecked: precise rethrow
      }
      caught = io;
    }
    assertThat(caught).isSameAs(thrown);
  }

  // --- allocation ----------------------------------------------------------------------------

  /**
   * Statement cases keep the allocation-free select: with case objects built once, the fixed-arity
   * selects and {@code Select.loop} allocate nothing per select (the statement adapter is made when
   * the case is built). Measured with the thread's allocation counter.
   */
  @Test
  void reusedStatementCasesAllocateNothing() throws Exception {
    LongSupplier allocatedBytes = threadAllocatedBytes();

    Channel<Integer> a = Channel.make(1);
    Channel<Integer> b = Channel.make(1);
    int[] sum = {0};
    int[] idle = {0};
    SelectCase<String> recvA = a.onReceiveDo(v -> sum[0] += v);
    SelectCase<String> recvB = b.onReceiveDo(v -> sum[0] += v);
    SelectCase<String> okB = b.onReceiveOkDo((v, ok) -> sum[0] += v);
    SelectCase<String> sendA = a.onSendDo(1, () -> {});
    SelectCase<String> sendB = b.onSendDo(2, () -> {});
    SelectCase<String> dflt = Select.onDefaultDo(() -> idle[0]++);
    SelectCase<String> stop = Select.onDefault(() -> "stop");
    SelectCase<String> nilCase = Channel.<Integer>nil().onReceiveDo(v -> {});
    Task round =
        () -> {
          Select.select(sendA, dflt); // a <- 1
          Select.select(sendB, dflt); // b <- 2
          Select.select(recvA, recvB); // both ready: a random one
          Select.select(recvA, okB, dflt); // the other one
          Select.select(recvA, recvB, dflt, nilCase); // none ready: default
          a.send(1);
          Select.loop(recvA, stop); // receives 1, then "stop"
        };
    for (int i = 0; i < 40_000; i++) { // warm-up
      round.run();
    }
    sum[0] = 0;
    idle[0] = 0;
    long before = allocatedBytes.getAsLong();
    for (int i = 0; i < 100_000; i++) {
      round.run();
    }
    long allocated = allocatedBytes.getAsLong() - before;
    assertThat(sum[0]).isEqualTo(100_000 * 4);
    assertThat(idle[0]).isEqualTo(100_000);
    assertThat(allocated).as("bytes allocated by 700k selects").isLessThan(4096);
  }

  // --- five Go loops, ported both ways -------------------------------------------------------

  /*
   * 1. A Tour of Go, "Select":
   *
   *   func fibonacci(c, quit chan int) {
   *       x, y := 0, 1
   *       for {
   *           select {
   *           case c <- x:
   *               x, y = y, x+y
   *           case <-quit:
   *               fmt.Println("quit")
   *               return
   *           }
   *       }
   *   }
   *
   * The send's operand x changes each turn, so each turn builds its cases (Go evaluates the
   * operands on every select too); Select.loop, which reuses its cases, does not fit.
   */

  static void fibonacciValues(
      SendChannel<Integer> c, ReceiveChannel<Integer> quit, List<String> printed)
      throws InterruptedException {
    int x = 0;
    int y = 1;
    for (; ; ) {
      boolean sent = Select.select(c.onSend(x, () -> true), quit.onReceive(v -> false));
      if (!sent) {
        printed.add("quit");
        return;
      }
      int t = x;
      x = y;
      y = t + y;
    }
  }

  static void fibonacciStatements(
      SendChannel<Integer> c, ReceiveChannel<Integer> quit, List<String> printed)
      throws InterruptedException {
    var s = new Object() { // the loop's variables, which the case bodies assign
          int x = 0;
          int y = 1;
        };
    SelectCase<String> quitCase =
        quit.onReceive(
            v -> {
              printed.add("quit");
              return "return";
            });
    for (String r = null; r == null; ) {
      r =
          Select.select(
              c.onSendDo(
                  s.x,
                  () -> {
                    int t = s.x;
                    s.x = s.y;
                    s.y = t + s.y;
                  }),
              quitCase);
    }
  }

  interface Fibonacci {
    void run(SendChannel<Integer> c, ReceiveChannel<Integer> quit, List<String> printed)
        throws InterruptedException;
  }

  private static List<Integer> runFibonacci(Fibonacci f, List<String> printed) throws Exception {
    Channel<Integer> c = Channel.make();
    Channel<Integer> quit = Channel.make();
    Goroutine<List<Integer>> g =
        Goroutine.start(
            () -> {
              List<Integer> got = new ArrayList<>();
              for (int i = 0; i < 10; i++) {
                got.add(c.receive());
              }
              quit.send(0);
              return got;
            });
    f.run(c, quit, printed);
    return g.join();
  }

  @Test
  void tourFibonacciBothWays() throws Exception {
    List<String> p1 = new ArrayList<>();
    List<String> p2 = new ArrayList<>();
    List<Integer> fib = List.of(0, 1, 1, 2, 3, 5, 8, 13, 21, 34);
    assertThat(runFibonacci(SelectStatementTest::fibonacciValues, p1)).isEqualTo(fib);
    assertThat(runFibonacci(SelectStatementTest::fibonacciStatements, p2)).isEqualTo(fib);
    assertThat(p1).containsExactly("quit");
    assertThat(p2).containsExactly("quit");
  }

  /*
   * 2. Go by Example, "Stateful Goroutines" (a quit channel added so that the test can end it):
   *
   *   var state = make(map[int]int)
   *   for {
   *       select {
   *       case read := <-reads:
   *           read.resp <- state[read.key]
   *       case write := <-writes:
   *           state[write.key] = write.val
   *           write.resp <- true
   *       }
   *   }
   */

  record ReadOp(int key, Channel<Integer> resp) {}

  record WriteOp(int key, int val, Channel<Boolean> resp) {}

  static Map<Integer, Integer> stateValues(
      ReceiveChannel<ReadOp> reads, ReceiveChannel<WriteOp> writes, ReceiveChannel<Unit> quit)
      throws InterruptedException {
    Map<Integer, Integer> state = new HashMap<>();
    for (; ; ) {
      boolean stop =
          Select.select(
              reads.onReceive(
                  read -> {
                    read.resp().send(state.getOrDefault(read.key(), 0));
                    return false;
                  }),
              writes.onReceive(
                  write -> {
                    state.put(write.key(), write.val());
                    write.resp().send(true);
                    return false;
                  }),
              quit.onReceive(u -> true));
      if (stop) {
        return state;
      }
    }
  }

  static Map<Integer, Integer> stateStatements(
      ReceiveChannel<ReadOp> reads, ReceiveChannel<WriteOp> writes, ReceiveChannel<Unit> quit)
      throws InterruptedException {
    Map<Integer, Integer> state = new HashMap<>();
    return Select.loop( // for { select {
        reads.onReceiveDo(read -> read.resp().send(state.getOrDefault(read.key(), 0))),
        writes.onReceiveDo(
            write -> {
              state.put(write.key(), write.val());
              write.resp().send(true);
            }),
        quit.onReceive(u -> state));
  }

  interface StateLoop {
    Map<Integer, Integer> run(
        ReceiveChannel<ReadOp> reads, ReceiveChannel<WriteOp> writes, ReceiveChannel<Unit> quit)
        throws InterruptedException;
  }

  private static List<Object> runState(StateLoop loop) throws Exception {
    Channel<ReadOp> reads = Channel.make();
    Channel<WriteOp> writes = Channel.make();
    Channel<Unit> quit = Channel.make();
    Goroutine<Map<Integer, Integer>> g = Goroutine.start(() -> loop.run(reads, writes, quit));
    List<Object> log = new ArrayList<>();
    int[][] ops = {{1, 10}, {2, 20}, {1}, {3}, {1, 11}, {1}};
    for (int[] op : ops) {
      if (op.length == 2) {
        WriteOp w = new WriteOp(op[0], op[1], Channel.make());
        writes.send(w);
        log.add(w.resp().receive());
      } else {
        ReadOp r = new ReadOp(op[0], Channel.make());
        reads.send(r);
        log.add(r.resp().receive());
      }
    }
    quit.close();
    log.add(g.join());
    return log;
  }

  @Test
  void goByExampleStatefulGoroutinesBothWays() throws Exception {
    List<Object> expected = List.of(true, true, 10, 0, true, 11, Map.of(1, 11, 2, 20));
    assertThat(runState(SelectStatementTest::stateValues)).isEqualTo(expected);
    assertThat(runState(SelectStatementTest::stateStatements)).isEqualTo(expected);
  }

  /*
   * 3. The example of time.NewTicker in Go's documentation (a channel the test feeds stands in for
   * ticker.C, so that the ticks are deterministic):
   *
   *   for {
   *       select {
   *       case <-done:
   *           fmt.Println("Done!")
   *           return
   *       case t := <-ticker.C:
   *           fmt.Println("Current time: ", t)
   *       }
   *   }
   */

  static List<String> tickerValues(ReceiveChannel<Instant> tick, ReceiveChannel<Boolean> done)
      throws InterruptedException {
    List<String> printed = new ArrayList<>();
    for (; ; ) {
      Instant t = Select.select(done.onReceive(d -> (Instant) null), tick.onReceive(x -> x));
      if (t == null) {
        printed.add("Done!");
        return printed;
      }
      printed.add("Current time: " + t);
    }
  }

  static List<String> tickerStatements(ReceiveChannel<Instant> tick, ReceiveChannel<Boolean> done)
      throws InterruptedException {
    List<String> printed = new ArrayList<>();
    return Select.loop(
        done.onReceive(
            d -> {
              printed.add("Done!");
              return printed; // return
            }),
        tick.onReceiveDo(t -> printed.add("Current time: " + t)));
  }

  interface TickerLoop {
    List<String> run(ReceiveChannel<Instant> tick, ReceiveChannel<Boolean> done)
        throws InterruptedException;
  }

  private static List<String> runTicker(TickerLoop loop) throws Exception {
    Channel<Instant> tick = Channel.make();
    Channel<Boolean> done = Channel.make();
    Goroutine<Void> ticker =
        Goroutine.run(
            () -> {
              for (int i = 1; i <= 3; i++) {
                tick.send(Instant.ofEpochSecond(i)); // unbuffered: taken before the next
              }
              done.send(true);
            });
    List<String> printed = loop.run(tick, done);
    ticker.join();
    return printed;
  }

  @Test
  void timeNewTickerExampleBothWays() throws Exception {
    List<String> expected =
        List.of(
            "Current time: 1970-01-01T00:00:01Z",
            "Current time: 1970-01-01T00:00:02Z",
            "Current time: 1970-01-01T00:00:03Z",
            "Done!");
    assertThat(runTicker(SelectStatementTest::tickerValues)).isEqualTo(expected);
    assertThat(runTicker(SelectStatementTest::tickerStatements)).isEqualTo(expected);
  }

  /*
   * 4. errgroup's MD5All example (golang.org/x/sync/errgroup), the producer's send-or-cancel:
   *
   *   for _, path := range files {
   *       select {
   *       case paths <- path:
   *       case <-ctx.Done():
   *           return ctx.Err()
   *       }
   *   }
   *
   * Go returns the error from inside the case; the statement port throws it from there (a checked
   * exception, caught with the idiom of Select's class comment).
   */

  static final class Canceled extends Exception {
    Canceled() {
      super("context canceled");
    }
  }

  static void produceValues(
      List<String> files, SendChannel<String> paths, ReceiveChannel<Unit> done)
      throws Canceled, InterruptedException {
    for (String path : files) {
      boolean sent = Select.select(paths.onSend(path, () -> true), done.onReceive(u -> false));
      if (!sent) {
        throw new Canceled();
      }
    }
  }

  static void produceStatements(
      List<String> files, SendChannel<String> paths, ReceiveChannel<Unit> done)
      throws Canceled, InterruptedException {
    for (String path : files) {
      try {
        Select.select(
            paths.onSendDo(path, () -> {}), // case paths <- path:
            done.onReceiveDo(
                u -> {
                  throw new Canceled(); // case <-ctx.Done(): return ctx.Err()
                }));
      } catch (Exception e) {
        if (e instanceof Canceled c) {
          throw c;
        }
        throw e;
      }
    }
  }

  interface Producer {
    void run(List<String> files, SendChannel<String> paths, ReceiveChannel<Unit> done)
        throws Exception;
  }

  private static void runProducer(Producer producer) throws Exception {
    Channel<String> paths = Channel.make();
    Channel<Unit> done = Channel.make();
    Goroutine<Void> g = Goroutine.run(() -> producer.run(List.of("a", "b", "c", "d"), paths, done));
    assertThat(paths.receive()).isEqualTo("a");
    assertThat(paths.receive()).isEqualTo("b");
    done.close(); // cancel: nobody receives from paths any more
    assertThat(g.failure()).isInstanceOf(Canceled.class).hasMessage("context canceled");
    assertThat(paths.poll()).isNull();
  }

  @Test
  void errgroupMd5AllProducerBothWays() throws Exception {
    runProducer(SelectStatementTest::produceValues);
    runProducer(SelectStatementTest::produceStatements);
  }

  /*
   * 5. Sameer Ajmani, "Advanced Go Concurrency Patterns" (Go blog and talk, 2013): the
   * subscription loop that buffers fetched items in a pending queue and enables its send case only
   * while the queue is not empty (a nil channel disables it), simplified to its select:
   *
   *   for {
   *       var first Item
   *       var updates chan Item
   *       if len(pending) > 0 {
   *           first = pending[0]
   *           updates = s.updates // enable send case
   *       }
   *       select {
   *       case item := <-fetched:
   *           pending = append(pending, item)
   *       case updates <- first:
   *           pending = pending[1:]
   *       case errc := <-s.closing:
   *           errc <- err
   *           close(s.updates)
   *           return
   *       }
   *   }
   *
   * The send case's channel and value change each turn, so each turn builds its cases. Go sends
   * Item's zero value on the disabled nil channel; go4j refuses null elements, so the port names
   * the zero value ("") too. The test's err is the number of items still pending.
   */

  static void subscriptionValues(
      ReceiveChannel<String> fetched,
      Channel<String> updates,
      ReceiveChannel<Channel<Integer>> closing)
      throws InterruptedException {
    ArrayDeque<String> pending = new ArrayDeque<>();
    for (; ; ) {
      SendChannel<String> out = pending.isEmpty() ? Channel.nil() : updates;
      String first = pending.isEmpty() ? "" : pending.peekFirst();
      Channel<Integer> errc =
          Select.select(
              fetched.onReceive(
                  item -> {
                    pending.addLast(item);
                    return null;
                  }),
              out.onSend(
                  first,
                  () -> {
                    pending.removeFirst();
                    return null;
                  }),
              closing.onReceive(c -> c));
      if (errc != null) {
        errc.send(pending.size());
        updates.close();
        return;
      }
    }
  }

  static void subscriptionStatements(
      ReceiveChannel<String> fetched,
      Channel<String> updates,
      ReceiveChannel<Channel<Integer>> closing)
      throws InterruptedException {
    ArrayDeque<String> pending = new ArrayDeque<>();
    for (Unit done = null; done == null; ) {
      SendChannel<String> out = pending.isEmpty() ? Channel.nil() : updates;
      String first = pending.isEmpty() ? "" : pending.peekFirst();
      done =
          Select.select(
              fetched.onReceiveDo(pending::addLast), // case item := <-fetched:
              out.onSendDo(first, pending::removeFirst), // case updates <- first:
              closing.onReceive( // case errc := <-s.closing:
                  errc -> {
                    errc.send(pending.size());
                    updates.close();
                    return Unit.VALUE; // return
                  }));
    }
  }

  interface Subscription {
    void run(
        ReceiveChannel<String> fetched,
        Channel<String> updates,
        ReceiveChannel<Channel<Integer>> closing)
        throws InterruptedException;
  }

  private static List<Object> runSubscription(Subscription loop) throws Exception {
    Channel<String> fetched = Channel.make();
    Channel<String> updates = Channel.make();
    Channel<Channel<Integer>> closing = Channel.make();
    Goroutine<Void> g = Goroutine.run(() -> loop.run(fetched, updates, closing));
    List<Object> log = new ArrayList<>();
    for (String item : List.of("a", "b", "c")) {
      fetched.send(item); // taken by the loop, which holds it while nobody receives updates
    }
    for (int i = 0; i < 3; i++) {
      log.add(updates.receive());
    }
    fetched.send("d"); // stays pending: nobody receives it
    Channel<Integer> errc = Channel.make();
    closing.send(errc);
    log.add(errc.receive());
    log.add(updates.receiveOk());
    g.join();
    return log;
  }

  @Test
  void advancedGoConcurrencySubscriptionLoopBothWays() throws Exception {
    List<Object> expected = List.of("a", "b", "c", 1, Received.closed());
    assertThat(runSubscription(SelectStatementTest::subscriptionValues)).isEqualTo(expected);
    assertThat(runSubscription(SelectStatementTest::subscriptionStatements)).isEqualTo(expected);
  }
}
