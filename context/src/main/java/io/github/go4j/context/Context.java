package io.github.go4j.context;

import io.github.go4j.Task;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a cancellation signal, a deadline and request-scoped values that
 * travel together down a call tree.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
 *   String r = Select.select(
 *       results.onReceive(v -> v),
 *       ctx.done().onReceive(x -> { throw ctx.err(); }));
 * }
 * }</pre>
 *
 * <p>The four methods are Go's: {@link #deadline()}, {@link #done()}, {@link #err()} and {@link
 * #value(ContextKey)}. The static methods are the package functions: {@link #background()}, {@link
 * #todo()}, {@link #withCancel}, {@link #withCancelCause}, {@link #withDeadline}, {@link
 * #withDeadlineCause}, {@link #withTimeout}, {@link #withTimeoutCause}, {@link #withValue}, {@link
 * #withoutCancel}, {@link #cause}, {@link #afterFunc}; plus {@link #interruptOnDone}, which Java
 * needs for blocking JDK calls.
 *
 * <p><b>Semantics (Go 1.21+).</b> Contexts form a tree. Canceling a context (its cancel function,
 * or its deadline passing) cancels all its descendants synchronously, with the same {@link #err()}
 * and {@link Context#cause cause}, and removes it from its parent; canceling a child never affects
 * its parent. The first cancellation wins: {@code err()} and the cause never change afterwards. A
 * child's deadline is never later than its parent's. A context derived from one that is already
 * done is done at once. All methods are safe for concurrent use.
 *
 * <p><b>Errors.</b> A null parent is refused with Go's panic text, as a {@code
 * NullPointerException("cannot create context from nil parent")}; a null key with {@code
 * NullPointerException("nil key")}. {@code err()} returns {@link #CANCELED} or {@link
 * #DEADLINE_EXCEEDED} (see {@link ContextException}).
 *
 * <p><b>Blocking and interruption.</b> No method here blocks, beyond short internal lock holds (and
 * {@link #cause}, which waits for a cancellation in progress to finish, as Go's). Waiting is done
 * on {@link #done()} with go4j-core's channel operations, which throw {@link InterruptedException}
 * when the waiting thread is interrupted. Cancellation is cooperative, as in Go: code that blocks
 * in a JDK call rather than on a channel can ask to be interrupted with {@link #interruptOnDone}.
 *
 * <p><b>Custom contexts.</b> Users may implement this interface (Go's "custom context"); a go4j
 * context derived from one learns of its cancellation through {@link AfterFuncContext} if the
 * parent implements it, else through one goroutine per child that waits on both {@code done()}
 * channels. An implementation must keep Go's contract: {@code done()} returns the same channel on
 * every call and only ever closes it; {@code err()} is null until {@code done()} is closed and
 * non-null after; {@code deadline()} returns the same value on every call.
 *
 * <p><b>Memory consistency effects:</b> for contexts made by this class, actions in a thread prior
 * to canceling a context (calling {@link CancelableContext#cancel()} or {@link
 * CancelCauseContext#cancel(Throwable)}; for an expired deadline, creating the context)
 * happen-before actions in another thread after it observes that context or a descendant canceled
 * as a result: a receive from {@code done()} (or a {@code select} case on it) that observes the
 * channel closed, {@code err()} returning non-null, or {@link #cause(Context)} returning non-null.
 * If {@code err()} returns non-null, {@code done()} is already closed, and once a receive observes
 * {@code done()} closed, {@code err()} returns non-null. A context made by {@link #withValue} is
 * immutable (final fields): any thread that sees it, however it was shared, sees through {@link
 * #value(ContextKey)} the value, and the objects reachable from it, as they were when {@code
 * withValue} was called (final-field semantics). Other writes made before {@code withValue} are
 * visible to another thread only if the context was shared with it safely (a channel, a {@code
 * go(...)} start, a volatile or a lock), as for any object.
 */
public interface Context {
  /** Go's {@code context.Canceled}: {@code err()} of a canceled context ("context canceled"). */
  CanceledException CANCELED = new CanceledException();

  /**
   * Go's {@code context.DeadlineExceeded}: {@code err()} of a context whose deadline passed
   * ("context deadline exceeded"); {@link ContextException#isTimeout()} is true.
   */
  DeadlineExceededException DEADLINE_EXCEEDED = new DeadlineExceededException();

  /**
   * Go's {@code ctx.Deadline()}: the time when work done on behalf of this context should be
   * canceled, or empty if there is none. Successive calls return the same value.
   *
   * @return the deadline, if any
   */
  Optional<Instant> deadline();

  /**
   * Go's {@code ctx.Done()}: a channel that is closed when this context is canceled or its deadline
   * passes. Nothing is ever sent on it; a receive returns (null, {@code ok == false}) once it is
   * closed. For a context that can never be canceled ({@link #background()}, {@link #todo()},
   * {@link #withoutCancel}) it is the nil channel, which blocks forever and is never chosen by
   * {@code select}. The channel is created lazily, and the same channel is returned on every call.
   *
   * <pre>{@code
   * Select.select(ctx.done().onReceive(x -> ...), work.onReceive(w -> ...));
   * }</pre>
   *
   * <p>Do not cast it to a {@code SendChannel} and close it: only cancellation closes it.
   *
   * @return the done channel
   */
  ReceiveChannel<Unit> done();

  /**
   * Go's {@code ctx.Err()}: null while {@link #done()} is open; after it is closed, {@link
   * #CANCELED} if the context was canceled or {@link #DEADLINE_EXCEEDED} if its deadline passed.
   * Once non-null it never changes.
   *
   * @return null, or why the context is done
   */
  ContextException err();

  /**
   * Go's {@code ctx.Value(key)}: the value stored under {@code key} by the innermost {@link
   * #withValue} on the path to the root, or null if there is none (or it stored null).
   *
   * @param key the key, compared by identity
   * @param <T> the value's type
   * @return the value, or null
   */
  <T> T value(ContextKey<T> key);

  /**
   * Throws {@link #err()} if this context is done; returns normally otherwise. The Java form of
   * Go's {@code if err := ctx.Err(); err != nil { return err }}. The exception thrown is the shared
   * {@link #CANCELED} or {@link #DEADLINE_EXCEEDED} instance, without a stack trace.
   *
   * @throws ContextException if the context is done
   */
  default void throwIfDone() {
    ContextException e = err();
    if (e != null) {
      throw e;
    }
  }

  /**
   * Go's {@code context.Background()}: the root of every context tree; never canceled, no deadline,
   * no values; {@code done()} is the nil channel. Its {@code toString()} is {@code
   * "context.Background"}.
   *
   * @return the shared background context
   */
  static Context background() {
    return EmptyCtx.BACKGROUND;
  }

  /**
   * Go's {@code context.TODO()}: the same as {@link #background()}, for code that does not know yet
   * which context to use. Its {@code toString()} is {@code "context.TODO"}.
   *
   * @return the shared TODO context
   */
  static Context todo() {
    return EmptyCtx.TODO;
  }

  /**
   * Go's {@code context.WithCancel(parent)}: a child of {@code parent} whose {@code done()} closes
   * when its {@code cancel()} is called or when {@code parent}'s {@code done()} closes, whichever
   * happens first. Its {@code toString()} is {@code parent + ".WithCancel"}.
   *
   * @param parent the parent context
   * @return the child, with its cancel function
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null
   */
  static CancelableContext withCancel(Context parent) {
    CancelCtx c = new CancelCtx(Contexts.requireParent(parent));
    c.propagateCancel();
    return c;
  }

  /**
   * Go's {@code context.WithCancelCause(parent)}: like {@link #withCancel}, but its {@link
   * CancelCauseContext#cancel(Throwable) cancel(cause)} records a cause that {@link
   * #cause(Context)} returns. {@code err()} is still {@link #CANCELED}.
   *
   * @param parent the parent context
   * @return the child, with its cancel function
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null
   */
  static CancelCauseContext withCancelCause(Context parent) {
    CancelCauseCtx c = new CancelCauseCtx(Contexts.requireParent(parent));
    c.propagateCancel();
    return c;
  }

  /**
   * Go's {@code context.WithDeadline(parent, d)}: a child of {@code parent} that is also canceled
   * with {@link #DEADLINE_EXCEEDED} when {@code d} passes. If {@code parent}'s deadline is already
   * earlier, this is {@code withCancel(parent)} (and {@code deadline()} reports the parent's). If
   * {@code d} has already passed, the child is returned already done with {@code
   * DEADLINE_EXCEEDED}. The deadline is served by a go4j-core timer ({@code Time.afterFunc}), with
   * no thread per context; cancel the context to release the timer early. Its {@code toString()} is
   * {@code parent + ".WithDeadline(" + d + " [" + remaining + "])"}.
   *
   * @param parent the parent context
   * @param d the deadline
   * @return the child, with its cancel function
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null,
   *     or if {@code d} is null
   */
  static CancelableContext withDeadline(Context parent, Instant d) {
    return withDeadlineCause(parent, d, null);
  }

  /**
   * Go's {@code context.WithDeadlineCause(parent, d, cause)}: like {@link #withDeadline}, and when
   * the deadline passes, {@link #cause(Context)} returns {@code cause} (null means {@link
   * #DEADLINE_EXCEEDED}). The returned {@code cancel()} sets no cause: a context canceled by it
   * reports {@link #CANCELED} as both error and cause.
   *
   * @param parent the parent context
   * @param d the deadline
   * @param cause the cause to record when the deadline passes, or null
   * @return the child, with its cancel function
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null,
   *     or if {@code d} is null
   */
  static CancelableContext withDeadlineCause(Context parent, Instant d, Throwable cause) {
    return TimerCtx.create(
        Contexts.requireParent(parent),
        Objects.requireNonNull(d, "deadline d must not be null"),
        cause);
  }

  /**
   * Go's {@code context.WithTimeout(parent, timeout)}: {@code withDeadline(parent, now + timeout)}.
   * A zero or negative timeout gives a context that is already done with {@link
   * #DEADLINE_EXCEEDED}; a timeout too large to represent never expires.
   *
   * @param parent the parent context
   * @param timeout how long until the deadline
   * @return the child, with its cancel function
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null,
   *     or if {@code timeout} is null
   */
  static CancelableContext withTimeout(Context parent, Duration timeout) {
    return withTimeoutCause(parent, timeout, null);
  }

  /**
   * Go's {@code context.WithTimeoutCause(parent, timeout, cause)}: {@code withDeadlineCause(parent,
   * now + timeout, cause)}.
   *
   * @param parent the parent context
   * @param timeout how long until the deadline
   * @param cause the cause to record when the deadline passes, or null
   * @return the child, with its cancel function
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null,
   *     or if {@code timeout} is null
   */
  static CancelableContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
    Contexts.requireParent(parent);
    return withDeadlineCause(parent, Contexts.deadlineAfter(timeout), cause);
  }

  /**
   * Go's {@code context.WithValue(parent, key, val)}: a child of {@code parent} whose {@code
   * value(key)} is {@code val}; other keys, {@code done()}, {@code err()} and {@code deadline()}
   * are the parent's. A null {@code val} shadows an outer value for the same key. Its {@code
   * toString()} is {@code parent + ".WithValue(" + key + ", " + val + ")"} ({@code <nil>} for
   * null).
   *
   * @param parent the parent context
   * @param key the key
   * @param val the value, may be null
   * @param <T> the value's type
   * @return the child
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null,
   *     or "nil key" if {@code key} is null
   */
  static <T> Context withValue(Context parent, ContextKey<T> key, T val) {
    Contexts.requireParent(parent);
    if (key == null) {
      throw new NullPointerException("nil key");
    }
    return new ValueCtx(parent, key, val);
  }

  /**
   * Go's {@code context.WithoutCancel(parent)}: a child that keeps {@code parent}'s values but is
   * never canceled: no deadline, {@code done()} is the nil channel, {@code err()} and {@link
   * #cause(Context)} are null even after {@code parent} is canceled. Its {@code toString()} is
   * {@code parent + ".WithoutCancel"}.
   *
   * @param parent the parent context
   * @return the child
   * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null
   */
  static Context withoutCancel(Context parent) {
    return new WithoutCancelCtx(Contexts.requireParent(parent));
  }

  /**
   * Go's {@code context.Cause(c)}: null if {@code c} is not done; otherwise the cause recorded by
   * the first cancellation of {@code c} or of the ancestor that canceled it ({@link
   * CancelCauseContext#cancel(Throwable)}, {@link #withDeadlineCause}), falling back to {@code
   * c.err()} when no cause was set or {@code c} is a custom context. A child canceled by its parent
   * gets the parent's cause; a child canceled first keeps its own. As Go's, if a cancellation of
   * {@code c} is in progress, it returns once that has finished: {@code done()} is closed and the
   * descendants it cancels are canceled (it waits as a losing {@code cancel()} does).
   *
   * @param c the context
   * @return the cause, or null
   * @throws NullPointerException if {@code c} is null
   */
  static Throwable cause(Context c) {
    ContextException e =
        Objects.requireNonNull(c, "context c must not be null")
            .err(); // first: if err is set, so is the cause read below
    Object o = c.value(CancelCtx.ANY_CANCEL_CTX_KEY);
    if (o instanceof CancelCtx cc) {
      Throwable t = cc.causeIfCanceled();
      if (t != null) {
        return t;
      }
    }
    return e;
  }

  /**
   * Go's {@code context.AfterFunc(ctx, f)}: arranges to run {@code f} in its own goroutine after
   * {@code ctx} is done (at once if it already is). Each call registers independently. Canceling
   * {@code ctx} starts {@code f} but does not wait for it. The handle's {@code stop()} unregisters
   * {@code f} and returns true if that prevented it from running; false if it had already started
   * (or been stopped). An exception from {@code f} goes to the goroutine panic handler. If {@code
   * ctx} can never be canceled, {@code f} never runs and nothing stays registered.
   *
   * <p><b>Memory consistency effects:</b> actions prior to {@code afterFunc} and prior to the
   * cancellation of {@code ctx} happen-before {@code f} starts.
   *
   * @param ctx the context to watch
   * @param f the function to run
   * @return the stop handle
   * @throws NullPointerException if {@code ctx} or {@code f} is null
   */
  static AfterFuncHandle afterFunc(Context ctx, Task f) {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    AfterFuncNode a =
        new AfterFuncNode(ctx, Objects.requireNonNull(f, "function f must not be null"));
    a.propagateCancel();
    return a::stop;
  }

  /**
   * Interrupts {@code thread} when {@code ctx} is done, so that a thread blocked in a JDK call
   * (interruptible I/O, {@code Thread.sleep}, {@code BlockingQueue.take}) is woken by cancellation.
   * Built on {@link #afterFunc}; the interrupt is delivered from another goroutine, shortly after
   * the cancellation.
   *
   * <pre>{@code
   * try (AfterFuncHandle h = Context.interruptOnDone(ctx, Thread.currentThread())) {
   *   return queue.take();
   * } catch (InterruptedException e) {
   *   ctx.throwIfDone();   // canceled: report ctx.err()
   *   throw e;             // interrupted for another reason
   * }
   * }</pre>
   *
   * <p>Stronger than a bare {@code afterFunc}: once {@code stop()} (or {@code close()}) has
   * returned, this registration never interrupts the thread, even if the cancellation raced with
   * it; {@code stop()} returns true if it prevented the interrupt, false if the thread was already
   * interrupted by it. It does not clear an interrupt already delivered: a caller that carries on
   * after a false {@code stop()} should clear it ({@link Thread#interrupted()}).
   *
   * <p><b>Memory consistency effects:</b> actions prior to the cancellation of {@code ctx}
   * happen-before the interrupt is delivered (and so before the interrupted thread observes it).
   *
   * @param ctx the context to watch
   * @param thread the thread to interrupt
   * @return the handle that cancels the arrangement
   * @throws NullPointerException if {@code ctx} or {@code thread} is null
   */
  static AfterFuncHandle interruptOnDone(Context ctx, Thread thread) {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Interrupter i = new Interrupter(Objects.requireNonNull(thread, "thread must not be null"));
    AfterFuncHandle registration = afterFunc(ctx, i);
    return () -> i.stop(registration);
  }
}
