package io.github.go4j.chan;

/**
 * One case of a {@link Select#select select} statement: {@code case v := <-ch:}, {@code case v, ok
 * := <-ch:}, {@code case ch <- v:} or {@code default:}.
 *
 * <p>Obtain cases from {@link ReceiveChannel#onReceive}, {@link ReceiveChannel#onReceiveOk}, {@link
 * SendChannel#onSend} and {@link Select#onDefault}; the type is opaque and cannot be implemented
 * outside go4j ({@code select} refuses any other implementation with an {@link
 * IllegalArgumentException} naming its class). A case object describes an operation and holds no
 * registration: it may be built once and passed to many selects, and it may be used in several
 * selects at once.
 *
 * @param <R> the type of the value the case's body returns to {@code select}
 */
public interface SelectCase<R> {}
