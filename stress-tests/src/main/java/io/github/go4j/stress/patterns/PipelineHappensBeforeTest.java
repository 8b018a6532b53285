package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Pipeline;
import io.github.go4j.stress.Blocking;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claims ({@link Pipeline}): actions before a value is sent on a stage's input happen-before the
 * stage's function runs on that value, which happens-before the receipt of its result from the
 * stage's output; actions of every stage goroutine happen-before {@code await()} returns.
 *
 * <p>Hazard: the values travel through channels, and (in the ordered parallel map) through slot
 * objects whose plain fields are reused value after value and handed between the dispatcher, a
 * worker and the collector. A hand-off that does not carry the writer's actions (a slot read before
 * its ready signal, a slot reused before the collector read it) breaks the claim.
 */
public final class PipelineHappensBeforeTest {
  private PipelineHappensBeforeTest() {}

  /** A mutable message: its plain fields are written by the sender and by the stage. */
  static final class Box {
    int fromSender;
    int seenByStage = -1;
    int fromStage;
  }

  /** The sender writes, then sends; the consumer receives the stage's result. */
  static final class Chain {
    final Pipeline p = Pipeline.create(Context.background());
    final Channel<Box> in = Channel.make(1);
    final ReceiveChannel<Box> out;
    int sideWrite; // written by the sender before the send, read by the consumer

    Chain(int kind) {
      out =
          switch (kind) {
            case 0 -> p.map(in, Chain::apply);
            case 1 -> p.map(in, Chain::apply, 2);
            default -> p.merge(p.mapUnordered(in, Chain::apply, 2));
          };
    }

    static Box apply(Box b) {
      b.seenByStage = b.fromSender;
      b.fromStage = 3;
      return b;
    }

    void send() {
      Box b = new Box();
      b.fromSender = 1;
      sideWrite = 2;
      Blocking.run(() -> in.send(b));
      in.close();
    }

    void consume(III_Result r) {
      Box b = Blocking.call(out::receive);
      r.r1 = b.seenByStage;
      r.r2 = sideWrite;
      r.r3 = b.fromStage;
      Blocking.run(p::close);
    }
  }

  /** {@code map(in, fn)}: one goroutine. */
  @JCStressTest
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "All writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "The stage or the consumer missed a write.")
  @State
  public static class Map {
    final Chain c = new Chain(0);

    @Actor
    public void sender() {
      c.send();
    }

    @Actor
    public void consumer(III_Result r) {
      c.consume(r);
    }
  }

  /** {@code map(in, fn, 2)}: ordered, through the reusable slots. */
  @JCStressTest
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "All writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "The stage or the consumer missed a write.")
  @State
  public static class OrderedParallelMap {
    final Chain c = new Chain(1);

    @Actor
    public void sender() {
      c.send();
    }

    @Actor
    public void consumer(III_Result r) {
      c.consume(r);
    }
  }

  /** {@code mapUnordered(in, fn, 2)} and a merge behind it. */
  @JCStressTest
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "All writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "The stage or the consumer missed a write.")
  @State
  public static class UnorderedMapThenMerge {
    final Chain c = new Chain(2);

    @Actor
    public void sender() {
      c.send();
    }

    @Actor
    public void consumer(III_Result r) {
      c.consume(r);
    }
  }

  /**
   * A value goes through the ordered map's slots many times: a slot reused before the collector has
   * read it, or read before the worker's result is published, shows a wrong or stale value.
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "Every result seen in order with its writes.")
  @Outcome(expect = FORBIDDEN, desc = "A result was stale, wrong or out of order.")
  @State
  public static class OrderedSlotsReused {
    final Pipeline p = Pipeline.create(Context.background());
    final ReceiveChannel<int[]> out;

    public OrderedSlotsReused() {
      ReceiveChannel<Integer> src = p.generate(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
      out = p.map(src, i -> new int[] {i, i * 10}, 2);
    }

    @Actor
    public void consumer(I_Result r) {
      int ok = 1;
      for (int i = 0; i < 10; i++) {
        int[] v = Blocking.call(out::receive);
        if (v == null || v[0] != i || v[1] != i * 10) {
          ok = 0;
        }
      }
      r.r1 = ok;
      Blocking.run(p::close);
    }
  }

  /**
   * A generator's supplier writes after the last value was sent (the final call, which ends the
   * stream): only {@code await()} orders that write before the reader.
   */
  @JCStressTest
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "await() made the stage's last write visible.")
  @Outcome(expect = FORBIDDEN, desc = "A stage write was not visible after await().")
  @State
  public static class AwaitSeesEveryStageWrite {
    final Pipeline p = Pipeline.create(Context.background());
    int calls;
    int ended;

    @Actor
    public void actor(I_Result r) {
      ReceiveChannel<Integer> out =
          p.generate(
              () -> {
                if (calls++ == 0) {
                  return 1;
                }
                ended = 1;
                return null;
              });
      Blocking.call(out::receive);
      Blocking.run(p::await);
      r.r1 = ended;
    }
  }
}
