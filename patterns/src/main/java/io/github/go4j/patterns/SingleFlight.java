package io.github.go4j.patterns;

import io.github.go4j.Go;
import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.sync.WaitGroup;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Duplicate call suppression: Go's {@code golang.org/x/sync/singleflight}.
 *
 * <pre>{@code
 * var g singleflight.Group
 * v, err, shared := g.Do(key, func() (interface{}, error) {
 *     return load(key) // runs once however many goroutines ask for key at the same time
 * })
 * ch := g.DoChan(key, fn) // the same, fn in a new goroutine, the result on a channel
 * g.Forget(key)           // the next Do for key runs fn again, even while this one runs
 * }</pre>
 *
 * <p>At most one function runs per key at a time. The first caller for a key (the leader) runs its
 * function; callers for the same key that arrive while it runs (duplicates) do not run theirs but
 * wait, and all get the same outcome: the value or what the function threw, with {@link
 * Result#shared() shared} true for the duplicates and, for the leader, true if there was at least
 * one duplicate. When the function returns, the key is forgotten: the next call runs a function
 * again (a singleflight is not a cache; see {@link TtlCache}). {@link #forget(Object)} forgets a
 * key at once; the call in flight then finishes for its own callers and does not remove the newer
 * one.
 *
 * <p><b>Errors.</b> Go's {@code fn} returns an error or panics; Java's throws. Whatever the
 * function throws (any {@link Throwable}, checked or not, the {@link Error}s Go would call panics
 * included) is the call's error, delivered to every caller: in {@link Result#error()} by {@link
 * #doCall} and {@link #doChan}, thrown wrapped in a {@link SingleFlightException} by {@link #get}.
 * A function that throws is never run again for the callers it was shared with.
 *
 * <p><b>Blocking and interruption.</b> {@link #doCall} and {@link #get} run the function on the
 * leader's thread and block duplicates until it returns; a duplicate interrupted while it waits
 * throws {@link InterruptedException} and the call goes on for the others. If the leader's function
 * throws {@link InterruptedException}, the leader's interrupt status is set again and the exception
 * is the call's error for every caller. {@link #doChan} never blocks: it runs the function in a new
 * goroutine (leader) or joins the call in flight, and the result comes on the returned channel.
 * {@link #forget} never blocks.
 *
 * <p><b>Design.</b> Go guards its map with one mutex and gives each call a WaitGroup. Here the map
 * is a {@link ConcurrentHashMap} (no lock is shared between keys, none is held while a function
 * runs) and each call has a {@link WaitGroup} plus one atomic list of its duplicates: a duplicate
 * joins by pushing itself onto it, the leader seals it when the function returns, so a call that is
 * finishing is never joined (a late caller starts a new call instead).
 *
 * <p><b>Memory consistency effects:</b> actions of the function happen-before every caller of that
 * call obtains the result: {@code doCall} or {@code get} returns, or the {@link Result} is received
 * from the {@code doChan} channel. Actions of the leader prior to {@code doCall}, {@code get} or
 * {@code doChan} happen-before its function runs.
 *
 * @param <K> the key type (keys are compared with {@code equals}, as a map's)
 * @param <V> the value type (null values are allowed)
 */
public final class SingleFlight<K, V> {

  /**
   * The outcome of a call, Go's {@code (v, err, shared)}.
   *
   * @param value what the function returned, or null if it threw
   * @param error what the function threw, or null if it returned
   * @param shared whether the outcome was given to more than one caller
   * @param <V> the value type
   */
  public record Result<V>(V value, Throwable error, boolean shared) {
    /**
     * The value, or a {@link SingleFlightException} wrapping {@link #error()} if the function
     * threw.
     *
     * @return the value
     * @throws SingleFlightException if the function threw
     */
    public V getOrThrow() {
      if (error != null) {
        throw new SingleFlightException(error);
      }
      return value;
    }
  }

  /** The calls in flight, by key. */
  private final ConcurrentHashMap<K, Call<V>> calls = new ConcurrentHashMap<>();

  /** Creates a group with no call in flight (Go's zero {@code singleflight.Group}). */
  public SingleFlight() {}

  /**
   * Go's {@code g.Do(key, fn)}: runs {@code fn} unless a call for {@code key} is in flight, in
   * which case waits for that call and returns its outcome.
   *
   * @param key the key
   * @param fn the function, run on this thread if this caller is the leader
   * @return the value or the error, and whether it was shared
   * @throws InterruptedException if interrupted while waiting for another caller's function (the
   *     function goes on for its other callers)
   * @throws NullPointerException if {@code key} or {@code fn} is null
   */
  public Result<V> doCall(K key, Callable<? extends V> fn) throws InterruptedException {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    Call<V> mine = null;
    for (; ; ) {
      Call<V> c = calls.get(key);
      if (c == null) {
        if (mine == null) {
          mine = new Call<>(null);
        }
        c = calls.putIfAbsent(key, mine);
        if (c == null) {
          run(key, mine, fn);
          return mine.leaderResult;
        }
      }
      if (c.join(null)) {
        c.wg.await();
        return c.sharedResult;
      }
      calls.remove(key, c); // finishing: help it leave, then try again
    }
  }

  /**
   * {@link #doCall(Object, Callable)} for callers that want the value: returns it, or throws what
   * the function threw wrapped in a {@link SingleFlightException}.
   *
   * @param key the key
   * @param fn the function, run on this thread if this caller is the leader
   * @return the value the function returned (to this caller, or to the leader it waited for)
   * @throws SingleFlightException if the function threw; its cause is what it threw
   * @throws InterruptedException if interrupted while waiting for another caller's function
   * @throws NullPointerException if {@code key} or {@code fn} is null
   */
  public V get(K key, Callable<? extends V> fn) throws InterruptedException {
    return doCall(key, fn).getOrThrow();
  }

  /**
   * Go's {@code g.DoChan(key, fn)}: like {@link #doCall(Object, Callable)}, but the leader's
   * function runs in a new goroutine and every caller gets the outcome on its own channel.
   *
   * @param key the key
   * @param fn the function, run in a new goroutine if this caller is the leader
   * @return a channel of capacity 1 that receives the outcome once; it is never closed
   * @throws NullPointerException if {@code key} or {@code fn} is null
   */
  public ReceiveChannel<Result<V>> doChan(K key, Callable<? extends V> fn) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(fn, "function fn must not be null");
    Channel<Result<V>> ch = Channel.make(1);
    Call<V> mine = null;
    for (; ; ) {
      Call<V> c = calls.get(key);
      if (c == null) {
        if (mine == null) {
          mine = new Call<>(ch);
        }
        c = calls.putIfAbsent(key, mine);
        if (c == null) {
          Call<V> call = mine;
          try {
            Go.go(() -> run(key, call, fn));
          } catch (Throwable e) { // the goroutine did not start (e.g. OutOfMemoryError)
            call.finish(this, key, null, e);
            throw e;
          }
          return ch.receiveOnly();
        }
      }
      if (c.join(ch)) {
        return ch.receiveOnly();
      }
      calls.remove(key, c);
    }
  }

  /**
   * Go's {@code g.Forget(key)}: the next call for {@code key} runs its function, even if a call is
   * in flight; that call still gives its outcome to the callers that joined it.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  public void forget(K key) {
    calls.remove(Objects.requireNonNull(key, "key must not be null"));
  }

  /**
   * The number of duplicates that joined the call in flight for {@code key} (0 if none is in
   * flight): lets tests wait until their callers have joined.
   */
  int duplicates(K key) {
    Call<V> c = calls.get(key);
    if (c == null) {
      return 0;
    }
    Joiner j = c.joiners.get();
    return j == SEALED ? 0 : j.count;
  }

  /** Runs the leader's function and finishes the call, whatever the function does. */
  private void run(K key, Call<V> call, Callable<? extends V> fn) {
    V value = null;
    Throwable error = null;
    try {
      value = fn.call();
    } catch (Throwable e) {
      error = e;
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the leader's interrupt is not lost
      }
    }
    call.finish(this, key, value, error);
  }

  @Override
  public String toString() {
    return "SingleFlight[calls in flight=" + calls.size() + "]";
  }

  /** A duplicate in a call's list; {@link #count} counts it and those pushed before it. */
  private static final class Joiner {
    final Channel<?> ch; // its doChan channel, null for doCall
    Joiner next; // written before the CAS that publishes the node
    int count;

    Joiner(Channel<?> ch) {
      this.ch = ch;
    }
  }

  /** The empty list of a call nobody has joined yet. */
  private static final Joiner NONE = new Joiner(null);

  /** The list of a call that has finished: joins fail. */
  private static final Joiner SEALED = new Joiner(null);

  /** One execution of a function and the callers it serves. */
  private static final class Call<V> {
    /** Released when the outcome is published; duplicates of {@code doCall} wait on it. */
    final WaitGroup wg = new WaitGroup();

    /** The duplicates, {@link #NONE} at first, {@link #SEALED} once the function returned. */
    final AtomicReference<Joiner> joiners = new AtomicReference<>(NONE);

    /** The leader's doChan channel, or null for doCall. */
    final Channel<Result<V>> leaderChannel;

    // Written by finish() before wg.done(), which publishes them to the duplicates.
    Result<V> leaderResult;
    Result<V> sharedResult;

    Call(Channel<Result<V>> leaderChannel) {
      this.leaderChannel = leaderChannel;
      wg.add(1);
    }

    /** Joins as a duplicate; false if the call has finished (then start a new one). */
    boolean join(Channel<?> ch) {
      Joiner j = new Joiner(ch);
      for (; ; ) {
        Joiner h = joiners.get();
        if (h == SEALED) {
          return false;
        }
        j.next = h;
        j.count = h.count + 1;
        if (joiners.compareAndSet(h, j)) {
          return true;
        }
      }
    }

    /**
     * Publishes the outcome: seals the list of duplicates (its count is final), removes the call
     * from the map unless it was forgotten or replaced, hands the outcome to every channel and
     * releases the waiters.
     */
    @SuppressWarnings("unchecked")
    <K> void finish(SingleFlight<K, V> group, K key, V value, Throwable error) {
      Joiner j = joiners.getAndSet(SEALED);
      Result<V> shared = new Result<>(value, error, true);
      sharedResult = shared;
      leaderResult = j.count > 0 ? shared : new Result<>(value, error, false);
      group.calls.remove(key, this);
      for (; j != NONE; j = j.next) {
        if (j.ch != null) {
          ((Channel<Result<V>>) j.ch).trySend(shared); // capacity 1, sent once: never full
        }
      }
      if (leaderChannel != null) {
        leaderChannel.trySend(leaderResult);
      }
      wg.done();
    }
  }
}
