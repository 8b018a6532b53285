package io.github.go4j.stress.patterns;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.go4j.patterns.TtlCache;
import io.github.go4j.stress.Blocking;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Claim ({@link TtlCache}): actions of a loader happen-before any {@code get} or {@code
 * getIfPresent} returns the value it loaded.
 *
 * <p>Hazard: the value is published through the map (a hit takes no lock) and, to callers waiting
 * for the load, through the single flight. A reader that finds the entry before the loader's writes
 * are visible sees a half-built value.
 */
public final class TtlCacheHappensBeforeTest {
  private TtlCacheHappensBeforeTest() {}

  /** A mutable value: its plain field is written by the loader after construction. */
  static final class Box {
    int written;
  }

  static TtlCache<String, Box> cache() {
    return TtlCache.builder().ttl(Duration.ofDays(1)).build();
  }

  static Box load(String key) {
    Box b = new Box();
    b.written = 7;
    return b;
  }

  /** A loader against a lock-free reader. */
  @JCStressTest
  @Outcome(id = "7, -1", expect = ACCEPTABLE, desc = "The reader came before the entry.")
  @Outcome(id = "7, 7", expect = ACCEPTABLE, desc = "The reader saw the loaded value whole.")
  @Outcome(expect = FORBIDDEN, desc = "A loader's write was missed.")
  @State
  public static class LoadThenGetIfPresent {
    final TtlCache<String, Box> c = cache();

    @Actor
    public void loader(II_Result r) {
      r.r1 = Blocking.call(() -> c.get("k", TtlCacheHappensBeforeTest::load)).written;
    }

    @Actor
    public void reader(II_Result r) {
      Box b = c.getIfPresent("k");
      r.r2 = b == null ? -1 : b.written;
    }
  }

  /** Two callers that miss together: one loads, the other waits for it or hits its entry. */
  @JCStressTest
  @Outcome(id = "7, 7", expect = ACCEPTABLE, desc = "Both saw the loaded value whole.")
  @Outcome(expect = FORBIDDEN, desc = "A loader's write was missed.")
  @State
  public static class ConcurrentGets {
    final TtlCache<String, Box> c = cache();

    @Actor
    public void first(II_Result r) {
      r.r1 = Blocking.call(() -> c.get("k", TtlCacheHappensBeforeTest::load)).written;
    }

    @Actor
    public void second(II_Result r) {
      r.r2 = Blocking.call(() -> c.get("k", TtlCacheHappensBeforeTest::load)).written;
    }
  }
}
