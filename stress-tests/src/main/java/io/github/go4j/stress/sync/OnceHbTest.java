package io.github.go4j.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.sync.Once;
import java.util.function.Supplier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim (Once Javadoc): the return from {@code f} happens-before every {@code run} returns, and
 * before every call of a {@code Once.value} supplier returns.
 *
 * <p>Hazard: the classic broken double-checked locking: a caller that sees the "done" flag set but
 * not the state {@code f} initialised (or a cached value object whose fields are not yet visible).
 */
public final class OnceHbTest {
  private OnceHbTest() {}

  /** Two racing run() calls: whichever runs f, both return seeing f's writes. */
  @JCStressTest
  @Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "Both callers see f's writes.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A caller returned from run() before f's writes were visible.")
  @State
  public static class Run {
    final Once once = new Once();
    int x;
    int y;

    void init() {
      x = 1;
      y = 2;
    }

    @Actor
    public void a(IIII_Result r) {
      once.run(this::init);
      r.r1 = x;
      r.r2 = y;
    }

    @Actor
    public void b(IIII_Result r) {
      once.run(this::init);
      r.r3 = x;
      r.r4 = y;
    }
  }

  /** Two racing callers of a Once.value supplier see the value fully constructed. */
  @JCStressTest
  @Outcome(id = "3, 3", expect = ACCEPTABLE, desc = "Both see the initialised value.")
  @Outcome(expect = FORBIDDEN, desc = "A caller saw the value before its fields were written.")
  @State
  public static class Value {
    static final class Box {
      int v; // deliberately not final
    }

    final Supplier<Box> value =
        Once.value(
            () -> {
              Box b = new Box();
              b.v = 3;
              return b;
            });

    @Actor
    public void a(II_Result r) {
      r.r1 = value.get().v;
    }

    @Actor
    public void b(II_Result r) {
      r.r2 = value.get().v;
    }
  }
}
