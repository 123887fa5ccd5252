package io.trestle.verifier.ed25519;

/**
 * The base point B of RFC 8032 §5.1 and its precomputed tables, each built on first use (class
 * initialisation of a holder), so that a process pays only for the tables it needs: a radix-16 comb
 * for constant-time fixed-base multiplication (signing, key generation; 256 entries), the odd
 * multiples B, 3B, ..., 127B for batch verification (width-8 non-adjacent forms; 64 entries), and
 * the same odd multiples of B, 2^32 B, ..., 2^224 B for single verification (8 x 64 entries, 61
 * KB).
 */
final class BasePoint {
  /**
   * Odd multiples of B (and of 2^32 B, 2^64 B, ..., 2^224 B for a scalar split in 32-bit parts) for
   * a given NAF width: parts[i] holds those of 2^(32 i) B.
   */
  record Tables(int width, AffineTable[] parts) {}

  private static final byte[] ENCODED =
      java.util.HexFormat.of()
          .parseHex("5866666666666666666666666666666666666666666666666666666666666666");

  /** Width of the non-adjacent form used for B in batch verification. */
  static final int BATCH_WIDTH = 8;

  /** Width of the non-adjacent forms used for B, ..., 2^224 B in single verification. */
  static final int SINGLE_WIDTH = 8;

  private static final class Comb {
    /** COMB[i][j] = (j + 1) 256^i B. */
    static final Point.Niels[][] COMB = new Point.Niels[32][8];

    static {
      Point b = point();
      Point[] points = new Point[32 * 8];
      Point.Completed c = new Point.Completed();
      Point row = b.copy();
      for (int i = 0; i < 32; i++) {
        Point.Cached rowCached = Point.Cached.of(row);
        points[i * 8] = row.copy();
        for (int j = 1; j < 8; j++) {
          c.add(points[i * 8 + j - 1], rowCached);
          points[i * 8 + j] = new Point();
          c.toExtended(points[i * 8 + j]);
        }
        row.timesPowerOfTwo(8, c);
      }
      AffineTable all = AffineTable.of(points);
      for (int i = 0; i < 32; i++) {
        for (int j = 0; j < 8; j++) {
          COMB[i][j] = all.niels(i * 8 + j);
        }
      }
    }
  }

  private static final class Batch {
    static final Tables TABLES =
        new Tables(BATCH_WIDTH, new AffineTable[] {oddMultiples(point(), BATCH_WIDTH)});
  }

  private static final class Single {
    static final Tables TABLES;

    static {
      int bits = 8 * MultiScalar.PART_BYTES;
      TABLES =
          new Tables(
              SINGLE_WIDTH,
              AffineTable.oddMultiplesOfPowers(
                  point(), bits, (253 + bits - 1) / bits, SINGLE_WIDTH));
    }
  }

  /** The width-8 table of B (one part), built on first use. */
  static Tables batchTables() {
    return Batch.TABLES;
  }

  /** The tables of B, 2^32 B, ..., 2^224 B, built on first use. */
  static Tables singleTables() {
    return Single.TABLES;
  }

  /**
   * The tables of B and 2^128 B (two of {@link #singleTables}'s), for a scalar in two 128-bit
   * halves when the doublings number 127 anyway (a key's first verification): fewer additions than
   * eight 32-bit parts.
   */
  static Tables halfTables() {
    AffineTable[] parts = Single.TABLES.parts();
    return new Tables(
        SINGLE_WIDTH, new AffineTable[] {parts[0], parts[16 / MultiScalar.PART_BYTES]});
  }

  /** (2j + 1) p for j &lt; 2^(width - 2), affine. */
  private static AffineTable oddMultiples(Point p, int width) {
    return MultiScalar.oddMultiplesAffine(p, width);
  }

  private BasePoint() {}

  /** A new copy of B. */
  static Point point() {
    return Point.decode(ENCODED, 0);
  }

  /**
   * [a]B for a 32-byte little-endian a &lt; 2^255, constant time in a: signed radix-16 digits,
   * table entries chosen by a full scan with conditional moves (after ref10's ge_scalarmult_base).
   */
  static Point multiply(byte[] a) {
    byte[] e = new byte[64];
    for (int i = 0; i < 32; i++) {
      e[2 * i] = (byte) (a[i] & 15);
      e[2 * i + 1] = (byte) ((a[i] >>> 4) & 15);
    }
    int carry = 0;
    for (int i = 0; i < 63; i++) {
      e[i] += (byte) carry;
      carry = (e[i] + 8) >> 4;
      e[i] -= (byte) (carry << 4);
    }
    e[63] += (byte) carry;
    Point h = Point.identity();
    Point.Completed c = new Point.Completed();
    Point.Niels t = new Point.Niels();
    for (int i = 1; i < 64; i += 2) {
      select(t, i / 2, e[i]);
      c.madd(h, t);
      c.toExtended(h);
    }
    h.timesPowerOfTwo(4, c);
    for (int i = 0; i < 64; i += 2) {
      select(t, i / 2, e[i]);
      c.madd(h, t);
      c.toExtended(h);
    }
    return h;
  }

  /** t = b Comb.COMB[pos][0] for b in [-8, 8], constant time in b. */
  private static void select(Point.Niels t, int pos, byte b) {
    int negative = (b >> 7) & 1;
    int abs = b - ((-negative & b) << 1);
    Field.setOne(t.ypx);
    Field.setOne(t.ymx);
    Field.setZero(t.xy2d);
    for (int j = 0; j < 8; j++) {
      t.cmov(Comb.COMB[pos][j], equal(abs, j + 1));
    }
    Point.Niels minus = new Point.Niels();
    Field.copy(minus.ypx, t.ymx);
    Field.copy(minus.ymx, t.ypx);
    Field.neg(minus.xy2d, t.xy2d);
    t.cmov(minus, negative);
  }

  /** 1 if a == b else 0, for small non-negative ints; constant time. */
  private static int equal(int a, int b) {
    return ((a ^ b) - 1) >>> 31;
  }
}
