package io.github.go4j.chan;

import static io.github.go4j.Go.go;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void pingPongAndMpmc() throws Exception {
    for (int cap : new int[] {0, 1, 64}) {
      Channel<Integer> ch = Channel.make(cap);
      Channel<Unit> done = Channel.make();
      AtomicLong sum = new AtomicLong();
      int p = 4, per = 20_000;
      for (int i = 0; i < p; i++) {
        go(
            () -> {
              for (int k = 1; k <= per; k++) ch.send(k);
              done.send(Unit.VALUE);
            });
      }
      for (int i = 0; i < p; i++) {
        go(
            () -> {
              for (Integer v : ch) sum.addAndGet(v);
              done.send(Unit.VALUE);
            });
      }
      for (int i = 0; i < p; i++) done.receive();
      ch.close();
      for (int i = 0; i < p; i++) done.receive();
      assertThat(sum.get()).isEqualTo((long) p * per * (per + 1) / 2);
    }
  }

  @Test
  void selectWithTimer() throws Exception {
    Channel<String> never = Channel.make();
    String r =
        Select.select(
            never.onReceive(s -> "value"),
            Time.after(Duration.ofMillis(1)).onReceive(t -> "timeout"));
    assertThat(r).isEqualTo("timeout");
    Channel<Integer> a = Channel.make(), b = Channel.make();
    go(() -> b.send(7));
    int got = Select.select(a.onReceive(v -> v), b.onReceive(v -> v * 2));
    assertThat(got).isEqualTo(14);
  }
}
