package io.trestle.verifier.ed25519;

import java.math.BigInteger;

/**
 * Short decomposition of a verification scalar: for k &lt; L, finds c &ge; 0 and d &ne; 0 with c =
 * d k (mod L) and c &lt; 2^bound, |d| &lt; 2^(253 - bound) (bound 127: both half size; bound 221: d
 * of 32 bits), by running the extended Euclidean algorithm on (L, k) until the remainder drops
 * below 2^bound (the remainder r_i and cofactor t_i satisfy r_i = t_i k mod L and |t_i| &lt;= L /
 * r_(i-1) &lt; 2^253 / 2^bound). Verification then checks [8]([d S]B - [d]R - [c]A) = 0 with
 * half-length scalars for R and A, which holds iff [8]([S]B - R - [k]A) = 0 because d is invertible
 * modulo L and the cofactor leaves only points of order L (Pornin, "Optimized lattice basis
 * reduction in dimension 2, and fast Schnorr and EdDSA signature verification", ePrint 2020/454,
 * uses the same equivalence). Variable time; only for public scalars.
 */
final class Lattice {
  /** c (32-byte little-endian, &lt; 2^bound), |d| (&lt; 2^(253 - bound)), and the sign of d. */
  record Split(byte[] c, byte[] dAbs, boolean dNegative) {}

  /** Bound of the balanced split: c, |d| &lt; 2^127. */
  static final int HALF = 127;

  /**
   * Bound of the unbalanced split: c &lt; 2^(253 - b), |d| &lt; 2^b for b = 8 {@link
   * MultiScalar#PART_BYTES}, for a point A with cached tables of A, 2^b A, 2^(2b) A, ..., where c
   * costs b-bit terms and d (of a fresh R) only b doublings.
   */
  static final int SHORT_D = 253 - 8 * MultiScalar.PART_BYTES;

  private static final long[] L_WORDS = words(Scalar.L);
  private static final double TWO_64 = 0x1p64;

  private Lattice() {}

  /** The balanced split ({@link #HALF}). */
  static Split split(byte[] k) {
    return split(k, HALF);
  }

  /**
   * c &ge; 0 and d &ne; 0 with c = d k (mod L), c &lt; 2^bound and |d| &lt; L / 2^bound &lt; 2^(253
   * - bound), for 127 &lt;= bound &lt;= 250.
   */
  static Split split(byte[] k, int bound) {
    long[] r0 = L_WORDS.clone();
    long[] r1 = words(k);
    long t0lo = 0;
    long t0hi = 0;
    long t1lo = 1;
    long t1hi = 0;
    long[] rem = new long[4];
    double d0 = toDouble(r0);
    double d1 = toDouble(r1);
    while (atLeast(r1, bound)) {
      long t2lo;
      long t2hi;
      double estimate = Math.floor(d0 / d1);
      if (estimate >= 0x1p50) {
        // Rare large quotient (only while k is far below L): exact step with BigInteger.
        BigInteger[] qr = big(r0).divideAndRemainder(big(r1));
        System.arraycopy(words(qr[1]), 0, rem, 0, 4);
        BigInteger t2 = signed(t0lo, t0hi).subtract(qr[0].multiply(signed(t1lo, t1hi)));
        t2lo = t2.longValue();
        t2hi = t2.shiftRight(64).longValue();
      } else {
        long q = quotient(r0, r1, rem, (long) estimate);
        // t2 = t0 - q t1 (two's complement, 128 bits)
        long plo = t1lo * q;
        long phi = t1hi * q + Math.unsignedMultiplyHigh(t1lo, q);
        t2lo = t0lo - plo;
        t2hi = t0hi - phi - (Long.compareUnsigned(t0lo, plo) < 0 ? 1 : 0);
      }
      t0lo = t1lo;
      t0hi = t1hi;
      t1lo = t2lo;
      t1hi = t2hi;
      long[] spare = r0;
      r0 = r1;
      r1 = rem;
      rem = spare;
      d0 = d1;
      d1 = toDouble(r1);
    }
    boolean negative = t1hi < 0;
    if (negative) {
      t1lo = -t1lo;
      t1hi = ~t1hi + (t1lo == 0 ? 1 : 0);
    }
    return new Split(bytes(r1[0], r1[1], r1[2], r1[3]), bytes(t1lo, t1hi, 0, 0), negative);
  }

