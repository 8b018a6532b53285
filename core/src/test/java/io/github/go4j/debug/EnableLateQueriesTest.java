package io.github.go4j.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.DeadlockHandler;
import io.github.go4j.GoTesting;
import io.github.go4j.Goroutines;
import io.github.go4j.chan.Channel;
import io.github.go4j.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Asking about the registry, or setting the deadlock handler, before {@code Goroutines.enable()}
 * does not fix the registry's switch at off: only go4j's first goroutine or wait does, as enable()
 * says. Before the fix (found in review), each of these calls loaded the registry with the property
 * unset, and the enable() that followed failed with "came too late, after the first goroutine or
 * go4j wait" although neither had happened. Each test runs a fresh JVM without the property.
 */
class EnableLateQueriesTest {

  @Test
  void queriesAndAHandlerBeforeEnableLeaveItPossible() throws Exception {
    GoTesting.ChildJvm child = GoTesting.runJava(QueriesFirst.class);
    assertThat(child.output())
        .as(child.output())
        .contains("before: enabled=false list=0 check=false off-dump=true")
        .contains("after: enabled=true")
        .doesNotContain("enable threw");
  }

  @Test
  void aHandlerSetBeforeEnableIsTheOneThatReportsTheDeadlock() throws Exception {
    GoTesting.ChildJvm child = GoTesting.runJava(HandlerFirst.class);
    assertThat(child.output()).as(child.output()).contains("handled: fatal error: all goroutines");
    assertThat(child.exitStatus()).as(child.output()).isEqualTo(0);
  }

  /**
   * -Dgo4j.registry=false is the JVM's choice: enable() refuses it rather than turning the registry
   * on behind it (found in review: @VerifyNoLeaks's enable() overrode it).
   */
  @Test
  void enableRefusesAPropertyThatTurnsTheRegistryOff() throws Exception {
    GoTesting.ChildJvm child =
        GoTesting.runJava(EnableWithPropertyOff.class, "-Dgo4j.registry=false");
    assertThat(child.output())
        .as(child.output())
        .contains(
            "enable threw: go4j: Goroutines.enable() with -Dgo4j.registry=false set, which turns"
                + " the registry off; remove the property or set it to true")
        .contains("after: enabled=false property=false");
  }

  /** Calls enable() in a JVM started with -Dgo4j.registry=false. */
  static final class EnableWithPropertyOff {
    public static void main(String[] args) {
      try {
        Goroutines.enable();
      } catch (IllegalStateException e) {
        System.out.println("enable threw: " + e.getMessage());
      }
      System.out.println(
          "after: enabled="
              + Goroutines.enabled()
              + " property="
              + System.getProperty("go4j.registry"));
    }
  }

  /** Asks every question and sets a handler, then enables the registry. */
  static final class QueriesFirst {
    public static void main(String[] args) {
      Goroutines.setDeadlockHandler(DeadlockHandler.log()); // as a test's @BeforeAll might
      System.out.println(
          "before: enabled="
              + Goroutines.enabled()
              + " list="
              + Goroutines.list().size()
              + " check="
              + Goroutines.checkDeadlock().isPresent()
              + " off-dump="
              + Goroutines.dump().contains("registry is off"));
      try {
        Goroutines.enable();
      } catch (IllegalStateException e) {
        System.out.println("enable threw: " + e.getMessage());
      }
      System.out.println("after: enabled=" + Goroutines.enabled());
    }
  }

  /** Sets a handler, enables the registry, then deadlocks two goroutines. */
  static final class HandlerFirst {
    public static void main(String[] args) throws Exception {
      CountDownLatch reported = new CountDownLatch(1);
      Goroutines.setDeadlockHandler(
          report -> {
            System.out.println("handled: " + report.lines().findFirst().orElse(""));
            reported.countDown();
          });
      Goroutines.enable();
      Channel<Integer> ping = Channel.make();
      Channel<Integer> pong = Channel.make();
      WaitGroup wg = new WaitGroup();
      wg.go(() -> pong.send(ping.receive() + 1));
      wg.go(() -> ping.send(pong.receive() + 1));
      if (!reported.await(60, TimeUnit.SECONDS)) {
        System.out.println("no report");
      }
      System.exit(0);
    }
  }
}
