package io.github.go4j.patterns;

import java.io.Serial;
import java.util.List;

/**
 * Every replica given to {@link FirstOf#firstOf(io.github.go4j.context.Context, java.util.List)
 * firstOf} threw, so none produced a result. Each replica's exception is {@linkplain
 * #getSuppressed() suppressed} on this one, in the order the replicas were given; {@link
 * #failures()} lists them in the same order. There is no {@linkplain #getCause() cause}: no failure
 * is more significant than the others.
 */
public class FirstOfException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * Reports that every replica failed.
   *
   * @param failures what each replica threw, in replica order; none null
   * @throws NullPointerException if {@code failures} or an element is null
   */
  public FirstOfException(List<? extends Throwable> failures) {
    super("firstOf: all " + failures.size() + " replicas failed");
    for (Throwable t : List.copyOf(failures)) {
      addSuppressed(t);
    }
  }

  /**
   * What each replica threw, in the order the replicas were given.
   *
   * @return an unmodifiable list, one exception per replica
   */
  public List<Throwable> failures() {
    return List.of(getSuppressed());
  }
}
