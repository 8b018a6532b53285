package io.github.go4j.patterns;

import io.github.go4j.Task;
import io.github.go4j.UncheckedInterruptedException;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.CancelCauseContext;
import io.github.go4j.context.Context;
import io.github.go4j.context.ContextException;
import io.github.go4j.sync.WaitGroup;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A group of goroutines working on subtasks of a common task: Go's {@code
 * golang.org/x/sync/errgroup.Group}.
 *
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * g.SetLimit(4)
 * for _, url := range urls {
 *     g.Go(func() error { return fetch(ctx, url) })  // blocks while 4 run
 * }
 * if err := g.Wait(); err != nil { ... }            // the first error
 * }</pre>
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);
 * g.setLimit(4);
 * for (String url : urls) {
 *   g.go(() -> fetch(g.context(), url));
 * }
 * g.await();   // throws ErrGroupException with the first exception as its cause
 * }</pre>
 *
 * <p><b>Errors.</b> In Go a function of the group returns an error; here it throws. The first
 * exception thrown by a task (any {@link Throwable}, checked or not, including a {@link
 * ContextException} from {@code ctx.throwIfDone()}, as Go's {@code return ctx.Err()} is an error
 * like any other) is the group's error: {@link #err()} returns it and {@link #await()} throws an
 * {@link ErrGroupException} with it as the cause. Go's errgroup keeps only the first error; so that
 * no exception is lost, the later ones are {@linkplain Throwable#getSuppressed() suppressed} on the
 * {@code ErrGroupException}, except those that answer the cancellation the first one caused (a
 * {@link ContextException}, an {@link InterruptedException}, an {@link
 * UncheckedInterruptedException}, or the first exception itself thrown again).
 *
 * <p><b>Panics (difference from Go).</b> A panic in a Go task is not the group's error: it crashes
 * the program. Java has no such split: whatever a task throws, {@link Error}s included, is its
 * error and reaches the caller of {@link #await()}; nothing goes to {@link
 * io.github.go4j.Go#panicHandler()}.
 *
 * <p><b>Context.</b> A group made by {@link #withContext(Context)} has a {@linkplain #context()
 * context} derived with {@link Context#withCancelCause(Context)}: it is cancelled, with the first
 * exception as its {@linkplain Context#cause(Context) cause}, as soon as a task throws, and in any
 * case when {@link #await()} returns (then with no cause other than {@link Context#CANCELED} if no
 * task failed). A group made by {@link #ErrGroup()} (Go's zero {@code Group}) has no context, no
 * limit, and cancels nothing.
 *
 * <p><b>Limit.</b> {@link #setLimit(int)} bounds the goroutines of the group that run at once, with
 * a buffered {@code Channel<Unit>} of that capacity used as a semaphore, as in Go: {@link
 * #go(Task)} takes a slot (blocking while none is free) before it starts the goroutine, which gives
 * the slot back when its task ends. The limit is never exceeded; {@code setLimit(0)} blocks every
 * new goroutine; a negative limit means no limit. As in Go, the limit may not change while
 * goroutines of the group run ({@link IllegalStateException}), and {@code setLimit} must not be
 * called concurrently with {@code go}/{@code tryGo}. Unlike Go, setting a limit on a group whose
 * goroutines run without one is refused too (Go accepts it and its running goroutines then give
 * back slots they never took); removing the limit ({@code setLimit(-1)}) is always allowed.
 *
 * <p><b>Leaks.</b> {@link #await()} returns only once every goroutine the group started has ended,
 * so none is left running. To stop tasks early, make them watch {@link #context()}. As in Go, a
 * {@code go} must happen before the {@code await} meant to wait for it (from the thread that
 * awaits, or from a task of the group): {@code await} on a group with nothing running returns at
 * once.
 *
 * <p><b>Blocking and interruption:</b> {@link #go(Task)} blocks only when a limit is set and
 * reached; if interrupted then, it throws {@link InterruptedException} and the task was not
 * started. {@link #await()} blocks until every goroutine of the group has ended; if interrupted, it
 * throws {@link InterruptedException} and the group runs on (its context is not cancelled; call
 * {@code await()} again to wait for it). {@link #tryGo(Task)}, {@link #setLimit(int)} and {@link
 * #err()} never block.
 *
 * <p><b>Memory consistency effects:</b> actions prior to {@code go(task)} (or a {@code tryGo(task)}
 * that returns true) happen-before the task starts. The actions of every task happen-before {@link
 * #await()} returns (a {@link WaitGroup}). A task's actions before it throws the group's first
 * exception happen-before {@link #err()} returns that exception in another thread and before
 * another thread observes {@link #context()} done (a receive from its {@code done()} channel that
 * finds it closed, or a non-null {@code err()}). With a limit, the actions of a task happen-before
 * the {@code go} or successful {@code tryGo} that takes the slot it gave back returns (the k-th
 * receive on a channel of capacity C happens-before the (k+C)-th send completes).
 *
 * <p>Instances are safe for concurrent use: tasks may start further tasks of their own group.
 */
public final class ErrGroup {
  /** The cancel function of the group's context (Go's {@code g.cancel}); null for a zero group. */
  private final CancelCauseContext ctx;

  private final WaitGroup wg = new WaitGroup();

  /** Go's {@code g.sem}: one element per running goroutine; null when there is no limit. */
  private volatile Channel<Unit> sem;

  /**
   * Goroutines of the group started and not yet ended (Go's {@code len(g.sem)}, also unlimited).
   */
  private final AtomicInteger active = new AtomicInteger();

  private final AtomicReference<Throwable> first = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Throwable> later = new ConcurrentLinkedQueue<>();

  /**
   * A group with no context and no limit: Go's zero {@code errgroup.Group}. Its tasks' first
   * exception is reported by {@link #await()}; nothing is cancelled when it occurs.
   */
  public ErrGroup() {
    this.ctx = null;
  }

  private ErrGroup(CancelCauseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Go's {@code errgroup.WithContext(ctx)}: a group whose {@linkplain #context() context} is
   * derived from {@code parent} and is cancelled at the first exception of a task (with it as the
   * cause) or when {@link #await()} returns, whichever comes first.
   *
   * @param parent the parent context
   * @return the group
   * @throws NullPointerException if {@code parent} is null
   */
  public static ErrGroup withContext(Context parent) {
    Objects.requireNonNull(parent, "parent must not be null");
    return new ErrGroup(Context.withCancelCause(parent));
  }

  /**
   * The context Go's {@code WithContext} returns with the group: give it to the tasks, so that they
   * stop once one of them failed.
   *
   * @return the group's context
   * @throws IllegalStateException if the group was made by {@link #ErrGroup()}, which has none
   */
  public Context context() {
    if (ctx == null) {
      throw new IllegalStateException(
          "errgroup: a group made by new ErrGroup() has no context; use ErrGroup.withContext");
    }
    return ctx;
  }

  /**
   * Go's {@code g.Go(f)}: runs {@code task} in a new goroutine (counted by {@link
   * io.github.go4j.Go#numGoroutine()}). If a limit is set, first waits until fewer than that many
   * goroutines of the group run. The first task to throw sets the group's error and cancels its
   * context.
   *
   * @param task the task
   * @throws NullPointerException if {@code task} is null
   * @throws InterruptedException if interrupted while waiting for a slot; the task was not started
   * @throws IllegalStateException ({@link WaitGroup}'s "Add called concurrently with Wait") if
   *     called from outside the group just as the last running task ends and an {@code await}
   *     returns; the task was not started
   */
  public void go(Task task) throws InterruptedException {
    Objects.requireNonNull(task, "task must not be null");
    Channel<Unit> s = sem;
    if (s != null) {
      s.send(Unit.VALUE);
    }
    start(task, s);
  }

  /**
   * Go's {@code g.TryGo(f)}: runs {@code task} in a new goroutine only if the group's limit lets it
   * start now. Never blocks.
   *
   * @param task the task
   * @return true if the task was started, false (and {@code task} is not run) if the limit is
   *     reached
   * @throws NullPointerException if {@code task} is null
   */
  public boolean tryGo(Task task) {
    Objects.requireNonNull(task, "task must not be null");
    Channel<Unit> s = sem;
    if (s != null && !s.trySend(Unit.VALUE)) {
      return false;
    }
    start(task, s);
    return true;
  }

  /**
   * Go's {@code g.SetLimit(n)}: at most {@code n} goroutines of the group run at once from now on;
   * a negative {@code n} removes the limit. Call it before starting the goroutines it should
   * govern, not concurrently with {@link #go(Task)} or {@link #tryGo(Task)}.
   *
   * @param n the limit; 0 blocks every new goroutine; negative: no limit
   * @throws IllegalStateException "errgroup: modify limit while N goroutines in the group are still
   *     active" if {@code n >= 0} while goroutines of the group run (Go's panic); the limit is
   *     unchanged
   */
  public void setLimit(int n) {
    if (n < 0) {
      sem = null;
      return;
    }
    int a = active.get();
    if (a != 0) {
      throw new IllegalStateException(
          "errgroup: modify limit while " + a + " goroutines in the group are still active");
    }
    sem = Channel.make(n);
  }

  /**
   * Go's {@code g.Wait()}: waits until every goroutine of the group has ended, cancels the group's
   * context (with the first exception as the cause, if any), then reports the first exception. May
   * be called repeatedly and by several threads.
   *
   * @throws ErrGroupException if a task threw; its cause is the first exception, and later ones
   *     that are not answers to the cancellation are suppressed on it
   * @throws InterruptedException if interrupted while waiting; the group runs on and its context is
   *     not cancelled
   */
  public void await() throws InterruptedException {
    wg.await();
    Throwable e = first.get();
    if (ctx != null) {
      ctx.cancel(e);
    }
    if (e != null) {
      ErrGroupException x = new ErrGroupException(e);
      for (Throwable t : later) {
        x.addSuppressed(t);
      }
      throw x;
    }
  }

  /**
   * The group's error so far, without waiting: the first exception a task threw, or null if none
   * has (yet).
   *
   * @return the first exception, or null
   */
  public Throwable err() {
    return first.get();
  }

  @Override
  public String toString() {
    Channel<Unit> s = sem;
    return "ErrGroup(active="
        + active.get()
        + ", limit="
        + (s == null ? "none" : Integer.toString(s.cap()))
        + ", err="
        + first.get()
        + ")";
  }

  /** Starts a goroutine of the group; {@code s} holds its slot already (if not null). */
  private void start(Task task, Channel<Unit> s) {
    active.incrementAndGet();
    try {
      wg.go(() -> run(task, s));
    } catch (Throwable e) { // not started (WaitGroup misuse, OutOfMemoryError): give the slot back
      end(s);
      throw e;
    }
  }

  /** The body of a goroutine of the group: Go's {@code defer g.done(); if err := f(); ...}. */
  private void run(Task task, Channel<Unit> s) {
    try {
      task.run();
    } catch (Throwable e) {
      fail(e);
    } finally {
      end(s); // before WaitGroup.done(): when await returns, every slot is back
    }
  }

  private void end(Channel<Unit> s) {
    active.decrementAndGet();
    if (s != null) {
      s.poll(); // the slot this goroutine holds: a value is buffered, so this never misses
    }
  }

  /** Go's {@code g.errOnce.Do(...)}: the first exception wins and cancels the context. */
  private void fail(Throwable e) {
    Throwable f = first.get();
    if (f == null && first.compareAndSet(null, e)) {
      if (ctx != null) {
        ctx.cancel(e);
      }
      return;
    }
    f = first.get();
    if (e != f
        && !(e instanceof ContextException)
        && !(e instanceof InterruptedException)
        && !(e instanceof UncheckedInterruptedException)) {
      later.add(e);
    }
  }
}
