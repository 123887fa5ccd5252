package io.trestle.verifier.ed25519;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded, validated public keys with their tables of odd multiples, cached because a committee's
 * keys are verified over and over. A key checked by {@link #isValid} (committee registration) is
 * cached without a table; its first verification builds the cheap projective table, its second the
 * large affine one, so a key seen once costs no more than without the cache. The cache holds at
 * most {@link #CAPACITY} keys and is emptied when full (so a flood of fresh keys only costs speed);
 * only keys that pass the registration check are stored, and entries are never mutated after
 * construction. Thread-safe.
 */
final class PublicKeys {
  static final int CAPACITY = 1024;

  /**
   * Window width of the cached tables: 32 affine odd multiples per key (about 6 KB; width 8 halves
   * no measurable time here and doubles the memory).
   */
  static final int WIDTH = 7;

  /**
   * A valid key: its point (order &gt; 8) and, once verified with, either the affine odd multiples
   * A, 3A, ..., 63A (from the second use on) or, on first use, the cheaper projective A, 3A, ...,
   * 15A (both null for a key only checked by {@link #isValid}).
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
   * True iff the key is 32 bytes, canonical, on the curve and not of small order; a valid key is
   * cached without a table (the check does not count as a use).
   */
  static boolean isValid(byte[] publicKey) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES) {
      return false;
    }
    if (CACHE.containsKey(ByteBuffer.wrap(publicKey))) {
      return true;
    }
    Point a = decodeValid(publicKey);
    if (a == null) {
      return false;
    }
    store(publicKey, new Entry(a, null, null));
    return true;
  }

  /**
   * The entry of a key that is 32 bytes, canonical, on the curve and not of small order, with a
   * table to verify with; null otherwise.
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
    if (cached != null && cached.firstUseTable() != null) {
      // Second use: the key is recurring, worth the larger table.
      entry =
          new Entry(cached.point(), MultiScalar.oddMultiplesAffine(cached.point(), WIDTH), null);
    } else {
      Point a = cached != null ? cached.point() : decodeValid(publicKey);
      if (a == null) {
        return null;
      }
      entry = new Entry(a, null, MultiScalar.oddMultiples(a));
    }
    store(publicKey, entry);
    return entry;
  }

  private static Point decodeValid(byte[] publicKey) {
    Point a = Point.decode(publicKey, 0);
    return a == null || a.hasSmallOrder() ? null : a;
  }

  private static void store(byte[] publicKey, Entry entry) {
    ByteBuffer key = ByteBuffer.wrap(publicKey.clone());
    if (CACHE.size() >= CAPACITY && !CACHE.containsKey(key)) {
      CACHE.clear();
    }
    CACHE.put(key, entry);
  }
}
