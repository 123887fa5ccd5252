package io.trestle.verifier.ed25519.bench;

import io.trestle.verifier.ed25519.Ed25519KeyPair;
import io.trestle.verifier.ed25519.Ed25519Keys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.SplittableRandom;

/**
 * 256 distinct keys, each with one 100-byte message (the size of a vote) and its signature, shared
 * by every implementation under test; the JDK gets the same keys as PublicKey objects.
 */
final class Corpus {
  static final int SIZE = 256;

  final Ed25519KeyPair[] pairs = new Ed25519KeyPair[SIZE];
  final byte[][] publicKeys = new byte[SIZE][];
  final byte[][] messages = new byte[SIZE][];
  final byte[][] signatures = new byte[SIZE][];
  final PublicKey[] jdkPublicKeys = new PublicKey[SIZE];

  /** BouncyCastle's own decoded form of each key, so that it too verifies with a known key. */
  final org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint[] bouncyCastlePoints =
      new org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint[SIZE];

  Corpus() throws GeneralSecurityException {
    SplittableRandom random = new SplittableRandom(2026);
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    for (int i = 0; i < SIZE; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      pairs[i] = Ed25519KeyPair.fromSeed(seed);
      publicKeys[i] = pairs[i].publicKey();
      messages[i] = new byte[100];
      random.nextBytes(messages[i]);
      signatures[i] = pairs[i].sign(messages[i]);
      jdkPublicKeys[i] =
          factory.generatePublic(new X509EncodedKeySpec(Ed25519Keys.encodeX509(publicKeys[i])));
      bouncyCastlePoints[i] =
          org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFullExport(publicKeys[i], 0);
    }
  }

  boolean bouncyCastleVerify(int i) {
    byte[] m = messages[i];
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signatures[i], 0, publicKeys[i], 0, m, 0, m.length);
  }

  /** BouncyCastle with the key decoded and validated once ({@code PublicPoint}), as ours caches. */
  boolean bouncyCastleVerifyKnownKey(int i) {
    byte[] m = messages[i];
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        signatures[i], 0, bouncyCastlePoints[i], m, 0, m.length);
  }

  boolean jdkVerify(int i) throws GeneralSecurityException {
    Signature v = Signature.getInstance("Ed25519");
    v.initVerify(jdkPublicKeys[i]);
    v.update(messages[i]);
    return v.verify(signatures[i]);
  }
}
