/**
 * jcstress tests of go4j's memory-model and linearizability guarantees, one package per go4j
 * package: {@code io.github.go4j.stress.chan} (channels and select), {@code
 * io.github.go4j.stress.time} (timer races), {@code .sync} and {@code .context}; {@code .core}
 * holds the happens-before tests of core's channels, {@code Go.go} and timers that {@code .chan}
 * and {@code .time} do not cover. Every "Memory consistency effects" claim of a public Javadoc has
 * a test ({@code *HappensBeforeTest} classes name the claim they check).
 *
 * <p>Each test class guards one claim; its nested {@code @JCStressTest} classes are the variants
 * (buffered, unbuffered, blocking, non-blocking, select), and each Javadoc names the hazard the
 * test would catch. Results use these codes unless a test says otherwise: a received element is its
 * own value (1, 2, ...), {@code 0} means "observed the close" (ok == false) or "the operation did
 * not happen", and {@code -1} means "not ready" (an empty {@code tryReceive}).
 *
 * <p>jcstress actors are platform threads. An actor may block on a channel only when another actor
 * of the same test surely unblocks it (a matching operation, or a close), so no test can hang.
 *
 * <p>Every test has at most two actors: jcstress runs an actor per CPU and silently skips tests
 * with more actors than the CPUs it was given ({@code -c 2} on the 2-core CI machine). Where a race
 * needs a third party, the {@code @State} constructor starts it as a goroutine, and the arbiter
 * joins it ({@code JcstressSuiteTest} checks the two-actor rule). Where a claim holds only once
 * that goroutine is blocked (a sender parked on a full buffer, a select registered on its
 * channels), the actors first wait for it with {@link
 * io.github.go4j.stress.Goroutine#awaitBlocked}, and the arbiter closes its channels so that it
 * ends: no goroutine outlives its state.
 *
 * <p>Weak-memory CPUs: several publication tests can only fail on a CPU that reorders loads with
 * older loads (AArch64, POWER), never on x86 (TSO) unless the JIT reorders. The engine's woken
 * goroutine reads its claim in its wait record ({@code Waiter.state}) and then the value or the
 * writes the claimer made before the claim; that read must be an acquire. A mutation run made
 * {@code state} a plain field (its CAS still through the VarHandle): the whole suite, jcstress in
 * full mode included, passed on x86. {@code io.github.go4j.internal.WaitRecordTest.ClaimPublishes},
 * {@code chan.ChannelPublicationTest.Unbuffered}/{@code Buffered} and the blocking variants of
 * {@code core.ChannelHappensBeforeTest} each name the reordering they forbid (the woken side's
 * later loads performed before its load of the claim) and are the tests that would catch it on such
 * a CPU; they have not been run on one yet. Run the suite on AArch64 when a machine is at hand.
 */
package io.github.go4j.stress;
