package io.trestle.verifier.ed25519;

/**
 * Ed25519 verification (RFC 8032 §5.1.7) under Trestle's single validity policy, which
 * verifier/README.md ("Ed25519 validity policy") states and justifies. In short, a signature (R, S)
 * on message M under public key A is valid iff
 *
 * <ul>
 *   <li>A is 32 bytes, the canonical encoding (y &lt; p) of a curve point of order greater than 8;
 *   <li>the signature is 64 bytes, R the canonical encoding of a curve point (any order), S &lt; L;
 *   <li>[8][S]B = [8]R + [8][k]A with k = SHA-512(R || A || M) mod L (the cofactored equation).
 * </ul>
 *
 * <p>{@link Ed25519BatchVerifier} reaches the same verdict on every input. Verification handles
 * public data only and runs in variable time. All methods are thread-safe and stateless.
 */
public final class Ed25519 {
  public static final int PUBLIC_KEY_BYTES = 32;
  public static final int SIGNATURE_BYTES = 64;
  public static final int SEED_BYTES = 32;

  private Ed25519() {}

  /**
   * Verifies a signature under the policy above.
   *
   * @return true iff valid; false for any malformed, non-canonical or wrong-length input
   * @throws NullPointerException if an argument is null
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    java.util.Objects.requireNonNull(publicKey, "publicKey");
    java.util.Objects.requireNonNull(signature, "signature");
    Prepared p = Prepared.of(publicKey, message, signature);
    return p != null && p.holds();
  }

  /**
   * Registration check for a committee key: 32 bytes, canonical encoding, on the curve, not one of
   * the 8 points of small order. Exactly the keys under which {@link #verify} can return true.
   *
   * @throws NullPointerException if publicKey is null
   */
  public static boolean isValidPublicKey(byte[] publicKey) {
    return PublicKeys.isValid(publicKey);
  }
}
