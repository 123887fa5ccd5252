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
    return oddMultiples(p, WIDTH);
  }

  /** Odd multiples P, 3P, ..., (2^(width-1) - 1)P, affine (one inversion). */
  static Point.Niels[] oddMultiplesAffine(Point p, int width) {
    Point[] points = new Point[1 << (width - 2)];
    Point.Completed c = new Point.Completed();
    Point twice = p.copy();
    twice.timesPowerOfTwo(1, c);
    Point.Cached twiceCached = Point.Cached.of(twice);
    points[0] = p.copy();
    for (int j = 1; j < points.length; j++) {
      c.add(points[j - 1], twiceCached);
      points[j] = new Point();
      c.toExtended(points[j]);
    }
    return BasePoint.toNiels(points);
  }

  private static Point.Cached[] oddMultiples(Point p, int width) {
    Point.Cached[] table = new Point.Cached[1 << (width - 2)];
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
   * A variable term: the odd multiples P, 3P, ... of a point (projective or affine, whose count
   * sets the window width), its scalar, and whether to negate the point.
   */
  record Term(Point.Cached[] table, Point.Niels[] affine, byte[] scalar, boolean negate) {
    static Term of(Point.Cached[] table, byte[] scalar, boolean negate) {
      return new Term(table, null, scalar, negate);
    }

    static Term of(Point.Niels[] affine, byte[] scalar, boolean negate) {
      return new Term(null, affine, scalar, negate);
    }

    int width() {
      int entries = table != null ? table.length : affine.length;
      return Integer.numberOfTrailingZeros(entries) + 2;
    }
  }

  /**
   * Computes [b]B + sum_j [scalars[j]] points[j]; b may be null (no base-point term). Scalars are
   * 32-byte little-endian integers &lt; 2^255.
   */
  static Point multiply(byte[] b, Point[] points, byte[][] scalars) {
    Term[] terms = new Term[points.length];
    for (int j = 0; j < terms.length; j++) {
      terms[j] = Term.of(oddMultiples(points[j]), scalars[j], false);
    }
    return multiply(b, null, terms);
  }

  /** Computes [b]B + [bHigh] 2^128 B + sum_j (+-)[scalar_j] P_j; b and bHigh may be null. */
  static Point multiply(byte[] b, byte[] bHigh, Term[] terms) {
    int n = terms.length;
    byte[] nafB = b == null ? null : Scalar.nonAdjacentForm(b, BasePoint.WNAF_WIDTH);
    byte[] nafH = bHigh == null ? null : Scalar.nonAdjacentForm(bHigh, BasePoint.WNAF_WIDTH);
    byte[][] nafs = new byte[n][];
    int top = Math.max(nafB == null ? -1 : topIndex(nafB), nafH == null ? -1 : topIndex(nafH));
    for (int j = 0; j < n; j++) {
      nafs[j] = Scalar.nonAdjacentForm(terms[j].scalar(), terms[j].width());
      if (terms[j].negate()) {
        for (int i = 0; i < nafs[j].length; i++) {
          nafs[j][i] = (byte) -nafs[j][i];
        }
      }
      top = Math.max(top, topIndex(nafs[j]));
    }
    Point r = Point.identity();
    Point.Completed c = new Point.Completed();
    for (int i = top; i >= 0; i--) {
      c.dbl(r);
      if (nafB != null) {
        addBase(r, c, nafB[i], BasePoint.ODD);
      }
      if (nafH != null) {
        addBase(r, c, nafH[i], BasePoint.ODD_HIGH);
      }
      for (int j = 0; j < n; j++) {
        int d = nafs[j][i];
        if (d == 0) {
          continue;
        }
        c.toExtended(r);
        Point.Cached[] table = terms[j].table();
        if (table == null) {
          if (d > 0) {
            c.madd(r, terms[j].affine()[d >> 1]);
          } else {
            c.msub(r, terms[j].affine()[(-d) >> 1]);
          }
        } else if (d > 0) {
          c.add(r, table[d >> 1]);
        } else {
          c.sub(r, table[(-d) >> 1]);
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

  private static void addBase(Point r, Point.Completed c, int d, Point.Niels[] table) {
    if (d > 0) {
      c.toExtended(r);
      c.madd(r, table[d >> 1]);
    } else if (d < 0) {
      c.toExtended(r);
      c.msub(r, table[(-d) >> 1]);
    }
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
