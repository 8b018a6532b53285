package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import io.github.go4j.patterns.SingleFlight.Result;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SingleFlight}: the tests of Go's {@code singleflight_test.go} that apply (named after
 * them), then the Java additions (interruption, no lock across keys). Callers that must be
 * duplicates are started while the leader's function is blocked on a channel, and the test waits
 * until they have joined before releasing it; no outcome depends on timing.
 */
class SingleFlightTest {
  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Leaks.baseline();
  }

  @AfterEach
  void noGoroutineLeft() {
    Leaks.assertNoGoroutineLeft(baseline);
  }

  @Test
  void testDo() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    Result<String> r = g.doCall("key", () -> "bar");
    assertThat(r).isEqualTo(new Result<>("bar", null, false));
  }

  @Test
  void testDoErr() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    IOException someErr = new IOException("Some error");
    Result<String> r =
        g.doCall(
            "key",
            () -> {
              throw someErr;
            });
    assertThat(r.error()).isSameAs(someErr);
    assertThat(r.value()).isNull();
    assertThatThrownBy(r::getOrThrow).isInstanceOf(SingleFlightException.class).hasCause(someErr);
  }

  @Test
  void testDoDupSuppress() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    AtomicInteger calls = new AtomicInteger();
    SingleFlightTestSupport.Callers<Result<String>> callers =
        new SingleFlightTestSupport.Callers<>(100);
    callers.start(
        () ->
            g.doCall(
                "key",
                () -> {
                  calls.incrementAndGet();
                  entered.send(Unit.VALUE);
                  release.receive();
                  return "bar";
                }));
    entered.receive(); // the leader runs fn; the others must join it
    for (int i = 1; i < 100; i++) {
      callers.start(() -> g.doCall("key", () -> "duplicate ran: " + calls.incrementAndGet()));
    }
    Eventually.await("99 duplicates joined", () -> g.duplicates("key") == 99);
    release.close();
    List<Result<String>> results = callers.results();
    assertThat(calls).hasValue(1);
    assertThat(results).hasSize(100).containsOnly(new Result<>("bar", null, true));
  }

  @Test
  void testForget() throws Exception {
    SingleFlight<String, Integer> g = new SingleFlight<>();
    Channel<Unit> firstStarted = Channel.make(1);
    Channel<Unit> unblockFirst = Channel.make();
    Channel<Result<Integer>> firstFinished = Channel.make(1);
    Go.go(
        () ->
            firstFinished.send(
                g.doCall(
                    "key",
                    () -> {
                      firstStarted.send(Unit.VALUE);
                      unblockFirst.receive();
                      return 1;
                    })));
    firstStarted.receive();
    g.forget("key");

    Channel<Unit> secondStarted = Channel.make(1);
    Channel<Unit> unblockSecond = Channel.make();
    Channel<Result<Integer>> secondResult = Channel.make(1);
    Go.go(
        () ->
            secondResult.send(
                g.doCall(
                    "key",
                    () -> {
                      secondStarted.send(Unit.VALUE);
                      unblockSecond.receive();
                      return 2;
                    })));
    secondStarted.receive(); // forgotten: the second call runs its own fn

    unblockFirst.close();
    assertThat(firstFinished.receive()).isEqualTo(new Result<>(1, null, false));

    // The first call finishing did not remove the second: a third call joins it.
    ReceiveChannel<Result<Integer>> third = g.doChan("key", () -> 3);
    unblockSecond.close();
    assertThat(third.receive()).isEqualTo(new Result<>(2, null, true));
    assertThat(secondResult.receive()).isEqualTo(new Result<>(2, null, true));
  }

  @Test
  void testDoChan() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    ReceiveChannel<Result<String>> ch = g.doChan("key", () -> "bar");
    assertThat(ch.cap()).isEqualTo(1);
    assertThat(ch.receive()).isEqualTo(new Result<>("bar", null, false));
    assertThat(ch.tryReceive()).as("sent once, never closed").isEmpty();
  }

  @Test
  void doChanRunsFnInANewGoroutine() throws Exception {
    SingleFlight<String, Thread> g = new SingleFlight<>();
    Thread fnThread = g.doChan("key", Thread::currentThread).receive().value();
    assertThat(fnThread).isNotSameAs(Thread.currentThread());
    assertThat(fnThread.getName()).startsWith("goroutine-");
  }

  @Test
  void testPanicDo() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    Error panic = new Error("invalid memory address or nil pointer dereference");
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    SingleFlightTestSupport.Callers<Throwable> callers = new SingleFlightTestSupport.Callers<>(10);
    for (int i = 0; i < 10; i++) {
      callers.start(
          () -> {
            try {
              g.get(
                  "key",
                  () -> {
                    entered.send(Unit.VALUE);
                    release.receive();
                    throw panic;
                  });
              return null;
            } catch (SingleFlightException e) {
              return e.getCause();
            }
          });
      if (i == 0) {
        entered.receive();
      }
    }
    Eventually.await("9 duplicates joined", () -> g.duplicates("key") == 9);
    release.close();
    assertThat(callers.results()).hasSize(10).containsOnly(panic);
  }

  @Test
  void testPanicDoChan() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    RuntimeException panic = new IllegalStateException("Panicking in DoChan");
    ReceiveChannel<Result<String>> leader =
        g.doChan(
            "key",
            () -> {
              entered.send(Unit.VALUE);
              release.receive();
              throw panic;
            });
    entered.receive();
    ReceiveChannel<Result<String>> dup = g.doChan("key", () -> "never");
    release.close();
    assertThat(leader.receive()).isEqualTo(new Result<>(null, panic, true));
    assertThat(dup.receive()).isEqualTo(new Result<>(null, panic, true));
  }

  @Test
  void keyIsForgottenWhenFnReturns() throws Exception {
    SingleFlight<String, Integer> g = new SingleFlight<>();
    AtomicInteger calls = new AtomicInteger();
    assertThat(g.get("key", calls::incrementAndGet)).isEqualTo(1);
    assertThat(g.get("key", calls::incrementAndGet)).isEqualTo(2);
    assertThat(g.duplicates("key")).isZero();
  }

  @Test
  void interruptedDuplicateThrowsAndTheCallGoesOnForTheOthers() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    Channel<Result<String>> leader = Channel.make(1);
    Go.go(
        () ->
            leader.send(
                g.doCall(
                    "key",
                    () -> {
                      entered.send(Unit.VALUE);
                      release.receive();
                      return "bar";
                    })));
    entered.receive();
    Channel<Throwable> interrupted = Channel.make(1);
    Thread dup =
        Go.go(
            () -> {
              try {
                g.doCall("key", () -> "never");
                interrupted.send(new AssertionError("returned"));
              } catch (InterruptedException e) {
                interrupted.send(e);
              }
            });
    Eventually.await("the duplicate joined", () -> g.duplicates("key") == 1);
    dup.interrupt();
    assertThat(interrupted.receive()).isInstanceOf(InterruptedException.class);
    ReceiveChannel<Result<String>> other = g.doChan("key", () -> "never");
    release.close();
    assertThat(leader.receive()).isEqualTo(new Result<>("bar", null, true));
    assertThat(other.receive()).isEqualTo(new Result<>("bar", null, true));
  }

  @Test
  void leaderWhoseFnThrowsInterruptedExceptionKeepsItsInterruptStatus() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    InterruptedException ie = new InterruptedException("stop");
    Result<String> r =
        g.doCall(
            "key",
            () -> {
              throw ie;
            });
    assertThat(Thread.interrupted()).isTrue(); // clears it for the rest of the test
    assertThat(r.error()).isSameAs(ie);
  }

  @Test
  void aCallInFlightDoesNotBlockOtherKeys() throws Exception {
    SingleFlight<String, String> g = new SingleFlight<>();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    ReceiveChannel<Result<String>> a =
        g.doChan(
            "a",
            () -> {
              entered.send(Unit.VALUE);
              release.receive();
              return "A";
            });
    entered.receive();
    assertThat(g.doCall("b", () -> "B")).isEqualTo(new Result<>("B", null, false));
    release.close();
    assertThat(a.receive().value()).isEqualTo("A");
  }

  @Test
  void nullArgumentsAreRefusedWithTheirName() {
    SingleFlight<String, String> g = new SingleFlight<>();
    assertThatThrownBy(() -> g.doCall(null, () -> "x")).hasMessage("key must not be null");
    assertThatThrownBy(() -> g.doCall("k", null)).hasMessage("function fn must not be null");
    assertThatThrownBy(() -> g.doChan("k", null)).hasMessage("function fn must not be null");
    assertThatThrownBy(() -> g.forget(null)).hasMessage("key must not be null");
  }
}
