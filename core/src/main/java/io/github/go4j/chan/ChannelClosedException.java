package io.github.go4j.chan;

/**
 * Go's panic {@code "send on closed channel"}: thrown by a send on a closed channel, by a send
 * blocked when the channel was closed, and by a select whose chosen case is a send on a closed
 * channel. The value was not sent.
 */
public final class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with Go's message, {@code "send on closed channel"}. */
  public ChannelClosedException() {
    super("send on closed channel");
  }
}
