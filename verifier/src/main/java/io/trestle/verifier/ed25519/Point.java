package io.trestle.verifier.ed25519;

/**
 * A point of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) in extended coordinates (X:Y:Z:T), x = X/Z,
 * y = Y/Z, xy = T/Z (Hisil, Wong, Carter, Dawson 2008), with the companion forms used by the
 * addition formulas. The formulas are complete: they hold for every pair of points, the identity
 * and points of small order included.
 *
 * <p>Instances are mutable work areas; the arithmetic is constant time except {@link #decode} and
 * the predicates documented as variable time.
 */
final class Point {
  final long[] x = Field.create();
  final long[] y = Field.create();
  final long[] z = Field.create();
  final long[] t = Field.create();

  /** The identity (0, 1). */
  static Point identity() {
    Point p = new Point();
    Field.setOne(p.y);
    Field.setOne(p.z);
    return p;
  }

  Point copy() {
    Point p = new Point();
    Field.copy(p.x, x);
    Field.copy(p.y, y);
    Field.copy(p.z, z);
    Field.copy(p.t, t);
    return p;
  }

  /** (Y+X, Y-X, Z, 2dT): the form added by {@link Completed#add}. */
  static final class Cached {
    final long[] ypx = Field.create();
    final long[] ymx = Field.create();
    final long[] z = Field.create();
    final long[] t2d = Field.create();

    static Cached of(Point p) {
      Cached c = new Cached();
      Field.add(c.ypx, p.y, p.x);
      Field.sub(c.ymx, p.y, p.x);
      Field.copy(c.z, p.z);
      Field.mul(c.t2d, p.t, Field.D2);
      return c;
    }
  }

  /** Affine (y+x, y-x, 2dxy) with z = 1: the form of precomputed tables. */
  static final class Niels {
    final long[] ypx = Field.create();
    final long[] ymx = Field.create();
    final long[] xy2d = Field.create();

    /** The identity (1, 1, 0). */
    static Niels identity() {
      Niels n = new Niels();
      Field.setOne(n.ypx);
      Field.setOne(n.ymx);
      return n;
    }

    /** this = n if b == 1, unchanged if b == 0; constant time. */
    void cmov(Niels n, int b) {
      Field.cmov(ypx, n.ypx, b);
      Field.cmov(ymx, n.ymx, b);
      Field.cmov(xy2d, n.xy2d, b);
    }
  }

  /** A completed point ((X:Z), (Y:T)) as produced by additions and doublings. */
  static final class Completed {
    final long[] x = Field.create();
    final long[] y = Field.create();
    final long[] z = Field.create();
    final long[] t = Field.create();
    private final long[] u = Field.create();

    /** this = p + q. */
    void add(Point p, Cached q) {
      Field.add(x, p.y, p.x);
      Field.sub(y, p.y, p.x);
      Field.mul(z, x, q.ypx);
      Field.mul(y, y, q.ymx);
      Field.mul(t, q.t2d, p.t);
      Field.mul(u, p.z, q.z);
      finishAdd(false);
    }

    /** this = p - q. */
    void sub(Point p, Cached q) {
      Field.add(x, p.y, p.x);
      Field.sub(y, p.y, p.x);
      Field.mul(z, x, q.ymx);
      Field.mul(y, y, q.ypx);
      Field.mul(t, q.t2d, p.t);
      Field.mul(u, p.z, q.z);
      finishAdd(true);
    }

    /** this = p + q for q the affine entry at {@code off} of a flat table. */
    void madd(Point p, long[] table, int off) {
      Field.add(x, p.y, p.x);
      Field.sub(y, p.y, p.x);
      Field.mul(z, x, table, off + AffineTable.YPX);
      Field.mul(y, y, table, off + AffineTable.YMX);
      Field.mul(t, p.t, table, off + AffineTable.XY2D);
      Field.copy(u, p.z);
      finishAdd(false);
    }

    /** this = p - q for q the affine entry at {@code off} of a flat table. */
    void msub(Point p, long[] table, int off) {
      Field.add(x, p.y, p.x);
      Field.sub(y, p.y, p.x);
      Field.mul(z, x, table, off + AffineTable.YMX);
      Field.mul(y, y, table, off + AffineTable.YPX);
      Field.mul(t, p.t, table, off + AffineTable.XY2D);
      Field.copy(u, p.z);
      finishAdd(true);
    }

    /** this = p + q for an affine q. */
    void madd(Point p, Niels q) {
      Field.add(x, p.y, p.x);
      Field.sub(y, p.y, p.x);
      Field.mul(z, x, q.ypx);
      Field.mul(y, y, q.ymx);
      Field.mul(t, q.xy2d, p.t);
      Field.copy(u, p.z);
      finishAdd(false);
    }

