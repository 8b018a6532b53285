package io.github.go4j.chan;

import io.github.go4j.internal.Case;
import io.github.go4j.internal.Selector;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Go's {@code select} statement: waits on several channel operations and runs exactly one.
 *
 * <pre>{@code
 * int which = Select.select(
 *     in.onReceive(s -> 1),                          // case s := <-in:
 *     in2.onReceiveOk((s, ok) -> 2),                 // case s, ok := <-in2:
 *     out.onSend("x", () -> 3),                      // case out <- "x":
 *     Time.after(Duration.ofSeconds(1)).onReceive(t -> 4),
 *     Select.onDefault(() -> 5));                    // default:
 * }</pre>
 *
 * <p>Go's rules hold exactly:
 *
 * <ul>
 *   <li>If several cases are ready, one is chosen uniformly at random.
 *   <li>With a {@code default} case and no case ready, {@code default} runs; the select never
 *       blocks. A non-blocking select over a channel that stays ready never takes {@code default}.
 *   <li>With no case ready and no {@code default}, the select blocks on all its channels at once
 *       and runs exactly one case: a goroutine parked on several channels is claimed by only one
 *       counterpart, so a value is never delivered twice or lost. When it returns, nothing stays
 *       registered on the other channels.
 *   <li>Cases on a nil channel are never chosen; {@code select()} with no cases blocks forever.
 *   <li>A receive case on a closed channel is ready and receives null ({@code ok == false}). A send
 *       case on a closed channel is ready; if it is chosen, the select throws {@link
 *       ChannelClosedException}.
 *   <li>The same channel may appear in several cases, in both directions. On an unbuffered channel
 *       a select never receives its own send.
 * </ul>
 *
 * <p>The chosen case's body runs on the calling thread after the channel operation completed, and
 * its result is returned. Case bodies may throw checked exceptions; such an exception propagates
 * unchanged out of {@code select} (it is not declared, as Java cannot name it). Go's {@code break}
 * inside a case maps to the body's return value, which the caller's loop inspects.
 *
 * <p><b>Blocking and interruption:</b> a select that must block and is interrupted before or while
 * it waits throws {@link InterruptedException} with the interrupt status cleared; it ran no case
 * and completed no channel operation. A select that can complete without blocking does so even if
 * the thread is interrupted.
 *
 * <p><b>Memory consistency effects:</b> those of the channel operation of the chosen case (see
 * {@link Channel}); the operation happens-before its case body runs.
 */
public final class Select {
  private Select() {}

  /**
   * Go's {@code select { cases... }}: runs exactly one ready case, blocking until one is ready
   * unless a {@linkplain #onDefault default} case is given.
   *
   * @param cases the cases, at most one of them a default case; none means block forever
   * @param <R> the result type of the case bodies
   * @return the result of the body of the case that ran
   * @throws InterruptedException if interrupted while blocked; no case ran
   * @throws ChannelClosedException if the chosen case sends on a closed channel
   * @throws IllegalArgumentException if more than one default case is given
   * @throws NullPointerException if {@code cases} or one of them is null
   */
  @SafeVarargs
  public static <R> R select(SelectCase<? extends R>... cases) throws InterruptedException {
    return Selector.select(cases);
  }

  /**
   * Go's {@code select} with one case: the case's operation (with a {@linkplain #onDefault default}
   * case only, this is the default). Behaves as {@link #select(SelectCase[])}.
   *
   * @param c1 the case
   * @param <R> the result type of the case body
   * @return the result of the body that ran
   * @throws InterruptedException if interrupted while blocked; no case ran
   */
  public static <R> R select(SelectCase<? extends R> c1) throws InterruptedException {
    return Selector.select(c1);
  }

  /**
   * Go's {@code select} with two cases, e.g. a receive and {@code ctx.Done()}, or a case and a
   * default. Behaves as {@link #select(SelectCase[])}, without allocating a varargs array: with
   * case objects created once and reused, a select allocates nothing.
   *
   * @param c1 a case
   * @param c2 a case
   * @param <R> the result type of the case bodies
   * @return the result of the body of the case that ran
   * @throws InterruptedException if interrupted while blocked; no case ran
   */
  public static <R> R select(SelectCase<? extends R> c1, SelectCase<? extends R> c2)
      throws InterruptedException {
    return Selector.select(c1, c2);
  }

  /**
   * Go's {@code select} with three cases; see {@link #select(SelectCase, SelectCase)}.
   *
   * @param c1 a case
   * @param c2 a case
   * @param c3 a case
   * @param <R> the result type of the case bodies
   * @return the result of the body of the case that ran
   * @throws InterruptedException if interrupted while blocked; no case ran
   */
  public static <R> R select(
      SelectCase<? extends R> c1, SelectCase<? extends R> c2, SelectCase<? extends R> c3)
      throws InterruptedException {
    return Selector.select(c1, c2, c3);
  }

  /**
   * Go's {@code select} with four cases; see {@link #select(SelectCase, SelectCase)}.
   *
   * @param c1 a case
   * @param c2 a case
   * @param c3 a case
   * @param c4 a case
   * @param <R> the result type of the case bodies
   * @return the result of the body of the case that ran
   * @throws InterruptedException if interrupted while blocked; no case ran
   */
  public static <R> R select(
      SelectCase<? extends R> c1,
      SelectCase<? extends R> c2,
      SelectCase<? extends R> c3,
      SelectCase<? extends R> c4)
      throws InterruptedException {
    return Selector.select(c1, c2, c3, c4);
  }

  /**
   * Like {@link #select(SelectCase[])}, for a list of cases built at run time (Go's {@code
   * reflect.Select}).
   *
   * @param cases the cases, at most one of them a default case
   * @param <R> the result type of the case bodies
   * @return the result of the body of the case that ran
   * @throws InterruptedException if interrupted while blocked; no case ran
   */
  @SuppressWarnings("unchecked")
  public static <R> R select(List<? extends SelectCase<? extends R>> cases)
      throws InterruptedException {
    Objects.requireNonNull(cases, "cases must not be null");
    return Selector.select((SelectCase<? extends R>[]) cases.toArray(new SelectCase<?>[0]));
  }

  /**
   * The {@code default:} case: runs when no other case is ready, making the select non-blocking.
   * ({@code default} is a Java keyword, hence the name.)
   *
   * @param body what to run; its result becomes the result of {@code select}
   * @param <R> the body's result type
   * @return the case
   */
  public static <R> SelectCase<R> onDefault(Callable<? extends R> body) {
    return Case.onDefault(body);
  }
}
