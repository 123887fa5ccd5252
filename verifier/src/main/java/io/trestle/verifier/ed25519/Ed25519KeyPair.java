package io.trestle.verifier.ed25519;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 private key (the 32-byte seed of RFC 8032 §5.1.5) with its public key. Signing is RFC
 * 8032 §5.1.6, deterministic, and constant time in the secret: fixed-base multiplication by table
 * scans with conditional moves, scalar arithmetic without secret-dependent branches or indices.
 * Immutable and thread-safe; {@link #toString} shows the public key only.
 */
public final class Ed25519KeyPair {
  /** PKCS#8 v1 (RFC 5208 / RFC 8410 §7) header; the 32-byte seed follows. */
  private static final byte[] PKCS8_V1 =
      HexFormat.of().parseHex("302e020100300506032b657004220420");

  /** OneAsymmetricKey v2 (RFC 5958) header; seed, then [1] public key follow. */
  private static final byte[] PKCS8_V2 =
      HexFormat.of().parseHex("3051020101300506032b657004220420");

  private static final byte[] PKCS8_V2_PUBLIC = HexFormat.of().parseHex("812100");

  private final byte[] seed;
  private final byte[] scalar;
  private final byte[] prefix;
  private final byte[] publicKey;

  private Ed25519KeyPair(byte[] seed) {
    this.seed = seed.clone();
    byte[] h = Prepared.newSha512().digest(seed);
    scalar = Arrays.copyOf(h, 32);
    scalar[0] &= (byte) 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    prefix = Arrays.copyOfRange(h, 32, 64);
    publicKey = BasePoint.multiply(scalar).encode();
  }

  /** A new key pair from 32 bytes of the given random source. */
  public static Ed25519KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SEED_BYTES];
    random.nextBytes(seed);
    return new Ed25519KeyPair(seed);
  }

  /**
   * @throws IllegalArgumentException if seed32 is not 32 bytes long
   */
  public static Ed25519KeyPair fromSeed(byte[] seed32) {
    Objects.requireNonNull(seed32, "seed32");
    if (seed32.length != Ed25519.SEED_BYTES) {
      throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, got " + seed32.length);
    }
    return new Ed25519KeyPair(seed32);
  }

  /** A copy of the 32-byte seed (the secret). */
  public byte[] seed() {
    return seed.clone();
  }

  /** A copy of the 32-byte public key A. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The 64-byte signature R || S of RFC 8032 §5.1.6; equal to every conforming signer's. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    MessageDigest sha = Prepared.newSha512();
    sha.update(prefix);
    sha.update(message);
    byte[] r = Scalar.reduce(sha.digest());
    byte[] encodedR = BasePoint.multiply(r).encode();
    sha.update(encodedR);
    sha.update(publicKey);
    sha.update(message);
    byte[] k = Scalar.reduce(sha.digest());
    byte[] s = Scalar.mulAdd(k, scalar, r);
    byte[] signature = Arrays.copyOf(encodedR, Ed25519.SIGNATURE_BYTES);
    System.arraycopy(s, 0, signature, 32, 32);
    return signature;
  }

  /** The PKCS#8 v1 DER encoding (RFC 8410 §7), as the JDK's KeyFactory("Ed25519") reads it. */
  public byte[] encodePkcs8() {
    byte[] der = Arrays.copyOf(PKCS8_V1, PKCS8_V1.length + 32);
    System.arraycopy(seed, 0, der, PKCS8_V1.length, 32);
    return der;
  }

  /**
   * Reads a PKCS#8 v1 encoding, or a v2 (RFC 5958) one whose public key must then match the seed.
   *
   * @throws IllegalArgumentException if der is neither, or the embedded public key mismatches
   */
  public static Ed25519KeyPair decodePkcs8(byte[] der) {
    Objects.requireNonNull(der, "der");
    int n = PKCS8_V1.length;
    if (der.length == n + 32 && Arrays.equals(der, 0, n, PKCS8_V1, 0, n)) {
      return new Ed25519KeyPair(Arrays.copyOfRange(der, n, n + 32));
    }
    int m = PKCS8_V2_PUBLIC.length;
    if (der.length == n + 32 + m + 32
        && Arrays.equals(der, 0, n, PKCS8_V2, 0, n)
        && Arrays.equals(der, n + 32, n + 32 + m, PKCS8_V2_PUBLIC, 0, m)) {
      Ed25519KeyPair pair = new Ed25519KeyPair(Arrays.copyOfRange(der, n, n + 32));
      if (!Arrays.equals(pair.publicKey, 0, 32, der, n + 32 + m, der.length)) {
        throw new IllegalArgumentException("PKCS#8 public key does not match its private key");
      }
      return pair;
    }
    throw new IllegalArgumentException(
        "not a DER PKCS#8 Ed25519 private key (RFC 8410 / RFC 5958), length " + der.length);
  }

  @Override
  public String toString() {
    return "Ed25519KeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
