/**
 * Go's {@code sync} package and {@code golang.org/x/sync/semaphore}: {@link
 * io.github.go4j.sync.WaitGroup}, {@link io.github.go4j.sync.Once}, {@link
 * io.github.go4j.sync.Mutex}, {@link io.github.go4j.sync.RWMutex}, {@link
 * io.github.go4j.sync.Locker}, {@link io.github.go4j.sync.Cond}, {@link
 * io.github.go4j.sync.Semaphore}, and a reusable {@link io.github.go4j.sync.Barrier}.
 *
 * <p>Every type keeps Go's semantics and Go's panic messages (as unchecked exceptions). Where Java
 * forbids Go's name ({@code do}, {@code wait}), the Javadoc says which name replaces it.
 *
 * <p><b>Cancellation.</b> Go's blocking calls take a {@code context.Context}; go4j-core does not
 * depend on go4j-context, so the blocking methods that make sense to cancel take a {@code
 * ReceiveChannel<?> done} instead (pass {@code ctx.done()}). A done channel is ready when it is
 * closed, or when a value can be received from it (that value is consumed). Methods that block also
 * respond to {@linkplain Thread#interrupt() interruption} unless their Javadoc says they don't:
 * {@link io.github.go4j.sync.Mutex#lock()}, {@link io.github.go4j.sync.RWMutex#lock()}, {@link
 * io.github.go4j.sync.RWMutex#rLock()} and {@link io.github.go4j.sync.Once#run} cannot be
 * interrupted, as in Go.
 *
 * <p><b>Pinning.</b> Nothing here uses {@code synchronized}, {@code Object.wait} or {@code notify}:
 * blocked goroutines park with {@link java.util.concurrent.locks.LockSupport} and never pin their
 * carrier thread. They wait on the same per-thread, reused wait record as channel operations and
 * {@code select} ({@code io.github.go4j.internal.Waiter}), so a blocking call allocates nothing.
 *
 * <p><b>Memory-access naming</b> (as in {@code io.github.go4j.internal}): fields accessed by more
 * than one thread without a lock are {@code volatile} or go through {@code static final} VarHandles
 * in capitals ({@code STATE}); the helpers say the access mode ({@code casState}). Fields guarded
 * by a lock say "guarded by lock".
 */
package io.github.go4j.sync;
