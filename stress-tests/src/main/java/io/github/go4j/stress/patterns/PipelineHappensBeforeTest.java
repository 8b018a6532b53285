package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.context.Context;
import io.github.go4j.patterns.Pipeline;
import io.github.go4j.patterns.Pipelines;
import io.github.go4j.stress.Blocking;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Claims ({@link Pipeline}): actions before a value is sent on a stage's input happen-before the
 * stage's function runs on that value, which happens-before the receipt of its result from the
 * stage's output; actions of every stage goroutine happen-before {@code await()} and {@code
 * close()} return. ({@link Pipelines}): actions before a value is sent on an input happen-before
 * the receipt of that value from the output.
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

  /**
   * {@code close()} cancels the pipeline and waits for its goroutines: the generator's supplier is
   * called a second time right after the consumer received its first value, counts the call, waits
   * until it observes the cancellation and only then writes and ends the stream, so its write is
   * ordered before the actor's read by nothing but {@code close()}'s wait. {@code r1}: the calls
   * the actor saw (1 if the cancellation came before the second call); {@code r2}: the write.
   */
  @JCStressTest
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "close() waited for the second call.")
  @Outcome(
      id = "1, 0",
      expect = ACCEPTABLE,
      desc = "Cancelled before the second call, which never ran.")
  @Outcome(expect = FORBIDDEN, desc = "A stage write was not visible after close().")
  @State
  public static class CloseSeesEveryStageWrite {
    final Pipeline p = Pipeline.create(Context.background());
    int calls;
    int ended;

    @Actor
    public void actor(II_Result r) {
      ReceiveChannel<Integer> out =
          p.generate(
              () -> {
                if (calls++ == 0) {
                  return 1;
                }
                Waits.receive(p.context().done()); // until close() cancels
                ended = 1;
                return null;
              });
      Blocking.call(out::receive);
      Blocking.run(p::close);
      r.r1 = calls;
      r.r2 = ended;
    }
  }

  /**
   * The static {@link Pipelines} (goroutines of their own, stopped by a context): a value sent on
   * an input reaches the output through {@code merge} and then {@code orDone}; the consumer must
   * see the sender's writes made before the send (into the value, and into a field it does not
   * reach).
   */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The sender's writes seen.")
  @Outcome(expect = FORBIDDEN, desc = "The consumer missed a write made before the send.")
  @State
  public static class PipelinesMergeOrDone {
    final Channel<Box> in = Channel.make();
    final ReceiveChannel<Box> out =
        Pipelines.orDone(Context.background(), Pipelines.merge(Context.background(), in));
    int sideWrite;

    @Actor
    public void sender() {
      Box b = new Box();
      b.fromSender = 1;
      sideWrite = 2;
      Blocking.run(() -> in.send(b));
      in.close(); // the goroutines end: merge's, its closer's and orDone's
    }

    @Actor
    public void consumer(II_Result r) {
      Box b = Blocking.call(out::receive);
      r.r1 = b.fromSender;
      r.r2 = sideWrite;
    }
  }
}
