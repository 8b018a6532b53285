import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Select;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The cost of a channel hand-off by the channel's placement: where the channel object starts
 * within its 64-byte cache line (its address modulo 64, one of 8 values for an 8-byte aligned
 * object). Each trial makes a fresh unbuffered channel (after a random-sized filler, so that the
 * placements vary), runs one workload over it with two virtual threads and files ns per message
 * under the channel's placement; the output is one line: the median per placement, then the median
 * of all trials. A layout whose hot fields share a cache line with fields the other party reads
 * shows as placements several times slower than the rest (ADR 0004, "cache lines of the channel").
 *
 * <p>The address is read with sun.misc.Unsafe from a compressed reference (run.sh starts the JVM
 * with a heap between 4 and 32 GB, where a reference is the address shifted right by 3); a check
 * at start-up verifies that two objects allocated one after the other lie that far apart.
 *
 * <p>Usage: {@code AlignProbe sel|pp|spsc TRIALS}.
 */
@SuppressWarnings("removal") // sun.misc.Unsafe, a developer's tool only
public final class AlignProbe {
  private static sun.misc.Unsafe unsafe;
  private static final Integer TOKEN = 7;
  private static final int MESSAGES = 100_000;
  private static final int WARMUP_TRIALS = 10;

  private AlignProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !List.of("sel", "pp", "spsc").contains(args[0])) {
      throw new IllegalArgumentException("usage: AlignProbe sel|pp|spsc TRIALS");
    }
    String mode = args[0];
    int trials = Integer.parseInt(args[1]);
    Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    unsafe = (sun.misc.Unsafe) f.get(null);
    checkAddresses();
    Map<Long, List<Double>> byPlacement = new TreeMap<>();
    List<Object> fillers = new ArrayList<>();
    Random rnd = new Random();
    for (int t = 0; t < trials + WARMUP_TRIALS; t++) {
      fillers.add(new byte[rnd.nextInt(8) * 8]);
      Channel<Integer> ch = Channel.make();
      Channel<Integer> done = Channel.make();
      long before = address(ch) & 63;
      double ns = run(mode, ch, done);
      // a collection during the trial may have moved the channel: such a trial is not filed
      if (t >= WARMUP_TRIALS && (address(ch) & 63) == before) {
        byPlacement.computeIfAbsent(before, k -> new ArrayList<>()).add(ns);
      }
    }
    List<Double> all = new ArrayList<>();
    StringBuilder line = new StringBuilder(mode).append(", ns per message by placement:");
    byPlacement.forEach(
        (r, l) -> {
          all.addAll(l);
          line.append(String.format(" %d:%.0f", r, median(l)));
        });
    System.out.println(line.append(String.format(" | all %.0f", median(all))));
  }

  private static double median(List<Double> l) {
    Collections.sort(l);
    return l.get(l.size() / 2);
  }

  private static long address(Object o) {
    Object[] holder = {o};
    long base = unsafe.arrayBaseOffset(Object[].class);
    return (unsafe.getInt(holder, base) & 0xffffffffL) << 3;
  }

  private static void checkAddresses() {
    for (int i = 0; i < 100; i++) {
      long[] a = new long[1];
      long[] b = new long[1];
      long d = address(b) - address(a);
      if (d == unsafe.arrayBaseOffset(long[].class) + 8L) {
        return;
      }
    }
    throw new IllegalStateException(
        "object addresses cannot be read here (not zero-based compressed references with shift 3)");
  }

  private static double run(String mode, Channel<Integer> ch, Channel<Integer> done)
      throws Exception {
    long[] nanos = new long[1];
    Thread consumer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    long start = System.nanoTime();
                    for (int i = 0; i < MESSAGES; i++) {
                      switch (mode) {
                        case "sel" -> Select.select(ch.onReceive(v -> v), done.onReceive(v -> v));
                        case "pp" -> {
                          ch.receive();
                          ch.send(TOKEN);
                        }
                        default -> ch.receive();
                      }
                    }
                    nanos[0] = System.nanoTime() - start;
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < MESSAGES; i++) {
                      switch (mode) {
                        case "sel" ->
                            Select.select(ch.onSend(TOKEN, () -> 1), done.onReceive(v -> v));
                        case "pp" -> {
                          ch.send(TOKEN);
                          ch.receive();
                        }
                        default -> ch.send(TOKEN);
                      }
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    consumer.join();
    producer.join();
    return (double) nanos[0] / MESSAGES;
  }
}
