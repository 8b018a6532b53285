package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Replicated requests ("Concurrency in Go", ch. 5): the same request is sent to several replicas at
 * once, the first answer wins, and the others are cancelled.
 *
 * <pre>{@code
 * done := make(chan interface{})
 * result := make(chan int)
 * for i := 0; i < 10; i++ {
 *     go doWork(done, i, &wg, result)   // each sends its answer, or gives up when done closes
 * }
 * firstReturned := <-result
 * close(done)                           // cancel the losers
 * }</pre>
 *
 * <pre>{@code
 * Quote q = FirstOf.firstOf(ctx,
 *     c -> primary.quote(c, symbol),
 *     c -> mirror.quote(c, symbol));
 * }</pre>
 *
 * <p><b>Policy.</b> Each replica runs on its own goroutine (counted by {@link Go#numGoroutine()})
 * with a child context of {@code ctx}. The first replica to <em>return</em> wins: {@code firstOf}
 * cancels the child context and returns the winner's value (null included) at once, without waiting
 * for the losers, as Go's pattern does. A replica that throws is out of the race; its exception is
 * kept in case every replica fails, in which case {@code firstOf} throws a {@link FirstOfException}
 * carrying all of them as suppressed exceptions (in replica order). If {@code ctx} is done before
 * any replica succeeded (or already at the call: then no replica starts), {@code firstOf} throws
 * {@code ctx.err()}; so it does when every replica failed and {@code ctx} is done by then, since
 * the replicas' failures are then taken as their answers to its cancellation.
 *
 * <p><b>Losers and leaks.</b> However {@code firstOf} ends (a winner, all failed, {@code ctx} done,
 * interrupted), the replicas' context is cancelled before it returns or throws, so a replica that
 * watches its context ({@code ctx.done()} in its waits, {@code ctx.throwIfDone()}) stops soon
 * after. Each replica hands its outcome to a channel with one slot per replica, so a loser never
 * blocks on its way out and its goroutine ends as soon as its function does. A replica that ignores
 * its context runs on, as in Go; nothing can stop it. What a loser returns or throws after the
 * winner was chosen is discarded: it raced a cancellation. Likewise the exceptions of replicas that
 * failed before another one won are not reported: covering such failures is what replication is
 * for.
 *
 * <p><b>Blocking and interruption:</b> {@code firstOf} blocks until a replica succeeds, every
 * replica failed, or {@code ctx} is done. If interrupted while waiting, it cancels the replicas and
 * throws {@link InterruptedException}.
 *
 * <p><b>Memory consistency effects:</b> actions prior to {@code firstOf} happen-before each replica
 * starts. The winning replica's actions before it returned happen-before {@code firstOf} returns
 * its value; the actions of each failed replica before it threw happen-before {@code firstOf}
 * throws the {@link FirstOfException}. The cancellation of the replicas' context happens-before a
 * loser observes it done.
 */
public final class FirstOf {
  private FirstOf() {}

  /**
   * Runs every replica on its own goroutine with a child context of {@code ctx} and returns the
   * value of the first one that returns; the others' context is then cancelled. See the {@linkplain
   * FirstOf class description} for the policy.
   *
   * @param ctx the context of the request; when done before a replica succeeded, {@code firstOf}
   *     throws its error
   * @param replicas the replicas, at least one; each is given the child context
   * @param <T> the result type
   * @return the first successful replica's value (null if it returned null)
   * @throws FirstOfException if every replica threw; their exceptions are suppressed on it
   * @throws io.github.go4j.context.ContextException {@code ctx.err()} if {@code ctx} is done before
   *     a replica succeeded
   * @throws InterruptedException if interrupted while waiting; the replicas are cancelled
   * @throws NullPointerException if {@code ctx}, {@code replicas} or a replica is null
   * @throws IllegalArgumentException if {@code replicas} is empty
   */
  public static <T> T firstOf(
      Context ctx, List<? extends ThrowingFunction<? super Context, ? extends T>> replicas)
      throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Objects.requireNonNull(replicas, "replicas must not be null");
    List<ThrowingFunction<? super Context, ? extends T>> rs = new ArrayList<>(replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      rs.add(Objects.requireNonNull(replicas.get(i), "replicas[" + i + "] must not be null"));
    }
    if (rs.isEmpty()) {
      throw new IllegalArgumentException("replicas must not be empty");
    }
    return race(ctx, rs);
  }

  /**
   * The varargs form of {@link #firstOf(Context, List)}.
   *
   * @param ctx the context of the request
   * @param replicas the replicas, at least one
   * @param <T> the result type
   * @return the first successful replica's value (null if it returned null)
   * @throws FirstOfException if every replica threw; their exceptions are suppressed on it
   * @throws io.github.go4j.context.ContextException {@code ctx.err()} if {@code ctx} is done before
   *     a replica succeeded
   * @throws InterruptedException if interrupted while waiting; the replicas are cancelled
   * @throws NullPointerException if {@code ctx}, {@code replicas} or a replica is null
   * @throws IllegalArgumentException if no replica is given
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never written: no heap pollution
  public static <T> T firstOf(
      Context ctx, ThrowingFunction<? super Context, ? extends T>... replicas)
      throws InterruptedException {
    Objects.requireNonNull(replicas, "replicas must not be null");
    return firstOf(ctx, Arrays.asList(replicas));
  }

  /** What one replica did: returned {@code value}, or threw {@code failure}. */
  private record Outcome<T>(int index, T value, Throwable failure) {}

  private static <T> T race(Context ctx, List<ThrowingFunction<? super Context, ? extends T>> rs)
      throws InterruptedException {
    ctx.throwIfDone();
    int n = rs.size();
    // One slot per replica: every replica sends once and never blocks, even after firstOf left.
    Channel<Outcome<T>> outcomes = Channel.make(n);
    try (CancelableContext child = Context.withCancel(ctx)) {
      for (int i = 0; i < n; i++) {
        int index = i;
        ThrowingFunction<? super Context, ? extends T> replica = rs.get(i);
        Go.go(() -> outcomes.trySend(run(index, replica, child)));
      }
      SelectCase<Outcome<T>> next = outcomes.onReceive(o -> o);
      SelectCase<Outcome<T>> done = ctx.done().onReceive(x -> null);
      Throwable[] failures = new Throwable[n];
      for (int failed = 0; failed < n; failed++) {
        Outcome<T> o = outcomes.poll();
        if (o == null) {
          o = Select.select(next, done);
          if (o == null) {
            throw ctx.err();
          }
        }
        if (o.failure() == null) {
          return o.value();
        }
        failures[o.index()] = o.failure();
      }
      ctx.throwIfDone(); // the replicas failed because ctx ended the request: report that
      throw new FirstOfException(Arrays.asList(failures));
    } // close(): the losers' context is cancelled whichever way firstOf leaves
  }

  private static <T> Outcome<T> run(
      int index, ThrowingFunction<? super Context, ? extends T> replica, Context child) {
    try {
      return new Outcome<>(index, replica.apply(child), null);
    } catch (Throwable t) {
      return new Outcome<>(index, null, t);
    }
  }
}
