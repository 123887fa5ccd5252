package io.trestle.verifier.ed25519;

/**
 * Affine points (y+x, y-x, 2dxy) with z = 1, the form of precomputed tables, stored flat: entry j
 * occupies {@code data[15 j .. 15 j + 15)} (three field elements of five limbs), so that reading an
 * entry touches two or three adjacent cache lines instead of four separate objects. Immutable after
 * construction.
 */
final class AffineTable {
  /** Longs per entry. */
  static final int STRIDE = 3 * Field.LIMBS;

  /** Offsets of y+x, y-x and 2dxy within an entry. */
  static final int YPX = 0;

  static final int YMX = Field.LIMBS;
  static final int XY2D = 2 * Field.LIMBS;

  final long[] data;

  private AffineTable(int size) {
    data = new long[size * STRIDE];
  }

  private AffineTable(long[] data) {
    this.data = data;
  }

  int size() {
    return data.length / STRIDE;
  }

  /**
   * The affine forms of the given points with one inversion (Montgomery's simultaneous inversion).
   */
  static AffineTable of(Point[] points) {
    int n = points.length;
    long[][] prefix = new long[n][];
    long[] acc = Field.one();
    for (int i = 0; i < n; i++) {
      prefix[i] = acc.clone();
      Field.mul(acc, acc, points[i].z);
    }
    long[] inv = Field.create();
    Field.invert(inv, acc);
    AffineTable out = new AffineTable(n);
    long[] zi = Field.create();
    long[] x = Field.create();
    long[] y = Field.create();
    long[] e = Field.create();
    for (int i = n - 1; i >= 0; i--) {
      Field.mul(zi, inv, prefix[i]);
      Field.mul(inv, inv, points[i].z);
      Field.mul(x, points[i].x, zi);
      Field.mul(y, points[i].y, zi);
      int off = i * STRIDE;
      Field.add(e, y, x);
      Field.reduce(e);
      System.arraycopy(e, 0, out.data, off + YPX, Field.LIMBS);
      Field.sub(e, y, x);
      Field.reduce(e);
      System.arraycopy(e, 0, out.data, off + YMX, Field.LIMBS);
      Field.mul(e, x, y);
      Field.mul(e, e, Field.D2);
      System.arraycopy(e, 0, out.data, off + XY2D, Field.LIMBS);
    }
    return out;
  }

  /**
   * The one-entry table of a point with z = 1, such as a point just decoded: no inversion, one
   * multiplication.
   */
  static AffineTable ofDecoded(Point p) {
    AffineTable out = new AffineTable(1);
    long[] e = Field.create();
    Field.add(e, p.y, p.x);
    Field.reduce(e);
    System.arraycopy(e, 0, out.data, YPX, Field.LIMBS);
    Field.sub(e, p.y, p.x);
    Field.reduce(e);
    System.arraycopy(e, 0, out.data, YMX, Field.LIMBS);
    Field.mul(e, p.t, Field.D2);
    System.arraycopy(e, 0, out.data, XY2D, Field.LIMBS);
    return out;
  }

  /**
   * The odd multiples P, 3P, ..., (2^(width-1) - 1)P of each of the given points, one table per
   * point, with one inversion for all of them.
   */
  static AffineTable[] oddMultiples(Point[] bases, int width) {
    int size = 1 << (width - 2);
    Point[] points = new Point[bases.length * size];
    Point.Completed c = new Point.Completed();
    for (int i = 0; i < bases.length; i++) {
      Point twice = bases[i].copy();
      twice.timesPowerOfTwo(1, c);
      Point.Cached twiceCached = Point.Cached.of(twice);
      points[i * size] = bases[i].copy();
      for (int j = 1; j < size; j++) {
        c.add(points[i * size + j - 1], twiceCached);
        points[i * size + j] = new Point();
        c.toExtended(points[i * size + j]);
      }
    }
    AffineTable all = of(points);
    AffineTable[] tables = new AffineTable[bases.length];
    for (int i = 0; i < bases.length; i++) {
      int from = i * size * STRIDE;
      tables[i] =
          new AffineTable(java.util.Arrays.copyOfRange(all.data, from, from + size * STRIDE));
    }
    return tables;
  }

  /**
   * The tables of {@link #oddMultiples(Point[], int)} for p, 2^b p, 2^(2b) p, ... ({@code count}
   * points).
   */
  static AffineTable[] oddMultiplesOfPowers(Point p, int b, int count, int width) {
    Point[] bases = new Point[count];
    Point q = p.copy();
    Point.Completed c = new Point.Completed();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        q.timesPowerOfTwo(b, c);
      }
      bases[i] = q.copy();
    }
    return oddMultiples(bases, width);
  }

  /** Entry j as a separate object (for the signing comb's constant-time selection). */
  Point.Niels niels(int j) {
    Point.Niels n = new Point.Niels();
    int off = j * STRIDE;
    System.arraycopy(data, off + YPX, n.ypx, 0, Field.LIMBS);
    System.arraycopy(data, off + YMX, n.ymx, 0, Field.LIMBS);
    System.arraycopy(data, off + XY2D, n.xy2d, 0, Field.LIMBS);
    return n;
  }
}
