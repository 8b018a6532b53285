package io.github.go4j.stress.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.context.Context;
import io.github.go4j.context.ContextKey;
import io.github.go4j.stress.Ops;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link Context#withValue}): a thread that sees the derived context, however it was shared,
 * sees through {@code value(key)} the value as it was when {@code withValue} was called.
 *
 * <p>The creator builds a value with non-final fields, wraps it with {@code withValue} and
 * publishes the context through a data race, on purpose: only the context's own publication safety
 * (its final fields: the value is frozen with it) can make the value's fields visible.
 *
 * <p>Hazard: a non-final field in the value context (or a lazily computed one): a racing reader
 * could then see the context but a {@code null} value, or the value with default fields.
 */
public final class WithValuePublicationTest {
  private WithValuePublicationTest() {}

  static final ContextKey<Payload> KEY = ContextKey.of("payload");

  /** A value with non-final fields. */
  public static final class Payload {
    int x;
    int y;

    Payload() {
      x = 1;
      y = 2;
    }
  }

  /** The racy publication; {@code -1} = the reader did not see the context, {@code -2} = null. */
  @JCStressTest
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Saw the context and the whole value.")
  @Outcome(id = "-1, -1", expect = ACCEPTABLE_INTERESTING, desc = "Did not see the context yet.")
  @Outcome(expect = FORBIDDEN, desc = "Saw the context, but not the value as stored.")
  @State
  public static class RacyPublication {
    Context ctx; // racy on purpose

    @Actor
    public void creator() {
      ctx = Context.withValue(Context.background(), KEY, new Payload());
    }

    @Actor
    public void reader(II_Result r) {
      Context c = ctx;
      if (c == null) {
        r.r1 = Ops.NOT_READY;
        r.r2 = Ops.NOT_READY;
        return;
      }
      Payload p = c.value(KEY);
      r.r1 = p == null ? -2 : p.x;
      r.r2 = p == null ? -2 : p.y;
    }
  }
}
