package io.github.go4j.sync;

import io.github.go4j.CheckedTask;
import io.github.go4j.Task;
import io.github.go4j.internal.Sneaky;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Go's {@code sync.Once}: {@code var once sync.Once; once.Do(f)}; and Go 1.21's {@code
 * sync.OnceFunc}, {@code sync.OnceValue} and {@code sync.OnceValues}.
 *
 * <pre>{@code
 * private final Once once = new Once();
 * void init() { once.run(() -> config = load()); }   // Go's once.Do(f): `do` is a Java keyword
 *
 * Supplier<Config> configValue = Once.value(() -> load()); // Go's sync.OnceValue(load)
 * }</pre>
 *
 * <p>{@link #run(Task)} calls its function only on the first call for this Once, even if later
 * calls pass a different function, and no call returns before that function has completed. If the
 * function throws, the exception propagates unchanged (the same object, checked or not) to the call
 * that ran it, and the Once still counts as done: the function is never called again and the other
 * calls return normally (Go's rule for a panic in {@code Do}). For a lambda or method reference
 * javac picks {@link #run(CheckedTask)}, which declares the function's checked exceptions, so
 * {@code catch (IOException e)} around it compiles; a function held in a {@link Task} variable goes
 * to {@link #run(Task)}, which cannot name them. A call to {@code run} on the same Once from inside
 * the function deadlocks, as in Go.
 *
 * <p>{@link #func}, {@link #value} and {@link #values} wrap a function so that it runs at most once
 * and every call returns its result; if it throws, <em>every</em> call, the first and the later
 * ones, throws the same exception object (whose stack trace is the first call's and reaches into
 * the function). That exception is not declared, checked or not: {@link Runnable} and {@link
 * Supplier} cannot declare one; catch {@code Exception} and test its type, or call {@link
 * #run(CheckedTask)} on a {@code Once} of your own. The function is released once it has run, so it
 * and what it captures can be garbage-collected. After the first call, a call is a volatile read
 * and allocates nothing.
 *
 * <p><b>Blocking and interruption:</b> a call that finds the function running blocks until it
 * completes. That wait is not interruptible (as in Go; it is a {@link Mutex#lock()}); an interrupt
 * that arrives meanwhile is kept in the interrupt status.
 *
 * <p><b>Memory consistency effects:</b> the return from (or the exception thrown by) the function
 * happens-before the return of every call of {@code run} on this Once, and of every call of a
 * function made by {@code func}, {@code value} or {@code values}; in particular, every call sees
 * what the function wrote.
 */
public final class Once {
  /*
   * *** Overview ***
   *
   * Go's sync/once.go: a `done` flag read on the fast path (here volatile) and a Mutex for the
   * slow path. The flag is set after f returns or throws (Go's `defer o.done.Store(1)`), while
   * the Mutex is held, so every caller that blocked on the Mutex, and every later caller that
   * reads the flag, sees f's effects. The fast path is one volatile read: no lock, no allocation.
   *
   * The OnceFunc/OnceValue/OnceValues wrappers keep their own Once and a pre-built Task, so a
   * call after the first allocates nothing; the result or exception is stored in plain fields
   * written before `done` is published.
   */

  private volatile boolean done;

  /** Serializes the first calls; never touched once {@code done} is set. */
  private final Mutex m = new Mutex();

  /** Creates a Once that has not run (Go's zero value). */
  public Once() {}

  /**
   * Go's {@code once.Do(f)}: calls {@code f} if and only if this is the first call of {@code run}
   * on this Once. See the class comment for concurrency and exceptions.
   *
   * <p>This overload takes a {@link Task} held in a variable or field of that type; its checked
   * exceptions propagate unchanged but undeclared. A lambda or method reference goes to {@link
   * #run(CheckedTask)}, which declares them.
   *
   * @param f the function; later calls' functions are ignored
   * @throws NullPointerException if {@code f} is null
   */
  public void run(Task f) {
    Objects.requireNonNull(f, "function f must not be null");
    if (!done) {
      runSlow(f);
    }
  }

  /**
   * Go's {@code once.Do(f)} with {@code f}'s checked exceptions declared: calls {@code f} if and
   * only if this is the first call of {@code run} on this Once, and throws what {@code f} throws.
   *
   * <p>javac picks this overload for a lambda or method reference (a {@code CheckedTask} is a more
   * specific {@code Task}) and infers {@code E} from its body, so {@code try { once.run(() ->
   * load(path)); } catch (IOException e) { ... }} compiles, and a body that throws no checked
   * exception needs no {@code catch}. Only the call that runs {@code f} can throw {@code E}; the
   * other calls return normally, as described in the class comment.
   *
   * @param f the function; later calls' functions are ignored
   * @param <E> the checked exception {@code f} may throw ({@link RuntimeException} for none)
   * @throws E if this call ran {@code f} and {@code f} threw it
   * @throws NullPointerException if {@code f} is null
   */
  public <E extends Exception> void run(CheckedTask<E> f) throws E {
    run((Task) f); // f's exception propagates unchanged: it is an E (or unchecked)
  }

  private void runSlow(Task f) {
    m.lock();
    try {
      if (!done) {
        try {
          f.run();
        } catch (Throwable e) {
          throw Sneaky.rethrow(e);
        } finally {
          done = true;
        }
      }
    } finally {
      m.unlock();
    }
  }

  /** Whether the function has run (fast-path check of the wrappers). */
  boolean isDone() {
    return done;
  }

  /**
   * Go's {@code sync.OnceFunc(f)}: a function that runs {@code f} on its first call only.
   *
   * @param f the function to run at most once
   * @return a Runnable that runs {@code f} the first time and does nothing later; if {@code f}
   *     threw, every call throws that exception (unchanged, even if checked)
   * @throws NullPointerException if {@code f} is null
   */
  public static Runnable func(Task f) {
    Objects.requireNonNull(f, "function f must not be null");
    OnceValueImpl<Object> impl =
        new OnceValueImpl<>(
            () -> {
              f.run();
              return null;
            });
    return impl::get;
  }

  /**
   * Go's {@code sync.OnceValue(f)}: a function that calls {@code f} on its first call and returns
   * its result on every call.
   *
   * @param f the function to call at most once; it may return null
   * @param <T> the result type
   * @return a Supplier of {@code f}'s result; if {@code f} threw, every call throws that exception
   *     (unchanged, even if checked)
   * @throws NullPointerException if {@code f} is null
   */
  public static <T> Supplier<T> value(Callable<? extends T> f) {
    Objects.requireNonNull(f, "function f must not be null");
    return new OnceValueImpl<>(f);
  }

  /**
   * Go's {@code sync.OnceValues(f)} for a function with two results: a function that calls {@code
   * f} on its first call and returns its two results on every call. (Go's typical second result, an
   * {@code error}, is an exception in Java, for which {@link #value} suffices.)
   *
   * @param f the function to call at most once
   * @param <A> the type of the first result
   * @param <B> the type of the second result
   * @return a Supplier of {@code f}'s results; if {@code f} threw, every call throws that exception
   * @throws NullPointerException if {@code f} is null
   */
  public static <A, B> Supplier<Values<A, B>> values(Callable<? extends Values<A, B>> f) {
    Objects.requireNonNull(f, "function f must not be null");
    return new OnceValueImpl<>(f);
  }

  /**
   * The two results of a function passed to {@link #values}: Go's {@code (T1, T2)}.
   *
   * @param first the first result
   * @param second the second result
   * @param <A> the type of the first result
   * @param <B> the type of the second result
   */
  public record Values<A, B>(A first, B second) {}

  /** OnceValue; OnceFunc and OnceValues are built on it. */
  private static final class OnceValueImpl<T> implements Supplier<T> {
    private final Once once = new Once();
    private final Task body = this::call;
    private Callable<? extends T> f; // null once it has run (GC)
    private T result; // written before once.done is published
    private Throwable failure; // likewise

    OnceValueImpl(Callable<? extends T> f) {
      this.f = f;
    }

    private void call() throws Exception {
      Callable<? extends T> g = f;
      f = null;
      try {
        result = g.call();
      } catch (Throwable e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public T get() {
      if (!once.isDone()) {
        once.run(body); // the first call throws f's exception from here, with f's stack trace
      }
      Throwable e = failure;
      if (e != null) {
        throw Sneaky.rethrow(e);
      }
      return result;
    }
  }
}
