package io.github.go4j.bench;

import io.github.go4j.chan.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * A channel of one peer, as the workloads see it: a blocking send and a blocking receive. Every
 * peer is reached through this one interface, so each pays the same (monomorphic, inlined: a JMH
 * fork runs one peer) call.
 *
 * @param <T> the element type
 */
interface Pipe<T> {
  /** go4j's {@link Channel}. */
  String GO4J = "go4j";

  /** jox's {@code com.softwaremill.jox.Channel}. */
  String JOX = "jox";

  /** {@link SynchronousQueue} at capacity 0, {@link ArrayBlockingQueue} otherwise. */
  String JUC = "juc";

  /**
   * {@link LinkedTransferQueue}: {@code transfer} at capacity 0 (a rendezvous), an unbounded {@code
   * put} otherwise (so not a bounded channel: its producers never block).
   */
  String LTQ = "ltq";

  void send(T value) throws InterruptedException;

  T receive() throws InterruptedException;

  /**
   * A new, empty pipe of peer {@code impl} with buffer {@code capacity} (0: rendezvous).
   *
   * @param impl one of {@link #GO4J}, {@link #JOX}, {@link #JUC}, {@link #LTQ}
   * @param capacity the buffer size
   * @param <T> the element type
   * @return the pipe
   */
  static <T> Pipe<T> create(String impl, int capacity) {
    return switch (impl) {
      case GO4J -> new Go4j<>(capacity == 0 ? Channel.make() : Channel.make(capacity));
      case JOX ->
          new Jox<>(
              capacity == 0
                  ? com.softwaremill.jox.Channel.newRendezvousChannel()
                  : com.softwaremill.jox.Channel.newBufferedChannel(capacity));
      case JUC ->
          new Queue<>(
              capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity));
      case LTQ ->
          capacity == 0
              ? new Transfer<>(new LinkedTransferQueue<>())
              : new Queue<>(new LinkedTransferQueue<>());
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  /** go4j. */
  record Go4j<T>(Channel<T> ch) implements Pipe<T> {
    @Override
    public void send(T value) throws InterruptedException {
      ch.send(value);
    }

    @Override
    public T receive() throws InterruptedException {
      return ch.receive();
    }
  }

  /** jox. */
  record Jox<T>(com.softwaremill.jox.Channel<T> ch) implements Pipe<T> {
    @Override
    public void send(T value) throws InterruptedException {
      ch.send(value);
    }

    @Override
    public T receive() throws InterruptedException {
      return ch.receive();
    }
  }

  /** A {@link BlockingQueue}: {@code put} and {@code take}. */
  record Queue<T>(BlockingQueue<T> q) implements Pipe<T> {
    @Override
    public void send(T value) throws InterruptedException {
      q.put(value);
    }

    @Override
    public T receive() throws InterruptedException {
      return q.take();
    }
  }

  /** {@link LinkedTransferQueue#transfer}: the send waits for its receiver. */
  record Transfer<T>(LinkedTransferQueue<T> q) implements Pipe<T> {
    @Override
    public void send(T value) throws InterruptedException {
      q.transfer(value);
    }

    @Override
    public T receive() throws InterruptedException {
      return q.take();
    }
  }
}
