package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The context-bound plain functions: their goroutines stop and close their outputs with ctx. */
class PipelinesTest {

  private static <T> List<T> drain(ReceiveChannel<T> ch) throws InterruptedException {
    List<T> all = new ArrayList<>();
    for (T v : ch) {
      all.add(v);
    }
    return all;
  }

  @Test
  void generateTakeMergeRunToTheEnd() throws Exception {
    Context bg = Context.background();
    ReceiveChannel<Integer> a = Pipelines.generate(bg, 1, 2, 3);
    ReceiveChannel<Integer> b = Pipelines.take(bg, Pipelines.generate(bg, List.of(4, 5, 6)), 2);
    assertThat(drain(Pipelines.merge(bg, a, b))).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }

  @Test
  void cancellingTheContextClosesEveryOutputAndStopsEveryGoroutine() throws Exception {
    int base = Leaks.baseline();
    try (CancelableContext ctx = Context.withCancel(Context.background())) {
      ReceiveChannel<String> rep = Pipelines.repeat(ctx, "x", "y");
      Tee<String> t = Pipelines.tee(ctx, rep);
      ReceiveChannel<String> merged =
          Pipelines.merge(ctx, t.first(), Pipelines.orDone(ctx, t.second()));
      assertThat(merged.receive()).isIn("x", "y");
      ctx.cancel();
      drain(merged);
    }
    Leaks.assertNoGoroutineLeft(base);
  }

  @Test
  void bridgeAndOrDoneFollowTheirInputs() throws Exception {
    Context bg = Context.background();
    Channel<ReceiveChannel<Integer>> chans = Channel.make(3);
    chans.send(Pipelines.generate(bg, 1, 2));
    chans.send(Pipelines.generate(bg, 3));
    chans.close();
    assertThat(drain(Pipelines.orDone(bg, Pipelines.bridge(bg, chans)))).containsExactly(1, 2, 3);
  }

  /** Go's or-channel: closes when any input closes; or() of nothing is the nil channel. */
  @Test
  void orChannel() throws Exception {
    int base = Leaks.baseline();
    Channel<Unit> a = Channel.make();
    Channel<Unit> b = Channel.make();
    Channel<Unit> c = Channel.make();
    ReceiveChannel<Unit> any = Pipelines.or(a, b, c);
    assertThat(any.tryReceive()).isEmpty();
    c.close();
    assertThat(any.receiveOk().ok()).isFalse();
    ReceiveChannel<Unit> nil = Pipelines.or();
    int chosen = Select.select(nil.onReceive(x -> 1), Select.onDefault(() -> 2));
    assertThat(chosen).isEqualTo(2);
    Leaks.assertNoGoroutineLeft(base);
  }
}
