package io.github.go4j.stress.lincheck;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Linearizability of go4j's channel operations ({@code send}, {@code receive}, {@code trySend},
 * {@code tryReceive}, {@code close}, {@code len}) on channels of capacity 0, 1 and 2, checked with
 * Lincheck's model checker against {@link GoChannelSpec}, a sequential model of a Go channel (a
 * FIFO buffer and a closed flag) that shares no code with the implementation.
 *
 * <p><b>How.</b> Lincheck's model-checking mode runs each scenario ({@link ChannelScenarios}: an
 * init part, two or three threads of one to {@code go4j.lincheck.maxOps} operations, a post part)
 * under many thread interleavings, switching threads at shared-memory accesses, lock and park
 * operations, and checks every outcome with {@link ChannelVerifier}: Lincheck's linearizability
 * verifier (is there an order of the operations, consistent with program order and real time, in
 * which the specification returns what each operation returned?) plus, for unbuffered channels,
 * that each rendezvous' send and receive overlapped in time. Scenarios come from a fixed seed and
 * Lincheck's exploration is itself seeded, so a run is reproducible; nothing depends on timing.
 * Capacities 1 and 2 run twice: as {@code Channel.make} gives them (Go's locked ring, the engine's
 * SmallChan) and as the engine's lock-free ring with its waiting bits ("ring 1", "ring 2"; {@code
 * Channel.make} uses the ring from four slots up, where a full buffer is out of reach of these
 * small scenarios). Three kinds of scenarios, each for every capacity: blocking (sends, receives
 * and non-blocking operations racing a close), balanced (sends and receives that can only meet each
 * other, no close) and non-blocking (trySend, tryReceive, len, close). {@code mvn verify} checks
 * {@code go4j.lincheck.scenarios} scenarios of each kind per capacity with up to {@code
 * go4j.lincheck.invocations} interleavings each; {@code -Plincheck-long} more, and larger ones (see
 * stress-tests/pom.xml).
 *
 * <p><b>Blocking operations.</b> Lincheck 3.7's model checker does execute Java code that parks: it
 * intercepts {@code LockSupport.park}/{@code unpark} (go4j's waiters and its channel lock both park
 * that way), deschedules a parked thread until it is unparked, also tries spurious wake-ups, and
 * reports a hang ("the execution has hung") when every thread is parked. Its linearizability
 * verifier, however, knows blocking (partial) operations only as Kotlin {@code suspend} functions
 * (a request and a follow-up); for a Java method that parks there is no such support (JetBrains
 * lincheck issue #167). Hence:
 *
 * <ul>
 *   <li>The specification treats a blocking send or receive as taking effect at one instant at
 *       which it can complete, and answers "cannot take effect here" elsewhere, which makes the
 *       verifier order it later (see {@link GoChannelSpec}). For unbuffered channels a rendezvous
 *       is a send immediately followed by its receive; that the two also overlapped in real time,
 *       and that a completed send's value was received, is checked by {@link ChannelVerifier}.
 *   <li>Lincheck cannot generate scenarios in which every blocking operation is sure to return, so
 *       {@link ChannelScenarios} builds them: either with a thread whose close cannot be held up
 *       (after which nothing blocks) or with sends and receives that balance; the init part only
 *       sends what fits in the buffer. Blocking operations are thus checked only in scenarios where
 *       they are bound to complete; one left parked (a lost wake-up) fails the check as Lincheck's
 *       "the execution has hung".
 * </ul>
 *
 * <p><b>Limits.</b>
 *
 * <ul>
 *   <li>Unbuffered {@code trySend}: it succeeds only if a receiver is parked, which no sequential
 *       state records, so it appears only where no receiver can be parked (non-blocking scenarios;
 *       after the close). An unbuffered {@code trySend} handing its value to a parked receiver is
 *       not checked here. Likewise an unbuffered {@code tryReceive} that wrongly reports "not
 *       ready" while a sender is parked is accepted (as if that send had not yet begun); core's
 *       PollReadOrderHookTest pins that case against a racing close (a poll's read order).
 *   <li>Bounded: small scenarios and a bounded number of interleavings per scenario, chosen by
 *       Lincheck's model checker (fewest context switches first); a failure is a real bug, a pass
 *       is evidence, not proof.
 *   <li>Sequential consistency: the model checker interleaves threads but does not reorder memory
 *       accesses, so it finds no weak-memory bugs (the jcstress tests in src/main cover the
 *       memory-model claims).
 *   <li>Operations run on Lincheck's platform threads: the virtual-thread paths (a virtual waiter
 *       parks at once, without spinning) are not exercised, and Lincheck cannot schedule virtual
 *       threads. Interrupts, select, receiveOk, nil and timer channels are not covered.
 * </ul>
 *
 * <p><b>What it catches</b> (each checked with a deliberately broken channel, not committed, at the
 * {@code mvn verify} size; each failed within seconds with the counterexample quoted):
 *
 * <ul>
 *   <li>A {@code tryReceive} whose lock-free "not ready" fast path reads "not closed" before
 *       "empty" (the bug of Go's TestNonblockRecvRace). Capacity 1, non-blocking scenarios: the
 *       buffer held 1; {@code close()} in one thread, {@code tryReceive(): 1} in another, and a
 *       third {@code tryReceive()} reported "not ready", although the channel was never open and
 *       empty.
 *   <li>An unbuffered {@code send} that returns at once and completes in the background. Blocking
 *       scenarios: {@code send(2): sent} although nobody ever received 2. Balanced scenarios, and a
 *       scenario {@code [send(1), receive()] || [len()]} that the specification alone accepts: the
 *       rendezvous check of {@link ChannelVerifier} (the receive began after the send had
 *       returned).
 *   <li>A {@code len} computed from two counters (values sent, values received), read one after the
 *       other. Capacity 2, blocking scenarios: {@code len(): 0} while the buffer held one or two
 *       values throughout.
 * </ul>
 */
@Tag("lincheck")
class ChannelLincheckTest {
  // Defaults as in stress-tests/pom.xml, for runs outside Maven.
  private static final int SCENARIOS = Integer.getInteger("go4j.lincheck.scenarios", 20);
  private static final int INVOCATIONS = Integer.getInteger("go4j.lincheck.invocations", 300);
  private static final int MAX_OPS = Integer.getInteger("go4j.lincheck.maxOps", 2);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0", "1", "2", "ring 1", "ring 2"})
  void blockingOperationsAreLinearizable(String kind) {
    int capacity = capacity(kind);
    check(
        kind,
        ChannelScenarios.withBlocking(ops(kind), capacity, SCENARIOS, MAX_OPS, 100 + capacity));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0", "1", "2", "ring 1", "ring 2"})
  void balancedSendsAndReceivesAreLinearizable(String kind) {
    int capacity = capacity(kind);
    check(kind, ChannelScenarios.balanced(ops(kind), capacity, SCENARIOS, MAX_OPS, 300 + capacity));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0", "1", "2", "ring 1", "ring 2"})
  void nonBlockingOperationsAreLinearizable(String kind) {
    int capacity = capacity(kind);
    check(
        kind,
        ChannelScenarios.nonBlocking(ops(kind), capacity, SCENARIOS, MAX_OPS, 200 + capacity));
  }

  /** "0", "1", "2": Channel.make(n); "ring n": the lock-free ring at capacity n. */
  private static int capacity(String kind) {
    return Integer.parseInt(kind.substring(kind.length() - 1));
  }

  private static void check(String kind, List<ExecutionScenario> scenarios) {
    int capacity = capacity(kind);
    ModelCheckingOptions options =
        new ModelCheckingOptions()
            .iterations(0) // no scenarios of Lincheck's own generator: only those below
            .invocationsPerIteration(INVOCATIONS)
            .sequentialSpecification(spec(capacity))
            .verifier(ChannelVerifier.class)
            // Minimizing drops operations one by one and could drop the close that lets the
            // blocking operations return; the scenarios are small anyway.
            .minimizeFailedScenario(false);
    for (ExecutionScenario s : scenarios) {
      options.addCustomScenario(s);
    }
    options.check(ops(kind)); // throws LincheckAssertionError with the counterexample
  }

  private static Class<? extends ChannelOps> ops(String kind) {
    return switch (kind) {
      case "0" -> ChannelOps.Unbuffered.class;
      case "1" -> ChannelOps.Buffered1.class;
      case "2" -> ChannelOps.Buffered2.class;
      case "ring 1" -> ChannelOps.Ring1.class;
      case "ring 2" -> ChannelOps.Ring2.class;
      default -> throw new IllegalArgumentException("kind " + kind);
    };
  }

  private static Class<? extends GoChannelSpec> spec(int capacity) {
    return switch (capacity) {
      case 0 -> GoChannelSpec.Unbuffered.class;
      case 1 -> GoChannelSpec.Buffered1.class;
      case 2 -> GoChannelSpec.Buffered2.class;
      default -> throw new IllegalArgumentException("capacity " + capacity);
    };
  }
}
