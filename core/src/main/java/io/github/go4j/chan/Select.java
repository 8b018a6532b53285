package io.github.go4j.chan;

import io.github.go4j.Task;
import io.github.go4j.internal.Case;
import io.github.go4j.internal.Selector;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Go's {@code select} statement: waits on several channel operations and runs exactly one.
 *
 * <p>A case's body either returns a value, which becomes the value of {@code select}:
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
 * <p>or is a statement, made by the {@code ...Do} factories ({@link ReceiveChannel#onReceiveDo},
 * {@link ReceiveChannel#onReceiveOkDo}, {@link SendChannel#onSendDo}, {@link #onDefaultDo}); such a
 * case's result is null. Go's {@code for { select { ... } }}, whose cases are statements and whose
 * {@code return} ends the loop, is {@link #loop(SelectCase, SelectCase) Select.loop}: it selects
 * until a case returns a value other than null, and returns that value.
 *
 * <pre>{@code
 * // for { select { case v := <-in: out = append(out, v); case <-quit: return out } }
 * List<Integer> out = new ArrayList<>();
 * return Select.loop(
 *     in.onReceiveDo(v -> out.add(v)),               // a statement: the loop goes on
 *     quit.onReceive(u -> out));                     // a value: the loop returns it
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
 * its result is returned. A body is a lambda, so it cannot assign the caller's local variables or
 * {@code break} out of the caller's loop: it mutates objects (a list, a map, a field), and what the
 * loop must see it returns as the select's value. The one- to four-case forms of {@code select} and
 * {@code loop} allocate nothing with reused case objects (built once, outside the loop), for
 * statement cases as for the others; {@code select} with its cases built in its own argument list,
 * the usual port of Go's select statement, allocates nothing either once the JIT has compiled the
 * call (its escape analysis removes the case objects, which the engine never stores), provided the
 * bodies capture nothing, statement bodies included: a capturing lambda is a new object each time
 * its expression runs, so built in the argument list it is allocated per select (build such cases
 * once, outside a hot loop).
 *
 * <p><b>Checked exceptions:</b> case bodies may throw checked exceptions; such an exception
 * propagates unchanged out of {@code select} and {@code loop} (the same object), but it is not
 * declared: the cases of one select may throw different exceptions, and Java cannot name their
 * union in a signature. So {@code catch (IOException e)} around a select does not compile; catch
 * {@code Exception} and test its type, which compiles because {@code select} declares {@link
 * InterruptedException}, and whose {@code throw e} rethrows only what the method declares (Java's
 * precise rethrow):
 *
 * <pre>{@code
 * try {
 *   Select.select(in.onReceiveDo(line -> writer.write(line)), done.onReceiveDo(u -> {}));
 * } catch (Exception e) {
 *   if (e instanceof IOException io) {
 *     return handle(io);
 *   }
 *   throw e; // InterruptedException or unchecked: needs only `throws InterruptedException`
 * }
 * }</pre>
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
   * <p>An array passed as {@code cases} (rather than a varargs list) is read in place, not copied,
   * for as long as the select runs: do not change its elements from another thread until the select
   * returns (it may then be reused for the next select, as a hot loop should).
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
  @SuppressWarnings("varargs") // the array is only read, never stored or handed out: see below
  public static <R> R select(SelectCase<? extends R>... cases) throws InterruptedException {
    // javac's [varargs] lint flags any use of a varargs array outside its method, even where
    // @SafeVarargs holds: Selector reads the cases (as Object) and keeps no reference to the
    // array, so no element of another type can be written into it and none escapes (List.of does
    // the same).
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
   * case objects created once and reused, a select allocates nothing, and so does one whose cases
   * are built in this call's arguments, with bodies that capture nothing, once the JIT has compiled
   * it (see the class description).
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

  /**
   * The {@code default:} case whose body is a statement: Go's {@code default: idle++}. Runs when no
   * other case is ready, making the select non-blocking; the select returns null. See {@link
   * ReceiveChannel#onReceiveDo} for how statement cases mix with cases that return a value.
   *
   * @param body what to run
   * @param <R> the result type of the select this case is part of; this case's result is null
   * @return the case
   * @throws NullPointerException if {@code body} is null
   */
  public static <R> SelectCase<R> onDefaultDo(Task body) {
    return Case.onDefaultDo(body);
  }

  /**
   * Go's {@code for { select { cases... } }} with two cases: selects over the cases again and again
   * until a body returns a value other than null, and returns that value (Go's {@code return}
   * inside a case). Statement cases ({@link ReceiveChannel#onReceiveDo onReceiveDo} and the other
   * {@code ...Do} factories) return null and so keep the loop going, as does a value case that
   * returns null.
   *
   * <p>Each turn is a {@link #select(SelectCase, SelectCase)} over the same case objects: the
   * channels and the values to send are the ones the cases were built with (to disable a case as Go
   * does by setting its channel to nil, build new cases and call {@code select} in a loop of your
   * own). With a {@linkplain #onDefault default} case that returns null, the loop spins, as Go's
   * {@code for { select { ... default: } }} does. Nothing is allocated per turn.
   *
   * <p><b>Blocking and interruption:</b> each turn blocks as {@code select} does. If a turn is
   * interrupted while it blocks, the loop ends with {@link InterruptedException} (interrupt status
   * cleared); the turns before it ran their cases, that turn ran none.
   *
   * <p><b>Memory consistency effects:</b> those of each turn's select (see {@link Select}).
   *
   * @param c1 a case
   * @param c2 a case
   * @param <R> the result type of the case bodies
   * @return the first result other than null
   * @throws InterruptedException if interrupted while blocked
   * @throws ChannelClosedException if a chosen case sends on a closed channel
   * @throws IllegalArgumentException if both cases are default cases
   * @throws NullPointerException if a case is null
   */
  public static <R> R loop(SelectCase<? extends R> c1, SelectCase<? extends R> c2)
      throws InterruptedException {
    for (; ; ) {
      R r = Selector.select(c1, c2);
      if (r != null) {
        return r;
      }
    }
  }

  /**
   * Go's {@code for { select { ... } }} with three cases; see {@link #loop(SelectCase,
   * SelectCase)}.
   *
   * @param c1 a case
   * @param c2 a case
   * @param c3 a case
   * @param <R> the result type of the case bodies
   * @return the first result other than null
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R loop(
      SelectCase<? extends R> c1, SelectCase<? extends R> c2, SelectCase<? extends R> c3)
      throws InterruptedException {
    for (; ; ) {
      R r = Selector.select(c1, c2, c3);
      if (r != null) {
        return r;
      }
    }
  }

  /**
   * Go's {@code for { select { ... } }} with four cases; see {@link #loop(SelectCase, SelectCase)}.
   *
   * @param c1 a case
   * @param c2 a case
   * @param c3 a case
   * @param c4 a case
   * @param <R> the result type of the case bodies
   * @return the first result other than null
   * @throws InterruptedException if interrupted while blocked
   */
  public static <R> R loop(
      SelectCase<? extends R> c1,
      SelectCase<? extends R> c2,
      SelectCase<? extends R> c3,
      SelectCase<? extends R> c4)
      throws InterruptedException {
    for (; ; ) {
      R r = Selector.select(c1, c2, c3, c4);
      if (r != null) {
        return r;
      }
    }
  }

  /**
   * Go's {@code for { select { ... } }} with any number of cases; see {@link #loop(SelectCase,
   * SelectCase)}. The varargs array is made once per call, not per turn.
   *
   * @param cases the cases, at most one of them a default case
   * @param <R> the result type of the case bodies
   * @return the first result other than null
   * @throws InterruptedException if interrupted while blocked
   * @throws NullPointerException if {@code cases} or one of them is null
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // as select(SelectCase...): the array is only read
  public static <R> R loop(SelectCase<? extends R>... cases) throws InterruptedException {
    Objects.requireNonNull(cases, "cases must not be null");
    for (; ; ) {
      R r = Selector.select(cases);
      if (r != null) {
        return r;
      }
    }
  }
}
