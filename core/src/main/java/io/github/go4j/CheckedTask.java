package io.github.go4j;

/**
 * A {@link Task} whose checked exceptions the compiler tracks: {@code run()} throws {@code E} only.
 *
 * <p>A method that runs a body on the caller's thread and takes a {@code CheckedTask<E>} declares
 * {@code throws E}, so the body's checked exceptions reach the caller's {@code catch} clauses as in
 * any plain Java call: {@code try { once.run(() -> load(path)); } catch (IOException e) { ... }}.
 * javac infers {@code E} from the lambda or method reference: the checked exceptions its body
 * throws, or {@link RuntimeException} (nothing to catch) when it throws none. Because it extends
 * {@code Task}, an overload that takes it is chosen for lambdas over one that takes a plain {@code
 * Task}, without ambiguity.
 *
 * @param <E> the checked exception the task may throw ({@link RuntimeException} for none)
 */
@FunctionalInterface
public interface CheckedTask<E extends Exception> extends Task {
  /**
   * Runs the task.
   *
   * @throws E what the task throws
   */
  @Override
  void run() throws E;
}
