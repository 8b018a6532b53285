package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The README's patterns example: a cancellable 3-stage pipeline with fan-out and merge. */
class ReadmeExampleTest {

  @Test
  void threeStagePipelineWithFanOutAndMerge() throws Exception {
    int base = Leaks.baseline();
    List<String> printed = new ArrayList<>();
    try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5));
        Pipeline p = Pipeline.create(ctx, 64)) {
      ReceiveChannel<Integer> nums = p.generate(1, 2, 3, 4, 5, 6, 7, 8);
      List<ReceiveChannel<Integer>> squares = p.fanOut(nums, 4, n -> n * n);
      ReceiveChannel<Integer> merged = p.merge(squares);
      ReceiveChannel<String> lines = p.map(merged, n -> "square " + n);
      for (String line : lines) {
        printed.add(line);
      }
    }
    assertThat(printed)
        .containsExactlyInAnyOrder(
            "square 1",
            "square 4",
            "square 9",
            "square 16",
            "square 25",
            "square 36",
            "square 49",
            "square 64");
    Leaks.assertNoGoroutineLeft(base);
  }

  /** The README's select snippet with statement cases and Select.loop. */
  @Test
  void selectStatementsAndLoop() throws Exception {
    Channel<Integer> in = Channel.make(); // unbuffered: each send waits for the loop
    Channel<Unit> quit = Channel.make();
    Channel<Integer> ch = Channel.make(1);
    AtomicInteger idle = new AtomicInteger();
    Go.go(
        () -> {
          in.send(1);
          in.send(2);
          quit.close();
        });
    List<Integer> out = new ArrayList<>();
    List<Integer> all =
        Select.loop(
            in.onReceiveDo(v -> out.add(v)), // case v := <-in: out = append(out, v)
            quit.onReceive(u -> out)); // case <-quit: return out
    Select.select(
        ch.onReceiveDo(v -> System.out.println(v)), // case v := <-ch: fmt.Println(v)
        Select.onDefaultDo(() -> idle.incrementAndGet())); // default: idle++
    assertThat(all).containsExactly(1, 2);
    assertThat(idle).hasValue(1);
  }

  /** The fluent line of the README. */
  @Test
  void fluentChain() throws Exception {
    try (Pipeline p = Pipeline.create(Context.background())) {
      assertThat(p.flowOf(1, 2, 3, 4).map(n -> n * n, 4).take(2).toList()).containsExactly(1, 4);
    }
  }

  /** The README's coordination snippet, with stand-ins for the services it calls. */
  @Test
  void coordinationTypes() throws Exception {
    int base = Leaks.baseline();
    Context ctx = Context.background();
    List<String> urls = List.of("a", "b", "c");
    java.util.concurrent.ConcurrentLinkedQueue<String> fetched =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    ErrGroup g = ErrGroup.withContext(ctx);
    g.setLimit(4);
    for (String url : urls) {
      g.go(() -> fetched.add(url + (g.context().err() == null ? "" : "!")));
    }
    g.await();
    assertThat(fetched).containsExactlyInAnyOrder("a", "b", "c");

    SingleFlight<String, String> flight = new SingleFlight<>();
    assertThat(flight.get("id", () -> "user")).isEqualTo("user");
    assertThat(flight.doCall("id", () -> "user").value()).isEqualTo("user");

    RateLimiter lim = RateLimiter.of(RateLimiter.every(Duration.ofMillis(100)), 3);
    assertThat(lim.allow()).isTrue();

    String body =
        Retry.builder()
            .maxAttempts(5)
            .initialBackoff(Duration.ofMillis(50))
            .build()
            .call(ctx, c -> "body");
    assertThat(body).isEqualTo("body");

    TtlCache<String, String> configs =
        TtlCache.builder().ttl(Duration.ofMinutes(1)).maxSize(1000).build();
    assertThat(configs.get("name", n -> "config of " + n)).isEqualTo("config of name");

    String q = FirstOf.firstOf(ctx, c -> "primary", c -> "primary");
    assertThat(q).isEqualTo("primary");
    Leaks.assertNoGoroutineLeft(base);
  }
}
