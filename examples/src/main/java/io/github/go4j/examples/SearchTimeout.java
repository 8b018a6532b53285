package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.patterns.FirstOf;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The search of Rob Pike's "Go Concurrency Patterns" talk (Google Search 3.0): web, image and video
 * searches run at once, each sent to two replicas with the first answer winning, and the whole
 * search bounded by a timeout. Here the timeout is a context, so the losing and timed-out replicas
 * are cancelled and no goroutine is left behind (the talk's version leaks them).
 *
 * <pre>{@code
 * type Search func(ctx context.Context, query string) (Result, error)
 *
 * func First(ctx context.Context, query string, replicas ...Search) (Result, error) {
 *     ctx, cancel := context.WithCancel(ctx)
 *     defer cancel()                     // the losers stop
 *     c := make(chan Result, len(replicas))
 *     for _, r := range replicas {
 *         go func(r Search) {
 *             if res, err := r(ctx, query); err == nil {
 *                 c <- res
 *             }
 *         }(r)
 *     }
 *     select {
 *     case r := <-c:
 *         return r, nil
 *     case <-ctx.Done():
 *         return "", ctx.Err()
 *     }
 * }
 *
 * func Google(query string, timeout time.Duration) (results []Result) {
 *     ctx, cancel := context.WithTimeout(context.Background(), timeout)
 *     defer cancel()
 *     c := make(chan Result, 3)
 *     for _, kind := range [][]Search{{Web1, Web2}, {Image1, Image2}, {Video1, Video2}} {
 *         go func(replicas []Search) {
 *             if r, err := First(ctx, query, replicas...); err == nil {
 *                 c <- r
 *             }
 *         }(kind)
 *     }
 *     for i := 0; i < 3; i++ {
 *         select {
 *         case r := <-c:
 *             results = append(results, r)
 *         case <-ctx.Done():
 *             fmt.Println("timed out")
 *             return
 *         }
 *     }
 *     return
 * }
 * }</pre>
 *
 * <p>{@code First} is go4j's {@link FirstOf#firstOf}. The fake replicas are deterministic: one
 * answers at once, the other waits until its context is cancelled; both video replicas wait, so the
 * video search always times out.
 */
public final class SearchTimeout {
  private SearchTimeout() {}

  static final Duration TIMEOUT = Duration.ofMillis(500);

  /** A replica that answers at once. */
  static ThrowingFunction<Context, String> fast(String kind, String name, String query) {
    return ctx -> kind + " result for \"" + query + "\" (from " + name + ")";
  }

  /** A replica that never answers: it waits until its context is cancelled, then gives up. */
  static ThrowingFunction<Context, String> stuck() {
    return ctx -> {
      ctx.done().receive();
      throw ctx.err();
    };
  }

  /** Go's {@code Google}: the three searches, with their replicas, bounded by the timeout. */
  static List<String> google(String query, PrintStream out) throws InterruptedException {
    record Kind(String name, List<ThrowingFunction<Context, String>> replicas) {}
    List<Kind> kinds =
        List.of(
            new Kind("web", List.of(stuck(), fast("web", "web2", query))),
            new Kind("image", List.of(fast("image", "image1", query), stuck())),
            new Kind("video", List.of(stuck(), stuck())));
    List<String> results = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    try (CancelableContext ctx = Context.withTimeout(Context.background(), TIMEOUT)) {
      Channel<String[]> c = Channel.make(kinds.size()); // buffered: a late sender never blocks
      for (Kind kind : kinds) {
        missing.add(kind.name());
        go(
            () -> {
              try {
                c.send(new String[] {kind.name(), FirstOf.firstOf(ctx, kind.replicas())});
              } catch (ContextException e) {
                // timed out: nothing to send
              }
            });
      }
      for (int i = 0; i < kinds.size(); i++) {
        String[] r = Select.select(c.onReceive(x -> x), ctx.done().onReceive(x -> null));
        if (r == null) {
          out.println("timed out after " + TIMEOUT.toMillis() + " ms, missing: " + missing);
          break;
        }
        missing.remove(r[0]);
        results.add(r[1]);
      }
    } // cancel(): every replica still waiting is told to stop
    Collections.sort(results); // they arrive in any order
    return results;
  }

  /**
   * Searches once and prints what came back before the timeout.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    for (String r : google("golang", out)) {
      out.println(r);
    }
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
