package io.trestle.verifier.ed25519;

/**
 * The base point B of RFC 8032 §5.1 and its precomputed tables: a radix-16 comb for constant-time
 * fixed-base multiplication (signing, key generation) and the odd multiples B, 3B, ..., 127B for
 * the width-8 non-adjacent forms of verification. Built once at class initialisation (about 350
 * group operations and one field inversion).
 */
final class BasePoint {
  /** Width of the non-adjacent form used for B in verification. */
  static final int WNAF_WIDTH = 8;

  private static final byte[] ENCODED =
      java.util.HexFormat.of()
          .parseHex("5866666666666666666666666666666666666666666666666666666666666666");

  /** COMB[i][j] = (j + 1) 256^i B. */
  private static final Point.Niels[][] COMB = new Point.Niels[32][8];

  /** ODD[j] = (2j + 1) B. */
  static final Point.Niels[] ODD = new Point.Niels[1 << (WNAF_WIDTH - 2)];

  /** ODD_HIGH[j] = (2j + 1) 2^128 B, for the upper half of a split scalar. */
  static final Point.Niels[] ODD_HIGH = new Point.Niels[ODD.length];

  static {
    Point b = Point.decode(ENCODED, 0);
    Point[] points = new Point[32 * 8 + 2 * ODD.length];
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
    int base = 32 * 8;
    oddMultiples(b, points, base, ODD.length, c);
    Point high = b.copy();
    high.timesPowerOfTwo(128, c);
    oddMultiples(high, points, base + ODD.length, ODD.length, c);
    Point.Niels[] all = toNiels(points);
    for (int i = 0; i < 32; i++) {
      System.arraycopy(all, i * 8, COMB[i], 0, 8);
    }
    System.arraycopy(all, base, ODD, 0, ODD.length);
    System.arraycopy(all, base + ODD.length, ODD_HIGH, 0, ODD.length);
  }

  /** out[from + j] = (2j + 1) p for j &lt; count. */
  private static void oddMultiples(Point p, Point[] out, int from, int count, Point.Completed c) {
    Point twice = p.copy();
    twice.timesPowerOfTwo(1, c);
    Point.Cached twiceCached = Point.Cached.of(twice);
    out[from] = p.copy();
    for (int j = 1; j < count; j++) {
      c.add(out[from + j - 1], twiceCached);
      out[from + j] = new Point();
      c.toExtended(out[from + j]);
    }
  }

  private BasePoint() {}

  static Point point() {
    return Point.decode(ENCODED, 0);
  }

  /** Affine forms of the given points with one inversion (Montgomery's simultaneous inversion). */
  static Point.Niels[] toNiels(Point[] points) {
    int n = points.length;
    long[][] prefix = new long[n][];
    long[] acc = Field.one();
    for (int i = 0; i < n; i++) {
      prefix[i] = acc.clone();
      Field.mul(acc, acc, points[i].z);
    }
    long[] inv = Field.create();
    Field.invert(inv, acc);
    Point.Niels[] out = new Point.Niels[n];
    long[] zi = Field.create();
    long[] x = Field.create();
    long[] y = Field.create();
    for (int i = n - 1; i >= 0; i--) {
      Field.mul(zi, inv, prefix[i]);
      Field.mul(inv, inv, points[i].z);
      Field.mul(x, points[i].x, zi);
      Field.mul(y, points[i].y, zi);
      Point.Niels ni = new Point.Niels();
      Field.add(ni.ypx, y, x);
      Field.reduce(ni.ypx);
      Field.sub(ni.ymx, y, x);
      Field.reduce(ni.ymx);
      Field.mul(ni.xy2d, x, y);
      Field.mul(ni.xy2d, ni.xy2d, Field.D2);
      out[i] = ni;
    }
    return out;
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

  /** t = b COMB[pos][0] for b in [-8, 8], constant time in b. */
  private static void select(Point.Niels t, int pos, byte b) {
    int negative = (b >> 7) & 1;
    int abs = b - ((-negative & b) << 1);
    Field.setOne(t.ypx);
    Field.setOne(t.ymx);
    Field.setZero(t.xy2d);
    for (int j = 0; j < 8; j++) {
      t.cmov(COMB[pos][j], equal(abs, j + 1));
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
