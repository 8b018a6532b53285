package io.github.go4j.patterns;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.time.Ticker;
import io.github.go4j.time.Time;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void beatNeverBlocksWhenNobodyReads() {
    Heartbeat hb = Heartbeat.make();
    int sent = 0;
    for (int i = 0; i < 100_000; i++) {
      if (hb.beat()) {
        sent++;
      }
    }
    assertThat(sent).as("only the first pulse finds the slot empty").isEqualTo(1);
    assertThat(hb.pulses().tryReceive()).as("one pulse waits").isPresent();
    assertThat(hb.pulses().tryReceive()).as("and only one").isEmpty();
  }

  @Test
  void perWorkPulsesAreSeenByTheReader() throws Exception {
    int base = Leaks.baseline();
    // Go's TestDoWork_GeneratesAllNumbers: a pulse before each result.
    List<Integer> intSlice = List.of(0, 1, 2, 3, 5);
    Heartbeat hb = Heartbeat.make();
    Channel<Integer> results = Channel.make();
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      go(
          () -> {
            try (hb) {
              for (int v : intSlice) {
                hb.beat();
                if (!Ops.send(results, v, ctx.done())) {
                  return;
                }
              }
            } finally {
              results.close();
            }
          });
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < intSlice.size(); i++) {
        assertThat(hb.pulses().receive()).as("pulse before result %d", i).isEqualTo(Unit.VALUE);
        got.add(results.receive());
      }
      assertThat(got).isEqualTo(intSlice);
      assertThat(results.receive()).as("results closed").isNull();
      assertThat(hb.pulses().receive()).as("heartbeat closed").isNull();
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  private enum Step {
    TICK,
    WORK,
    DONE
  }

  @Test
  void intervalPulsesFlowWhileTheWorkerLoopsAndStopWhenItIsStuck() throws Exception {
    int base = Leaks.baseline();
    Channel<Instant> ticks = Channel.make(); // unbuffered: a tick is taken only by a looping worker
    Channel<Boolean> work = Channel.make(); // true: get stuck
    Channel<Unit> stuck = Channel.make();
    Channel<Unit> release = Channel.make();
    Heartbeat hb = Heartbeat.withTicks(ticks);
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      Thread worker =
          go(
              () -> {
                SelectCase<Step> tick = hb.onTick(Step.TICK); // made once, reused every turn
                SelectCase<Step> doneCase = ctx.done().onReceive(x -> Step.DONE);
                SelectCase<Step> workCase =
                    work.onReceive(
                        w -> {
                          if (w) {
                            stuck.send(Unit.VALUE);
                            release.receive();
                          }
                          return Step.WORK;
                        });
                while (Select.select(tick, doneCase, workCase) != Step.DONE) {}
              });

      for (int i = 0; i < 3; i++) {
        ticks.send(Instant.now()); // completes when the worker's select takes the tick
        assertThat(hb.pulses().receive()).isEqualTo(Unit.VALUE);
      }

      work.send(true);
      stuck.receive(); // the worker is blocked in its work, out of its select
      assertThat(ticks.trySend(Instant.now())).as("nobody takes ticks").isFalse();
      assertThat(hb.pulses().tryReceive()).as("no pulse from a stuck worker").isEmpty();

      release.send(Unit.VALUE);
      ticks.send(Instant.now());
      assertThat(hb.pulses().receive()).as("pulses again once it loops").isEqualTo(Unit.VALUE);

      ctx.cancel();
      worker.join();
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void sendPulsesOnTicksWhileItWaitsAndReportsTheSend() throws Exception {
    int base = Leaks.baseline();
    Channel<Instant> ticks = Channel.make();
    Channel<String> out = Channel.make();
    Channel<Boolean> sent = Channel.make(1);
    Heartbeat hb = Heartbeat.withTicks(ticks);
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      go(() -> sent.send(hb.send(out, "r", ctx.done())));
      for (int i = 0; i < 2; i++) {
        ticks.send(Instant.now()); // taken by the select of the blocked send
        assertThat(hb.pulses().receive()).isEqualTo(Unit.VALUE);
      }
      assertThat(out.receive()).isEqualTo("r");
      assertThat(sent.receive()).isTrue();
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void sendReturnsFalseWhenDoneClosesFirst() throws Exception {
    int base = Leaks.baseline();
    Channel<String> out = Channel.make();
    Channel<Boolean> sent = Channel.make(1);
    Heartbeat hb = Heartbeat.make();
    CancelableContext ctx = Context.withCancel(Context.background());
    go(() -> sent.send(hb.send(out, "r", ctx.done())));
    ctx.cancel();
    assertThat(sent.receive()).isFalse();
    assertThat(out.tryReceive()).as("nothing was sent").isEmpty();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void receiverPulsesOnRealTicksWhileIdleAndEndsOnDone() throws Exception {
    int base = Leaks.baseline();
    Channel<Integer> in = Channel.make(); // nothing ever arrives: the worker idles
    Channel<Integer> last = Channel.make(1);
    Heartbeat hb = Heartbeat.make(Duration.ofMillis(2));
    CancelableContext ctx = Context.withCancel(Context.background());
    go(
        () -> {
          try (hb) {
            Heartbeat.Receiver<Integer> r = hb.receiver(in, ctx.done());
            Integer v = r.next();
            last.send(v == null ? -1 : v);
          }
        });
    for (int i = 0; i < 3; i++) {
      assertThat(hb.pulses().receive()).as("pulse %d", i).isEqualTo(Unit.VALUE); // waits only
    }
    ctx.cancel();
    assertThat(last.receive()).as("next() returned null on done").isEqualTo(-1);
    while (hb.pulses().receive() != null) {} // at most one pulse left, then closed
    assertThat(hb.beat()).as("a closed heartbeat does not beat").isFalse();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void receiverDeliversValuesAndEndsWhenInputCloses() throws Exception {
    Channel<Integer> in = Channel.make(3);
    in.send(1);
    in.send(2);
    in.close();
    Heartbeat.Receiver<Integer> r = Heartbeat.make().receiver(in, Context.background().done());
    assertThat(r.next()).isEqualTo(1);
    assertThat(r.next()).isEqualTo(2);
    assertThat(r.next()).isNull();
  }

  /** The Go book's doWork(done, pulseInterval), as ported in Heartbeat's Javadoc. */
  record Work(Heartbeat heartbeat, ReceiveChannel<Instant> results) {}

  static Work doWork(ReceiveChannel<Unit> done, Duration pulseInterval) {
    Heartbeat heartbeat = Heartbeat.make(pulseInterval);
    Channel<Instant> results = Channel.make();
    go(
        () -> {
          Ticker workGen = Time.newTicker(pulseInterval.multipliedBy(2));
          try (heartbeat) {
            Heartbeat.Receiver<Instant> work = heartbeat.receiver(workGen.channel(), done);
            for (Instant r; (r = work.next()) != null; ) {
              if (!heartbeat.send(results, r, done)) {
                return;
              }
            }
          } finally {
            workGen.stop();
            results.close();
          }
        });
    return new Work(heartbeat, results);
  }

  private enum Event {
    PULSE,
    RESULT,
    CLOSED
  }

  @Test
  void goBookDoWorkPortDeliversPulsesAndResultsThenClosesBoth() throws Exception {
    int base = Leaks.baseline();
    CancelableContext ctx = Context.withCancel(Context.background());
    Work w = doWork(ctx.done(), Duration.ofMillis(2));
    SelectCase<Event> pulse =
        w.heartbeat().pulses().onReceiveOk((x, ok) -> ok ? Event.PULSE : Event.CLOSED);
    SelectCase<Event> result = w.results().onReceiveOk((r, ok) -> ok ? Event.RESULT : Event.CLOSED);
    int pulses = 0;
    int results = 0;
    while (pulses < 3 || results < 3) { // waits for events only; no time limit asserted
      switch (Select.select(pulse, result)) {
        case PULSE -> pulses++;
        case RESULT -> results++;
        case CLOSED -> throw new AssertionError("closed before cancel");
      }
    }
    ctx.cancel();
    while (w.heartbeat().pulses().receive() != null) {}
    while (w.results().receive() != null) {}
    assertThat(w.heartbeat().pulses().receiveOk().ok()).as("heartbeat closed").isFalse();
    assertThat(w.results().receiveOk().ok()).as("results closed").isFalse();
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void closeKeepsAWaitingPulseThenEndsThePulses() throws Exception {
    Heartbeat hb = Heartbeat.make(Duration.ofHours(1));
    assertThat(hb.beat()).isTrue();
    hb.close();
    hb.close(); // idempotent
    assertThat(hb.pulses().receive()).isEqualTo(Unit.VALUE);
    assertThat(hb.pulses().receive()).isNull();
    assertThat(hb.beat()).isFalse();
  }

  @Test
  void closedTickSourceFailsTheWorkerSelectInsteadOfSpinning() {
    Channel<Instant> ticks = Channel.make();
    ticks.close();
    Heartbeat hb = Heartbeat.withTicks(ticks);
    assertThatThrownBy(() -> Select.select(hb.onTick(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("heartbeat tick source closed");
  }

  @Test
  void badArgumentsAreRefusedWithTheirNames() {
    assertThatThrownBy(() -> Heartbeat.make(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be positive: PT0S");
    assertThatThrownBy(() -> Heartbeat.make(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("interval must not be null");
    assertThatThrownBy(() -> Heartbeat.withTicks(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticks must not be null");
    Heartbeat hb = Heartbeat.make();
    assertThatThrownBy(() -> hb.receiver(null, Channel.nil()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("input channel in must not be null");
    assertThatThrownBy(() -> hb.send(Channel.make(1), null, Channel.nil()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value v must not be null");
  }
}
