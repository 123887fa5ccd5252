package io.trestle.verifier.ed25519;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded, validated public keys with their tables of odd multiples, cached because a committee's
 * keys are verified over and over; the large affine table is built on a key's second use, so a key
 * seen once costs no more than without the cache. The cache holds at most {@link #CAPACITY} keys
 * and is emptied when full (so a flood of fresh keys only costs speed); only keys that pass the
 * registration check are stored, and entries are never mutated after construction. Thread-safe.
 */
final class PublicKeys {
  static final int CAPACITY = 1024;

  /** Window width of the cached tables: 32 affine odd multiples per key (about 5 KB). */
  static final int WIDTH = 7;

  /**
   * A valid key: its point (order &gt; 8) and either the affine odd multiples A, 3A, ..., 63A (from
   * the second use on) or, on first sight, the cheaper projective A, 3A, ..., 15A.
   */
  record Entry(Point point, Point.Niels[] table, Point.Cached[] firstUseTable) {
    MultiScalar.Term term(byte[] scalar, boolean negate) {
      return table != null
          ? MultiScalar.Term.of(table, scalar, negate)
          : MultiScalar.Term.of(firstUseTable, scalar, negate);
    }
  }

  private static final ConcurrentHashMap<ByteBuffer, Entry> CACHE = new ConcurrentHashMap<>();

  private PublicKeys() {}

  /**
   * The entry of a key that is 32 bytes, canonical, on the curve and not of small order; null
   * otherwise.
   */
  static Entry get(byte[] publicKey) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES) {
      return null;
    }
    Entry cached = CACHE.get(ByteBuffer.wrap(publicKey));
    if (cached != null && cached.table() != null) {
      return cached;
    }
    Entry entry;
    if (cached != null) {
      // Second use: the key is recurring, worth the larger table.
      entry =
          new Entry(cached.point(), MultiScalar.oddMultiplesAffine(cached.point(), WIDTH), null);
    } else {
      Point a = Point.decode(publicKey, 0);
      if (a == null || a.hasSmallOrder()) {
        return null;
      }
      entry = new Entry(a, null, MultiScalar.oddMultiples(a));
      if (CACHE.size() >= CAPACITY) {
        CACHE.clear();
      }
    }
    CACHE.put(ByteBuffer.wrap(publicKey.clone()), entry);
    return entry;
  }
}
