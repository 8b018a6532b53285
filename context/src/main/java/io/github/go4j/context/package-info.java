/**
 * Go's {@code context} package: {@link io.github.go4j.context.Context} and its derivations ({@code
 * withCancel}, {@code withDeadline}, {@code withTimeout}, {@code withValue}, {@code
 * withCancelCause}, {@code withoutCancel}, {@code afterFunc}), with Go 1.21+ semantics.
 *
 * <p>A context's {@link io.github.go4j.context.Context#done() done()} is a go4j-core {@link
 * io.github.go4j.chan.ReceiveChannel ReceiveChannel&lt;Unit&gt;} that closes on cancellation, so it
 * can be one case of a {@link io.github.go4j.chan.Select#select select} beside any channel, and it
 * can be passed to every core API that takes a {@code done} channel.
 *
 * <p><b>Memory-access naming.</b> Fields read without a lock are {@code volatile} and say which
 * ordering they provide; fields guarded by a context's lock say "guarded by lock"; fields that only
 * the thread that won the cancellation touches say "winner only".
 */
package io.github.go4j.context;
