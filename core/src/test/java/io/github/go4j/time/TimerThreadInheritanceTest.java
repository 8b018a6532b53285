package io.github.go4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.internal.TimerQueue;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The timer scheduler's threads belong to no caller: a {@link Time#afterFunc} function runs in a
 * goroutine that the scheduler thread starts, so whatever that thread inherited from the thread
 * that happened to make its shard's first timer (inheritable thread-locals, the context class
 * loader) would be handed to every later afterFunc goroutine of that shard, whoever made the timer,
 * and kept reachable for the JVM's lifetime.
 *
 * <p>A shard's thread starts with its first timer, once per JVM, so {@link FirstTimerMaker} runs in
 * a child JVM that has made no timer before.
 */
class TimerThreadInheritanceTest {

  @Test
  void anAfterFuncGoroutineInheritsNothingFromTheThreadThatMadeItsShardsFirstTimer()
      throws Exception {
    GoTesting.ChildJvm child =
        GoTesting.runJava(FirstTimerMaker.class, "-Xmx64m", "-XX:+UseSerialGC");
    assertThat(child.exitStatus()).as(child.output()).isZero();
    assertThat(child.output().lines().toList())
        .containsExactly("inheritable thread-local=null", "foreign context class loader=false");
  }

  /**
   * The child program: thread A, with an inheritable thread-local and its own context class loader,
   * makes the first timer of its shard; then thread B, on the same shard with neither, makes an
   * afterFunc timer, whose goroutine prints what it sees of A's.
   */
  static final class FirstTimerMaker {
    private static final long DEADLINE_SECONDS = 10;

    private FirstTimerMaker() {}

    public static void main(String[] args) throws Exception {
      AtomicReference<Integer> shardOfA = new AtomicReference<>();
      ClassLoader foreign =
          GoTesting.runTainted(
              () -> {
                shardOfA.set(TimerQueue.shardIndex());
                Time.newTimer(Duration.ofHours(1)).stop(); // starts the shard's thread
              });
      AtomicReference<String> seen = new AtomicReference<>();
      AtomicReference<ClassLoader> loader = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      for (int tries = 0; ran.getCount() != 0; tries++) {
        if (tries == 1000) {
          throw new AssertionError("no thread on A's shard");
        }
        Thread b =
            Thread.ofPlatform()
                .start(
                    () -> {
                      if (TimerQueue.shardIndex() == shardOfA.get()) {
                        Time.afterFunc(
                            Duration.ZERO,
                            () -> {
                              seen.set(GoTesting.TAINT.get());
                              loader.set(Thread.currentThread().getContextClassLoader());
                              ran.countDown();
                            });
                        try {
                          if (!ran.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                            throw new AssertionError("the afterFunc did not run");
                          }
                        } catch (InterruptedException e) {
                          throw new AssertionError(e);
                        }
                      }
                    });
        b.join();
      }
      System.out.println("inheritable thread-local=" + seen.get());
      System.out.println("foreign context class loader=" + (loader.get() == foreign));
    }
  }
}
