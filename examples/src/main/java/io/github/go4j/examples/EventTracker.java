package io.github.go4j.examples;

import static io.github.go4j.Go.go;

import io.github.go4j.ThrowingFunction;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelableContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An event tracker that never loses its goroutine: events are queued on a buffered channel, one
 * goroutine records them, and {@code Shutdown} closes the queue and waits, bounded by a context
 * deadline, for that goroutine to drain it ("never start a goroutine without knowing when it will
 * stop").
 *
 * <pre>{@code
 * type Tracker struct {
 *     ch   chan string
 *     stop chan struct{}
 * }
 *
 * func NewTracker() *Tracker {
 *     return &Tracker{ch: make(chan string, 10), stop: make(chan struct{})}
 * }
 *
 * func (t *Tracker) Event(ctx context.Context, data string) error {
 *     select {
 *     case t.ch <- data:
 *         return nil
 *     case <-ctx.Done():
 *         return ctx.Err()
 *     }
 * }
 *
 * func (t *Tracker) Run() {
 *     for data := range t.ch {
 *         record(data)                   // e.g. a call to an analytics backend
 *     }
 *     close(t.stop)
 * }
 *
 * func (t *Tracker) Shutdown(ctx context.Context) error {
 *     close(t.ch)
 *     select {
 *     case <-t.stop:
 *         return nil                     // drained
 *     case <-ctx.Done():
 *         return ctx.Err()               // gave up waiting: context deadline exceeded
 *     }
 * }
 *
 * func main() {
 *     tr := NewTracker()
 *     go tr.Run()
 *     for i := 1; i <= 5; i++ {
 *         _ = tr.Event(context.Background(), fmt.Sprint("event ", i))
 *     }
 *     ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
 *     defer cancel()
 *     fmt.Println("shutdown:", tr.Shutdown(ctx))
 * }
 * }</pre>
 *
 * <p>The second run here records through a backend that is stuck until released: {@code Shutdown}
 * gives up at its deadline, and the tracker still drains its queue once the backend answers.
 */
public final class EventTracker {
  private EventTracker() {}

  /** Go's {@code Tracker}. */
  static final class Tracker {
    private final Channel<String> ch = Channel.make(10);
    private final Channel<Unit> stop = Channel.make();
    private final ThrowingFunction<String, ?> record;

    Tracker(ThrowingFunction<String, ?> record) {
      this.record = record;
    }

    /** Go's {@code Event}: queues {@code data} unless {@code ctx} is done first. */
    void event(Context ctx, String data) throws InterruptedException {
      boolean queued = Select.select(ch.onSend(data, () -> true), ctx.done().onReceive(x -> false));
      if (!queued) {
        throw ctx.err();
      }
    }

    /** Go's {@code Run}: records every event until the queue is closed and drained. */
    void run() throws Exception {
      try {
        for (String data : ch) {
          record.apply(data);
        }
      } finally {
        stop.close();
      }
    }

    /** Go's {@code Shutdown}: null once drained, or {@code ctx.err()} if ctx is done first. */
    ContextException shutdown(Context ctx) throws InterruptedException {
      ch.close();
      return Select.select(stop.onReceive(x -> null), ctx.done().onReceive(x -> ctx.err()));
    }

    /** Waits until {@link #run()} has returned. */
    void awaitStopped() throws InterruptedException {
      stop.receive();
    }
  }

  /**
   * Tracks five events and drains them at shutdown; then shows a shutdown that gives up at its
   * deadline while the backend is stuck.
   *
   * @param out where to print
   * @throws Exception if interrupted, or an event could not be queued
   */
  public static void run(PrintStream out) throws Exception {
    List<String> recorded = new ArrayList<>(); // written by the Run goroutine only
    Tracker tr = new Tracker(recorded::add);
    go(tr::run);
    for (int i = 1; i <= 5; i++) {
      tr.event(Context.background(), "event " + i);
    }
    try (CancelableContext ctx =
        Context.withTimeout(Context.background(), Duration.ofSeconds(30))) {
      ContextException err = tr.shutdown(ctx);
      out.println("shutdown: " + (err == null ? "drained" : err.getMessage()));
    }
    out.println("recorded: " + recorded); // the close of stop makes Run's writes visible here

    Channel<Unit> backend = Channel.make(); // stuck until closed
    List<String> late = new ArrayList<>();
    Tracker stuck =
        new Tracker(
            data -> {
              backend.receive();
              return late.add(data);
            });
    go(stuck::run);
    for (int i = 1; i <= 3; i++) {
      stuck.event(Context.background(), "event " + i);
    }
    try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50))) {
      ContextException err = stuck.shutdown(ctx); // the backend never answers in time
      out.println("shutdown with a stuck backend: " + (err == null ? "drained" : err.getMessage()));
    }
    backend.close(); // the backend recovers
    stuck.awaitStopped();
    out.println("recorded after the backend recovered: " + late);
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws Exception if interrupted, or an event could not be queued
   */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }
}
