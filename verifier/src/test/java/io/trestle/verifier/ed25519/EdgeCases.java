package io.trestle.verifier.ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Generators for the edge families of the validity policy: the 8 points of small order, mixed-order
 * points, non-canonical encodings, and signatures built around them with knowledge of the secret
 * scalar (so that they pass the cofactored equation where that is possible).
 */
final class EdgeCases {
  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** A labelled test input and the verdict our policy gives it. */
  record Case(String label, byte[] publicKey, byte[] message, byte[] signature, boolean valid) {
    SignedMessage item() {
      return new SignedMessage(publicKey, message, signature);
    }
  }

  private EdgeCases() {}

  /** The 8 points of small order (the torsion subgroup E[8]), by multiples of one of order 8. */
  static List<Point> smallOrderPoints() {
    Point t8 = null;
    byte[] lBytes = le(L);
    for (int y = 2; t8 == null; y++) {
      byte[] enc = le(BigInteger.valueOf(y));
      Point p = Point.decode(enc, 0);
      if (p == null) {
        continue;
      }
      Point t = MultiScalar.multiply(null, new Point[] {p}, new byte[][] {lBytes});
      Point t4 = t.copy();
      t4.timesPowerOfTwo(2, new Point.Completed());
      if (!t4.isIdentity()) {
        t8 = t;
      }
    }
    List<Point> out = new ArrayList<>();
    Point current = Point.identity();
    Point.Cached step = Point.Cached.of(t8);
    Point.Completed c = new Point.Completed();
    for (int k = 0; k < 8; k++) {
      out.add(current.copy());
      c.add(current, step);
      c.toExtended(current);
    }
    return out;
  }

  static Set<String> smallOrderEncodings() {
    Set<String> out = new LinkedHashSet<>();
    for (Point p : smallOrderPoints()) {
      out.add(Vectors.hex(p.encode()));
    }
    return out;
  }

  /** Encodings whose low 255 bits are y = p + i (i = 0..18), with either sign bit. */
  static List<byte[]> nonCanonicalEncodings() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i <= 18; i++) {
      for (int sign = 0; sign <= 1; sign++) {
        byte[] e = le(P.add(BigInteger.valueOf(i)));
        e[31] |= (byte) (sign << 7);
        out.add(e);
      }
    }
    return out;
  }

  /** The clamped secret scalar a of RFC 8032 §5.1.5. */
  static byte[] secretScalar(Ed25519KeyPair pair) {
    byte[] h = Prepared.sha512().digest(pair.seed());
    byte[] a = Arrays.copyOf(h, 32);
    a[0] &= (byte) 248;
    a[31] &= 127;
    a[31] |= 64;
    return a;
  }

  /**
   * A signature with the given R bytes under the given public-key bytes, made with secret scalar a
   * and nonce r, assuming R encodes [r]B + (torsion) and A encodes [a]B + (torsion): S = r + k a.
   */
  static byte[] signWith(byte[] encodedR, byte[] r, byte[] a, byte[] publicKey, byte[] message) {
    MessageDigest sha = Prepared.sha512();
    sha.update(encodedR);
    sha.update(publicKey);
    sha.update(message);
    byte[] k = Scalar.reduce(sha.digest());
    byte[] s = Scalar.mulAdd(k, a, r);
    byte[] sig = Arrays.copyOf(encodedR, 64);
    System.arraycopy(s, 0, sig, 32, 32);
    return sig;
  }

  static byte[] add(byte[] encodedP, Point q) {
    Point p = Point.decode(encodedP, 0);
    Point.Completed c = new Point.Completed();
    c.add(p, Point.Cached.of(q));
    Point out = new Point();
    c.toExtended(out);
    return out.encode();
  }

  static byte[] le(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  static BigInteger value(byte[] le) {
    byte[] be = new byte[le.length + 1];
    for (int i = 0; i < le.length; i++) {
      be[be.length - 1 - i] = le[i];
    }
    return new BigInteger(be);
  }
}
