/**
 * go4j's shared machinery, not exported by the module and not API: the channel engine ({@link
 * io.github.go4j.internal.Chan} with {@link io.github.go4j.internal.UnbufferedChan} and {@link
 * io.github.go4j.internal.BufferedChan}, whose wait queues are a {@link
 * io.github.go4j.internal.DualQueue}), select ({@link io.github.go4j.internal.Selector}), and the
 * one parking layer that channels, select and the sync primitives share: the per-thread wait record
 * {@link io.github.go4j.internal.Waiter} with its stamped claims, {@link
 * io.github.go4j.internal.Node}, {@link io.github.go4j.internal.WaitQueue}, {@link
 * io.github.go4j.internal.SyncWait} and the primitives' lock {@link
 * io.github.go4j.internal.PrimitiveLock}. The design and its invariants:
 * docs/adr/0004-engine-v2.md.
 *
 * <p><b>Memory-access naming.</b> Fields read or written by more than one thread without a lock are
 * accessed through {@code static final} VarHandles in capitals ({@code STATE}, {@code SEND_POS}) or
 * are {@code volatile}; each such access says in a comment which ordering it relies on. Fields
 * guarded by a channel's lock are plain and say "guarded by the lock".
 */
package io.github.go4j.internal;
