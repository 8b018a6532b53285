package io.github.go4j.examples;

import io.github.go4j.sync.Mutex;
import io.github.go4j.sync.RWMutex;
import io.github.go4j.sync.WaitGroup;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe cache in three versions: a map behind a {@code sync.Mutex}, behind a {@code
 * sync.RWMutex} (readers share the lock), and {@code sync.Map}, whose Java counterpart is {@link
 * ConcurrentHashMap}. Each is hammered by 8 goroutines (90% reads, 10% writes) and checked; the
 * time each took is printed as a rough indication only: a one-shot timing is not a benchmark (see
 * the project's JMH benchmarks for real numbers).
 *
 * <pre>{@code
 * type MutexCache struct {
 *     mu sync.Mutex
 *     m  map[string]int
 * }
 *
 * func (c *MutexCache) Get(k string) (int, bool) {
 *     c.mu.Lock()
 *     defer c.mu.Unlock()
 *     v, ok := c.m[k]
 *     return v, ok
 * }
 *
 * func (c *MutexCache) Set(k string, v int) {
 *     c.mu.Lock()
 *     defer c.mu.Unlock()
 *     c.m[k] = v
 * }
 *
 * type RWMutexCache struct {
 *     mu sync.RWMutex
 *     m  map[string]int
 * }
 *
 * func (c *RWMutexCache) Get(k string) (int, bool) {
 *     c.mu.RLock()                      // many readers at once
 *     defer c.mu.RUnlock()
 *     v, ok := c.m[k]
 *     return v, ok
 * }
 *
 * // Set as in MutexCache, with c.mu.Lock()
 *
 * type SyncMapCache struct{ m sync.Map }
 *
 * func (c *SyncMapCache) Get(k string) (int, bool) {
 *     v, ok := c.m.Load(k)
 *     if !ok {
 *         return 0, false
 *     }
 *     return v.(int), true
 * }
 *
 * func (c *SyncMapCache) Set(k string, v int) { c.m.Store(k, v) }
 *
 * func hammer(c Cache) {
 *     var wg sync.WaitGroup
 *     for g := 0; g < 8; g++ {
 *         wg.Add(1)
 *         go func(g int) {
 *             defer wg.Done()
 *             for i := 0; i < 20000; i++ {
 *                 k := i % 100
 *                 if (i/100)%10 == 0 {       // one round of 100 operations in ten writes
 *                     c.Set(fmt.Sprint("k", k), k)
 *                 } else if v, ok := c.Get(fmt.Sprint("k", k)); ok && v != k {
 *                     panic("inconsistent")
 *                 }
 *             }
 *         }(g)
 *     }
 *     wg.Wait()
 * }
 * }</pre>
 *
 * <p>{@code defer mu.Unlock()} is {@code try { ... } finally { mu.unlock(); }}.
 */
public final class SafeCache {
  private SafeCache() {}

  static final int GOROUTINES = 8;
  static final int OPS = 20_000;
  static final int KEYS = 100;

  /**
   * The cache interface of the three versions; null from {@code get} is Go's {@code ok == false}.
   */
  interface Cache {
    Integer get(String k);

    void set(String k, int v);

    int size();
  }

  /** A map guarded by a {@link Mutex}. */
  static final class MutexCache implements Cache {
    private final Mutex mu = new Mutex();
    private final Map<String, Integer> m = new HashMap<>();

    @Override
    public Integer get(String k) {
      mu.lock();
      try {
        return m.get(k);
      } finally {
        mu.unlock();
      }
    }

    @Override
    public void set(String k, int v) {
      mu.lock();
      try {
        m.put(k, v);
      } finally {
        mu.unlock();
      }
    }

    @Override
    public int size() {
      mu.lock();
      try {
        return m.size();
      } finally {
        mu.unlock();
      }
    }
  }

  /** A map guarded by an {@link RWMutex}: readers share it. */
  static final class RWMutexCache implements Cache {
    private final RWMutex mu = new RWMutex();
    private final Map<String, Integer> m = new HashMap<>();

    @Override
    public Integer get(String k) {
      mu.rLock();
      try {
        return m.get(k);
      } finally {
        mu.rUnlock();
      }
    }

    @Override
    public void set(String k, int v) {
      mu.lock();
      try {
        m.put(k, v);
      } finally {
        mu.unlock();
      }
    }

    @Override
    public int size() {
      mu.rLock();
      try {
        return m.size();
      } finally {
        mu.rUnlock();
      }
    }
  }

  /** Go's {@code sync.Map} in Java: a {@link ConcurrentHashMap}. */
  static final class ConcurrentMapCache implements Cache {
    private final ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>();

    @Override
    public Integer get(String k) {
      return m.get(k);
    }

    @Override
    public void set(String k, int v) {
      m.put(k, v);
    }

    @Override
    public int size() {
      return m.size();
    }
  }

  private static final String[] NAMES = new String[KEYS];

  static {
    for (int k = 0; k < KEYS; k++) {
      NAMES[k] = "k" + k;
    }
  }

  /**
   * Go's {@code hammer}: 8 goroutines, each 20000 operations, one write in ten.
   *
   * @return the number of inconsistent reads (a value under the wrong key)
   */
  static long hammer(Cache c) throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    java.util.concurrent.atomic.LongAdder bad = new java.util.concurrent.atomic.LongAdder();
    for (int g = 0; g < GOROUTINES; g++) {
      wg.go(
          () -> {
            for (int i = 0; i < OPS; i++) {
              int k = i % KEYS;
              if ((i / KEYS) % 10 == 0) { // one round of KEYS operations in ten writes
                c.set(NAMES[k], k);
              } else {
                Integer v = c.get(NAMES[k]);
                if (v != null && v != k) {
                  bad.increment();
                }
              }
            }
          });
    }
    wg.await();
    return bad.sum();
  }

  /**
   * Runs the three versions and prints, for each, its size, whether every read was consistent, and
   * (on a separate line) how long it took.
   *
   * @param out where to print
   * @throws InterruptedException if interrupted
   */
  public static void run(PrintStream out) throws InterruptedException {
    List<Map.Entry<String, Cache>> versions =
        List.of(
            Map.entry("sync.Mutex", new MutexCache()),
            Map.entry("sync.RWMutex", new RWMutexCache()),
            Map.entry("ConcurrentHashMap", new ConcurrentMapCache()));
    for (Map.Entry<String, Cache> e : versions) {
      Cache c = e.getValue();
      long start = System.nanoTime();
      long bad = hammer(c);
      long micros = (System.nanoTime() - start) / 1_000;
      out.printf(
          "%s: %d keys after %d operations, inconsistent reads: %d%n",
          e.getKey(), c.size(), GOROUTINES * OPS, bad);
      out.printf("  timing (indicative only) %s: %d us%n", e.getKey(), micros);
    }
  }

  /**
   * Runs the example.
   *
   * @param args unused
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }
}
