package io.trestle.verifier.ed25519;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * X.509 SubjectPublicKeyInfo encoding of Ed25519 public keys (RFC 8410 §4), byte-compatible with
 * the JDK's {@code KeyFactory.getInstance("Ed25519")}: the DER of {@code SEQUENCE { SEQUENCE { OID
 * 1.3.101.112 }, BIT STRING (32 bytes) }}.
 */
public final class Ed25519Keys {
  /** DER header of the 44-byte SubjectPublicKeyInfo, followed by the 32 key bytes. */
  static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  /**
   * @param publicKey 32 bytes (not checked for validity: see {@link Ed25519#isValidPublicKey})
   * @return the 44-byte DER encoding
   * @throws IllegalArgumentException if publicKey is not 32 bytes long
   */
  public static byte[] encodeX509(byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != Ed25519.PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be 32 bytes, got " + publicKey.length);
    }
    byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
    System.arraycopy(publicKey, 0, der, X509_PREFIX.length, 32);
    return der;
  }

  /**
   * @return the 32 raw key bytes of a DER SubjectPublicKeyInfo for Ed25519
   * @throws IllegalArgumentException if der is not exactly that encoding (other algorithm, wrong
   *     lengths, trailing bytes)
   */
  public static byte[] decodeX509(byte[] der) {
    Objects.requireNonNull(der, "der");
    if (der.length != X509_PREFIX.length + 32
        || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
      throw new IllegalArgumentException(
          "not a DER X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), length "
              + der.length);
    }
    return Arrays.copyOfRange(der, X509_PREFIX.length, der.length);
  }
}
