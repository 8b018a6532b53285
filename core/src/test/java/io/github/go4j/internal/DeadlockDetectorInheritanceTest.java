package io.github.go4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deadlock detector's thread belongs to no caller: it calls the deadlock handler for every
 * report of the JVM's life, so whatever it inherited from the thread that happened to start go4j's
 * first goroutine (inheritable thread-locals, the context class loader) would be seen by every
 * handler call and kept reachable for good, as TimerThreadInheritanceTest shows for the timer
 * threads.
 *
 * <p>The detector starts with the registry, once per JVM, so {@link FirstGoroutineStarter} runs in
 * a child JVM with the registry on that has started no goroutine before.
 */
class DeadlockDetectorInheritanceTest {

  @Test
  void theDeadlockHandlerSeesNothingOfTheThreadThatStartedTheFirstGoroutine() throws Exception {
    GoTesting.ChildJvm child =
        GoTesting.runJava(
            FirstGoroutineStarter.class,
            "-Dgo4j.registry=true",
            "-Dgo4j.deadlockQuiescenceMillis=50");
    assertThat(child.exitStatus()).as(child.output()).isZero();
    assertThat(child.output().lines().toList())
        .containsExactly("inheritable thread-local=null", "foreign context class loader=false");
  }

  /**
   * The child program: thread A, with an inheritable thread-local and its own context class loader,
   * starts go4j's first goroutine (and so the registry and its detector); then the main thread,
   * with neither, sets a handler and makes a deadlock, and the handler notes what it sees of A's.
   */
  static final class FirstGoroutineStarter {
    private FirstGoroutineStarter() {}

    public static void main(String[] args) throws Exception {
      // the registry's first goroutine, started by the tainted thread
      ClassLoader foreign = GoTesting.runTainted(() -> io.github.go4j.Go.go(() -> {}).join());
      BlockingQueue<Object[]> seen = new LinkedBlockingQueue<>();
      Goroutines.setDeadlockHandler(
          report ->
              seen.add(
                  new Object[] {
                    String.valueOf(GoTesting.TAINT.get()),
                    Thread.currentThread().getContextClassLoader()
                  }));
      Channel<String> c = Channel.make();
      Thread g = io.github.go4j.Go.go(c::receive); // alone in a receive: a deadlock
      Object[] s = seen.poll(GoTesting.DEADLINE.toSeconds(), TimeUnit.SECONDS);
      if (s == null) {
        throw new AssertionError("no deadlock report");
      }
      System.out.println("inheritable thread-local=" + s[0]);
      System.out.println("foreign context class loader=" + (s[1] == foreign));
      c.close();
      g.join();
    }
  }
}