    /** With A in z, B in y, C in t, D in u: X = A-B, Y = A+B, Z = 2D+-C, T = 2D-+C. */
    private void finishAdd(boolean negate) {
      Field.add(u, u, u);
      Field.sub(x, z, y);
      Field.add(y, z, y);
      if (negate) {
        Field.sub(z, u, t);
        Field.add(t, u, t);
      } else {
        Field.add(z, u, t);
        Field.sub(t, u, t);
      }
    }

    /** this = 2p, reading only X, Y, Z of p. */
    void dbl(Point p) {
      Field.sq(x, p.x);
      Field.sq(z, p.y);
      Field.sq(t, p.z);
      Field.add(t, t, t);
      Field.add(y, p.x, p.y);
      Field.sq(u, y);
      Field.add(y, z, x);
      Field.sub(z, z, x);
      Field.sub(x, u, y);
      Field.sub(t, t, z);
    }

    /** r = this in extended coordinates. */
    void toExtended(Point r) {
      Field.mul(r.x, x, t);
      Field.mul(r.y, y, z);
      Field.mul(r.z, z, t);
      Field.mul(r.t, x, y);
    }

    /** r = this with X, Y, Z only (enough for a following doubling). */
    void toProjective(Point r) {
      Field.mul(r.x, x, t);
      Field.mul(r.y, y, z);
      Field.mul(r.z, z, t);
    }
  }

  /** this = 2^n this, n &gt;= 1. */
  void timesPowerOfTwo(int n, Completed c) {
    for (int i = 0; i < n - 1; i++) {
      c.dbl(this);
      c.toProjective(this);
    }
    c.dbl(this);
    c.toExtended(this);
  }

  void negate() {
    Field.neg(x, x);
    Field.neg(t, t);
  }

  /** True if this is the identity; variable time. */
  boolean isIdentity() {
    long[] d = Field.create();
    Field.sub(d, y, z);
    return Field.isZero(x) == 1 && Field.isZero(d) == 1;
  }

  /** True if 8 this is the identity, i.e. this is one of the 8 points of small order. */
  boolean hasSmallOrder() {
    Point p = copy();
    p.timesPowerOfTwo(3, new Completed());
    return p.isIdentity();
  }

  /** The 32-byte encoding of RFC 8032 §5.1.2. */
  byte[] encode() {
    long[] zi = Field.create();
    long[] ax = Field.create();
    long[] ay = Field.create();
    Field.invert(zi, z);
    Field.mul(ax, x, zi);
    Field.mul(ay, y, zi);
    byte[] s = Field.toBytes(ay);
    s[31] |= (byte) (Field.isNegative(ax) << 7);
    return s;
  }

  /**
   * Decodes s[off..off+32) (RFC 8032 §5.1.3), additionally rejecting a y-coordinate &ge; p; returns
   * null when the bytes are not the canonical encoding of a curve point. Variable time.
   */
  static Point decode(byte[] s, int off) {
    if (!isCanonicalY(s, off)) {
      return null;
    }
    Point p = new Point();
    Field.fromBytes(p.y, s, off);
    long[] u = Field.create();
    long[] v = Field.create();
    long[] v3 = Field.create();
    long[] vxx = Field.create();
    long[] check = Field.create();
    Field.sq(u, p.y);
    Field.mul(v, u, Field.D);
    Field.sub(u, u, Field.one()); // u = y^2 - 1
    Field.add(v, v, Field.one()); // v = d y^2 + 1
    Field.sq(v3, v);
    Field.mul(v3, v3, v); // v^3
    Field.sq(p.x, v3);
    Field.mul(p.x, p.x, v);
    Field.mul(p.x, p.x, u); // u v^7
    Field.pow22523(p.x, p.x);
    Field.mul(p.x, p.x, v3);
    Field.mul(p.x, p.x, u); // x = u v^3 (u v^7)^((p-5)/8)
    Field.sq(vxx, p.x);
    Field.mul(vxx, vxx, v);
    Field.sub(check, vxx, u);
    if (Field.isZero(check) == 0) {
      Field.add(check, vxx, u);
      if (Field.isZero(check) == 0) {
        return null;
      }
      Field.mul(p.x, p.x, Field.SQRT_M1);
    }
    int sign = (s[off + 31] >> 7) & 1;
    if (Field.isZero(p.x) == 1 && sign == 1) {
      return null;
    }
    if (Field.isNegative(p.x) != sign) {
      Field.neg(p.x, p.x);
    }
    Field.setOne(p.z);
    Field.mul(p.t, p.x, p.y);
    return p;
  }

  /** True if the low 255 bits of s[off..off+32) are an integer &lt; p = 2^255 - 19. */
  static boolean isCanonicalY(byte[] s, int off) {
    if ((s[off + 31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if (s[off + i] != (byte) 0xff) {
        return true;
      }
    }
    return (s[off] & 0xff) < 0xed;
  }
}
