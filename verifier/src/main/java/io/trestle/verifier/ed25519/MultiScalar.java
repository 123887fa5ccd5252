package io.trestle.verifier.ed25519;

import java.util.Arrays;

/**
 * Variable-time multi-scalar multiplication [b]B + [b'] 2^128 B + sum (+-)[s_j] P_j by Straus'
 * interleaving with width-w non-adjacent forms: one shared chain of doublings, the additions of
 * each digit position taken from a per-position list (built once, so the loop never scans the zero
 * digits of every term). Only for public inputs: running time and memory access depend on the
 * scalars.
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

  /**
   * A variable term: the odd multiples P, 3P, ... of a point (projective or affine, whose count
   * sets the window width), its scalar (32 bytes, &lt; 2^255), and whether to negate the point.
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
   * The base-point part [low]B + [high] 2^128 B, negated if {@code negate}; low and high are
   * 32-byte scalars &lt; 2^255 (high may be null, and must be if the tables have no high half).
   */
  record Base(byte[] low, byte[] high, boolean negate, BasePoint.Tables tables) {}

  /** Computes [b]B + sum_j [scalars[j]] points[j] (b may be null: no base-point term). */
  static Point multiply(byte[] b, Point[] points, byte[][] scalars) {
    Term[] terms = new Term[points.length];
    for (int j = 0; j < terms.length; j++) {
      terms[j] = Term.of(oddMultiples(points[j]), scalars[j], false);
    }
    return multiply(b == null ? null : new Base(b, null, false, BasePoint.batchTables()), terms);
  }

  /** Computes the base part (if not null) plus sum_j (+-)[scalar_j] P_j. */
  static Point multiply(Base base, Term[] terms) {
    int w = base == null ? 0 : base.tables().width();
    short[] nafLow = base == null ? null : Scalar.nonAdjacentForm(base.low(), w);
    short[] nafHigh =
        base == null || base.high() == null ? null : Scalar.nonAdjacentForm(base.high(), w);
    int top = Math.max(topIndex(nafLow), topIndex(nafHigh));
    // Non-zero digits of the terms, as singly linked lists per digit position.
    int[] head = new int[257];
    Arrays.fill(head, -1);
    int capacity = 64 * terms.length;
    int[] next = new int[capacity];
    int[] termOf = new int[capacity];
    int[] digitOf = new int[capacity];
    int count = 0;
    for (int j = 0; j < terms.length; j++) {
      Term term = terms[j];
      short[] naf = Scalar.nonAdjacentForm(term.scalar(), term.width());
      int sign = term.negate() ? -1 : 1;
      for (int i = 0; i < naf.length; i++) {
        if (naf[i] != 0) {
          if (count == capacity) {
            capacity *= 2;
            next = Arrays.copyOf(next, capacity);
            termOf = Arrays.copyOf(termOf, capacity);
            digitOf = Arrays.copyOf(digitOf, capacity);
          }
          next[count] = head[i];
          termOf[count] = j;
          digitOf[count] = sign * naf[i];
          head[i] = count++;
          top = Math.max(top, i);
        }
      }
    }
    Point r = Point.identity();
    Point.Completed c = new Point.Completed();
    boolean negateBase = base != null && base.negate();
    for (int i = top; i >= 0; i--) {
      c.dbl(r);
      if (nafLow != null && nafLow[i] != 0) {
        addAffine(r, c, negateBase ? -nafLow[i] : nafLow[i], base.tables().low());
      }
      if (nafHigh != null && nafHigh[i] != 0) {
        addAffine(r, c, negateBase ? -nafHigh[i] : nafHigh[i], base.tables().high());
      }
      for (int k = head[i]; k >= 0; k = next[k]) {
        Term term = terms[termOf[k]];
        int d = digitOf[k];
        if (term.table() == null) {
          addAffine(r, c, d, term.affine());
        } else {
          c.toExtended(r);
          if (d > 0) {
            c.add(r, term.table()[d >> 1]);
          } else {
            c.sub(r, term.table()[(-d) >> 1]);
          }
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

  /** c = r + d P from the affine odd multiples of P, d odd and non-zero; r gets c first. */
  private static void addAffine(Point r, Point.Completed c, int d, Point.Niels[] table) {
    c.toExtended(r);
    if (d > 0) {
      c.madd(r, table[d >> 1]);
    } else {
      c.msub(r, table[(-d) >> 1]);
    }
  }

  private static int topIndex(short[] naf) {
    if (naf == null) {
      return -1;
    }
    for (int i = naf.length - 1; i >= 0; i--) {
      if (naf[i] != 0) {
        return i;
      }
    }
    return -1;
  }
}
