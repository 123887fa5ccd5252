package io.trestle.verifier.ed25519;

/**
 * SHA-512 (FIPS 180-4) for verification: the same digests as the JDK's {@code
 * MessageDigest.getInstance("SHA-512")}, without the security provider framework, whose first use
 * costs a one-shot CLI tens of milliseconds of start-up. Not thread-safe; instances are reusable
 * after {@link #digest} (which resets). Running time depends only on the input length.
 */
final class Sha512 {
  private static final long[] K = {
    0x428a2f98d728ae22L, 0x7137449123ef65cdL, 0xb5c0fbcfec4d3b2fL, 0xe9b5dba58189dbbcL,
    0x3956c25bf348b538L, 0x59f111f1b605d019L, 0x923f82a4af194f9bL, 0xab1c5ed5da6d8118L,
    0xd807aa98a3030242L, 0x12835b0145706fbeL, 0x243185be4ee4b28cL, 0x550c7dc3d5ffb4e2L,
    0x72be5d74f27b896fL, 0x80deb1fe3b1696b1L, 0x9bdc06a725c71235L, 0xc19bf174cf692694L,
    0xe49b69c19ef14ad2L, 0xefbe4786384f25e3L, 0x0fc19dc68b8cd5b5L, 0x240ca1cc77ac9c65L,
    0x2de92c6f592b0275L, 0x4a7484aa6ea6e483L, 0x5cb0a9dcbd41fbd4L, 0x76f988da831153b5L,
    0x983e5152ee66dfabL, 0xa831c66d2db43210L, 0xb00327c898fb213fL, 0xbf597fc7beef0ee4L,
    0xc6e00bf33da88fc2L, 0xd5a79147930aa725L, 0x06ca6351e003826fL, 0x142929670a0e6e70L,
    0x27b70a8546d22ffcL, 0x2e1b21385c26c926L, 0x4d2c6dfc5ac42aedL, 0x53380d139d95b3dfL,
    0x650a73548baf63deL, 0x766a0abb3c77b2a8L, 0x81c2c92e47edaee6L, 0x92722c851482353bL,
    0xa2bfe8a14cf10364L, 0xa81a664bbc423001L, 0xc24b8b70d0f89791L, 0xc76c51a30654be30L,
    0xd192e819d6ef5218L, 0xd69906245565a910L, 0xf40e35855771202aL, 0x106aa07032bbd1b8L,
    0x19a4c116b8d2d0c8L, 0x1e376c085141ab53L, 0x2748774cdf8eeb99L, 0x34b0bcb5e19b48a8L,
    0x391c0cb3c5c95a63L, 0x4ed8aa4ae3418acbL, 0x5b9cca4f7763e373L, 0x682e6ff3d6b2b8a3L,
    0x748f82ee5defb2fcL, 0x78a5636f43172f60L, 0x84c87814a1f0ab72L, 0x8cc702081a6439ecL,
    0x90befffa23631e28L, 0xa4506cebde82bde9L, 0xbef9a3f7b2c67915L, 0xc67178f2e372532bL,
    0xca273eceea26619cL, 0xd186b8c721c0c207L, 0xeada7dd6cde0eb1eL, 0xf57d4f7fee6ed178L,
    0x06f067aa72176fbaL, 0x0a637dc5a2c898a6L, 0x113f9804bef90daeL, 0x1b710b35131c471bL,
    0x28db77f523047d84L, 0x32caab7b40c72493L, 0x3c9ebe0a15c9bebcL, 0x431d67c49c100d4cL,
    0x4cc5d4becb3e42b6L, 0x597f299cfc657e2aL, 0x5fcb6fab3ad6faecL, 0x6c44198c4a475817L
  };

  private static final long[] IV = {
    0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
    0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L
  };

  private final long[] h = IV.clone();
  private final long[] w = new long[80];
  private final byte[] buffer = new byte[128];
  private int buffered;
  private long length;

  /** Absorbs b[off..off+len). */
  Sha512 update(byte[] b, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    length += len;
    if (buffered > 0) {
      int take = Math.min(len, 128 - buffered);
      System.arraycopy(b, off, buffer, buffered, take);
      buffered += take;
      off += take;
      len -= take;
      if (buffered < 128) {
        return this;
      }
      compress(buffer, 0);
      buffered = 0;
    }
    while (len >= 128) {
      compress(b, off);
      off += 128;
      len -= 128;
    }
    System.arraycopy(b, off, buffer, 0, len);
    buffered = len;
    return this;
  }

  Sha512 update(byte[] b) {
    return update(b, 0, b.length);
  }

  /** The 64-byte digest of everything absorbed since the last reset; then resets. */
  byte[] digest() {
    long bits = length << 3;
    long bitsHigh = length >>> 61;
    buffer[buffered++] = (byte) 0x80;
    if (buffered > 112) {
      java.util.Arrays.fill(buffer, buffered, 128, (byte) 0);
      compress(buffer, 0);
      buffered = 0;
    }
    java.util.Arrays.fill(buffer, buffered, 112, (byte) 0);
    storeBigEndian(buffer, 112, bitsHigh);
    storeBigEndian(buffer, 120, bits);
    compress(buffer, 0);
    byte[] out = new byte[64];
    for (int i = 0; i < 8; i++) {
      storeBigEndian(out, 8 * i, h[i]);
    }
    reset();
    return out;
  }

  void reset() {
    System.arraycopy(IV, 0, h, 0, 8);
    buffered = 0;
    length = 0;
  }

  private void compress(byte[] b, int off) {
    long[] w = this.w;
    for (int t = 0; t < 16; t++) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[off + 8 * t + i] & 0xffL);
      }
      w[t] = v;
    }
    for (int t = 16; t < 80; t++) {
      long x = w[t - 2];
      long y = w[t - 15];
      long s1 = Long.rotateRight(x, 19) ^ Long.rotateRight(x, 61) ^ (x >>> 6);
      long s0 = Long.rotateRight(y, 1) ^ Long.rotateRight(y, 8) ^ (y >>> 7);
      w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    long a = h[0];
    long bb = h[1];
    long c = h[2];
    long d = h[3];
    long e = h[4];
    long f = h[5];
    long g = h[6];
    long hh = h[7];
    for (int t = 0; t < 80; t++) {
      long t1 =
          hh
              + (Long.rotateRight(e, 14) ^ Long.rotateRight(e, 18) ^ Long.rotateRight(e, 41))
              + ((e & f) ^ (~e & g))
              + K[t]
              + w[t];
      long t2 =
          (Long.rotateRight(a, 28) ^ Long.rotateRight(a, 34) ^ Long.rotateRight(a, 39))
              + ((a & bb) ^ (a & c) ^ (bb & c));
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = bb;
      bb = a;
      a = t1 + t2;
    }
    h[0] += a;
    h[1] += bb;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }

  private static void storeBigEndian(byte[] out, int off, long v) {
    for (int i = 0; i < 8; i++) {
      out[off + i] = (byte) (v >>> (56 - 8 * i));
    }
  }
}
