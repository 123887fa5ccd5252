package io.trestle.consensus.net;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A relayer's ed25519 identity: its key pair and the minimal self-signed X.509 v3 certificate (RFC
 * 5280 §4.1, signature algorithm id-Ed25519 of RFC 8410 §3) that carries the public key into the
 * TLS 1.3 handshake. The certificate has no extensions and is valid until 9999-12-31; peers trust
 * it only because its key is pinned in the committee, never because of its issuer or dates.
 *
 * <p>Raw public keys are the 32-byte RFC 8032 encoding used in {@code Member.ed25519_key}.
 */
public record Ed25519Identity(
    PrivateKey privateKey, PublicKey publicKey, X509Certificate certificate) {

  /** SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410 §4): SEQUENCE, AlgId, BIT STRING. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final byte[] ED25519_OID = {0x2B, 0x65, 0x70};

  /** A fresh identity from the JDK's SecureRandom. */
  public static Ed25519Identity generate() {
    try {
      return of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks Ed25519", e);
    }
  }

  /** The identity of a PKCS#8-encoded (RFC 8410 §7) Ed25519 private key. */
  public static Ed25519Identity fromPkcs8(byte[] pkcs8) throws GeneralSecurityException {
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    PrivateKey sk = kf.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    var edSk = (java.security.interfaces.EdECPrivateKey) sk;
    byte[] seed = edSk.getBytes().orElseThrow(() -> new GeneralSecurityException("no seed"));
    PublicKey pk = derivePublic(seed);
    return of(new KeyPair(pk, sk));
  }

  /** The identity's private key as PKCS#8 (RFC 8410 §7), for the key file. */
  public byte[] encodePkcs8() {
    return privateKey.getEncoded();
  }

  /** The 32-byte RFC 8032 public key. */
  public byte[] rawPublicKey() {
    return rawPublicKey(publicKey);
  }

  /** Signs {@code message} with PureEdDSA (RFC 8032 §5.1.6). */
  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The 32-byte RFC 8032 encoding of an Ed25519 public key; rejects any other key type. */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (!"X.509".equals(key.getFormat())
        || spki == null
        || spki.length != SPKI_PREFIX.length + 32
        || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
    }
    return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
  }

  /** The JDK public key of a 32-byte RFC 8032 encoding. */
  public static PublicKey publicKey(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("Ed25519 key must be 32 bytes, got " + raw.length);
    }
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(Der.concat(SPKI_PREFIX, raw)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid Ed25519 key", e);
    }
  }

  private static PublicKey derivePublic(byte[] seed) throws GeneralSecurityException {
    // The JDK derives the public key only while generating; feed the seed as the randomness.
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(255, new FixedSeed(seed));
    return g.generateKeyPair().getPublic();
  }

  private static Ed25519Identity of(KeyPair kp) {
    return new Ed25519Identity(kp.getPrivate(), kp.getPublic(), selfSign(kp));
  }

  private static X509Certificate selfSign(KeyPair kp) {
    byte[] algId = Der.sequence(Der.oid(ED25519_OID));
    String cn = "trestle-" + HexFormat.of().formatHex(rawPublicKey(kp.getPublic()), 0, 8);
    byte[] name =
        Der.sequence(
            Der.set(
                Der.sequence(Der.oid((byte) 0x55, (byte) 0x04, (byte) 0x03), Der.utf8String(cn))));
    byte[] tbs =
        Der.sequence(
            Der.explicit(0, Der.nonNegativeInteger(2)),
            Der.nonNegativeInteger(1),
            algId,
            name,
            Der.sequence(Der.utcTime("250101000000Z"), Der.generalizedTime("99991231235959Z")),
            name,
            kp.getPublic().getEncoded());
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(kp.getPrivate());
      s.update(tbs);
      byte[] der = Der.sequence(tbs, algId, Der.bitString(s.sign()));
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot self-sign an Ed25519 certificate", e);
    }
  }

  /** Checks that {@code cert} is signed by its own key (the only check a pinned key needs). */
  static void verifySelfSigned(X509Certificate cert) throws CertificateException {
    try {
      cert.verify(cert.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new CertificateException("certificate not self-signed by its Ed25519 key", e);
    }
  }

  /** A SecureRandom that returns a fixed 32-byte seed once (RFC 8032 §5.1.5 key generation). */
  private static final class FixedSeed extends java.security.SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected request for " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
