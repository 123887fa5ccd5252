package io.trestle.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trestle.app.service.MessageCache.Format;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class MessageCacheTest {

  private static final Duration T = Duration.ofSeconds(5);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicInteger loads = new AtomicInteger();

  private static byte[] id(int n) {
    byte[] id = new byte[32];
    id[0] = (byte) n;
    id[31] = (byte) (n >> 8);
    return id;
  }

  private Mono<byte[]> load(String body) {
    return Mono.fromSupplier(
        () -> {
          loads.incrementAndGet();
          return body.getBytes(StandardCharsets.UTF_8);
        });
  }

  private String get(MessageCache cache, int n, Format f, String body) {
    byte[] b = cache.get(id(n), f, () -> load(body)).block(T);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private double count(String result) {
    return meters.counter("trestle.api.cache.requests", "result", result).count();
  }

  @Test
  void secondGetIsServedFromTheCachePerFormatAndCounted() {
    MessageCache cache = new MessageCache(100, 1 << 20, meters);
    assertThat(get(cache, 1, Format.JSON, "v1")).isEqualTo("v1");
    assertThat(get(cache, 1, Format.JSON, "other")).isEqualTo("v1");
    assertThat(get(cache, 1, Format.PROTOBUF, "pb1")).isEqualTo("pb1");
    assertThat(get(cache, 1, Format.PROTOBUF, "other")).isEqualTo("pb1");
    assertThat(loads).hasValue(2);
    assertThat(count("hit")).isEqualTo(2);
    assertThat(count("miss")).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void invalidateDropsEveryFormatOfThatMessageOnly() {
    MessageCache cache = new MessageCache(100, 1 << 20, meters);
    get(cache, 1, Format.JSON, "a1");
    get(cache, 1, Format.PROTOBUF, "p1");
    get(cache, 2, Format.JSON, "a2");
    cache.invalidate(id(1));
    assertThat(get(cache, 1, Format.JSON, "a1'")).isEqualTo("a1'");
    assertThat(get(cache, 1, Format.PROTOBUF, "p1'")).isEqualTo("p1'");
    assertThat(get(cache, 2, Format.JSON, "a2'")).isEqualTo("a2");
  }

  @Test
  void unknownMessageIsNotCached() {
    MessageCache cache = new MessageCache(100, 1 << 20, meters);
    StepVerifier.create(cache.get(id(1), Format.JSON, Mono::empty)).expectComplete().verify(T);
    assertThat(get(cache, 1, Format.JSON, "now known")).isEqualTo("now known");
  }

  /**
   * The race the version check exists for: a load reads the old state, a write commits and
   * invalidates, then the load finishes. Its (stale) result must not be stored.
   */
  @Test
  void loadOverlappingAnInvalidationIsReturnedButNotStored() {
    MessageCache cache = new MessageCache(100, 1 << 20, meters);
    Sinks.One<byte[]> slowRead = Sinks.one();
    Mono<byte[]> inFlight = cache.get(id(1), Format.JSON, slowRead::asMono).cache();
    inFlight.subscribe();
    cache.invalidate(id(1)); // the write commits while the read is in flight
    slowRead.tryEmitValue("old".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(inFlight.block(T), StandardCharsets.UTF_8)).isEqualTo("old");
    assertThat(get(cache, 1, Format.JSON, "new")).isEqualTo("new");
    assertThat(get(cache, 1, Format.JSON, "newer")).isEqualTo("new");
  }

  @Test
  void loadAfterAnInvalidationIsStored() {
    MessageCache cache = new MessageCache(100, 1 << 20, meters);
    cache.invalidate(id(1));
    get(cache, 1, Format.JSON, "v");
    assertThat(get(cache, 1, Format.JSON, "w")).isEqualTo("v");
  }

  @Test
  void entriesAreBoundedLeastRecentlyUsedFirst() {
    // 16 segments of 1 entry each: the 17th distinct id evicts within its segment.
    MessageCache cache = new MessageCache(16, 1 << 20, meters);
    for (int i = 0; i < 1000; i++) {
      get(cache, i, Format.JSON, "m" + i);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(16);
    assertThat(meters.counter("trestle.api.cache.evictions").count()).isGreaterThan(900);
    assertThat(get(cache, 999, Format.JSON, "reloaded")).isEqualTo("m999");
  }

  @Test
  void bytesAreBounded() {
    MessageCache cache = new MessageCache(100_000, 16 * 1024, meters);
    String big = "x".repeat(512);
    for (int i = 0; i < 1000; i++) {
      get(cache, i, Format.JSON, big);
    }
    // 1 KiB per segment: at most 2 entries of 512 bytes each in each of 16 segments.
    assertThat(cache.size()).isLessThanOrEqualTo(32).isPositive();
  }

  @Test
  void zeroEntriesDisablesTheCache() {
    MessageCache cache = new MessageCache(0, 1 << 20, meters);
    get(cache, 1, Format.JSON, "a");
    assertThat(get(cache, 1, Format.JSON, "b")).isEqualTo("b");
    assertThat(loads).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void keysOfOneSegmentSpreadOverItsBuckets() {
    // The keys a segment holds must not share the low hash bits that its HashMap picks buckets by;
    // when the segment came from those bits, all of them did, and lookups walked tree bins.
    java.util.Random random = new java.util.Random(7);
    java.util.Map<Integer, java.util.Set<Integer>> lowBitsBySegment = new java.util.HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      int h = java.util.Arrays.hashCode(id);
      lowBitsBySegment
          .computeIfAbsent(MessageCache.segmentOf(h), k -> new java.util.HashSet<>())
          .add((h ^ (h >>> 16)) & 15);
    }
    assertThat(lowBitsBySegment).hasSize(16);
    assertThat(lowBitsBySegment.values()).allSatisfy(bits -> assertThat(bits).hasSize(16));
  }
}
