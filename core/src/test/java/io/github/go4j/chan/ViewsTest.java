package io.github.go4j.chan;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.sync.Semaphore;
import io.github.go4j.sync.WaitGroup;
import io.github.go4j.time.Time;
import io.github.go4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Go's directional channel types: a {@code <-chan T} cannot be converted back to {@code chan T}, so
 * a view must not be castable to the full channel; select cases, sync waits and ranges work through
 * views as through the channel. Also select's refusal of foreign cases and null arguments.
 */
class ViewsTest {

  @Test
  void receiveOnlyViewCannotSendOrClose() throws Exception {
    Channel<Integer> c = Channel.make(4);
    ReceiveChannel<Integer> r = c.receiveOnly();
    assertThat(r).isNotInstanceOf(SendChannel.class).isNotInstanceOf(Channel.class);
    assertThat(r).isNotInstanceOf(io.github.go4j.internal.Chan.class);
    assertThat(c.receiveOnly()).isSameAs(r); // made once
    c.send(1);
    c.send(2);
    assertThat(r.len()).isEqualTo(2);
    assertThat(r.cap()).isEqualTo(4);
    assertThat(r.receive()).isEqualTo(1);
    assertThat(r.tryReceive()).contains(new Received<>(2, true));
    c.send(3);
    assertThat(Select.select(r.onReceive(v -> v * 10), Select.onDefault(() -> -1))).isEqualTo(30);
    assertThat(r.toString()).startsWith("<-chan(");
    c.close();
    assertThat(r.receiveOk().ok()).isFalse();
  }

  @Test
  void sendOnlyViewCannotReceive() throws Exception {
    Channel<Integer> c = Channel.make(2);
    SendChannel<Integer> s = c.sendOnly();
    assertThat(s)
        .isNotInstanceOf(ReceiveChannel.class)
        .isNotInstanceOf(Channel.class)
        .isNotInstanceOf(io.github.go4j.internal.Chan.class);
    assertThat(c.sendOnly()).isSameAs(s);
    s.send(1);
    assertThat(s.trySend(2)).isTrue();
    assertThat(s.trySend(3)).isFalse();
    assertThat(Select.select(s.onSend(4, () -> "sent"), Select.onDefault(() -> "full")))
        .isEqualTo("full");
    assertThat(c.receive()).isEqualTo(1);
    assertThat(Select.select(s.onSend(4, () -> "sent"))).isEqualTo("sent");
    assertThat(s.toString()).startsWith("chan<-(");
    s.close();
    assertThat(c.receive()).isEqualTo(2);
    assertThat(c.receive()).isEqualTo(4);
    assertThat(c.receiveOk().ok()).isFalse();
  }

  /** Concurrent first calls still make one view: done() must return the same channel each time. */
  @Test
  void oneViewPerChannelUnderRace() throws Exception {
    for (int round = 0; round < 200; round++) {
      Channel<Integer> c = Channel.make();
      Channel<ReceiveChannel<Integer>> got = Channel.make(2);
      for (int i = 0; i < 2; i++) {
        go(() -> got.send(c.receiveOnly()));
      }
      assertThat(got.receive()).isSameAs(got.receive());
    }
  }

  @Test
  void nilChannelIsItsOwnView() {
    Channel<Integer> nil = Channel.nil();
    assertThat(nil.receiveOnly()).isSameAs(nil);
    assertThat(nil.sendOnly()).isSameAs(nil);
  }

  @Test
  void unbufferedHandOffThroughViews() throws Exception {
    Channel<String> c = Channel.make();
    SendChannel<String> s = c.sendOnly();
    ReceiveChannel<String> r = c.receiveOnly();
    go(
        () -> {
          for (String v : List.of("a", "b", "c")) {
            s.send(v);
          }
          s.close();
        });
    StringBuilder sb = new StringBuilder();
    for (String v : r) {
      sb.append(v);
    }
    assertThat(sb).hasToString("abc");
  }

  /** A view works wherever go4j takes a done channel. */
  @Test
  void viewAsDoneChannel() throws Exception {
    Channel<Unit> done = Channel.make();
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    done.close();
    assertThat(wg.await(done.receiveOnly())).isFalse();
    assertThat(sem.acquire(1, done.receiveOnly())).isFalse();
    assertThatThrownBy(() -> wg.await(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("done channel must not be null");
  }

  /** A timer's channel is receive-only: nobody but the timer can send (no fake ticks) or close. */
  @Test
  void timerChannelsAreReceiveOnly() throws Exception {
    Timer t = Time.newTimer(Duration.ofHours(1));
    assertThat(t.channel()).isNotInstanceOf(SendChannel.class).isSameAs(t.channel());
    t.stop();
    assertThat(Time.after(Duration.ofHours(1))).isNotInstanceOf(SendChannel.class);
    ReceiveChannel<Instant> fired = Time.after(Duration.ZERO);
    assertThat(fired.receive()).isNotNull();
  }

  @Test
  void selectRefusesForeignCasesAndNulls() {
    SelectCase<String> foreign = new SelectCase<>() {};
    assertThatThrownBy(() -> Select.select(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a go4j select case")
        .hasMessageContaining(foreign.getClass().getName());
    Channel<Integer> c = Channel.make(1);
    assertThatThrownBy(() -> Select.select(c.onReceive(v -> "x"), foreign))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Select.select(c.onReceive(v -> "x"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("select case must not be null");
    assertThatThrownBy(() -> Select.select((List<SelectCase<String>>) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cases must not be null");
  }

  /** Null arguments fail with a message that names the argument (not a JDK helpful-NPE text). */
  @Test
  void nullArgumentsAreNamed() {
    Channel<Integer> c = Channel.make();
    assertThatThrownBy(() -> c.onReceive(null)).hasMessage("body must not be null");
    assertThatThrownBy(() -> c.send(null)).hasMessage("channel elements must not be null");
    assertThatThrownBy(() -> new io.github.go4j.sync.Cond(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("locker l must not be null");
    assertThatThrownBy(() -> Time.after(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("duration d must not be null");
  }
}
