package io.github.go4j.patterns;

import io.github.go4j.ThrowingFunction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A read-mostly cache whose entries expire a fixed time after they were loaded, loaded lazily and
 * once per key however many goroutines miss at the same time: the Go idiom of a map, an expiry time
 * per entry and a {@code singleflight.Group} in front of the loader.
 *
 * <pre>{@code
 * if e, ok := cache.Load(key); ok && time.Now().Before(e.expires) {
 *     return e.value, nil // fast path: no lock
 * }
 * v, err, _ := group.Do(key, func() (any, error) {
 *     v, err := load(key)
 *     if err == nil {
 *         cache.Store(key, entry{v, time.Now().Add(ttl)})
 *     }
 *     return v, err
 * })
 * }</pre>
 *
 * <p><b>Reads.</b> A hit is a {@link ConcurrentHashMap} lookup and one reading of the clock: no
 * lock, no allocation. An entry is fresh while {@code clock < loadedAt + ttl}, {@code loadedAt}
 * being the clock when its loader returned.
 *
 * <p><b>Loads.</b> A miss (no entry, or an expired one) loads through a {@link SingleFlight}: the
 * loader runs once per key at a time, and the callers that miss meanwhile wait for it and share its
 * value or failure. A failed load caches nothing; the next {@code get} loads again. The loader must
 * not return null.
 *
 * <p><b>Expiry and eviction, without a thread.</b> Expired entries are replaced when read through
 * {@link #get} and removed by {@link #getIfPresent}; besides, every load removes from the oldest
 * end of the insertion order the entries that have expired. With {@link Builder#maxSize(int)}, a
 * load that takes the cache over its size then evicts the oldest insertions until it fits. As every
 * entry lives the same TTL, the oldest insertion is also the first to expire: the one policy is
 * "expired entries first, then the oldest loaded". The hit path never takes part in eviction.
 *
 * <p><b>Invalidation.</b> {@link #invalidate} removes the entry and forgets the load in flight, if
 * any: a {@code get} that starts after {@code invalidate} returns never gets a value whose load
 * began before it, and a load in flight when {@code invalidate} was called does not install its
 * value (its callers still get it).
 *
 * <p><b>Blocking and interruption.</b> {@link #get} blocks while a loader runs, its own (on its
 * thread) or another caller's; a caller waiting for another's loader throws {@link
 * InterruptedException} if interrupted, and the load goes on for the others. The other methods
 * never block.
 *
 * <p><b>Memory consistency effects:</b> actions of a loader happen-before any {@code get} or {@code
 * getIfPresent} returns the value it loaded.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TtlCache<K, V> {

  /**
   * An entry of the map: a loaded value, or (value null) the marker of a load in flight, which a
   * read treats as absent and {@link #invalidate} removes so that the load does not install.
   */
  private static final class Entry<K, V> {
    final K key;
    final V value;
    final long expiresAt;

    /**
     * 1 once a remover took this record out of {@link #order} and out of the count {@link #queued}:
     * set by CAS, so that exactly one of the removers that may meet it (an evictor's {@code
     * order.remove}, the compactor's iterator, whose remove is a plain write) decrements.
     */
    volatile int dequeued;

    Entry(K key, V value, long expiresAt) {
      this.key = key;
      this.value = value;
      this.expiresAt = expiresAt;
    }
  }

  private static final VarHandle DEQUEUED;

  static {
    try {
      DEQUEUED = MethodHandles.lookup().findVarHandle(Entry.class, "dequeued", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConcurrentHashMap<K, Entry<K, V>> map = new ConcurrentHashMap<>();
  final SingleFlight<K, V> flights = new SingleFlight<>();

  /** Installed entries in insertion (and so expiry) order; may hold entries already removed. */
  private final ConcurrentLinkedQueue<Entry<K, V>> order = new ConcurrentLinkedQueue<>();

  /** How many records {@link #order} holds (approximately, while it changes). */
  private final AtomicInteger queued = new AtomicInteger();

  /** Held by the one thread that compacts {@link #order}; others skip compaction. */
  private final AtomicBoolean compacting = new AtomicBoolean();

  /** Entries with a value in the map, expired or not. */
  private final AtomicInteger live = new AtomicInteger();

  private final long ttlNanos;
  private final int maxSize; // 0: unbounded
  private final LongSupplier nanoTime;

  private TtlCache(Builder b) {
    this.ttlNanos = b.ttlNanos;
    this.maxSize = b.maxSize;
    this.nanoTime = b.nanoTime;
  }

  /**
   * A builder; {@link Builder#ttl(Duration)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The value for {@code key}: the cached one if fresh, else the one a loader returns, loading once
   * for all the callers that miss at the same time.
   *
   * @param key the key
   * @param loader computes the value for a key; run on this thread if this caller leads the load
   * @return the value, never null
   * @throws SingleFlightException if the loader threw (its cause) or returned null (a {@link
   *     NullPointerException} cause); every caller sharing the load gets it
   * @throws InterruptedException if interrupted while waiting for another caller's load
   * @throws NullPointerException if {@code key} or {@code loader} is null
   */
  public V get(K key, ThrowingFunction<? super K, ? extends V> loader) throws InterruptedException {
    Entry<K, V> e = map.get(Objects.requireNonNull(key, "key must not be null"));
    if (e != null && e.value != null && nanoTime.getAsLong() - e.expiresAt < 0) {
      return e.value;
    }
    Objects.requireNonNull(loader, "loader must not be null");
    return flights.get(key, () -> load(key, loader));
  }

  /**
   * The cached value for {@code key} if it is there and fresh; never loads, never blocks. An
   * expired entry found is removed.
   *
   * @param key the key
   * @return the value, or null if there is none or it expired
   * @throws NullPointerException if {@code key} is null
   */
  public V getIfPresent(K key) {
    Entry<K, V> e = map.get(Objects.requireNonNull(key, "key must not be null"));
    if (e == null || e.value == null) {
      return null;
    }
    if (nanoTime.getAsLong() - e.expiresAt < 0) {
      return e.value;
    }
    if (map.remove(key, e)) {
      live.decrementAndGet();
    }
    return null;
  }

  /**
   * Removes the entry for {@code key} and forgets its load in flight: a load whose loader was
   * called before this call does not install its value (its callers still get it), and later calls
   * start a new load. (A load that had been started but had not called its loader yet still
   * installs its value: the loader reads after the invalidation.) Never blocks.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  public void invalidate(K key) {
    Objects.requireNonNull(key, "key must not be null");
    flights.forget(key); // first: a load that starts after this is not the one being removed
    Entry<K, V> old = map.remove(key);
    if (old != null && old.value != null) {
      live.decrementAndGet();
    }
  }

  /**
   * The number of cached entries, expired ones not yet removed included (loads in flight are not
   * counted). With a maximum size it may exceed it for a moment, while a load evicts.
   *
   * @return the number of entries
   */
  public int size() {
    return Math.max(0, live.get());
  }

  /** The records in the insertion-order queue (for tests of its bound). */
  int queuedRecords() {
    return order.size();
  }

  /** The count of {@link #order}'s records that drives compaction (for tests). */
  int queuedCount() {
    return queued.get();
  }

  @Override
  public String toString() {
    return "TtlCache[size=" + size() + ", ttl=" + Duration.ofNanos(ttlNanos) + "]";
  }

  /** The load run once per key at a time (inside the single flight). */
  private V load(K key, ThrowingFunction<? super K, ? extends V> loader) throws Exception {
    long now = nanoTime.getAsLong();
    Entry<K, V> e = map.get(key);
    if (e != null && e.value != null && now - e.expiresAt < 0) {
      return e.value; // loaded by a flight that finished after this caller missed
    }
    Entry<K, V> marker = new Entry<>(key, null, now);
    Entry<K, V> replaced = map.put(key, marker);
    if (replaced != null && replaced.value != null) {
      live.decrementAndGet(); // an expired entry
    }
    V v;
    try {
      v = loader.apply(key);
      if (v == null) {
        throw new NullPointerException("loader returned null for key " + key);
      }
    } catch (Throwable t) {
      map.remove(key, marker);
      throw t;
    }
    long loadedAt = nanoTime.getAsLong();
    Entry<K, V> fresh = new Entry<>(key, v, loadedAt + ttlNanos);
    if (map.replace(key, marker, fresh)) { // false if invalidated meanwhile
      live.incrementAndGet();
      order.add(fresh);
      queued.incrementAndGet();
      evict(loadedAt);
    }
    return v;
  }

  /**
   * Removes from the oldest end of {@link #order} the records of entries that are gone or expired,
   * and, over the maximum size, the oldest entries.
   */
  private void evict(long now) {
    for (Entry<K, V> h; (h = order.peek()) != null; ) {
      boolean gone = map.get(h.key) != h;
      boolean expired = now - h.expiresAt >= 0;
      boolean over = maxSize > 0 && live.get() > maxSize;
      if (!gone && !expired && !over) {
        break;
      }
      if (order.remove(h)) { // h is at the head: O(1); false if another thread took it
        countOut(h);
        if (!gone && map.remove(h.key, h)) {
          live.decrementAndGet();
        }
      }
    }
    // Records of entries removed by invalidate or getIfPresent behind a fresh head: compact once
    // they outnumber the live entries, so that the queue stays proportional to the cache.
    if (queued.get() > 2 * Math.max(16, live.get()) && compacting.compareAndSet(false, true)) {
      try {
        for (Iterator<Entry<K, V>> it = order.iterator(); it.hasNext(); ) {
          Entry<K, V> r = it.next();
          if (map.get(r.key) != r) {
            it.remove();
            countOut(r); // an evictor may have removed it too, since next() returned it
          }
        }
      } finally {
        compacting.set(false);
      }
    }
  }

  /** Takes a removed record out of the count {@link #queued}, once whoever removed it. */
  private void countOut(Entry<K, V> r) {
    if (DEQUEUED.compareAndSet(r, 0, 1)) {
      queued.decrementAndGet();
    }
  }

  /** Configures a {@link TtlCache}. */
  public static final class Builder {
    private long ttlNanos;
    private int maxSize;
    private LongSupplier nanoTime = System::nanoTime;

    private Builder() {}

    /**
     * How long an entry stays fresh after its loader returned. Required.
     *
     * @param ttl a positive duration; from about 292 years on ({@link Long#MAX_VALUE} nanoseconds),
     *     entries never expire
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is not positive
     * @throws NullPointerException if {@code ttl} is null
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl must not be null");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive: " + ttl);
      }
      this.ttlNanos = Ops.saturatedNanos(ttl);
      return this;
    }

    /**
     * Bounds the number of entries: a load that takes the cache over it evicts expired entries,
     * then the oldest loaded. Unbounded by default.
     *
     * @param maxSize the most entries kept, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSize} is less than 1
     */
    public Builder maxSize(int maxSize) {
      if (maxSize < 1) {
        throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
      }
      this.maxSize = maxSize;
      return this;
    }

    /**
     * The clock, in nanoseconds as {@link System#nanoTime()} (the default): only differences
     * matter. Tests inject a fake.
     *
     * @param nanoTime the clock
     * @return this builder
     * @throws NullPointerException if {@code nanoTime} is null
     */
    public Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
      return this;
    }

    /**
     * Builds the cache.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return a new, empty cache
     * @throws IllegalStateException if no ttl was set
     */
    public <K, V> TtlCache<K, V> build() {
      if (ttlNanos == 0) {
        throw new IllegalStateException("ttl must be set");
      }
      return new TtlCache<>(this);
    }
  }
}
