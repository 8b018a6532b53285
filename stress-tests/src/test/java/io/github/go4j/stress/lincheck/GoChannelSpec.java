package io.github.go4j.stress.lincheck;

import io.github.go4j.stress.lincheck.ChannelOps.Outcome;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * The sequential specification of a Go channel, written from Go's rules and independent of go4j's
 * implementation: a FIFO buffer of {@code capacity} values and a closed flag.
 *
 * <ul>
 *   <li>send: on a closed channel "send on closed channel"; else the value is appended if there is
 *       room;
 *   <li>receive: the oldest buffered value (also after close); else, once closed, "closed";
 *   <li>trySend / tryReceive: as send / receive, but "not ready" (false) instead of waiting;
 *   <li>close: marks the channel closed; a second close is "close of closed channel";
 *   <li>len: the number of buffered values.
 * </ul>
 *
 * <p><b>Blocking operations as partial operations.</b> A blocking send or receive takes effect only
 * at an instant when it can complete (room in the buffer, a buffered value, or the close).
 * Lincheck's linearizability verifier searches for an order of the operations, consistent with each
 * thread's program order and with real time, in which every operation returns what it returned in
 * the concurrent run. Where a blocking operation cannot complete, this specification answers {@link
 * #BLOCKED}, a result the implementation never returns: the verifier must then place that operation
 * later, when the state allows it. A send that blocked on a full buffer and was completed by a
 * receive is therefore ordered right after that receive, and a receive that was parked on an empty
 * channel right after the send (or close) that released it.
 *
 * <p><b>Unbuffered channels.</b> A rendezvous completes a send and a receive together. The
 * specification orders the pair as the send followed immediately by the receive: the send puts its
 * value into {@code handoff}, and until a receive takes it every other operation answers {@link
 * #BLOCKED}, so nothing can be ordered between the two. (That the receive must also have started
 * before the send returned, the other half of a rendezvous, is beyond a sequential specification:
 * {@link ChannelVerifier} checks it on the run's happens-before clocks.) A non-blocking receive may
 * take the value of a parked sender ({@code select} with {@code default} in Go): it takes {@code
 * handoff} the same way. A non-blocking send on an unbuffered channel succeeds only with a parked
 * receiver, which a sequential state cannot know about: this specification answers false, and the
 * scenarios use {@code trySend} on unbuffered channels only where no receiver can be parked (see
 * {@link ChannelScenarios}).
 */
public abstract class GoChannelSpec {
  /** The answer of an operation that cannot take effect in this state. */
  public static final String BLOCKED = "<cannot take effect here>";

  private final int capacity;
  private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
  private boolean closed;

  /** Unbuffered only: the value of a send whose rendezvous receive must come next. */
  private Integer handoff;

  GoChannelSpec(int capacity) {
    this.capacity = capacity;
  }

  /** {@code ch <- v}. */
  public Object send(int v) {
    if (handoff != null) {
      return BLOCKED;
    }
    if (closed) {
      return Outcome.SEND_ON_CLOSED;
    }
    if (capacity == 0) {
      handoff = v;
      return Outcome.SENT;
    }
    if (buffer.size() == capacity) {
      return BLOCKED;
    }
    buffer.add(v);
    return Outcome.SENT;
  }

  /** {@code <-ch}. */
  public Object receive() {
    Object r = receiveIfReady();
    return r == Outcome.NOT_READY ? BLOCKED : r;
  }

  /** Non-blocking send. */
  public Object trySend(int v) {
    if (handoff != null) {
      return BLOCKED;
    }
    if (closed) {
      return Outcome.SEND_ON_CLOSED;
    }
    if (buffer.size() < capacity) {
      buffer.add(v);
      return true;
    }
    return false;
  }

  /** Non-blocking receive. */
  public Object tryReceive() {
    return receiveIfReady();
  }

  private Object receiveIfReady() {
    if (handoff != null) {
      Integer v = handoff;
      handoff = null;
      return v;
    }
    if (!buffer.isEmpty()) {
      return buffer.poll();
    }
    return closed ? Outcome.CLOSED : Outcome.NOT_READY;
  }

  /** {@code close(ch)}. */
  public Object close() {
    if (handoff != null) {
      return BLOCKED;
    }
    if (closed) {
      return Outcome.CLOSE_OF_CLOSED;
    }
    closed = true;
    return Outcome.OK;
  }

  /** {@code len(ch)}. */
  public Object len() {
    return handoff != null ? BLOCKED : buffer.size();
  }

  // The verifier caches states of the specification and compares them with equals.

  @Override
  public boolean equals(Object o) {
    return o instanceof GoChannelSpec s
        && s.getClass() == getClass()
        && s.closed == closed
        && Objects.equals(s.handoff, handoff)
        && List.copyOf(s.buffer).equals(List.copyOf(buffer));
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), closed, handoff, List.copyOf(buffer));
  }

  /** {@code make(chan int)}. */
  public static final class Unbuffered extends GoChannelSpec {
    /** For Lincheck. */
    public Unbuffered() {
      super(0);
    }
  }

  /** {@code make(chan int, 1)}. */
  public static final class Buffered1 extends GoChannelSpec {
    /** For Lincheck. */
    public Buffered1() {
      super(1);
    }
  }

  /** {@code make(chan int, 2)}. */
  public static final class Buffered2 extends GoChannelSpec {
    /** For Lincheck. */
    public Buffered2() {
      super(2);
    }
  }
}
