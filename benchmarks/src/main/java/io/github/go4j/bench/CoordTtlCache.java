package io.github.go4j.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.go4j.ThrowingFunction;
import io.github.go4j.patterns.TtlCache;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hit path of go4j-patterns' {@link TtlCache} beside Caffeine and a bare map: {@code N = 10^5}
 * reads per invocation, cycling over {@code KEYS = 1024} keys loaded in the setup with a TTL of one
 * hour (so every read hits), by one driver goroutine. The score is ns per read.
 *
 * <ul>
 *   <li>{@code go4j}: {@code TtlCache.get(key, loader)} (the cache-aside call; a hit never runs the
 *       loader): one map lookup and one {@code System.nanoTime()}.
 *   <li>{@code caffeine}: Caffeine 3.3.1 built with {@code expireAfterWrite(1 h)}, {@code
 *       cache.get(key, loader)}: the same call; Caffeine's hit also checks expiry and records the
 *       read in its read buffer (for its eviction policy).
 *   <li>{@code chm}: {@code ConcurrentHashMap.get}, no expiry at all: the floor of any map-based
 *       cache.
 * </ul>
 *
 * <p>Keys are {@link Integer}s allocated once in the setup and values cached {@link Integer}s, so a
 * hit's only possible allocation is the cache's own (target: none). Every invocation checks the sum
 * of the values read; a loader call throws.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CoordTtlCache {
  /** Reads per invocation. */
  static final int N = 100_000;

  /** Distinct keys, all loaded in the setup (a power of two: the read cycles with a mask). */
  static final int KEYS = 1024;

  /** The Caffeine peer. */
  static final String CAFFEINE = "caffeine";

  /** The plain ConcurrentHashMap peer. */
  static final String CHM = "chm";

  /** The sum of the values of reads {@code 0..N-1}: value of key k is {@code token(k)}. */
  static final long EXPECTED = expected();

  private static final Duration TTL = Duration.ofHours(1);

  /** A hit never calls the loader: if it does, the benchmark is wrong. */
  private static final ThrowingFunction<Integer, Integer> NO_LOAD =
      k -> {
        throw new IllegalStateException("loader called on a hit path: key " + k);
      };

  private static final Function<Integer, Integer> NO_LOAD_CAFFEINE =
      k -> {
        throw new IllegalStateException("loader called on a hit path: key " + k);
      };

  @Param({Pipe.GO4J, CAFFEINE, CHM})
  public String impl;

  private Integer[] keys;
  private TtlCache<Integer, Integer> go4j;
  private Cache<Integer, Integer> caffeine;
  private ConcurrentHashMap<Integer, Integer> chm;

  @Setup
  public void setup() throws Exception {
    keys = new Integer[KEYS];
    for (int k = 0; k < KEYS; k++) {
      keys[k] = Integer.valueOf(1_000 + k); // outside the Integer cache: real, distinct objects
    }
    switch (impl) {
      case Pipe.GO4J -> {
        go4j = TtlCache.builder().ttl(TTL).build();
        for (int k = 0; k < KEYS; k++) {
          int v = k;
          go4j.get(keys[k], key -> Parties.token(v));
        }
      }
      case CAFFEINE -> {
        caffeine = Caffeine.newBuilder().expireAfterWrite(TTL).build();
        for (int k = 0; k < KEYS; k++) {
          caffeine.put(keys[k], Parties.token(k));
        }
      }
      case CHM -> {
        chm = new ConcurrentHashMap<>();
        for (int k = 0; k < KEYS; k++) {
          chm.put(keys[k], Parties.token(k));
        }
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void hit() throws Exception {
    Driver.run(
        switch (impl) {
          case Pipe.GO4J -> () -> go4jHits(go4j, keys);
          case CAFFEINE -> () -> caffeineHits(caffeine, keys);
          default -> () -> chmHits(chm, keys);
        });
  }

  static void go4jHits(TtlCache<Integer, Integer> cache, Integer[] keys) throws Exception {
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += cache.get(keys[i & (KEYS - 1)], NO_LOAD);
    }
    Parties.check("TtlCache hit", EXPECTED, sum);
  }

  static void caffeineHits(Cache<Integer, Integer> cache, Integer[] keys) {
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += cache.get(keys[i & (KEYS - 1)], NO_LOAD_CAFFEINE);
    }
    Parties.check("Caffeine hit", EXPECTED, sum);
  }

  static void chmHits(ConcurrentHashMap<Integer, Integer> map, Integer[] keys) {
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += map.get(keys[i & (KEYS - 1)]);
    }
    Parties.check("ConcurrentHashMap get", EXPECTED, sum);
  }

  private static long expected() {
    long sum = 0;
    for (int i = 0; i < N; i++) {
      sum += Parties.token(i & (KEYS - 1));
    }
    return sum;
  }
}
