package io.trestle.verifier.ed25519;

/**
 * Arithmetic in GF(2^255 - 19), radix 2^51: five signed limbs in {@code long[5]}, products as
 * 128-bit pairs from {@link Math#multiplyHigh}.
 *
 * <p>Every operation writes its result into the first argument, which may alias any input. Products
 * leave limbs in (-2^17, 2^51 + 2^17); {@link #mul} and {@link #sq} accept limbs of magnitude below
 * 2^53.5, i.e. sums or differences of up to four products (every 128-bit partial sum then stays
 * below 2^113, its part above bit 51 below 2^62). No method branches on or indexes memory by limb
 * values.
 */
final class Field {
  static final int LIMBS = 5;

  private static final long M = (1L << 51) - 1;

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
    mul(h, f, g, 0);
  }

  /** h = f * (g[go .. go+5)): a field element stored at an offset (a flat table's entry). */
  static void mul(long[] h, long[] f, long[] g, int go) {
    // Inputs pre-shifted so that each 128-bit product is split at bit 51: x << 9 times y << 4.
    long f0 = f[0] << 9, f1 = f[1] << 9, f2 = f[2] << 9, f3 = f[3] << 9, f4 = f[4] << 9;
    long g0 = g[go] << 4, g1 = g[go + 1] << 4, g2 = g[go + 2] << 4;
    long g3 = g[go + 3] << 4, g4 = g[go + 4] << 4;
    long g1s = 19 * g1, g2s = 19 * g2, g3s = 19 * g3, g4s = 19 * g4;
    long lo;
    long l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0;
    lo = f0 * g0;
    h0 += Math.multiplyHigh(f0, g0);
    l0 += lo >>> 13;
    lo = f1 * g4s;
    h0 += Math.multiplyHigh(f1, g4s);
    l0 += lo >>> 13;
    lo = f2 * g3s;
    h0 += Math.multiplyHigh(f2, g3s);
    l0 += lo >>> 13;
    lo = f3 * g2s;
    h0 += Math.multiplyHigh(f3, g2s);
    l0 += lo >>> 13;
    lo = f4 * g1s;
    h0 += Math.multiplyHigh(f4, g1s);
    l0 += lo >>> 13;
    lo = f0 * g1;
    h1 += Math.multiplyHigh(f0, g1);
    l1 += lo >>> 13;
    lo = f1 * g0;
    h1 += Math.multiplyHigh(f1, g0);
    l1 += lo >>> 13;
    lo = f2 * g4s;
    h1 += Math.multiplyHigh(f2, g4s);
    l1 += lo >>> 13;
    lo = f3 * g3s;
    h1 += Math.multiplyHigh(f3, g3s);
    l1 += lo >>> 13;
    lo = f4 * g2s;
    h1 += Math.multiplyHigh(f4, g2s);
    l1 += lo >>> 13;
    lo = f0 * g2;
    h2 += Math.multiplyHigh(f0, g2);
    l2 += lo >>> 13;
    lo = f1 * g1;
    h2 += Math.multiplyHigh(f1, g1);
    l2 += lo >>> 13;
    lo = f2 * g0;
    h2 += Math.multiplyHigh(f2, g0);
    l2 += lo >>> 13;
    lo = f3 * g4s;
    h2 += Math.multiplyHigh(f3, g4s);
    l2 += lo >>> 13;
    lo = f4 * g3s;
    h2 += Math.multiplyHigh(f4, g3s);
    l2 += lo >>> 13;
    lo = f0 * g3;
    h3 += Math.multiplyHigh(f0, g3);
    l3 += lo >>> 13;
    lo = f1 * g2;
    h3 += Math.multiplyHigh(f1, g2);
    l3 += lo >>> 13;
    lo = f2 * g1;
    h3 += Math.multiplyHigh(f2, g1);
    l3 += lo >>> 13;
    lo = f3 * g0;
    h3 += Math.multiplyHigh(f3, g0);
    l3 += lo >>> 13;
    lo = f4 * g4s;
    h3 += Math.multiplyHigh(f4, g4s);
    l3 += lo >>> 13;
    lo = f0 * g4;
    h4 += Math.multiplyHigh(f0, g4);
    l4 += lo >>> 13;
    lo = f1 * g3;
    h4 += Math.multiplyHigh(f1, g3);
    l4 += lo >>> 13;
    lo = f2 * g2;
    h4 += Math.multiplyHigh(f2, g2);
    l4 += lo >>> 13;
    lo = f3 * g1;
    h4 += Math.multiplyHigh(f3, g1);
    l4 += lo >>> 13;
    lo = f4 * g0;
    h4 += Math.multiplyHigh(f4, g0);
    l4 += lo >>> 13;
    carry(h, l0, l1, l2, l3, l4, h0, h1, h2, h3, h4);
  }

  static void sq(long[] h, long[] f) {
    // x-side factors (f, 2f) << 8 times y-side factors (f, 19f) << 5.
    long a0 = f[0], a1 = f[1], a2 = f[2], a3 = f[3], a4 = f[4];
    long x0 = a0 << 8, x1 = a1 << 8, x2 = a2 << 8, x3 = a3 << 8, x4 = a4 << 8;
    long d0 = x0 << 1, d1 = x1 << 1, d2 = x2 << 1, d3 = x3 << 1;
    long y0 = a0 << 5, y1 = a1 << 5, y2 = a2 << 5, y3 = a3 << 5, y4 = a4 << 5;
    long s3 = 19 * y3, s4 = 19 * y4;
    long lo;
    long l0 = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0;
    lo = x0 * y0;
    h0 += Math.multiplyHigh(x0, y0);
    l0 += lo >>> 13;
    lo = d1 * s4;
    h0 += Math.multiplyHigh(d1, s4);
    l0 += lo >>> 13;
    lo = d2 * s3;
    h0 += Math.multiplyHigh(d2, s3);
    l0 += lo >>> 13;
    lo = d0 * y1;
    h1 += Math.multiplyHigh(d0, y1);
    l1 += lo >>> 13;
    lo = d2 * s4;
    h1 += Math.multiplyHigh(d2, s4);
    l1 += lo >>> 13;
    lo = x3 * s3;
    h1 += Math.multiplyHigh(x3, s3);
    l1 += lo >>> 13;
    lo = d0 * y2;
    h2 += Math.multiplyHigh(d0, y2);
    l2 += lo >>> 13;
    lo = x1 * y1;
    h2 += Math.multiplyHigh(x1, y1);
    l2 += lo >>> 13;
    lo = d3 * s4;
    h2 += Math.multiplyHigh(d3, s4);
    l2 += lo >>> 13;
    lo = d0 * y3;
    h3 += Math.multiplyHigh(d0, y3);
    l3 += lo >>> 13;
    lo = d1 * y2;
    h3 += Math.multiplyHigh(d1, y2);
    l3 += lo >>> 13;
    lo = x4 * s4;
    h3 += Math.multiplyHigh(x4, s4);
    l3 += lo >>> 13;
    lo = d0 * y4;
    h4 += Math.multiplyHigh(d0, y4);
    l4 += lo >>> 13;
    lo = d1 * y3;
    h4 += Math.multiplyHigh(d1, y3);
    l4 += lo >>> 13;
    lo = x2 * y2;
    h4 += Math.multiplyHigh(x2, y2);
    l4 += lo >>> 13;
    carry(h, l0, l1, l2, l3, l4, h0, h1, h2, h3, h4);
  }

  /**
   * Limb k of the product is l_k + 2^51 h_k (0 &lt;= l_k &lt; 2^54, |h_k| &lt; 2^62); carries in
   * two parallel passes (short dependency chains, unlike a sequential carry from limb 0 to limb 4)
   * and folds the part above 2^255 back with 2^255 = 19. Leaves limbs in (-2^17, 2^51 + 2^17).
   */
  private static void carry(
      long[] r,
      long l0,
      long l1,
      long l2,
      long l3,
      long l4,
      long h0,
      long h1,
      long h2,
      long h3,
      long h4) {
    // Pass 1: limb k = (l_k mod 2^51) + c_(k-1), c_k = floor(l_k / 2^51) + h_k (|c_k| < 2^62 + 8).
    long c0 = (l0 >>> 51) + h0;
    long c1 = (l1 >>> 51) + h1;
    long c2 = (l2 >>> 51) + h2;
    long c3 = (l3 >>> 51) + h3;
    long c4 = (l4 >>> 51) + h4;
    long b0 = (l0 & M) + 19 * (c4 & M);
    long b1 = (l1 & M) + c0 + 19 * (c4 >> 51);
    long b2 = (l2 & M) + c1;
    long b3 = (l3 & M) + c2;
    long b4 = (l4 & M) + c3;
    // Pass 2: every carry is now below 2^12 in magnitude.
    r[0] = (b0 & M) + 19 * (b4 >> 51);
    r[1] = (b1 & M) + (b0 >> 51);
    r[2] = (b2 & M) + (b1 >> 51);
    r[3] = (b3 & M) + (b2 >> 51);
    r[4] = (b4 & M) + (b3 >> 51);
  }

  /** Brings the limbs of h (|limb| &lt; 2^62) back to the bounds of a product. */
  static void reduce(long[] h) {
    long c = h[0] >> 51;
    h[0] &= M;
    h[1] += c;
    c = h[1] >> 51;
    h[1] &= M;
    h[2] += c;
    c = h[2] >> 51;
    h[2] &= M;
    h[3] += c;
    c = h[3] >> 51;
    h[3] &= M;
    h[4] += c;
    c = h[4] >> 51;
    h[4] &= M;
    h[0] += 19 * c;
    c = h[0] >> 51;
    h[0] &= M;
    h[1] += c;
  }

  /**
   * h = f^(2^n), n &gt;= 1: {@link #sq} n times with the limbs kept in locals between squarings
   * (the long chains of inversion and square roots).
   */
  static void sqn(long[] h, long[] f, int n) {
    long a0 = f[0];
    long a1 = f[1];
    long a2 = f[2];
    long a3 = f[3];
    long a4 = f[4];
    for (int k = 0; k < n; k++) {
      long x0 = a0 << 8;
      long x1 = a1 << 8;
      long x2 = a2 << 8;
      long x3 = a3 << 8;
      long x4 = a4 << 8;
      long d0 = x0 << 1;
      long d1 = x1 << 1;
      long d2 = x2 << 1;
      long d3 = x3 << 1;
      long y0 = a0 << 5;
      long y1 = a1 << 5;
      long y2 = a2 << 5;
      long s3 = 19 * (a3 << 5);
      long s4 = 19 * (a4 << 5);
      long y3 = a3 << 5;
      long y4 = a4 << 5;
      long l0 = ((x0 * y0) >>> 13) + ((d1 * s4) >>> 13) + ((d2 * s3) >>> 13);
      long h0 = Math.multiplyHigh(x0, y0) + Math.multiplyHigh(d1, s4) + Math.multiplyHigh(d2, s3);
      long l1 = ((d0 * y1) >>> 13) + ((d2 * s4) >>> 13) + ((x3 * s3) >>> 13);
      long h1 = Math.multiplyHigh(d0, y1) + Math.multiplyHigh(d2, s4) + Math.multiplyHigh(x3, s3);
      long l2 = ((d0 * y2) >>> 13) + ((x1 * y1) >>> 13) + ((d3 * s4) >>> 13);
      long h2 = Math.multiplyHigh(d0, y2) + Math.multiplyHigh(x1, y1) + Math.multiplyHigh(d3, s4);
      long l3 = ((d0 * y3) >>> 13) + ((d1 * y2) >>> 13) + ((x4 * s4) >>> 13);
      long h3 = Math.multiplyHigh(d0, y3) + Math.multiplyHigh(d1, y2) + Math.multiplyHigh(x4, s4);
      long l4 = ((d0 * y4) >>> 13) + ((d1 * y3) >>> 13) + ((x2 * y2) >>> 13);
      long h4 = Math.multiplyHigh(d0, y4) + Math.multiplyHigh(d1, y3) + Math.multiplyHigh(x2, y2);
      // As carry(), into the locals.
      long c0 = (l0 >>> 51) + h0;
      long c1 = (l1 >>> 51) + h1;
      long c2 = (l2 >>> 51) + h2;
      long c3 = (l3 >>> 51) + h3;
      long c4 = (l4 >>> 51) + h4;
      long b0 = (l0 & M) + 19 * (c4 & M);
      long b1 = (l1 & M) + c0 + 19 * (c4 >> 51);
      long b2 = (l2 & M) + c1;
      long b3 = (l3 & M) + c2;
      long b4 = (l4 & M) + c3;
      a0 = (b0 & M) + 19 * (b4 >> 51);
      a1 = (b1 & M) + (b0 >> 51);
      a2 = (b2 & M) + (b1 >> 51);
      a3 = (b3 & M) + (b2 >> 51);
      a4 = (b4 & M) + (b3 >> 51);
    }
    h[0] = a0;
    h[1] = a1;
    h[2] = a2;
    h[3] = a3;
    h[4] = a4;
  }

  /** Loads 255 bits little-endian from s[off..off+32), ignoring the top bit (RFC 8032 §5.1.3). */
  static void fromBytes(long[] h, byte[] s, int off) {
    long w0 = load64(s, off);
    long w1 = load64(s, off + 8);
    long w2 = load64(s, off + 16);
    long w3 = load64(s, off + 24);
    h[0] = w0 & M;
    h[1] = ((w0 >>> 51) | (w1 << 13)) & M;
    h[2] = ((w1 >>> 38) | (w2 << 26)) & M;
    h[3] = ((w2 >>> 25) | (w3 << 39)) & M;
    h[4] = (w3 >>> 12) & M;
  }

  private static long load64(byte[] s, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (s[off + i] & 0xffL);
    }
    return v;
  }

  /** Writes the canonical (fully reduced, &lt; p) little-endian encoding of f; constant time. */
  static void toBytes(byte[] s, int off, long[] f) {
    long[] h = f.clone();
    for (int pass = 0; pass < 3; pass++) {
      reduce(h);
    }
    // Now 0 <= h[i] < 2^51 for all i. q = 1 iff h >= p.
    long q = (h[0] + 19) >> 51;
    q = (h[1] + q) >> 51;
    q = (h[2] + q) >> 51;
    q = (h[3] + q) >> 51;
    q = (h[4] + q) >> 51;
    h[0] += 19 * q;
    for (int i = 0; i < 4; i++) {
      h[i + 1] += h[i] >> 51;
      h[i] &= M;
    }
    h[4] &= M;
    long w0 = h[0] | (h[1] << 51);
    long w1 = (h[1] >>> 13) | (h[2] << 38);
    long w2 = (h[2] >>> 26) | (h[3] << 25);
    long w3 = (h[3] >>> 39) | (h[4] << 12);
    store64(s, off, w0);
    store64(s, off + 8, w1);
    store64(s, off + 16, w2);
    store64(s, off + 24, w3);
  }

  private static void store64(byte[] s, int off, long v) {
    for (int i = 0; i < 8; i++) {
      s[off + i] = (byte) (v >>> (8 * i));
    }
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
