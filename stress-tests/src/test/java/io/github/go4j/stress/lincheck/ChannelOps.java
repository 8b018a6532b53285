package io.github.go4j.stress.lincheck;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.ChannelClosedException;
import io.github.go4j.chan.Received;
import io.github.go4j.internal.Chan;
import java.util.Optional;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * The object under test: one go4j channel, and its operations as Lincheck sees them. Each operation
 * returns what the caller observed as a plain value ({@link Outcome}), so that an expected outcome
 * such as "send on closed channel" is a result to check, not a failure; any other exception escapes
 * and fails the check.
 *
 * <p>Lincheck creates the object with its no-argument constructor, hence one subclass per capacity.
 */
public abstract class ChannelOps {
  private final Channel<Integer> ch;

  ChannelOps(int capacity) {
    this(Channel.make(capacity));
  }

  ChannelOps(Channel<Integer> ch) {
    this.ch = ch;
  }

  /** {@code ch <- v}: {@link Outcome#SENT}, or {@link Outcome#SEND_ON_CLOSED}. Blocks. */
  @Operation(blocking = true)
  public Object send(int v) {
    try {
      ch.send(v);
      return Outcome.SENT;
    } catch (ChannelClosedException e) {
      return Outcome.SEND_ON_CLOSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** {@code <-ch}: the value, or {@link Outcome#CLOSED} once closed and drained. Blocks. */
  @Operation(blocking = true)
  public Object receive() {
    try {
      Integer v = ch.receive();
      return v == null ? Outcome.CLOSED : v;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Non-blocking send: true, false (not ready), or {@link Outcome#SEND_ON_CLOSED}. */
  @Operation
  public Object trySend(int v) {
    try {
      return ch.trySend(v);
    } catch (ChannelClosedException e) {
      return Outcome.SEND_ON_CLOSED;
    }
  }

  /**
   * Non-blocking receive: the value, {@link Outcome#NOT_READY}, or {@link Outcome#CLOSED} for
   * {@code (null, false)}. A malformed result (a value with ok false, or null with ok true) is
   * returned as is and matches nothing in the specification.
   */
  @Operation
  public Object tryReceive() {
    Optional<Received<Integer>> r = ch.tryReceive();
    if (r.isEmpty()) {
      return Outcome.NOT_READY;
    }
    Received<Integer> received = r.get();
    if (received.ok() && received.value() != null) {
      return received.value();
    }
    if (!received.ok() && received.value() == null) {
      return Outcome.CLOSED;
    }
    return received;
  }

  /** {@code close(ch)}: {@link Outcome#OK}, or {@link Outcome#CLOSE_OF_CLOSED}. */
  @Operation
  public Object close() {
    try {
      ch.close();
      return Outcome.OK;
    } catch (IllegalStateException e) {
      if (!"close of closed channel".equals(e.getMessage())) {
        throw e;
      }
      return Outcome.CLOSE_OF_CLOSED;
    }
  }

  /** {@code len(ch)}. */
  @Operation
  public Object len() {
    return ch.len();
  }

  /** {@code make(chan int)}. */
  public static final class Unbuffered extends ChannelOps {
    /** For Lincheck. */
    public Unbuffered() {
      super(0);
    }
  }

  /** {@code make(chan int, 1)}. */
  public static final class Buffered1 extends ChannelOps {
    /** For Lincheck. */
    public Buffered1() {
      super(1);
    }
  }

  /** {@code make(chan int, 2)}. */
  public static final class Buffered2 extends ChannelOps {
    /** For Lincheck. */
    public Buffered2() {
      super(2);
    }
  }

  /**
   * {@code make(chan int, 1)} as the engine's lock-free ring (with its waiting bits), which {@code
   * Channel.make} uses from four slots up only.
   */
  public static final class Ring1 extends ChannelOps {
    /** For Lincheck. */
    public Ring1() {
      super(Chan.<Integer>ringForTest(1));
    }
  }

  /** {@code make(chan int, 2)} as the engine's lock-free ring (see {@link Ring1}). */
  public static final class Ring2 extends ChannelOps {
    /** For Lincheck. */
    public Ring2() {
      super(Chan.<Integer>ringForTest(2));
    }
  }

  /** The outcomes other than values, booleans and lengths. */
  public static final class Outcome {
    /** A send completed. */
    public static final String SENT = "sent";

    /** A send failed: Go's panic "send on closed channel" ({@link ChannelClosedException}). */
    public static final String SEND_ON_CLOSED = "send on closed channel";

    /** A receive saw the channel closed and drained: {@code (null, false)}. */
    public static final String CLOSED = "closed";

    /** A non-blocking receive was not ready (Go's {@code default} branch). */
    public static final String NOT_READY = "not ready";

    /** A close succeeded. */
    public static final String OK = "ok";

    /** A second close: Go's panic "close of closed channel". */
    public static final String CLOSE_OF_CLOSED = "close of closed channel";

    private Outcome() {}
  }
}
