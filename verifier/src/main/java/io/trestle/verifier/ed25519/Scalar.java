package io.trestle.verifier.ed25519;

/**
 * Arithmetic modulo the group order L = 2^252 + 27742317777372353535851937790883648493, on 32-byte
 * little-endian encodings, with 21-bit signed limbs in longs.
 *
 * <p>{@link #reduce} and {@link #mulAdd} are constant time (fixed loops, no branch or index on
 * values): they handle the secret nonce and secret scalar of signing. {@link #isCanonical} and
 * {@link #nonAdjacentForm} are variable time and only see public values.
 */
final class Scalar {
  /** L, little-endian. */
  static final byte[] L = {
    (byte) 0xed,
    (byte) 0xd3,
    (byte) 0xf5,
    0x5c,
    0x1a,
    0x63,
    0x12,
    0x58,
    (byte) 0xd6,
    (byte) 0x9c,
    (byte) 0xf7,
    (byte) 0xa2,
    (byte) 0xde,
    (byte) 0xf9,
    (byte) 0xde,
    0x14,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x10
  };

  private static final int BITS = 21;
  private static final long[] L_LIMBS = load(L, 0, 32, 12);

  /** 2^252 = -DELTA (mod L), DELTA in 21-bit limbs with the signs used by ref10. */
  private static final long[] DELTA_NEG = {666643, 470296, 654183, -997805, 136657, -683901};

  private Scalar() {}

  /** True if the 32 bytes at s[off..] encode an integer &lt; L (RFC 8032 §5.1.7 check on S). */
  static boolean isCanonical(byte[] s, int off) {
    for (int i = 31; i >= 0; i--) {
      int a = s[off + i] & 0xff;
      int b = L[i] & 0xff;
      if (a != b) {
        return a < b;
      }
    }
    return false;
  }

  /** Reduces a 64-byte little-endian integer (e.g. a SHA-512 digest) modulo L. */
  static byte[] reduce(byte[] in64) {
    long[] s = load(in64, 0, 64, 24);
    return finish(s);
  }

