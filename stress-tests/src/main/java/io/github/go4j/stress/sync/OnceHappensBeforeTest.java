package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.Once;
import java.util.function.Supplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Claim ({@link Once}): the return from (or the exception thrown by) the function happens-before
 * the return of every call of {@code run} on the Once, and of every call of a function made by
 * {@code func}, {@code value} or {@code values}; every call sees what the function wrote.
 *
 * <p>Two actors race to make the first call; one runs the function, the other either blocks on the
 * Once's mutex while it runs or finds it done on the fast path (one volatile read). Both must then
 * see the function's writes ({@code 1, 2}) and, for the value forms, its result or exception.
 *
 * <p>Hazard: the {@code done} flag set before the function's writes are published (or read without
 * acquire semantics on the fast path), or the result / exception stored in plain fields after
 * {@code done}: a late caller would skip the function and read defaults, a {@code null} result, or
 * no exception at all (Go's double-checked-locking bug that {@code sync.Once} exists to prevent).
 */
public final class OnceHappensBeforeTest {
  private OnceHappensBeforeTest() {}

  /** An element with non-final fields: only the happens-before edge makes them visible. */
  public static final class Payload {
    int x;
    int y;

    Payload() {
      x = 1;
      y = 2;
    }
  }

  /** The exception thrown by the failing functions. */
  static final IllegalStateException BOOM = new IllegalStateException("boom");

  /** {@code once.run(f)} from both actors: both see f's writes. */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both callers see f's writes.")
  @Outcome(expect = FORBIDDEN, desc = "A call returned without seeing f's writes.")
  @State
  public static class Run {
    final Once once = new Once();
    int x;
    int y;

    void f() {
      x = 1;
      y = 2;
    }

    @Actor
    public void caller1(IIII_Result r) {
      once.run(this::f);
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void caller2(IIII_Result r) {
      once.run(this::f);
      r.r3 = x;
      r.r4 = y;
    }
  }

  /**
   * {@code once.run(f)} where f writes and throws: exactly one call throws ({@code r3}/{@code r6} =
   * 1), and both calls, the throwing one and the one that returns normally, see f's writes.
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 1, 1, 2, 0", "1, 2, 0, 1, 2, 1"},
      expect = ACCEPTABLE,
      desc = "One call threw; both see f's writes.")
  @Outcome(expect = FORBIDDEN, desc = "A call missed f's writes, or not exactly one threw.")
  @State
  public static class RunThrows {
    final Once once = new Once();
    int x;
    int y;

    void f() {
      x = 1;
      y = 2;
      throw BOOM;
    }

    int call() {
      try {
        once.run(this::f);
        return 0;
      } catch (IllegalStateException e) {
        return e == BOOM ? 1 : -1;
      }
    }

    @Actor
    public void caller1(IIIIII_Result r) {
      r.r3 = call();
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void caller2(IIIIII_Result r) {
      r.r6 = call();
      r.r4 = x;
      r.r5 = y;
    }
  }

  /** {@code Once.func(f)} called from both actors: both see f's writes. */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both callers see f's writes.")
  @Outcome(expect = FORBIDDEN, desc = "A call returned without seeing f's writes.")
  @State
  public static class Func {
    final Runnable func;
    int x;
    int y;

    public Func() {
      func =
          Once.func(
              () -> {
                x = 1;
                y = 2;
              });
    }

    @Actor
    public void caller1(IIII_Result r) {
      func.run();
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void caller2(IIII_Result r) {
      func.run();
      r.r3 = x;
      r.r4 = y;
    }
  }

  /**
   * {@code Once.value(f)} returning a new {@link Payload}: both calls get it (not null) fully
   * constructed, although it is stored in a plain field.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both callers get the whole result.")
  @Outcome(expect = FORBIDDEN, desc = "A call got null (-1) or a partly constructed result.")
  @State
  public static class Value {
    final Supplier<Payload> value = Once.value(Payload::new);

    @Actor
    public void caller1(IIII_Result r) {
      Payload p = value.get();
      r.r1 = p == null ? -1 : p.x;
      r.r2 = p == null ? -1 : p.y;
    }

    @Actor
    public void caller2(IIII_Result r) {
      Payload p = value.get();
      r.r3 = p == null ? -1 : p.x;
      r.r4 = p == null ? -1 : p.y;
    }
  }

  /**
   * {@code Once.value(f)} where f writes and throws: every call, the first and the later ones,
   * throws the same exception ({@code r3}/{@code r6} = 1; 0 would be a call that returned the
   * default {@code null} result) and sees f's writes.
   */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 1, 2, 1", expect = ACCEPTABLE, desc = "Both threw; both see f's writes.")
  @Outcome(expect = FORBIDDEN, desc = "A call returned normally or missed f's writes.")
  @State
  public static class ValueThrows {
    final Supplier<Object> value;
    int x;
    int y;

    public ValueThrows() {
      value =
          Once.value(
              () -> {
                x = 1;
                y = 2;
                throw BOOM;
              });
    }

    int call() {
      try {
        value.get();
        return 0;
      } catch (IllegalStateException e) {
        return e == BOOM ? 1 : -1;
      }
    }

    @Actor
    public void caller1(IIIIII_Result r) {
      r.r3 = call();
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void caller2(IIIIII_Result r) {
      r.r6 = call();
      r.r4 = x;
      r.r5 = y;
    }
  }

  /** {@code Once.values(f)}: both calls get both results, fully constructed. */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both callers get both results.")
  @Outcome(expect = FORBIDDEN, desc = "A call got null (-1) or a partly constructed result.")
  @State
  public static class Values {
    final Supplier<Once.Values<Payload, Payload>> values =
        Once.values(() -> new Once.Values<>(new Payload(), new Payload()));

    @Actor
    public void caller1(IIII_Result r) {
      Once.Values<Payload, Payload> v = values.get();
      r.r1 = v == null ? -1 : v.first().x;
      r.r2 = v == null ? -1 : v.second().y;
    }

    @Actor
    public void caller2(IIII_Result r) {
      Once.Values<Payload, Payload> v = values.get();
      r.r3 = v == null ? -1 : v.first().x;
      r.r4 = v == null ? -1 : v.second().y;
    }
  }
}
