/**
 * Go's classic concurrency patterns, built on go4j-core's channels and go4j-context's contexts: the
 * pipeline literature and "Concurrency in Go" (Cox-Buday, ch. 4 and 5), and the patterns of {@code
 * golang.org/x/sync} and {@code golang.org/x/time/rate}.
 *
 * <ul>
 *   <li><b>Pipelines.</b> {@link io.github.go4j.patterns.Pipeline} (stages that each own and close
 *       their output channel, cancelled as one, their failures collected as an errgroup does) and
 *       its fluent form {@link io.github.go4j.patterns.Flow}; {@link
 *       io.github.go4j.patterns.Pipelines}, the plumbing as plain functions of a context
 *       (generators, {@code take}, {@code orDone}, fan-in {@code merge}, {@code tee}, {@code
 *       bridge}, the {@code or} channel); {@link io.github.go4j.patterns.Ops}, a send or receive
 *       racing a done channel, the step every pattern loop is made of.
 *   <li><b>Groups of goroutines.</b> {@link io.github.go4j.patterns.ErrGroup} ({@code errgroup}),
 *       {@link io.github.go4j.patterns.ParallelMap} (bounded parallel map), {@link
 *       io.github.go4j.patterns.WorkerPool}, {@link io.github.go4j.patterns.FirstOf} (replicated
 *       requests), {@link io.github.go4j.patterns.Broadcast} (one publisher, many subscribers).
 *   <li><b>Liveness.</b> {@link io.github.go4j.patterns.Heartbeat} and {@link
 *       io.github.go4j.patterns.Steward} (restarting a ward whose pulses stop).
 *   <li><b>Coordination.</b> {@link io.github.go4j.patterns.SingleFlight} ({@code singleflight}),
 *       {@link io.github.go4j.patterns.RateLimiter} ({@code rate.Limiter}), {@link
 *       io.github.go4j.patterns.Retry} (exponential backoff with jitter), {@link
 *       io.github.go4j.patterns.TtlCache} (a cache loaded once per key, with expiry).
 * </ul>
 *
 * <p>Every pattern takes a {@link io.github.go4j.context.Context} where Go's takes a {@code ctx} or
 * a {@code done} channel, and its goroutines stop when that context is done. The goroutines of a
 * {@code Pipeline} or an {@code ErrGroup} are awaited by their owner; those that {@code Pipelines}
 * starts on a plain context are detached, as in Go's literature, and stop when the context is done
 * or their input closes. A function that a pattern runs on another goroutine may throw checked
 * exceptions; what it threw reaches the caller unchanged as the cause of the pattern's exception
 * ({@link io.github.go4j.patterns.PipelineException}, {@link
 * io.github.go4j.patterns.ErrGroupException}, ...). The README's "Patterns" section shows them in
 * use.
 */
package io.github.go4j.patterns;
