package io.trestle.verifier.ed25519;

/**
 * Variable-time multi-scalar multiplication [b]B + sum [s_j] P_j by Straus' interleaving with
 * width-w non-adjacent forms (one shared chain of doublings; B uses the static width-8 table). Only
 * for public inputs: running time and memory access depend on the scalars.
 */
final class MultiScalar {
  /** Width of the non-adjacent form for variable points: tables of 8 odd multiples. */
  static final int WIDTH = 5;

  private MultiScalar() {}

  /** Odd multiples P, 3P, ..., (2^(WIDTH-1) - 1)P. */
  static Point.Cached[] oddMultiples(Point p) {
    Point.Cached[] table = new Point.Cached[1 << (WIDTH - 2)];
    Point.Completed c = new Point.Completed();
    Point twice = p.copy();
    twice.timesPowerOfTwo(1, c);
    Point.Cached twiceCached = Point.Cached.of(twice);
    Point current = p.copy();
    table[0] = Point.Cached.of(current);
    for (int j = 1; j < table.length; j++) {
      c.add(current, twiceCached);
      c.toExtended(current);
      table[j] = Point.Cached.of(current);
    }
    return table;
  }

  /**
   * Computes [b]B + sum_j [scalars[j]] points[j]; b may be null (no base-point term). Scalars are
   * 32-byte little-endian integers &lt; 2^255.
   */
  static Point multiply(byte[] b, Point[] points, byte[][] scalars) {
    int n = points.length;
    byte[] nafB = b == null ? null : Scalar.nonAdjacentForm(b, BasePoint.WNAF_WIDTH);
    byte[][] nafs = new byte[n][];
    Point.Cached[][] tables = new Point.Cached[n][];
    int top = nafB == null ? -1 : topIndex(nafB);
    for (int j = 0; j < n; j++) {
      nafs[j] = Scalar.nonAdjacentForm(scalars[j], WIDTH);
      int t = topIndex(nafs[j]);
      if (t >= 0) {
        tables[j] = oddMultiples(points[j]);
        top = Math.max(top, t);
      }
    }
    Point r = Point.identity();
    Point.Completed c = new Point.Completed();
    for (int i = top; i >= 0; i--) {
      c.dbl(r);
      if (nafB != null) {
        int d = nafB[i];
        if (d > 0) {
          c.toExtended(r);
          c.madd(r, BasePoint.ODD[d >> 1]);
        } else if (d < 0) {
          c.toExtended(r);
          c.msub(r, BasePoint.ODD[(-d) >> 1]);
        }
      }
      for (int j = 0; j < n; j++) {
        int d = nafs[j][i];
        if (d > 0) {
          c.toExtended(r);
          c.add(r, tables[j][d >> 1]);
        } else if (d < 0) {
          c.toExtended(r);
          c.sub(r, tables[j][(-d) >> 1]);
        }
      }
      if (i > 0) {
        c.toProjective(r);
      } else {
        c.toExtended(r);
      }
    }
    return r;
  }

  private static int topIndex(byte[] naf) {
    for (int i = naf.length - 1; i >= 0; i--) {
      if (naf[i] != 0) {
        return i;
      }
    }
    return -1;
  }
}
