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
