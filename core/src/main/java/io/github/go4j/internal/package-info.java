/**
 * go4j's shared machinery: the channel engine ({@link io.github.go4j.internal.Chan}), select
 * ({@link io.github.go4j.internal.Selector}), waiters and parking ({@link
 * io.github.go4j.internal.Waiter}). Not exported by the module; not API.
 *
 * <p><b>Memory-access naming.</b> Fields read or written by more than one thread without a lock are
 * accessed through {@code static final} VarHandles in capitals ({@code STATE}, {@code COUNT}) or
 * are {@code volatile}; each such access says in a comment which ordering it relies on. Fields
 * guarded by a channel's lock are plain and say "guarded by lock".
 */
package io.github.go4j.internal;
