import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The channel-homes probe (see homes.sh): makes a few sets of one workload's channels, each set
 * {@code gap} bytes of heap away from the last, and runs the workload on the sets in turn, round
 * after round, in one JVM. Prints each set's median and quartiles of ns per message and, over the
 * sets, the fastest, median and slowest set median. Sets that differ by more than their quartiles
 * do so because of where their channels lie in memory: they run in the same rounds, on the same
 * carriers, with the same code (ADR 0004, "Where a channel lies").
 *
 * <p>Arguments: workload (a method of Workloads: paired.sh's, or {@code sq}, the control: spsc on a
 * java.util.concurrent.SynchronousQueue, whose hand-offs allocate a node each), capacity, sets,
 * rounds, messages per round, gap in bytes, classesDir:coreJar of the build.
 */
public final class Homes {
  private Homes() {}

  public static void main(String[] args) throws Exception {
    String workload = args[0];
    int capacity = Integer.parseInt(args[1]);
    int sets = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    int n = Integer.parseInt(args[4]);
    int gap = Integer.parseInt(args[5]);
    String[] paths = args[6].split(":");
    URL[] urls = new URL[paths.length];
    for (int i = 0; i < paths.length; i++) {
      urls[i] = Path.of(paths[i]).toUri().toURL();
    }
    Class<?> workloads =
        new URLClassLoader(urls, ClassLoader.getPlatformClassLoader()).loadClass("Workloads");
    Method make = workloads.getMethod("channels", String.class, int.class);
    Method run = workloads.getMethod(workload, Object[].class, int.class);
    List<Object> made = new ArrayList<>(); // the sets, and the gaps that keep them apart
    for (int s = 0; s < sets; s++) {
      made.add(make.invoke(null, workload, capacity));
      made.add(new byte[gap]);
    }
    double[][] ns = new double[sets][rounds];
    for (int r = -2; r < rounds; r++) { // two rounds of warm-up
      for (int s = 0; s < sets; s++) {
        Object[] set = (Object[]) made.get(2 * s);
        double t = (double) run.invoke(null, set, n);
        if (r >= 0) {
          ns[s][r] = t;
        }
      }
    }
    System.out.printf(
        "%s capacity %d: %d sets %d bytes apart, %d rounds of %d messages, ns per message%n",
        workload, capacity, sets, gap, rounds, n);
    double[] medians = new double[sets];
    for (int s = 0; s < sets; s++) {
      double[] sorted = ns[s].clone();
      Arrays.sort(sorted);
      medians[s] = sorted[rounds / 2];
      System.out.printf("  set %d  median %7.1f  p25 %7.1f  p75 %7.1f%n", s, medians[s],
          sorted[rounds / 4], sorted[3 * rounds / 4]);
    }
    Arrays.sort(medians);
    System.out.printf("  set medians: fastest %.1f  median %.1f  slowest %.1f (%.2f x the fastest)%n",
        medians[0], medians[sets / 2], medians[sets - 1], medians[sets - 1] / medians[0]);
  }
}
