package io.trestle.verifier.ed25519;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A signature that passed every check of the validity policy except the group equation: A is the
 * canonical encoding of a point of order greater than 8, R the canonical encoding of a point, S
 * &lt; L; k = SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 steps 1-2).
 */
record Prepared(PublicKeys.Entry a, Point r, byte[] s, byte[] k) {

  /** The prepared form, or null if the policy rejects the inputs before any equation. */
  static Prepared of(byte[] publicKey, byte[] message, byte[] signature) {
    java.util.Objects.requireNonNull(message, "message");
    if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES
        || signature.length != Ed25519.SIGNATURE_BYTES
        || !Scalar.isCanonical(signature, 32)) {
      return null;
    }
    PublicKeys.Entry a = PublicKeys.get(publicKey);
    if (a == null) {
      return null;
    }
    Point r = Point.decode(signature, 0);
    if (r == null) {
      return null;
    }
    byte[] k = Scalar.reduce(challengeHash(signature, publicKey, message));
    byte[] s = java.util.Arrays.copyOfRange(signature, 32, 64);
    return new Prepared(a, r, s, k);
  }

  /**
   * The cofactored equation [8]([S]B - R - [k]A) = 0, evaluated as [8]([e]B - [d]R - [c]A) = 0 with
   * e = d S mod L and the short (c, d) of {@link Lattice#split}, so that the shared doublings
   * number max(bits of c's parts, bits of d) instead of 253: c and d of 127 bits for a key seen for
   * the first time, and for a key with cached tables of A, 2^32 A, ..., 2^192 A, c of 221 bits
   * (seven 32-bit parts) and d of 32 bits. [e]B takes eight 32-bit parts on B, ..., 2^224 B (two
   * 128-bit halves on B and 2^128 B for the 127 doublings of a first use). With d = -|d| it is
   * [8]([-|d| S]B + [|d|]R - [c]A) = 0: the sign goes to the terms, not the scalar.
   */
  boolean holds() {
    boolean cachedTables = a.tables() != null;
    Lattice.Split split = Lattice.split(k, cachedTables ? Lattice.SHORT_D : Lattice.HALF);
    byte[] e = Scalar.mulAddShort(split.dAbs(), s, ZERO);
    MultiScalar.Term[] aTerms = a.terms(split.c(), true);
    MultiScalar.Term[] terms = java.util.Arrays.copyOf(aTerms, aTerms.length + 1);
    terms[aTerms.length] =
        MultiScalar.Term.of(
            MultiScalar.oddMultiples(r, cachedTables ? R_WIDTH : MultiScalar.WIDTH),
            split.dAbs(),
            !split.dNegative());
    MultiScalar.Base base =
        cachedTables
            ? new MultiScalar.Base(
                MultiScalar.parts(e, BasePoint.singleTables().parts().length),
                split.dNegative(),
                BasePoint.singleTables())
            : new MultiScalar.Base(
                new byte[][] {MultiScalar.part(e, 0, 16), MultiScalar.part(e, 16, 32)},
                split.dNegative(),
                BasePoint.halfTables());
    return MultiScalar.multiply(base, terms).hasSmallOrder();
  }

  private static final byte[] ZERO = new byte[32];

  /**
   * Window width for R when d has 32 bits: 4 projective odd multiples (3 additions to build, about
   * 7 to use).
   */
  static final int R_WIDTH = 4;

  private static final ThreadLocal<MessageDigest> SHA512 =
      ThreadLocal.withInitial(Prepared::newSha512);

  private static final ThreadLocal<Sha512> BUILTIN = ThreadLocal.withInitial(Sha512::new);

  /**
   * Challenge hashes computed with our {@link Sha512} before switching to the JDK's: a short-lived
   * process (the CLI) never initialises the security provider framework (tens of milliseconds), a
   * long-running one soon uses the JDK's faster implementation. Both give the same digest.
   */
  static final int BUILTIN_HASHES = 1024;

  private static final AtomicInteger HASHES = new AtomicInteger();

  /** SHA-512(R || A || M) with R the first 32 bytes of the signature (RFC 8032 §5.1.7). */
  static byte[] challengeHash(byte[] signature, byte[] publicKey, byte[] message) {
    if (HASHES.get() < BUILTIN_HASHES) {
      HASHES.incrementAndGet();
      return BUILTIN.get().update(signature, 0, 32).update(publicKey).update(message).digest();
    }
    MessageDigest sha = sha512();
    sha.update(signature, 0, 32);
    sha.update(publicKey);
    sha.update(message);
    return sha.digest();
  }

  /** This thread's SHA-512 instance, reset; for public data only (verification). */
  static MessageDigest sha512() {
    MessageDigest sha = SHA512.get();
    sha.reset();
    return sha;
  }

  /** A fresh instance, for hashing secrets (nothing of them stays in a long-lived object). */
  static MessageDigest newSha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java SE runtime provides SHA-512", e);
    }
  }
}
