import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The paired A/B harness (see paired.sh): runs one workload of two go4j builds in one JVM,
 * alternating segments, so that each pair of segments shares the placement of the carriers that
 * the host chose at that moment (on a virtual machine a fork's placement can change a hand-off's
 * cost several times over, more than most engine changes). Prints each build's median, quartiles
 * and segments, and the median of the per-pair ratios head/base, the figure to judge by.
 *
 * <p>Arguments: workload (pingpong, spsc, mpmc, mpmc100, selcancel), capacity, segments, messages
 * per segment, then name=classesDir:coreJar for each build (the first is the base).
 */
public final class PairedAb {
  private PairedAb() {}

  public static void main(String[] args) throws Exception {
    String workload = args[0];
    int capacity = Integer.parseInt(args[1]);
    int segments = Integer.parseInt(args[2]);
    int n = Integer.parseInt(args[3]);
    int builds = args.length - 4;
    String[] names = new String[builds];
    Method[] make = new Method[builds];
    Method[] run = new Method[builds];
    for (int b = 0; b < builds; b++) {
      String[] nameAndPath = args[4 + b].split("=", 2);
      String[] paths = nameAndPath[1].split(":");
      names[b] = nameAndPath[0];
      URL[] urls = new URL[paths.length];
      for (int i = 0; i < paths.length; i++) {
        urls[i] = Path.of(paths[i]).toUri().toURL();
      }
      ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
      Class<?> workloads = loader.loadClass("Workloads");
      make[b] = workloads.getMethod("channels", String.class, int.class);
      run[b] = workloads.getMethod(workload, Object[].class, int.class);
    }
    for (int warm = 0; warm < 3; warm++) {
      for (int b = 0; b < builds; b++) {
        run[b].invoke(null, make[b].invoke(null, workload, capacity), n);
      }
    }
    double[][] ns = new double[builds][segments];
    for (int s = 0; s < segments; s++) {
      for (int k = 0; k < builds; k++) {
        int b = (s + k) % builds; // alternate which build goes first
        ns[b][s] = (double) run[b].invoke(null, make[b].invoke(null, workload, capacity), n);
      }
    }
    System.out.printf("%s capacity %d, %d segments of %d messages, ns per message%n",
        workload, capacity, segments, n);
    for (int b = 0; b < builds; b++) {
      double[] sorted = ns[b].clone();
      Arrays.sort(sorted);
      System.out.printf("  %-6s median %7.1f  p25 %7.1f  p75 %7.1f  segments %s%n", names[b],
          sorted[segments / 2], sorted[segments / 4], sorted[3 * segments / 4],
          Arrays.toString(Arrays.stream(ns[b]).mapToLong(Math::round).toArray()));
    }
    for (int b = 1; b < builds; b++) {
      double[] ratio = new double[segments];
      for (int s = 0; s < segments; s++) {
        ratio[s] = ns[b][s] / ns[0][s];
      }
      Arrays.sort(ratio);
      System.out.printf("  %s/%s per pair: median %.3f  p25 %.3f  p75 %.3f%n", names[b], names[0],
          ratio[segments / 2], ratio[segments / 4], ratio[3 * segments / 4]);
    }
  }
}
