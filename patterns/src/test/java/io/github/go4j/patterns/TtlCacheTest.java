package io.github.go4j.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.go4j.chan.Channel;
import io.github.go4j.chan.Unit;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TtlCache}: one behaviour per test. Time is a fake clock the test advances; concurrent
 * loads are held on a channel until every caller has joined them.
 */
class TtlCacheTest {
  private static final long TTL = 1_000;

  private final AtomicLong clock = new AtomicLong(42);
  private int baseline;

  @BeforeEach
  void recordGoroutines() {
    baseline = Leaks.baseline();
  }

  @AfterEach
  void noGoroutineLeft() {
    Leaks.assertNoGoroutineLeft(baseline);
  }

  private TtlCache.Builder builder() {
    return TtlCache.builder().ttl(Duration.ofNanos(TTL)).nanoTime(clock::get);
  }

  @Test
  void aHitReturnsTheCachedValueWithoutLoading() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    AtomicInteger loads = new AtomicInteger();
    assertThat(c.get("a", k -> loads.incrementAndGet())).isEqualTo(1);
    assertThat(c.get("a", k -> loads.incrementAndGet())).isEqualTo(1);
    assertThat(c.getIfPresent("a")).isEqualTo(1);
    assertThat(loads).hasValue(1);
    assertThat(c.size()).isEqualTo(1);
  }

  @Test
  void theLoaderGetsTheKey() throws Exception {
    TtlCache<String, String> c = builder().build();
    assertThat(c.get("a", k -> k + k)).isEqualTo("aa");
  }

  @Test
  void anEntryExpiresTtlAfterItWasLoaded() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    AtomicInteger loads = new AtomicInteger();
    c.get("a", k -> loads.incrementAndGet());
    clock.addAndGet(TTL - 1);
    assertThat(c.getIfPresent("a")).as("fresh until loadedAt + ttl").isEqualTo(1);
    clock.addAndGet(1);
    assertThat(c.getIfPresent("a")).as("expired at loadedAt + ttl").isNull();
    assertThat(c.size()).as("getIfPresent removed it").isZero();
    assertThat(c.get("a", k -> loads.incrementAndGet())).isEqualTo(2);
  }

  @Test
  void ttlCountsFromWhenTheLoaderReturned() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    c.get("a", k -> (int) clock.addAndGet(500)); // the load itself takes 500
    clock.addAndGet(TTL - 1);
    assertThat(c.getIfPresent("a")).isNotNull();
  }

  @Test
  void concurrentMissesLoadOnce() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    AtomicInteger loads = new AtomicInteger();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    SingleFlightTestSupport.Callers<Integer> callers = new SingleFlightTestSupport.Callers<>(100);
    for (int i = 0; i < 100; i++) {
      callers.start(
          () ->
              c.get(
                  "a",
                  k -> {
                    entered.send(Unit.VALUE);
                    release.receive();
                    return loads.incrementAndGet();
                  }));
      if (i == 0) {
        entered.receive();
      }
    }
    Eventually.await("99 callers joined the load", () -> c.flights.duplicates("a") == 99);
    release.close();
    assertThat(callers.results()).hasSize(100).containsOnly(1);
    assertThat(loads).hasValue(1);
  }

  @Test
  void reloadAfterExpiryRunsOnceUnderConcurrency() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    AtomicInteger loads = new AtomicInteger();
    c.get("a", k -> loads.incrementAndGet());
    clock.addAndGet(TTL);
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    SingleFlightTestSupport.Callers<Integer> callers = new SingleFlightTestSupport.Callers<>(100);
    for (int i = 0; i < 100; i++) {
      callers.start(
          () ->
              c.get(
                  "a",
                  k -> {
                    entered.send(Unit.VALUE);
                    release.receive();
                    return loads.incrementAndGet();
                  }));
      if (i == 0) {
        entered.receive();
      }
    }
    Eventually.await("99 callers joined the reload", () -> c.flights.duplicates("a") == 99);
    assertThat(c.getIfPresent("a")).as("expired while reloading").isNull();
    release.close();
    assertThat(callers.results()).hasSize(100).containsOnly(2);
    assertThat(loads).hasValue(2);
    assertThat(c.getIfPresent("a")).isEqualTo(2);
    assertThat(c.size()).isEqualTo(1);
  }

  @Test
  void aFailedLoadReachesEveryCallerAndIsNotCached() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    IOException boom = new IOException("boom");
    assertThatThrownBy(
            () ->
                c.get(
                    "a",
                    k -> {
                      throw boom;
                    }))
        .isInstanceOf(SingleFlightException.class)
        .hasCause(boom);
    assertThat(c.getIfPresent("a")).isNull();
    assertThat(c.size()).isZero();
    assertThat(c.get("a", k -> 7)).isEqualTo(7);
  }

  @Test
  void aNullValueIsRefused() {
    TtlCache<String, Integer> c = builder().build();
    assertThatThrownBy(() -> c.get("a", k -> null))
        .isInstanceOf(SingleFlightException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("loader returned null for key a");
    assertThat(c.size()).isZero();
  }

  @Test
  void invalidateRemovesTheEntry() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    AtomicInteger loads = new AtomicInteger();
    c.get("a", k -> loads.incrementAndGet());
    c.invalidate("a");
    assertThat(c.getIfPresent("a")).isNull();
    assertThat(c.size()).isZero();
    assertThat(c.get("a", k -> loads.incrementAndGet())).isEqualTo(2);
  }

  @Test
  void aLoadInFlightWhenInvalidatedDoesNotInstallAndLaterCallsLoadAgain() throws Exception {
    TtlCache<String, Integer> c = builder().build();
    Channel<Unit> entered = Channel.make(1);
    Channel<Unit> release = Channel.make();
    SingleFlightTestSupport.Callers<Integer> first = new SingleFlightTestSupport.Callers<>(1);
    first.start(
        () ->
            c.get(
                "a",
                k -> {
                  entered.send(Unit.VALUE);
                  release.receive();
                  return 1;
                }));
    entered.receive();
    c.invalidate("a");
    assertThat(c.get("a", k -> 2)).as("a new load, not the old one").isEqualTo(2);
    release.close();
    assertThat(first.results()).as("its own caller still gets it").containsExactly(1);
    assertThat(c.getIfPresent("a")).isEqualTo(2);
  }

  @Test
  void aBoundedCacheEvictsTheOldestLoaded() throws Exception {
    TtlCache<String, String> c = builder().maxSize(2).build();
    c.get("a", k -> k);
    c.get("b", k -> k);
    c.get("a", k -> "reloaded?"); // a hit: reads do not change the order
    c.get("c", k -> k);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.getIfPresent("a")).isNull();
    assertThat(c.getIfPresent("b")).isEqualTo("b");
    assertThat(c.getIfPresent("c")).isEqualTo("c");
  }

  @Test
  void loadsRemoveExpiredEntriesFirst() throws Exception {
    TtlCache<String, String> c = builder().maxSize(3).build();
    c.get("a", k -> k);
    clock.addAndGet(TTL / 2);
    c.get("b", k -> k);
    clock.addAndGet(TTL / 2); // a expires, b does not
    c.get("c", k -> k);
    assertThat(c.size()).as("a removed though the cache was not full").isEqualTo(2);
    assertThat(c.getIfPresent("b")).isEqualTo("b");
    assertThat(c.getIfPresent("c")).isEqualTo("c");
  }

  @Test
  void aReloadedKeyIsNotEvictedByItsOldRecord() throws Exception {
    TtlCache<String, String> c = builder().maxSize(2).build();
    c.get("a", k -> "a1");
    clock.addAndGet(TTL); // a expires
    c.get("a", k -> "a2"); // the expired record of a is dropped, the new one queued
    c.get("b", k -> k);
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.getIfPresent("a")).isEqualTo("a2");
    assertThat(c.getIfPresent("b")).isEqualTo("b");
  }

  @Test
  void recordsOfInvalidatedEntriesDoNotAccumulate() throws Exception {
    TtlCache<Integer, Integer> c = builder().maxSize(1_000).build();
    c.get(-1, k -> k); // a fresh head: the records behind it are not reached by the head sweep
    for (int i = 0; i < 10_000; i++) {
      c.get(i, k -> k);
      c.invalidate(i);
    }
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.queuedRecords()).isLessThanOrEqualTo(2 * 16 + 1);
  }

  @Test
  void builderRefusesBadSettings() {
    assertThatThrownBy(() -> TtlCache.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ttl must be set");
    assertThatThrownBy(() -> TtlCache.builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive: PT0S");
    assertThatThrownBy(() -> TtlCache.builder().maxSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSize must be at least 1: 0");
    assertThatThrownBy(() -> TtlCache.builder().nanoTime(null))
        .hasMessage("nanoTime must not be null");
  }

  @Test
  void nullArgumentsAreRefusedWithTheirName() {
    TtlCache<String, String> c = builder().build();
    assertThatThrownBy(() -> c.get(null, k -> k)).hasMessage("key must not be null");
    assertThatThrownBy(() -> c.get("a", null)).hasMessage("loader must not be null");
    assertThatThrownBy(() -> c.getIfPresent(null)).hasMessage("key must not be null");
    assertThatThrownBy(() -> c.invalidate(null)).hasMessage("key must not be null");
  }

  /**
   * A key that holds its armed thread inside its second hashCode() call (the map's get calls it).
   */
  private static final class HoldingKey {
    private final String name;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Thread armed;
    private int calls;

    HoldingKey(String name) {
      this.name = name;
    }

    @Override
    public int hashCode() {
      if (Thread.currentThread() == armed
          && ++calls == 2) { // 1: its evict's head loop; 2: compaction
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A record that the compactor and an evictor both remove is counted out once. The compactor's
   * iterator removes with a plain write, so an evictor's order.remove of the same record may
   * succeed too, and both decremented the count that triggers compaction: it fell below the records
   * in the queue (here to 0 with 2 records), and compaction came late or never (found in review).
   */
  @Test
  void aRecordRemovedByTheCompactorAndAnEvictorIsCountedOutOnce() throws Exception {
    TtlCache<Object, String> c = builder().build();
    HoldingKey d = new HoldingKey("D");
    c.get(d, k -> "d"); // the queue: [D]
    for (int i = 1; i <= 31; i++) { // 31 dead records behind D: 32 queued, no compaction yet
      c.get("F" + i, k -> "f");
      c.invalidate("F" + i);
    }
    Thread compactor =
        Thread.ofPlatform()
            .unstarted(
                () -> {
                  try {
                    c.get("X", k -> "x"); // 33 queued: compacts, held at D's record
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                });
    d.armed = compactor; // before it starts: its first look at D must count
    compactor.start();
    assertThat(d.entered.await(20, TimeUnit.SECONDS)).as("the compactor at D's record").isTrue();
    c.invalidate(d); // D's record is dead now
    c.get("Y", k -> "y"); // this load's evict removes D and the dead records from the head
    d.release.countDown();
    compactor.join(Duration.ofSeconds(20));
    assertThat(compactor.isAlive()).isFalse();
    assertThat(c.queuedCount()).as("the count of queued records").isEqualTo(c.queuedRecords());
    assertThat(c.queuedRecords()).as("X and Y").isEqualTo(2);
  }

  /**
   * A ttl of about 292 years or more (beyond Long.MAX_VALUE nanoseconds) never expires, as go4j's
   * timers take such durations; ttl() threw ArithmeticException("long overflow") (found in review).
   */
  @Test
  void aTtlOf292YearsOrMoreNeverExpires() throws Exception {
    long[] now = {0};
    TtlCache<String, String> c =
        TtlCache.builder()
            .ttl(Duration.ofDays(365L * 400))
            .nanoTime(() -> now[0])
            .<String, String>build();
    assertThat(c.get("k", k -> "v1")).isEqualTo("v1");
    now[0] = Long.MAX_VALUE / 2; // about 146 years later: still fresh
    assertThat(c.get("k", k -> "v2")).isEqualTo("v1");
    assertThat(c.getIfPresent("k")).isEqualTo("v1");
  }
}
