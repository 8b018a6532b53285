package io.github.go4j.patterns;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.ReceiveChannel;
import io.github.go4j.chan.Select;
import io.github.go4j.chan.SelectCase;
import io.github.go4j.chan.Unit;
import io.github.go4j.context.Context;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One publisher, many subscribers: every published value goes to every current subscriber, each
 * through its own buffered channel. The Go idiom it ports is a publisher looping over its
 * subscribers' channels:
 *
 * <pre>{@code
 * for _, sub := range subs {          // a snapshot of the subscribers
 *     select {
 *     case sub.ch <- v:               // BLOCK: wait for room in its buffer
 *     case <-sub.gone:                // it unsubscribed meanwhile: skip it
 *     case <-ctx.Done():
 *         return false
 *     }
 * }
 * // DROP_NEWEST: select { case sub.ch <- v: default: sub.dropped++ }
 * }</pre>
 *
 * <p><b>Subscriptions.</b> {@link #subscribe()} returns a {@link Subscription} whose {@link
 * Subscription#channel() channel} is a receive-only channel with a buffer of {@link #buffer()}
 * values, usable in {@link Select#select select} like any other. A subscriber receives, in
 * publication order and each exactly once, the values published after its {@code subscribe()}
 * returned and before its unsubscription; under {@link SlowSubscriberPolicy#DROP_NEWEST
 * DROP_NEWEST} some of them may be dropped (and counted), never reordered. A value published
 * concurrently with {@code subscribe()} reaches the new subscriber entirely or not at all. {@link
 * Subscription#unsubscribe()} closes the subscription's channel; the values already in its buffer
 * stay receivable before the close is seen (Go's channel close), and a value being published at
 * that moment may or may not be among them.
 *
 * <p><b>Slow subscribers.</b> A subscriber whose buffer is full is handled by the {@link
 * SlowSubscriberPolicy} chosen at creation: {@link SlowSubscriberPolicy#BLOCK BLOCK} makes the
 * publisher wait until the value fits (back-pressure: the slowest subscriber sets the pace), {@link
 * SlowSubscriberPolicy#DROP_NEWEST DROP_NEWEST} drops the value for that subscriber only and counts
 * it in its {@link Subscription#dropped()}; the publisher never waits for a subscriber.
 *
 * <p><b>Publishers.</b> Concurrent {@code publish} calls are serialized: one runs at a time (the
 * others wait their turn, and an interrupt or a {@code ctx} ends that wait), so every subscriber
 * sees the values in the same order. Subscribing and unsubscribing never wait for a publisher: the
 * subscriber list is a copy-on-write array (a publish works on a snapshot), and each subscription
 * has its own "gone" channel that a publisher blocked on its full buffer waits on as well, so an
 * unsubscription releases it at once (subscribing and unsubscribing copy the array: O(number of
 * subscribers)). A subscription's channel is closed by whoever finishes last, the unsubscriber or a
 * publisher sending to it at that moment, so nothing is ever sent on a closed channel. Sending a
 * value to a subscriber with room in its buffer allocates nothing.
 *
 * <p><b>Close.</b> {@link #close()} ends the broadcast: it unsubscribes every subscriber (closing
 * their channels, which keep their buffered values), later {@link #subscribe()} calls return a
 * subscription whose channel is already closed, and later {@code publish} calls throw {@link
 * ChannelClosedException} ("send on closed channel"), as a send on a closed Go channel panics. A
 * publish already running when {@code close()} is called treats it as the unsubscription of every
 * subscriber it has not served yet, and returns normally; one still waiting for its turn behind
 * another publish throws when its turn comes, as a Go sender blocked on a channel that is closed
 * panics. {@code close()} is idempotent.
 *
 * <p><b>Blocking and interruption.</b> {@link #publish(Object)} blocks while another publish runs
 * and, under {@code BLOCK}, until every subscriber in its snapshot has taken the value into its
 * buffer (or handed to a waiting receiver) or has unsubscribed; under {@code DROP_NEWEST} it waits
 * for no subscriber. If it must wait and the thread is interrupted, it throws {@link
 * InterruptedException}; the value may then have reached some subscribers and not others. {@link
 * #publish(Context, Object)} also gives up, returning false, when the context is done. {@link
 * #subscribe()}, {@link Subscription#unsubscribe()} and {@link #close()} never block. The broadcast
 * starts no goroutine.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to publishing a value
 * happen-before actions subsequent to a subscriber's receive of that value (it travels on the
 * subscriber's channel). Actions prior to the call that ends a subscription (its first {@link
 * Subscription#unsubscribe()}, or {@link #close()} if that came first) happen-before a receive on
 * its channel that returns because the channel is closed.
 *
 * @param <T> the type of the published values
 */
public final class Broadcast<T> implements AutoCloseable {

  /** What a publisher does with a value that does not fit a subscriber's buffer. */
  public enum SlowSubscriberPolicy {
    /**
     * The publisher waits until the value fits, or the subscriber unsubscribes (or, for {@link
     * Broadcast#publish(Context, Object)}, the context is done): back-pressure, nothing is lost.
     */
    BLOCK,
    /**
     * The value is dropped for that subscriber only and counted in its {@link
     * Subscription#dropped()}; the values already buffered are kept (the newest is dropped). The
     * publisher never waits for a subscriber.
     */
    DROP_NEWEST
  }

  /** The subscriber array after {@link #close()}, recognized by identity. */
  private static final Subscription<?>[] CLOSED = new Subscription<?>[0];

  /** No subscriber (a different object from {@link #CLOSED}). */
  private static final Subscription<?>[] NONE = new Subscription<?>[0];

  /** How a blocking send to one subscriber ended. */
  private enum Outcome {
    SENT,
    GONE,
    CANCELED
  }

  private final int buffer;
  private final SlowSubscriberPolicy policy;

  /**
   * The current subscribers in subscription order, copy-on-write; {@link #CLOSED} once closed. Only
   * subscribe, unsubscribe and close change it.
   */
  private final AtomicReference<Subscription<?>[]> subscribers = new AtomicReference<>(NONE);

  /**
   * The publishers' turn: a publisher holds it while it publishes (a send fills the one slot, a
   * receive frees it). A channel rather than a lock, so that a publisher waiting for its turn can
   * also wait for a context.
   */
  private final Channel<Unit> turn = Channel.make(1);

  /**
   * A broadcast with no subscribers yet.
   *
   * @param buffer each subscription's channel capacity, 0 or more. 0 makes unbuffered channels:
   *     under {@code BLOCK} a publish then waits for every subscriber to receive the value; under
   *     {@code DROP_NEWEST} a subscriber gets a value only if it is blocked receiving at that
   *     moment
   * @param policy what to do with a value that does not fit a subscriber's buffer
   * @throws IllegalArgumentException if {@code buffer} is negative
   * @throws NullPointerException if {@code policy} is null
   */
  public Broadcast(int buffer, SlowSubscriberPolicy policy) {
    if (buffer < 0) {
      throw new IllegalArgumentException("buffer must be >= 0: " + buffer);
    }
    this.buffer = buffer;
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
  }

  /**
   * The capacity of each subscription's channel.
   *
   * @return the buffer size given at creation
   */
  public int buffer() {
    return buffer;
  }

  /**
   * The slow-subscriber policy.
   *
   * @return the policy given at creation
   */
  public SlowSubscriberPolicy policy() {
    return policy;
  }

  /**
   * The number of current subscribers: a snapshot, 0 once closed. Never blocks.
   *
   * @return the number of subscriptions not yet unsubscribed
   */
  public int subscribers() {
    return subscribers.get().length;
  }

  /**
   * Adds a subscriber: it receives every value published after this call returns, until it
   * unsubscribes or the broadcast is closed. After {@link #close()} the subscription's channel is
   * already closed. Never blocks.
   *
   * @return the new subscription
   */
  public Subscription<T> subscribe() {
    Subscription<T> s = new Subscription<>(this, Channel.make(buffer));
    for (; ; ) {
      Subscription<?>[] cur = subscribers.get();
      if (cur == CLOSED) {
        s.terminate();
        return s;
      }
      Subscription<?>[] next = Arrays.copyOf(cur, cur.length + 1);
      next[cur.length] = s;
      if (subscribers.compareAndSet(cur, next)) {
        return s;
      }
    }
  }

  /**
   * Publishes {@code value} to every current subscriber, waiting for its turn after a publish
   * already running. Under {@code BLOCK} it returns once every subscriber of its snapshot has the
   * value in its buffer (or has received it) or has unsubscribed; under {@code DROP_NEWEST} a value
   * that does not fit is dropped and counted for that subscriber. With no subscriber the value goes
   * nowhere.
   *
   * @param value the value; not null
   * @throws NullPointerException if {@code value} is null
   * @throws ChannelClosedException ("send on closed channel") if the broadcast is closed when the
   *     call starts or when its turn comes
   * @throws InterruptedException if interrupted while waiting for its turn or for a subscriber; the
   *     value may have reached some subscribers
   */
  public void publish(T value) throws InterruptedException {
    Objects.requireNonNull(value, "value must not be null");
    throwIfClosed(subscribers.get());
    if (!turn.trySend(Unit.VALUE)) {
      turn.send(Unit.VALUE);
    }
    try {
      deliver(value, null);
    } finally {
      endTurn();
    }
  }

  /**
   * Like {@link #publish(Object)}, but gives up when {@code ctx} is done: Go's select on {@code
   * ctx.Done()} next to each send. If {@code ctx} is already done, publishes nothing and returns
   * false. If it is done while this waits for its turn, nothing was published; if it is done while
   * this waits for a slow subscriber ({@code BLOCK}), the value has reached every subscriber that
   * had room for it and, of those that had none, the ones served before that one.
   *
   * @param ctx the context whose {@code done()} ends the wait
   * @param value the value; not null
   * @return true if published (as {@link #publish(Object)}), false if {@code ctx} was done first
   * @throws NullPointerException if {@code ctx} or {@code value} is null
   * @throws ChannelClosedException ("send on closed channel") if the broadcast is closed
   * @throws InterruptedException if interrupted while waiting; the value may have reached some
   *     subscribers
   */
  public boolean publish(Context ctx, T value) throws InterruptedException {
    Objects.requireNonNull(ctx, "context ctx must not be null");
    Objects.requireNonNull(value, "value must not be null");
    throwIfClosed(subscribers.get());
    if (ctx.err() != null) {
      return false;
    }
    if (!Ops.send(turn, Unit.VALUE, ctx.done())) {
      return false;
    }
    try {
      return deliver(value, ctx);
    } finally {
      endTurn();
    }
  }

  /**
   * Closes the broadcast: unsubscribes every subscriber, closing its channel (buffered values stay
   * receivable). Later publishes throw {@link ChannelClosedException}; later subscriptions get a
   * closed channel. A publish blocked on a subscriber is released. Idempotent; never blocks.
   */
  @Override
  public void close() {
    Subscription<?>[] subs = subscribers.getAndSet(CLOSED);
    for (Subscription<?> s : subs) {
      s.terminate();
    }
  }

  private static void throwIfClosed(Subscription<?>[] subs) {
    if (subs == CLOSED) {
      throw new ChannelClosedException();
    }
  }

  /** Frees the publishers' turn; the slot is full, so the receive never blocks. */
  private void endTurn() {
    try {
      turn.receive();
    } catch (InterruptedException e) {
      throw new AssertionError("a receive from a full channel blocked", e);
    }
  }

  /**
   * Sends {@code value} to the subscribers of the current snapshot; the caller holds the turn. A
   * first pass tries every subscriber without blocking, so that a slow subscriber does not delay
   * the value for the others; under {@code BLOCK} a second pass waits for those that had no room.
   *
   * @return false if {@code ctx} (null for none) was done while waiting
   */
  @SuppressWarnings("unchecked")
  private boolean deliver(T value, Context ctx) throws InterruptedException {
    Subscription<?>[] subs = subscribers.get();
    throwIfClosed(subs);
    boolean block = policy == SlowSubscriberPolicy.BLOCK;
    int full = 0;
    for (Subscription<?> sub : subs) {
      Subscription<T> s = (Subscription<T>) sub;
      s.pending = false;
      if (s.beginSend()) {
        try {
          if (!s.ch.trySend(value)) {
            if (block) {
              s.pending = true;
              full++;
            } else {
              s.dropped++; // the turn makes this thread the only writer
            }
          }
        } finally {
          s.endSend();
        }
      }
    }
    if (full == 0) {
      return true;
    }
    SelectCase<Outcome> canceled = null;
    for (Subscription<?> sub : subs) {
      Subscription<T> s = (Subscription<T>) sub;
      if (!s.pending) {
        continue;
      }
      s.pending = false;
      if (!s.beginSend()) {
        continue; // unsubscribed since the first pass
      }
      try {
        if (ctx == null) {
          Ops.send(s.ch, value, s.gone); // false: unsubscribed while it waited
        } else if (!s.ch.trySend(value)) {
          if (canceled == null) {
            canceled = ctx.done().onReceive(x -> Outcome.CANCELED);
          }
          Outcome o = Select.select(s.ch.onSend(value, () -> Outcome.SENT), s.goneCase, canceled);
          if (o == Outcome.CANCELED) {
            return false; // stale pending flags are reset by the next first pass
          }
        }
      } finally {
        s.endSend();
      }
    }
    return true;
  }

  /** Removes {@code s} from the subscriber array, if it is there and the broadcast is open. */
  private void remove(Subscription<?> s) {
    for (; ; ) {
      Subscription<?>[] cur = subscribers.get();
      if (cur == CLOSED) {
        return;
      }
      int i = 0;
      while (i < cur.length && cur[i] != s) {
        i++;
      }
      if (i == cur.length) {
        return;
      }
      Subscription<?>[] next;
      if (cur.length == 1) {
        next = NONE;
      } else {
        next = new Subscription<?>[cur.length - 1];
        System.arraycopy(cur, 0, next, 0, i);
        System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
      }
      if (subscribers.compareAndSet(cur, next)) {
        return;
      }
    }
  }

  /**
   * One subscriber of a {@link Broadcast}: Go's {@code ch := make(chan T, n)} registered with the
   * publisher, plus the means to leave.
   *
   * <pre>{@code
   * try (Broadcast.Subscription<Event> sub = events.subscribe()) {
   *   for (Event e : sub.channel()) { ... }   // for e := range sub.ch
   * }                                          // unsubscribes
   * }</pre>
   *
   * <p><b>Blocking and interruption:</b> no method here blocks; receiving from {@link #channel()}
   * blocks and is interruptible as on any channel.
   *
   * <p><b>Memory consistency effects:</b> actions in a thread prior to publishing a value
   * happen-before actions subsequent to the receive of that value from {@link #channel()}; actions
   * prior to the first {@link #unsubscribe()} (or to {@link Broadcast#close()}, if that came first)
   * happen-before a receive from {@link #channel()} that returns because the channel is closed.
   *
   * @param <T> the type of the published values
   */
  public static final class Subscription<T> implements AutoCloseable {
    /** State bit: a publisher is sending to {@link #ch} (at most one: publishers take turns). */
    private static final int SENDING = 1;

    /** State bit: unsubscribed; never cleared. */
    private static final int GONE = 2;

    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Subscription.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Broadcast<T> owner;
    private final Channel<T> ch;
    private final ReceiveChannel<T> view;

    /** Closed on unsubscription: a publisher waiting for room in {@link #ch} waits on it too. */
    private final Channel<Unit> gone = Channel.make();

    /** The select case on {@link #gone}, made once. */
    private final SelectCase<Outcome> goneCase = gone.onReceive(x -> Outcome.GONE);

    /** {@link #SENDING} and {@link #GONE} bits; changed by CAS. */
    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    /** Values dropped for this subscriber; written only by the publisher holding the turn. */
    private volatile long dropped;

    /** Had no room in the first pass of the current publish; the publisher's own scratch field. */
    private boolean pending;

    private Subscription(Broadcast<T> owner, Channel<T> ch) {
      this.owner = owner;
      this.ch = ch;
      this.view = ch.receiveOnly();
    }

    /**
     * The channel on which this subscriber receives the published values: receive-only, with a
     * buffer of {@link Broadcast#buffer()} values. It is closed by {@link #unsubscribe()} and
     * {@link Broadcast#close()}; values buffered before remain receivable. Every call returns the
     * same channel.
     *
     * @return the subscription's channel
     */
    public ReceiveChannel<T> channel() {
      return view;
    }

    /**
     * The number of values dropped for this subscriber because its buffer was full ({@link
     * SlowSubscriberPolicy#DROP_NEWEST DROP_NEWEST} only; always 0 under {@code BLOCK}). A
     * snapshot: it counts at least the drops of every publish that happens-before this call (for
     * example, a publish made earlier by the calling thread).
     *
     * @return the values published while subscribed that this subscriber did not get
     */
    public long dropped() {
      return dropped;
    }

    /**
     * Leaves the broadcast: no later value is sent to this subscriber, a publisher waiting for room
     * in its buffer is released, and its channel is closed (at once, or, if a publisher is handing
     * it a value at this moment, as soon as that hand-off ends). Values already buffered remain
     * receivable. Idempotent; never blocks.
     */
    public void unsubscribe() {
      if (terminate()) {
        owner.remove(this);
      }
    }

    /** The same as {@link #unsubscribe()}, so that try-with-resources unsubscribes. */
    @Override
    public void close() {
      unsubscribe();
    }

    /**
     * Marks this subscription gone, releases a waiting publisher and closes the channel unless a
     * publisher is sending to it (that publisher closes it in {@link #endSend()}).
     *
     * @return false if it was already gone
     */
    boolean terminate() {
      int s;
      do {
        s = state;
        if ((s & GONE) != 0) {
          return false;
        }
      } while (!STATE.compareAndSet(this, s, s | GONE));
      gone.close();
      if (s == 0) {
        ch.close();
      }
      return true;
    }

    /** Claims the channel for one send; false if unsubscribed. */
    boolean beginSend() {
      return STATE.compareAndSet(this, 0, SENDING);
    }

    /** Ends a send; closes the channel if the subscription went away meanwhile. */
    void endSend() {
      if (!STATE.compareAndSet(this, SENDING, 0)) {
        ch.close(); // state is SENDING | GONE: the unsubscriber left the close to us
      }
    }
  }
}
