package io.github.go4j.stress.lincheck;

import io.github.go4j.stress.lincheck.ChannelOps.Outcome;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.kotlinx.lincheck.util.ValueResult;
import org.jetbrains.lincheck.datastructures.verifier.LinearizabilityVerifier;
import org.jetbrains.lincheck.datastructures.verifier.Verifier;

/**
 * Lincheck's {@link LinearizabilityVerifier} against {@link GoChannelSpec}, plus, for unbuffered
 * channels, the half of a rendezvous that a sequential specification cannot express: a completed
 * send and the receive that got its value overlapped in time (each started before the other
 * returned), and a completed send's value was received at all. The check reads the happens-before
 * clocks that Lincheck records for every operation (how many operations of each thread had
 * completed when it started). Values sent within a scenario are distinct ({@link
 * ChannelScenarios}), so a value identifies its send.
 *
 * <p>Without it the specification would accept, for instance, an unbuffered send that returns
 * before any receiver arrived and whose value a later receive then takes, which is a buffer of one,
 * not a rendezvous.
 */
public final class ChannelVerifier implements Verifier {
  private final Verifier linearizability;
  private final boolean unbuffered;

  /**
   * Called by Lincheck with the sequential specification.
   *
   * @param sequentialSpecification a {@link GoChannelSpec} subclass
   */
  public ChannelVerifier(Class<?> sequentialSpecification) {
    linearizability = new LinearizabilityVerifier(sequentialSpecification);
    unbuffered = sequentialSpecification == GoChannelSpec.Unbuffered.class;
  }

  @Override
  public boolean verifyResults(ExecutionScenario scenario, ExecutionResult result) {
    return linearizability.verifyResults(scenario, result)
        && (!unbuffered || rendezvousOverlap(scenario, result));
  }

  private static boolean rendezvousOverlap(ExecutionScenario scenario, ExecutionResult result) {
    // Threads with the init and post parts folded into thread 0, as Lincheck's own verifier sees
    // them; clockOnStart[t] = how many operations of thread t had completed at this one's start.
    List<List<Actor>> threads = scenario.getThreads();
    List<List<ResultWithClock>> results = result.getThreadsResultsWithClock();
    for (int t = 0; t < threads.size(); t++) {
      for (int i = 0; i < threads.get(t).size(); i++) {
        Actor send = threads.get(t).get(i);
        if (!isSend(send) || !Outcome.SENT.equals(value(results.get(t).get(i).getResult()))) {
          continue;
        }
        Object v = send.getArguments().get(0);
        boolean received = false;
        for (int u = 0; u < threads.size() && !received; u++) {
          for (int j = 0; j < threads.get(u).size(); j++) {
            if (u == t && j == i || !isReceive(threads.get(u).get(j))) {
              continue;
            }
            ResultWithClock r = results.get(u).get(j);
            if (!v.equals(value(r.getResult()))) {
              continue;
            }
            ResultWithClock s = results.get(t).get(i);
            boolean receiveStartedBeforeSendReturned = r.getClockOnStart().get(t) <= i;
            boolean sendStartedBeforeReceiveReturned = s.getClockOnStart().get(u) <= j;
            if (!receiveStartedBeforeSendReturned || !sendStartedBeforeReceiveReturned) {
              return false;
            }
            received = true;
            break;
          }
        }
        if (!received) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isSend(Actor a) {
    return a.getMethod().getName().equals("send");
  }

  private static boolean isReceive(Actor a) {
    String name = a.getMethod().getName();
    return name.equals("receive") || name.equals("tryReceive");
  }

  private static Object value(LincheckResult r) {
    return r instanceof ValueResult v ? v.getValue() : null;
  }
}
