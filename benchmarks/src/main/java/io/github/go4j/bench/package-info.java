/**
 * go4j's JMH suite: each workload of the benchmark report (docs/benchmarks), run for go4j and its
 * peers side by side (jox, java.util.concurrent, and Go through {@code benchmarks/go}).
 *
 * <p>Rules every benchmark here follows:
 *
 * <ul>
 *   <li>Every party is a virtual thread, the one that drives and times the batch too: the JMH
 *       {@code @Benchmark} method (a platform thread) hands the whole batch of {@code N} messages
 *       to a virtual thread ({@link io.github.go4j.bench.Driver}) and waits for it. The score is ns
 *       per message ({@code @OperationsPerInvocation(N)}). The exceptions are on purpose: {@link
 *       io.github.go4j.bench.PingPongPlatform}, {@link io.github.go4j.bench.SpscPlatform} and
 *       {@link io.github.go4j.bench.MpmcPlatform} run every party on a platform thread; {@link
 *       io.github.go4j.bench.OneCarrier} runs its fork with one carrier thread; {@link
 *       io.github.go4j.bench.HandOffFloor} measures the bare park/unpark hand-off under the
 *       unbuffered workloads (ns per hand-off) and {@link io.github.go4j.bench.BlockedMemory} the
 *       heap per blocked goroutine (bytes, a secondary metric).
 *   <li>A peer is selected by the {@code impl} parameter: {@code go4j}, {@code jox}, {@code juc}
 *       ({@link java.util.concurrent.SynchronousQueue} at capacity 0, {@link
 *       java.util.concurrent.ArrayBlockingQueue} otherwise), {@code ltq} ({@link
 *       java.util.concurrent.LinkedTransferQueue}: {@code transfer} at capacity 0, unbounded {@code
 *       put} otherwise) and, for ping-pong, {@code exchanger}. All reach the channel through the
 *       same {@link io.github.go4j.bench.Pipe} interface, so each pays the same indirection. The
 *       go4j-patterns shapes ({@link io.github.go4j.bench.PatternsPipeline}, {@link
 *       io.github.go4j.bench.PatternsMerge}) have peers of their own: {@code stream} (a parallel
 *       {@code IntStream}) and {@code executor} (the same stages on an ExecutorService with
 *       ArrayBlockingQueues); their score is ns per item of 10^6. The coordination types ({@link
 *       io.github.go4j.bench.CoordSingleFlight}, {@link io.github.go4j.bench.CoordRateLimiter},
 *       {@link io.github.go4j.bench.CoordTtlCache}, {@link io.github.go4j.bench.CoordErrGroup}) are
 *       compared with what a Java programmer would pick instead: ConcurrentHashMap with
 *       CompletableFutures, Guava's RateLimiter, Caffeine and a plain ConcurrentHashMap, an
 *       ExecutorService.
 *   <li>Every batch checks its own result (a checksum of the values received) and throws if it is
 *       wrong, so the smoke run of {@code mvn verify} fails on a broken benchmark, not only on a
 *       crashing one.
 *   <li>The values sent are cached {@link Integer}s, so the only allocation a message causes is the
 *       channel's own.
 * </ul>
 *
 * <p>The sync and context workloads ({@link io.github.go4j.bench.SyncBench}, {@link
 * io.github.go4j.bench.ContextBench}) follow the same rules, each with a Go twin in {@code
 * benchmarks/go/main.go}; the report picks up any new benchmark without change.
 */
package io.github.go4j.bench;
