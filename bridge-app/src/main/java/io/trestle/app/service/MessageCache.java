package io.trestle.app.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Bounded read-through cache of rendered message resources ({@code GET /v1/messages/{id}}), keyed
 * by message id, one slot per {@link Format}, least recently used entries evicted beyond {@code
 * maxEntries} or {@code maxBytes}.
 *
 * <p><b>Why it cannot serve stale data.</b> The node is the only writer of its database, and every
 * write that changes a message or its history goes through {@link LedgerService} (the ledger writer
 * of the relayer node and the admin actions alike), which calls {@link #invalidate} for the message
 * after the transaction commits and before the write completes or its status change is published. A
 * load records its segment's invalidation count before it reads the database and stores its result
 * only if the count is unchanged, under the segment lock that {@code invalidate} also takes: a read
 * that may have seen the state before a write (it started before the write's invalidation) is never
 * stored, and one stored before the invalidation is removed by it. So once a write has completed,
 * no later {@code get} returns what preceded it. An external process writing to the database would
 * break this; none is supported.
 *
 * <p>Thread-safe; loads run outside the locks.
 */
public final class MessageCache {

  /** A representation of the resource, each cached separately. */
  public enum Format {
    JSON,
    PROTOBUF
  }

  private static final int SEGMENT_BITS = 4;
  private static final int SEGMENTS = 1 << SEGMENT_BITS;

  private final Segment[] segments = new Segment[SEGMENTS];
  private final boolean enabled;
  private final Counter hits;
  private final Counter misses;
  private final Counter evictions;
  private final Counter invalidations;

  /**
   * @param maxEntries most messages held; 0 disables the cache (every get loads)
   * @param maxBytes most bytes of rendered resources held
   */
  public MessageCache(int maxEntries, long maxBytes, MeterRegistry meters) {
    this.enabled = maxEntries > 0 && maxBytes > 0;
    int entriesPerSegment = Math.max(1, (maxEntries + SEGMENTS - 1) / SEGMENTS);
    long bytesPerSegment = Math.max(1, maxBytes / SEGMENTS);
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment(entriesPerSegment, bytesPerSegment);
    }
    String requests = "trestle.api.cache.requests";
    String doc = "GET /v1/messages/{id} served from the cache of rendered resources (hit) or not";
    hits = Counter.builder(requests).tag("result", "hit").description(doc).register(meters);
    misses = Counter.builder(requests).tag("result", "miss").description(doc).register(meters);
    evictions =
        Counter.builder("trestle.api.cache.evictions")
            .description("Cached message resources evicted to stay within the size limits")
            .register(meters);
    invalidations =
        Counter.builder("trestle.api.cache.invalidations")
            .description("Cache invalidations by writes to a message or its history")
            .register(meters);
    Gauge.builder("trestle.api.cache.size", this, MessageCache::size)
        .description("Messages with a cached resource")
        .register(meters);
  }

  /**
   * The cached representation of message {@code id}, else {@code load}'s (subscribed once per
   * miss), stored unless a write to the message was invalidated while it loaded. Empty {@code load}
   * (unknown message) is not cached.
   */
  public Mono<byte[]> get(byte[] id, Format format, Supplier<Mono<byte[]>> load) {
    if (!enabled) {
      return load.get();
    }
    return Mono.defer(
        () -> {
          Key key = new Key(id);
          Segment s = segment(key);
          byte[] cached;
          long version;
          synchronized (s) {
            byte[][] slots = s.map.get(key);
            cached = slots == null ? null : slots[format.ordinal()];
            version = s.version;
          }
          if (cached != null) {
            hits.increment();
            return Mono.just(cached);
          }
          misses.increment();
          return load.get().doOnNext(bytes -> store(s, key, format, bytes, version));
        });
  }

  /**
   * Drops every cached representation of message {@code id}. Called after a write to the message or
   * its history has committed, before the write is reported done.
   */
  public void invalidate(byte[] id) {
    if (!enabled) {
      return;
    }
    Key key = new Key(id);
    Segment s = segment(key);
    synchronized (s) {
      s.version++;
      byte[][] slots = s.map.remove(key);
      if (slots != null) {
        s.bytes -= size(slots);
      }
    }
    invalidations.increment();
  }

  /** Messages with a cached representation. */
  public int size() {
    int n = 0;
    for (Segment s : segments) {
      synchronized (s) {
        n += s.map.size();
      }
    }
    return n;
  }

  private void store(Segment s, Key key, Format format, byte[] bytes, long version) {
    int evicted = 0;
    synchronized (s) {
      if (s.version != version) {
        return;
      }
      byte[][] slots = s.map.get(key);
      if (slots == null) {
        slots = new byte[Format.values().length][];
        s.map.put(key, slots);
      } else if (slots[format.ordinal()] != null) {
        s.bytes -= slots[format.ordinal()].length;
      }
      slots[format.ordinal()] = bytes;
      s.bytes += bytes.length;
      Iterator<Map.Entry<Key, byte[][]>> eldest = s.map.entrySet().iterator();
      while (s.map.size() > s.maxEntries || (s.bytes > s.maxBytes && s.map.size() > 1)) {
        Map.Entry<Key, byte[][]> e = eldest.next();
        if (e.getKey().equals(key)) {
          continue;
        }
        s.bytes -= size(e.getValue());
        eldest.remove();
        evicted++;
      }
    }
    if (evicted > 0) {
      evictions.increment(evicted);
    }
  }

  private static long size(byte[][] slots) {
    long n = 0;
    for (byte[] b : slots) {
      n += b == null ? 0 : b.length;
    }
    return n;
  }

  private Segment segment(Key key) {
    return segments[segmentOf(key.hash)];
  }

  /**
   * The segment of a key's hash, from its high bits after a multiplicative mix. Not from the low
   * bits: each segment's HashMap picks buckets by those (after the same {@code h ^ h >>> 16}
   * spread), so keys sharing them would crowd 1/16 of the buckets into tree bins.
   */
  static int segmentOf(int hash) {
    return (hash * 0x9E3779B9) >>> (Integer.SIZE - SEGMENT_BITS);
  }

  /** One lock's share of the entries, in access order (least recently used first). */
  private static final class Segment {
    final LinkedHashMap<Key, byte[][]> map = new LinkedHashMap<>(64, 0.75f, true);
    final int maxEntries;
    final long maxBytes;
    long bytes;
    // Invalidations so far; a load stores its result only if this has not moved meanwhile.
    long version;

    Segment(int maxEntries, long maxBytes) {
      this.maxEntries = maxEntries;
      this.maxBytes = maxBytes;
    }
  }

  /** A message id compared by content. */
  private static final class Key {
    final byte[] id;
    final int hash;

    Key(byte[] id) {
      this.id = id.clone();
      this.hash = Arrays.hashCode(this.id);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(id, k.id);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