  /** (a * b + c) mod L for 32-byte little-endian a, b, c (each &lt; 2^256). */
  static byte[] mulAdd(byte[] a, byte[] b, byte[] c) {
    long[] x = load(a, 0, 32, 12);
    long[] y = load(b, 0, 32, 12);
    long[] s = new long[24];
    long[] z = load(c, 0, 32, 12);
    System.arraycopy(z, 0, s, 0, 12);
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 12; j++) {
        s[i + j] += x[i] * y[j];
      }
    }
    return finish(s);
  }

  /**
   * (a * b + c) mod L for a &lt; 2^147 (e.g. a 128-bit batch coefficient or half-size scalar) and
   * 32-byte b, c: {@link #mulAdd} with 7 limbs of a instead of 12.
   */
  static byte[] mulAddShort(byte[] a, byte[] b, byte[] c) {
    long[] s = new long[WIDE];
    long[] z = load(c, 0, 32, 12);
    System.arraycopy(z, 0, s, 0, 12);
    accumulate(s, a, b);
    return finish(s);
  }

  /** Limbs of a wide accumulator for {@link #accumulate}. */
  static final int WIDE = 24;

  /**
   * Number of {@link #accumulate} calls a wide accumulator takes before {@link #finishWide}: each
   * adds less than 2^47 to a limb (seven 21-bit by 21-bit products, one of them with the 25-bit top
   * limb of b), so 2^10 calls stay below 2^57, well inside what {@link #finish} carries.
   */
  static final int WIDE_CAPACITY = 1024;

  /** acc += a * b without reduction, for a &lt; 2^147 and 32-byte b. */
  static void accumulate(long[] acc, byte[] a, byte[] b) {
    multiplyInto(acc, load(a, 0, 19, 7), b);
  }

  /**
   * Number of {@link #accumulateFull} calls a wide accumulator takes before {@link #finishWide}:
   * each adds less than 2^54 to a limb (twelve products of at most 25 by 25 bits), so 2^7 calls
   * stay below 2^61.
   */
  static final int FULL_CAPACITY = 128;

  /** acc += a * b without reduction, for 32-byte a and b. */
  static void accumulateFull(long[] acc, byte[] a, byte[] b) {
    multiplyInto(acc, load(a, 0, 32, 12), b);
  }

  /** acc += x * b, x in 21-bit limbs (the top one wider), schoolbook. */
  private static void multiplyInto(long[] acc, long[] x, byte[] b) {
    long[] y = load(b, 0, 32, 12);
    for (int i = 0; i < x.length; i++) {
      long xi = x[i];
      for (int j = 0; j < 12; j++) {
        acc[i + j] += xi * y[j];
      }
    }
  }

  /** A wide accumulator holding the 32-byte value v. */
  static long[] wide(byte[] v) {
    long[] acc = new long[WIDE];
    System.arraycopy(load(v, 0, 32, 12), 0, acc, 0, 12);
    return acc;
  }

  /** The reduced value of a wide accumulator, which is consumed (its limbs are overwritten). */
  static byte[] finishWide(long[] acc) {
    return finish(acc);
  }

  /** Reduces 24 limbs (any bounded signed values) to the canonical 32-byte encoding. */
  private static byte[] finish(long[] s) {
    for (int j = 0; j < 23; j++) {
      long c = (s[j] + (1L << (BITS - 1))) >> BITS;
      s[j + 1] += c;
      s[j] -= c << BITS;
    }
    for (int i = 23; i >= 12; i--) {
      eliminate(s, i);
      for (int j = i - 12; j <= i - 2; j++) {
        long c = (s[j] + (1L << (BITS - 1))) >> BITS;
        s[j + 1] += c;
        s[j] -= c << BITS;
      }
    }
    for (int round = 0; round < 2; round++) {
      floorCarry(s, 12);
      eliminate(s, 12);
    }
    // Now -DELTA <= value < L: add L once if negative (the sign sits in limb 11).
    floorCarry(s, 11);
    long negative = s[11] >> 63;
    for (int j = 0; j < 12; j++) {
      s[j] += L_LIMBS[j] & negative;
    }
    floorCarry(s, 11);
    byte[] out = new byte[32];
    long acc = 0;
    int accBits = 0;
    int pos = 0;
    for (int j = 0; j < 12; j++) {
      acc |= s[j] << accBits;
      accBits += BITS;
      while (accBits >= 8 && pos < 32) {
        out[pos++] = (byte) acc;
        acc >>>= 8;
        accBits -= 8;
      }
    }
    while (pos < 32) {
      out[pos++] = (byte) acc;
      acc >>>= 8;
    }
    subtractLIfNotLess(out);
    return out;
  }

  /** Folds limb i (weight 2^(21 i), i &gt;= 12) into limbs i-12 .. i-7 and clears it. */
  private static void eliminate(long[] s, int i) {
    long v = s[i];
    for (int k = 0; k < 6; k++) {
      s[i - 12 + k] += v * DELTA_NEG[k];
    }
    s[i] = 0;
  }

  /** out = out - L if out &gt;= L, else unchanged; constant time. */
  private static void subtractLIfNotLess(byte[] out) {
    byte[] t = new byte[32];
    int borrow = 0;
    for (int i = 0; i < 32; i++) {
      int d = (out[i] & 0xff) - (L[i] & 0xff) - borrow;
      t[i] = (byte) d;
      borrow = (d >> 8) & 1;
    }
    int keep = -borrow; // all ones if out < L
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) ((out[i] & keep) | (t[i] & ~keep));
    }
  }

  /** Splits bytes b[off..off+len) into n limbs of 21 bits; the last limb takes the rest. */
  private static long[] load(byte[] b, int off, int len, int n) {
    long[] s = new long[n];
    for (int j = 0; j < n; j++) {
      int bit = j * BITS;
      int first = bit >>> 3;
      long v = 0;
      for (int k = Math.min(len, first + 5) - 1; k >= first; k--) {
        v = (v << 8) | (b[off + k] & 0xffL);
      }
      v >>>= bit & 7;
      int width = j == n - 1 ? len * 8 - bit : BITS;
      s[j] = v & ((1L << width) - 1);
    }
    return s;
  }

  /**
   * Width-w non-adjacent form of a 32-byte scalar &lt; 2^255: digits odd, |digit| &lt; 2^(w-1), at
   * least w-1 zeros between non-zero digits; variable time.
   */
  static short[] nonAdjacentForm(byte[] scalar, int w) {
    int[] positions = new int[256];
    int[] digits = new int[256];
    int n = nonAdjacentDigits(scalar, w, positions, digits, 0);
    short[] naf = new short[256];
    for (int k = 0; k < n; k++) {
      naf[positions[k]] = (short) digits[k];
    }
    return naf;
  }

  /**
   * The non-zero digits of {@link #nonAdjacentForm}, lowest first, written to positions[from ..]
   * and digits[from ..], which must have room for b / w + 2 more for a scalar &lt; 2^b; returns the
   * index after the last digit written. Variable time.
   */
  static int nonAdjacentDigits(byte[] scalar, int w, int[] positions, int[] digits, int from) {
    long[] x = new long[5];
    for (int i = 0; i < 32; i++) {
      x[i >>> 3] |= (scalar[i] & 0xffL) << ((i & 7) << 3);
    }
    int width = 1 << w;
    long windowMask = width - 1;
    int pos = 0;
    int count = from;
    long carry = 0;
    while (pos < 256) {
      int idx = pos >>> 6;
      int bitIdx = pos & 63;
      long buf =
          bitIdx < 64 - w ? x[idx] >>> bitIdx : (x[idx] >>> bitIdx) | (x[idx + 1] << (64 - bitIdx));
      long window = carry + (buf & windowMask);
      if ((window & 1) == 0) {
        // Skip the whole run of bits that leave the window even: zeros without a carry, ones
        // with one (the carry ripples through them), up to the last bit buf holds.
        long run = carry == 0 ? buf : ~buf;
        int valid = bitIdx < 64 - w ? 64 - bitIdx : 64;
        pos += Math.min(valid, Long.numberOfTrailingZeros(run));
        continue;
      }
      positions[count] = pos;
      if (window < width / 2) {
        carry = 0;
        digits[count++] = (int) window;
      } else {
        carry = 1;
        digits[count++] = (int) (window - width);
      }
      pos += w;
    }
    return count;
  }

  /** Carries limbs 0 .. n-1 into their successors, leaving them in [0, 2^21). */
  private static void floorCarry(long[] s, int n) {
    for (int j = 0; j < n; j++) {
      long c = s[j] >> BITS;
      s[j + 1] += c;
      s[j] -= c << BITS;
    }
  }
}
