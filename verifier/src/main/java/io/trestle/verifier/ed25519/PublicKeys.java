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
   * Window width of the cached tables: 8 affine odd multiples of each of A, 2^32 A, ..., 2^192 A
   * per key (6.7 KB). Wider windows save a few additions but, with a few hundred keys in use, the
   * tables no longer fit the CPU's caches and verification got slower.
   */
  static final int WIDTH = 5;

  /** Tables per key: enough parts for the c &lt; 2^(253 - b) of {@link Lattice#SHORT_D}. */
  static final int TABLES =
      (Lattice.SHORT_D + 8 * MultiScalar.PART_BYTES - 1) / (8 * MultiScalar.PART_BYTES);

  /**
   * A valid key: its point (order &gt; 8) and, once verified with, either the affine odd multiples
   * P, 3P, ..., 15P of P = A, 2^32 A, ..., 2^192 A (from the second use on; {@code tables[i]} for
   * 2^(32 i) A) or, on first use, the cheaper projective A, 3A, ..., 15A (both null for a key only
   * checked by {@link #isValid}).
   */
  static final class Entry {
    private final Point point;
    private final AffineTable[] tables;
    private final Point.Cached[] firstUseTable;

    /** The width-7 table for batches, built on a batch's first need (after the tables). */
    private volatile AffineTable batchTable;

    Entry(Point point, AffineTable[] tables, Point.Cached[] firstUseTable) {
      this.point = point;
      this.tables = tables;
      this.firstUseTable = firstUseTable;
    }

    Point point() {
      return point;
    }

    AffineTable[] tables() {
      return tables;
    }

    Point.Cached[] firstUseTable() {
      return firstUseTable;
    }

    /**
     * The terms of (+-)[scalar]A, scalar &lt; 2^255: with the cached tables, its 32-bit parts on A,
     * 2^32 A, ..., the last (bits 192 up) on 2^192 A; else one term.
     */
    MultiScalar.Term[] terms(byte[] scalar, boolean negate) {
      if (tables == null) {
        return new MultiScalar.Term[] {MultiScalar.Term.of(firstUseTable, scalar, negate)};
      }
      byte[][] parts = MultiScalar.parts(scalar, tables.length);
      MultiScalar.Term[] terms = new MultiScalar.Term[parts.length];
      for (int i = 0; i < parts.length; i++) {
        terms[i] = MultiScalar.Term.of(tables[i], parts[i], negate);
      }
      return terms;
    }

    /**
     * One term (+-)[scalar]A for a full-size scalar of a long batch, where the doublings are shared
     * anyway and a wider window saves additions: the odd multiples A, ..., 63A (built on first
     * need, for a key with cached tables), else the first-use table.
     */
    MultiScalar.Term wideTerm(byte[] scalar, boolean negate) {
      if (tables == null) {
        return MultiScalar.Term.of(firstUseTable, scalar, negate);
      }
      AffineTable t = batchTable;
      if (t == null) {
        t = MultiScalar.oddMultiplesAffine(point, BATCH_WIDTH);
        batchTable = t; // a race builds the same immutable table twice, harmlessly
      }
      return MultiScalar.Term.of(t, scalar, negate);
    }
  }

  /** Window width of a key's batch table (32 entries, 3.8 KB). */
  static final int BATCH_WIDTH = 7;

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
    if (cached != null && cached.tables() != null) {
      return cached;
    }
    Entry entry;
    if (cached != null && cached.firstUseTable() != null) {
      // Second use: the key is recurring, worth the larger table.
      entry = new Entry(cached.point(), tables(cached.point()), null);
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

  /** The affine odd multiples of A, 2^32 A, ..., 2^192 A. */
  private static AffineTable[] tables(Point a) {
    return AffineTable.oddMultiplesOfPowers(a, 8 * MultiScalar.PART_BYTES, TABLES, WIDTH);
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
