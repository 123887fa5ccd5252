package io.trestle.verifier.ed25519;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A signature that passed every check of the validity policy except the group equation: A is the
 * canonical encoding of a point of order greater than 8, R the canonical encoding of a point, S
 * &lt; L; k = SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 steps 1-2).
 */
record Prepared(Point a, Point r, byte[] s, byte[] k) {

  /** The prepared form, or null if the policy rejects the inputs before any equation. */
  static Prepared of(byte[] publicKey, byte[] message, byte[] signature) {
    java.util.Objects.requireNonNull(message, "message");
    if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES
        || signature.length != Ed25519.SIGNATURE_BYTES
        || !Scalar.isCanonical(signature, 32)) {
      return null;
    }
    Point a = decodePublicKey(publicKey);
    if (a == null) {
      return null;
    }
    Point r = Point.decode(signature, 0);
    if (r == null) {
      return null;
    }
    MessageDigest sha = sha512();
    sha.update(signature, 0, 32);
    sha.update(publicKey);
    sha.update(message);
    byte[] k = Scalar.reduce(sha.digest());
    byte[] s = java.util.Arrays.copyOfRange(signature, 32, 64);
    return new Prepared(a, r, s, k);
  }

  /** The point of a registrable public key (canonical, on the curve, not small order) or null. */
  static Point decodePublicKey(byte[] publicKey) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES) {
      return null;
    }
    Point a = Point.decode(publicKey, 0);
    return a == null || a.hasSmallOrder() ? null : a;
  }

  /** The cofactored equation [8]([S]B - R - [k]A) = 0. */
  boolean holds() {
    Point minusA = a.copy();
    minusA.negate();
    Point p = MultiScalar.multiply(s, new Point[] {minusA}, new byte[][] {k});
    Point.Completed c = new Point.Completed();
    c.sub(p, Point.Cached.of(r));
    c.toExtended(p);
    return p.hasSmallOrder();
  }

  static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java SE runtime provides SHA-512", e);
    }
  }
}
