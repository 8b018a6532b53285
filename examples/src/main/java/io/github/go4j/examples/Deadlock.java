package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.chan.Channel;
import io.github.go4j.sync.Barrier;
import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.WaitGroup;
import io.github.go4j.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;

/**
 * The lock-ordering deadlock of "Concurrency in Go" (ch. 1, {@code printSum}), and its fix.
 *
 * <pre>{@code
 * type value struct {
 *     mu    sync.Mutex
 *     value int
 * }
 *
 * var wg sync.WaitGroup
 * printSum := func(v1, v2 *value) {
 *     defer wg.Done()
 *     v1.mu.Lock()
 *     defer v1.mu.Unlock()
 *     time.Sleep(2 * time.Second)        // both goroutines now hold their first lock
 *     v2.mu.Lock()
 *     defer v2.mu.Unlock()
 *     fmt.Printf("sum=%v\n", v1.value+v2.value)
 * }
 * var a, b value
 * wg.Add(2)
 * go printSum(&a, &b)                    // locks a, then b
 * go printSum(&b, &a)                    // locks b, then a
 * wg.Wait()
 * // fatal error: all goroutines are asleep - deadlock!
 *
 * // The fix: every goroutine takes the locks in one global order.
 * printSum := func(v1, v2 *value) {
 *     defer wg.Done()
 *     first, second := v1, v2
 *     if v2.id < v1.id {
 *         first, second = v2, v1
 *     }
 *     first.mu.Lock()
 *     defer first.mu.Unlock()
 *     second.mu.Lock()
 *     defer second.mu.Unlock()
 *     fmt.Printf("sum=%v\n", v1.value+v2.value)
 * }
 * }</pre>
 *
 * <p>Go's runtime reports the deadlock only when every goroutine of the program is asleep; a JVM
 * never is (and the JDK's deadlock detection does not see go4j's {@link Mutex}). So the program
 * detects it itself with a bounded wait, {@code wg.await(Time.after(...))}, a WaitGroup raced
 * against a timer channel. The deadlock is certain, not a matter of timing: a {@link Barrier}
 * replaces the book's {@code time.Sleep}, so both goroutines hold their first lock before either
 * asks for its second. Go could not recover from it; Java can interrupt one goroutine, the victim,
 * which locks with {@link Mutex#lockInterruptibly()}: it gives up and releases its lock, and the
 * other one completes, so the program ends cleanly.
 */
public final class Deadlock {
  private Deadlock() {}

  static final Duration BOUND = Duration.ofMillis(200);

  /** Go's {@code value}, with an id that gives the locks a global order. */
  static final class Value {
    final int id;
    final int value;
    final Mutex mu = new Mutex();

    Value(int id, int value) {
      this.id = id;
      this.value = value;
    }
  }

  /**
   * The book's {@code printSum}: v1's lock, then v2's; the barrier stands for its sleep (its third
   * party is the thread that watches for the deadlock).
   */
  static void printSum(Value v1, Value v2, Barrier bothHoldOne, Channel<String> out)
      throws Exception {
    v1.mu.lockInterruptibly();
    try {
      bothHoldOne.await(); // time.Sleep(2 * time.Second), without the luck
      v2.mu.lockInterruptibly();
      try {
        out.send("sum=" + (v1.value + v2.value));
      } finally {
        v2.mu.unlock();
      }
    } finally {
      v1.mu.unlock();
    }
  }

  /** The fix: the lower id first, whatever the argument order. */
  static void printSumOrdered(Value v1, Value v2, Channel<String> out) throws Exception {
    Value first = v1.id < v2.id ? v1 : v2;
    Value second = first == v1 ? v2 : v1;
    first.mu.lock();
    try {
      second.mu.lock();
      try {
        out.send("sum=" + (v1.value + v2.value));
      } finally {
        second.mu.unlock();
      }
    } finally {
      first.mu.unlock();
    }
  }

  /**
   * Runs the deadlocking {@code printSum}, detects the deadlock, interrupts one goroutine so that
   * the other completes, then runs the fixed version.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    Value a = new Value(1, 1);
    Value b = new Value(2, 2);

    Channel<String> sums = Channel.make(2);
    Channel<String> gaveUp = Channel.make(2);
    Barrier bothHoldOne = new Barrier(3); // the two goroutines, and this thread to know it
    WaitGroup wg = new WaitGroup();
    List<Thread> goroutines = new ArrayList<>();
    for (Value[] args : new Value[][] {{a, b}, {b, a}}) {
      wg.add(1);
      goroutines.add(
          go(
              () -> {
                try {
                  printSum(args[0], args[1], bothHoldOne, sums);
                } catch (InterruptedException e) { // chosen as the victim: gives up its lock
                  gaveUp.send("interrupted, gave up");
                } finally {
                  wg.done();
                }
              }));
    }
    out.println("printSum(a, b) and printSum(b, a), opposite lock order:");
    try {
      bothHoldOne.await(); // both goroutines hold their first lock now
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException(e); // nobody leaves the barrier early here
    }
    if (wg.await(Time.after(BOUND))) {
      out.println("  finished?! " + sums.poll() + " " + sums.poll());
    } else {
      out.println("  deadlock detected: no sum after " + BOUND.toMillis() + " ms");
      goroutines.get(0).interrupt(); // Java's way out, which Go lacks: abort one victim
      wg.await();
      out.println("  printSum(a, b), the victim: " + gaveUp.poll());
      out.println("  printSum(b, a) then got both locks: " + sums.poll());
    }

    Channel<String> fixed = Channel.make(2);
    WaitGroup fixedWg = new WaitGroup();
    fixedWg.go(() -> printSumOrdered(a, b, fixed));
    fixedWg.go(() -> printSumOrdered(b, a, fixed));
    boolean finished = fixedWg.await(Time.after(Duration.ofSeconds(30))); // a bound against hangs
    fixed.close();
    List<String> lines = new ArrayList<>();
    for (String s : fixed) {
      lines.add(s);
    }
    Collections.sort(lines);
    out.println("fixed, one global lock order: finished " + finished + ", " + lines);
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
