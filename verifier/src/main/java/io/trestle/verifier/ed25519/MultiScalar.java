package io.trestle.verifier.ed25519;

import java.util.Arrays;

/**
 * Variable-time multi-scalar multiplication sum_i [b_i] 2^(64 i) B + sum (+-)[s_j] P_j by Straus'
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
    return oddMultiples(p, WIDTH);
  }

  /** Odd multiples P, 3P, ..., (2^(width-1) - 1)P. */
  static Point.Cached[] oddMultiples(Point p, int width) {
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

  /** Odd multiples P, 3P, ..., (2^(width-1) - 1)P, affine (one inversion). */
  static AffineTable oddMultiplesAffine(Point p, int width) {
    return AffineTable.oddMultiples(new Point[] {p}, width)[0];
  }

  /**
   * A variable term: the odd multiples P, 3P, ... of a point (projective or affine, whose count
   * sets the window width), its scalar (32 bytes, &lt; 2^255), and whether to negate the point.
   */
  record Term(Point.Cached[] table, AffineTable affine, byte[] scalar, boolean negate) {
    static Term of(Point.Cached[] table, byte[] scalar, boolean negate) {
      return new Term(table, null, scalar, negate);
    }

    static Term of(AffineTable affine, byte[] scalar, boolean negate) {
      return new Term(null, affine, scalar, negate);
    }

    int width() {
      int entries = table != null ? table.length : affine.size();
      return Integer.numberOfTrailingZeros(entries) + 2;
    }
  }

  /**
   * The base-point part sum_i [scalars[i]] 2^(64 i) B, negated if {@code negate}: 32-byte scalars
   * &lt; 2^255, at most one per part of the tables.
   */
  record Base(byte[][] scalars, boolean negate, BasePoint.Tables tables) {
    /** [scalar]B, negated if {@code negate}, over the first part of the tables only. */
    static Base of(byte[] scalar, boolean negate, BasePoint.Tables tables) {
      return new Base(new byte[][] {scalar}, negate, tables);
    }
  }

  /**
   * Bytes per part of a scalar split over precomputed multiples 2^(8 PART_BYTES i) P of a fixed or
   * cached point: single verification needs 8 PART_BYTES doublings. 32 bits (8 tables of B, 7 per
   * cached key) measured faster than 64 and 48 bits; each halving of the doublings adds tables and
   * a few additions (every part's top digit).
   */
  static final int PART_BYTES = 4;

  /**
   * The scalar split in parts of {@link #PART_BYTES} bytes over {@code count} tables: part i is
   * bytes [PART_BYTES i, PART_BYTES (i + 1)) and the last part takes all remaining bytes.
   */
  static byte[][] parts(byte[] scalar, int count) {
    byte[][] parts = new byte[count][];
    for (int i = 0; i < count; i++) {
      int from = PART_BYTES * i;
      parts[i] = part(scalar, from, i == count - 1 ? 32 : from + PART_BYTES);
    }
    return parts;
  }

  /** Bytes [from, to) of a 32-byte little-endian scalar, shifted down, as a 32-byte scalar. */
  static byte[] part(byte[] scalar, int from, int to) {
    byte[] out = new byte[32];
    System.arraycopy(scalar, from, out, 0, to - from);
    return out;
  }

  /** Computes [b]B + sum_j [scalars[j]] points[j] (b may be null: no base-point term). */
  static Point multiply(byte[] b, Point[] points, byte[][] scalars) {
    Term[] terms = new Term[points.length];
    for (int j = 0; j < terms.length; j++) {
      terms[j] = Term.of(oddMultiples(points[j]), scalars[j], false);
    }
    return multiply(b == null ? null : Base.of(b, false, BasePoint.batchTables()), terms);
  }

  /** Computes the base part (if not null) plus sum_j (+-)[scalar_j] P_j. */
  static Point multiply(Base base, Term[] terms) {
    if (base != null) {
      // The parts of the base point are terms with affine tables like any other.
      int parts = base.scalars().length;
      Term[] all = Arrays.copyOf(terms, terms.length + parts);
      for (int i = 0; i < parts; i++) {
        all[terms.length + i] = Term.of(base.tables().parts()[i], base.scalars()[i], base.negate());
      }
      terms = all;
    }
    // Non-zero digits of the terms, as singly linked lists per digit position.
    int[] head = new int[257];
    Arrays.fill(head, -1);
    int capacity = 0;
    for (Term term : terms) {
      capacity += bitLength(term.scalar()) / term.width() + 2;
    }
    int[] position = new int[capacity];
    int[] digitOf = new int[capacity];
    int[] next = new int[capacity];
    int[] termOf = new int[capacity];
    int count = 0;
    int top = -1;
    for (int j = 0; j < terms.length; j++) {
      Term term = terms[j];
      int end = Scalar.nonAdjacentDigits(term.scalar(), term.width(), position, digitOf, count);
      boolean negate = term.negate();
      for (; count < end; count++) {
        int i = position[count];
        if (negate) {
          digitOf[count] = -digitOf[count];
        }
        next[count] = head[i];
        termOf[count] = j;
        head[i] = count;
        top = Math.max(top, i);
      }
    }
    Point r = Point.identity();
    Point.Completed c = new Point.Completed();
    for (int i = top; i >= 0; i--) {
      c.dbl(r);
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

  /**
   * Bits up to the highest set bit of a 32-byte scalar, rounded up to whole bytes (a width-w form
   * of a b-bit scalar has at most b / w + 2 non-zero digits, counting the carry digit at bit b).
   */
  private static int bitLength(byte[] scalar) {
    int i = 31;
    while (i >= 0 && scalar[i] == 0) {
      i--;
    }
    return 8 * (i + 1);
  }

  /** c = r + d P from the affine odd multiples of P, d odd and non-zero; r gets c first. */
  private static void addAffine(Point r, Point.Completed c, int d, AffineTable table) {
    c.toExtended(r);
    if (d > 0) {
      c.madd(r, table.data, (d >> 1) * AffineTable.STRIDE);
    } else {
      c.msub(r, table.data, ((-d) >> 1) * AffineTable.STRIDE);
    }
  }
}