  /** True if x &ge; 2^bit. */
  private static boolean atLeast(long[] x, int bit) {
    int w = bit >>> 6;
    for (int i = 3; i > w; i--) {
      if (x[i] != 0) {
        return true;
      }
    }
    return (x[w] >>> (bit & 63)) != 0;
  }

  /**
   * q = floor(a / b) for a &gt; b &gt; 0 with a / b &lt; 2^50, and rem = a - q b, starting from a
   * floating-point estimate of q (corrected here).
   */
  private static long quotient(long[] a, long[] b, long[] rem, long estimate) {
    long q = estimate;
    // rem = a - q b over five words (the top word holds the sign).
    long borrow = 0;
    long carry = 0;
    for (int i = 0; i < 4; i++) {
      long lo = b[i] * q;
      long hi = Math.unsignedMultiplyHigh(b[i], q);
      lo += carry;
      hi += Long.compareUnsigned(lo, carry) < 0 ? 1 : 0;
      carry = hi;
      long d = a[i] - lo - borrow;
      borrow = (Long.compareUnsigned(a[i], lo) < 0 || (a[i] == lo && borrow == 1)) ? 1 : 0;
      rem[i] = d;
    }
    long top = -carry - borrow;
    while (top < 0) {
      top += addTo(rem, b);
      q--;
    }
    while (compare(rem, b) >= 0) {
      subtractFrom(rem, b);
      q++;
    }
    return q;
  }

  private static long addTo(long[] x, long[] y) {
    long c = 0;
    for (int i = 0; i < 4; i++) {
      long s = x[i] + y[i];
      long c1 = Long.compareUnsigned(s, x[i]) < 0 ? 1 : 0;
      long s2 = s + c;
      long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
      x[i] = s2;
      c = c1 | c2;
    }
    return c;
  }

  private static void subtractFrom(long[] x, long[] y) {
    long b = 0;
    for (int i = 0; i < 4; i++) {
      long d = x[i] - y[i] - b;
      b = (Long.compareUnsigned(x[i], y[i]) < 0 || (x[i] == y[i] && b == 1)) ? 1 : 0;
      x[i] = d;
    }
  }

  private static int compare(long[] x, long[] y) {
    for (int i = 3; i >= 0; i--) {
      int c = Long.compareUnsigned(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static double toDouble(long[] x) {
    double v = 0;
    for (int i = 3; i >= 0; i--) {
      double w = (double) (x[i] >>> 1) * 2.0 + (x[i] & 1);
      v = v * TWO_64 + w;
    }
    return v;
  }

  /** A 32-byte little-endian integer as four 64-bit words, lowest first. */
  static long[] words(byte[] le) {
    long[] w = new long[4];
    for (int i = 0; i < 32; i++) {
      w[i >>> 3] |= (le[i] & 0xffL) << ((i & 7) << 3);
    }
    return w;
  }

  private static long[] words(BigInteger v) {
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = v.shiftRight(64 * i).longValue();
    }
    return w;
  }

  private static BigInteger signed(long lo, long hi) {
    return BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
  }

  private static BigInteger big(long[] w) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 3; i >= 0; i--) {
      v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(w[i])));
    }
    return v;
  }

  private static byte[] bytes(long w0, long w1, long w2, long w3) {
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (w0 >>> (8 * i));
      out[8 + i] = (byte) (w1 >>> (8 * i));
      out[16 + i] = (byte) (w2 >>> (8 * i));
      out[24 + i] = (byte) (w3 >>> (8 * i));
    }
    return out;
  }
}
