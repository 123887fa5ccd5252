package io.trestle.verifier.ed25519;

/**
 * Arithmetic in GF(2^255 - 19), radix 2^25.5: ten signed limbs in {@code long[10]} with weights
 * 2^0, 2^26, 2^51, 2^77, ..., 2^230 (as in the ref10 reference code of Bernstein et al.).
 *
 * <p>Every operation writes its result into the first argument, which may alias any input. Products
 * leave limbs of magnitude at most 2^25 (even positions) and 2^24 (odd positions); {@link #mul} and
 * {@link #sq} accept inputs that are sums or differences of up to four such results. No method
 * branches on or indexes memory by limb values, except the explicitly variable-time decoders.
 */
final class Field {
  static final int LIMBS = 10;

  /** Bit position of each limb; OFFSET[10] = 255. */
  private static final int[] OFFSET = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230, 255};

  /** d = -121665/121666. */
  static final long[] D =
      fromHex("a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352");

  /** 2d. */
  static final long[] D2 =
      fromHex("59f1b226949bd6eb56b183829a14e00030d1f3eef2808e19e7fcdf56dcd90624");

  /** sqrt(-1) = 2^((p-1)/4). */
  static final long[] SQRT_M1 =
      fromHex("b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b");

  private Field() {}

  static long[] create() {
    return new long[LIMBS];
  }

  static long[] one() {
    long[] h = new long[LIMBS];
    h[0] = 1;
    return h;
  }

  static void copy(long[] h, long[] f) {
    System.arraycopy(f, 0, h, 0, LIMBS);
  }

  static void setOne(long[] h) {
    java.util.Arrays.fill(h, 0);
    h[0] = 1;
  }

  static void setZero(long[] h) {
    java.util.Arrays.fill(h, 0);
  }

  static void add(long[] h, long[] f, long[] g) {
    for (int i = 0; i < LIMBS; i++) {
      h[i] = f[i] + g[i];
    }
  }

  static void sub(long[] h, long[] f, long[] g) {
    for (int i = 0; i < LIMBS; i++) {
      h[i] = f[i] - g[i];
    }
  }

  static void neg(long[] h, long[] f) {
    for (int i = 0; i < LIMBS; i++) {
      h[i] = -f[i];
    }
  }

  /** h = f if b == 1, unchanged if b == 0; constant time. */
  static void cmov(long[] h, long[] f, int b) {
    long mask = -(long) b;
    for (int i = 0; i < LIMBS; i++) {
      h[i] ^= mask & (h[i] ^ f[i]);
    }
  }

  static void mul(long[] h, long[] f, long[] g) {
    long f0 = f[0],
        f1 = f[1],
        f2 = f[2],
        f3 = f[3],
        f4 = f[4],
        f5 = f[5],
        f6 = f[6],
        f7 = f[7],
        f8 = f[8],
        f9 = f[9];
    long g0 = g[0],
        g1 = g[1],
        g2 = g[2],
        g3 = g[3],
        g4 = g[4],
        g5 = g[5],
        g6 = g[6],
        g7 = g[7],
        g8 = g[8],
        g9 = g[9];
    long h0 =
        f0 * g0
            + 19L * (f2 * g8 + f4 * g6 + f6 * g4 + f8 * g2)
            + 38L * (f1 * g9 + f3 * g7 + f5 * g5 + f7 * g3 + f9 * g1);
    long h1 =
        f0 * g1
            + f1 * g0
            + 19L * (f2 * g9 + f3 * g8 + f4 * g7 + f5 * g6 + f6 * g5 + f7 * g4 + f8 * g3 + f9 * g2);
    long h2 =
        f0 * g2
            + f2 * g0
            + 2L * (f1 * g1)
            + 19L * (f4 * g8 + f6 * g6 + f8 * g4)
            + 38L * (f3 * g9 + f5 * g7 + f7 * g5 + f9 * g3);
    long h3 =
        f0 * g3
            + f1 * g2
            + f2 * g1
            + f3 * g0
            + 19L * (f4 * g9 + f5 * g8 + f6 * g7 + f7 * g6 + f8 * g5 + f9 * g4);
    long h4 =
        f0 * g4
            + f2 * g2
            + f4 * g0
            + 2L * (f1 * g3 + f3 * g1)
            + 19L * (f6 * g8 + f8 * g6)
            + 38L * (f5 * g9 + f7 * g7 + f9 * g5);
    long h5 =
        f0 * g5
            + f1 * g4
            + f2 * g3
            + f3 * g2
            + f4 * g1
            + f5 * g0
            + 19L * (f6 * g9 + f7 * g8 + f8 * g7 + f9 * g6);
    long h6 =
        f0 * g6
            + f2 * g4
            + f4 * g2
            + f6 * g0
            + 2L * (f1 * g5 + f3 * g3 + f5 * g1)
            + 19L * (f8 * g8)
            + 38L * (f7 * g9 + f9 * g7);
    long h7 =
        f0 * g7
            + f1 * g6
            + f2 * g5
            + f3 * g4
            + f4 * g3
            + f5 * g2
            + f6 * g1
            + f7 * g0
            + 19L * (f8 * g9 + f9 * g8);
    long h8 =
        f0 * g8
            + f2 * g6
            + f4 * g4
            + f6 * g2
            + f8 * g0
            + 2L * (f1 * g7 + f3 * g5 + f5 * g3 + f7 * g1)
            + 38L * (f9 * g9);
    long h9 =
        f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1
            + f9 * g0;
    carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
  }

  static void sq(long[] h, long[] f) {
    long f0 = f[0],
        f1 = f[1],
        f2 = f[2],
        f3 = f[3],
        f4 = f[4],
        f5 = f[5],
        f6 = f[6],
        f7 = f[7],
        f8 = f[8],
        f9 = f[9];
    long h0 = f0 * f0 + 38L * (f2 * f8 + f4 * f6 + f5 * f5) + 76L * (f1 * f9 + f3 * f7);
    long h1 = 2L * (f0 * f1) + 38L * (f2 * f9 + f3 * f8 + f4 * f7 + f5 * f6);
    long h2 =
        2L * (f0 * f2 + f1 * f1) + 19L * (f6 * f6) + 38L * (f4 * f8) + 76L * (f3 * f9 + f5 * f7);
    long h3 = 2L * (f0 * f3 + f1 * f2) + 38L * (f4 * f9 + f5 * f8 + f6 * f7);
    long h4 =
        f2 * f2 + 2L * (f0 * f4) + 4L * (f1 * f3) + 38L * (f6 * f8 + f7 * f7) + 76L * (f5 * f9);
    long h5 = 2L * (f0 * f5 + f1 * f4 + f2 * f3) + 38L * (f6 * f9 + f7 * f8);
    long h6 =
        2L * (f0 * f6 + f2 * f4 + f3 * f3) + 4L * (f1 * f5) + 19L * (f8 * f8) + 76L * (f7 * f9);
    long h7 = 2L * (f0 * f7 + f1 * f6 + f2 * f5 + f3 * f4) + 38L * (f8 * f9);
    long h8 = f4 * f4 + 2L * (f0 * f8 + f2 * f6) + 4L * (f1 * f7 + f3 * f5) + 38L * (f9 * f9);
    long h9 = 2L * (f0 * f9 + f1 * f8 + f2 * f7 + f3 * f6 + f4 * f5);
    carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
  }

  /** h = f^(2^n), n >= 1. */
  static void sqn(long[] h, long[] f, int n) {
    sq(h, f);
    for (int i = 1; i < n; i++) {
      sq(h, h);
    }
  }

  /** Brings the limbs of h back to the bounds of a product. */
  static void reduce(long[] h) {
    carry(h, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9]);
  }

  private static void carry(
      long[] h,
      long h0,
      long h1,
      long h2,
      long h3,
      long h4,
      long h5,
      long h6,
      long h7,
      long h8,
      long h9) {
    long c;
    c = (h0 + (1L << 25)) >> 26;
    h1 += c;
    h0 -= c << 26;
    c = (h4 + (1L << 25)) >> 26;
    h5 += c;
    h4 -= c << 26;
    c = (h1 + (1L << 24)) >> 25;
    h2 += c;
    h1 -= c << 25;
    c = (h5 + (1L << 24)) >> 25;
    h6 += c;
    h5 -= c << 25;
    c = (h2 + (1L << 25)) >> 26;
    h3 += c;
    h2 -= c << 26;
    c = (h6 + (1L << 25)) >> 26;
    h7 += c;
    h6 -= c << 26;
    c = (h3 + (1L << 24)) >> 25;
    h4 += c;
    h3 -= c << 25;
    c = (h7 + (1L << 24)) >> 25;
    h8 += c;
    h7 -= c << 25;
    c = (h4 + (1L << 25)) >> 26;
    h5 += c;
    h4 -= c << 26;
    c = (h8 + (1L << 25)) >> 26;
    h9 += c;
    h8 -= c << 26;
    c = (h9 + (1L << 24)) >> 25;
    h0 += c * 19;
    h9 -= c << 25;
    c = (h0 + (1L << 25)) >> 26;
    h1 += c;
    h0 -= c << 26;
    h[0] = h0;
    h[1] = h1;
    h[2] = h2;
    h[3] = h3;
    h[4] = h4;
    h[5] = h5;
    h[6] = h6;
    h[7] = h7;
    h[8] = h8;
    h[9] = h9;
  }

  /** Loads 255 bits little-endian from s[off..off+32), ignoring the top bit (RFC 8032 §5.1.3). */
  static void fromBytes(long[] h, byte[] s, int off) {
    long[] w = new long[4];
    for (int i = 0; i < 32; i++) {
      w[i >>> 3] |= (s[off + i] & 0xffL) << ((i & 7) << 3);
    }
    w[3] &= Long.MAX_VALUE;
    for (int i = 0; i < LIMBS; i++) {
      h[i] = bits(w, OFFSET[i], OFFSET[i + 1] - OFFSET[i]);
    }
  }

  private static long bits(long[] w, int pos, int len) {
    int word = pos >>> 6;
    int shift = pos & 63;
    long v = w[word] >>> shift;
    if (shift + len > 64) {
      v |= w[word + 1] << (64 - shift);
    }
    return v & ((1L << len) - 1);
  }

  /** Writes the canonical (fully reduced, &lt; p) little-endian encoding of h; constant time. */
  static void toBytes(byte[] s, int off, long[] f) {
    long[] h = f.clone();
    reduce(h);
    long q = (19 * h[9] + (1L << 24)) >> 25;
    for (int i = 0; i < LIMBS; i++) {
      q = (h[i] + q) >> (OFFSET[i + 1] - OFFSET[i]);
    }
    h[0] += 19 * q;
    for (int i = 0; i < LIMBS - 1; i++) {
      int width = OFFSET[i + 1] - OFFSET[i];
      long c = h[i] >> width;
      h[i + 1] += c;
      h[i] -= c << width;
    }
    h[9] &= (1L << 25) - 1;
    long acc = 0;
    int accBits = 0;
    int pos = off;
    for (int i = 0; i < LIMBS; i++) {
      acc |= h[i] << accBits;
      accBits += OFFSET[i + 1] - OFFSET[i];
      while (accBits >= 8) {
        s[pos++] = (byte) acc;
        acc >>>= 8;
        accBits -= 8;
      }
    }
    s[pos] = (byte) acc;
  }

  static byte[] toBytes(long[] f) {
    byte[] s = new byte[32];
    toBytes(s, 0, f);
    return s;
  }

  /** 1 if f == 0 (mod p), else 0; constant time. */
  static int isZero(long[] f) {
    byte[] s = toBytes(f);
    int acc = 0;
    for (byte b : s) {
      acc |= b;
    }
    return ((acc & 0xff) - 1) >>> 31;
  }

  /** The low bit of the canonical encoding ("negative" in RFC 8032 §5.1.2). */
  static int isNegative(long[] f) {
    return toBytes(f)[0] & 1;
  }

  /** 1 if f == g (mod p), else 0; constant time. */
  static int equal(long[] f, long[] g) {
    long[] t = create();
    sub(t, f, g);
    return isZero(t);
  }

  /** h = z^(p-2) = 1/z (0 for z == 0); fixed addition chain, constant time. */
  static void invert(long[] h, long[] z) {
    long[] t0 = create();
    long[] t1 = create();
    long[] t2 = create();
    long[] t3 = create();
    powChain(t0, t1, t2, t3, z);
    // t1 = z^(2^250-1), t0 = z^11
    sqn(t1, t1, 5);
    mul(h, t1, t0);
  }

  /** h = z^((p-5)/8) = z^(2^252-3); constant time. */
  static void pow22523(long[] h, long[] z) {
    long[] t0 = create();
    long[] t1 = create();
    long[] t2 = create();
    long[] t3 = create();
    powChain(t0, t1, t2, t3, z);
    sqn(t1, t1, 2);
    mul(h, t1, z);
  }

  /** Leaves z^11 in t0 and z^(2^250-1) in t1 (ref10 addition chain). */
  private static void powChain(long[] t0, long[] t1, long[] t2, long[] t3, long[] z) {
    sq(t0, z); // 2
    sqn(t1, t0, 2); // 8
    mul(t1, z, t1); // 9
    mul(t0, t0, t1); // 11
    sq(t2, t0); // 22
    mul(t1, t1, t2); // 2^5 - 1
    sqn(t2, t1, 5);
    mul(t1, t2, t1); // 2^10 - 1
    sqn(t2, t1, 10);
    mul(t2, t2, t1); // 2^20 - 1
    sqn(t3, t2, 20);
    mul(t2, t3, t2); // 2^40 - 1
    sqn(t2, t2, 10);
    mul(t1, t2, t1); // 2^50 - 1
    sqn(t2, t1, 50);
    mul(t2, t2, t1); // 2^100 - 1
    sqn(t3, t2, 100);
    mul(t2, t3, t2); // 2^200 - 1
    sqn(t2, t2, 50);
    mul(t1, t2, t1); // 2^250 - 1
  }

  static long[] fromHex(String littleEndianHex) {
    byte[] s = java.util.HexFormat.of().parseHex(littleEndianHex);
    long[] h = create();
    fromBytes(h, s, 0);
    return h;
  }
}
