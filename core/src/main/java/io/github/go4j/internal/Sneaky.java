package io.github.go4j.internal;

/** Rethrows a checked exception without declaring it: case bodies' exceptions pass unchanged. */
public final class Sneaky {
  private Sneaky() {}

  /**
   * Throws {@code e} as it is, checked or not. Declared to return an exception so that callers can
   * write {@code throw Sneaky.rethrow(e)} and keep the compiler's flow analysis.
   *
   * @param e the exception
   * @return never returns
   */
  public static RuntimeException rethrow(Throwable e) {
    throw Sneaky.<RuntimeException>doThrow(e);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E doThrow(Throwable e) throws E {
    throw (E) e;
  }
}
