package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Key generation, PKCS#8 and X.509 encodings, interoperable with the JDK's KeyFactory. */
class Ed25519KeysTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void jdkKeysRoundTripThroughOurEncodings() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    for (int i = 0; i < 20; i++) {
      KeyPair jdk = generator.generateKeyPair();
      Ed25519KeyPair ours = Ed25519KeyPair.decodePkcs8(jdk.getPrivate().getEncoded());
      byte[] raw = Ed25519Keys.decodeX509(jdk.getPublic().getEncoded());
      assertArrayEquals(raw, ours.publicKey());
      assertArrayEquals(jdk.getPublic().getEncoded(), Ed25519Keys.encodeX509(raw));
      byte[] message = ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(jdk.getPrivate());
      s.update(message);
      byte[] jdkSignature = s.sign();
      assertArrayEquals(jdkSignature, ours.sign(message), "deterministic RFC 8032 signatures");
      assertTrue(Ed25519.verify(raw, message, jdkSignature));
    }
  }

  @Test
  void ourKeysRoundTripThroughTheJdk() throws Exception {
    for (int i = 0; i < 20; i++) {
      Ed25519KeyPair ours = Ed25519KeyPair.generate(random);
      byte[] message = new byte[i * 7];
      random.nextBytes(message);
      assertArrayEquals(Reference.jdkSign(ours.encodePkcs8(), message), ours.sign(message));
      assertArrayEquals(Reference.bouncyCastleSign(ours.seed(), message), ours.sign(message));
      var publicKey =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(Ed25519Keys.encodeX509(ours.publicKey())));
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(publicKey);
      v.update(message);
      assertTrue(v.verify(ours.sign(message)));
      Ed25519KeyPair back = Ed25519KeyPair.decodePkcs8(ours.encodePkcs8());
      assertArrayEquals(ours.seed(), back.seed());
      assertArrayEquals(ours.publicKey(), back.publicKey());
    }
  }

  @Test
  void pkcs8Version2WithPublicKey() {
    Ed25519KeyPair ours = Ed25519KeyPair.generate(random);
    byte[] v2 = new byte[83];
    System.arraycopy(Vectors.unhex("3051020101300506032b657004220420"), 0, v2, 0, 16);
    System.arraycopy(ours.seed(), 0, v2, 16, 32);
    System.arraycopy(Vectors.unhex("812100"), 0, v2, 48, 3);
    System.arraycopy(ours.publicKey(), 0, v2, 51, 32);
    assertArrayEquals(ours.publicKey(), Ed25519KeyPair.decodePkcs8(v2).publicKey());
    v2[82] ^= 1;
    assertThrows(IllegalArgumentException.class, () -> Ed25519KeyPair.decodePkcs8(v2));
  }

  @Test
  void malformedEncodingsAreRejectedWithATypedError() {
    Ed25519KeyPair ours = Ed25519KeyPair.generate(random);
    byte[] pkcs8 = ours.encodePkcs8();
    byte[] x509 = Ed25519Keys.encodeX509(ours.publicKey());
    for (int i = 0; i < pkcs8.length - 32; i++) {
      byte[] bad = pkcs8.clone();
      bad[i] ^= 0x01;
      assertThrows(IllegalArgumentException.class, () -> Ed25519KeyPair.decodePkcs8(bad));
    }
    for (int i = 0; i < x509.length - 32; i++) {
      byte[] bad = x509.clone();
      bad[i] ^= 0x01;
      assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.decodeX509(bad));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> Ed25519KeyPair.decodePkcs8(Arrays.copyOf(pkcs8, pkcs8.length + 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Ed25519Keys.decodeX509(Arrays.copyOf(x509, x509.length - 1)));
    assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.encodeX509(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> Ed25519KeyPair.fromSeed(new byte[33]));
  }

  @Test
  void keyPairHidesItsSecretAndCopiesArrays() {
    Ed25519KeyPair ours = Ed25519KeyPair.fromSeed(new byte[32]);
    assertFalse(ours.toString().contains(Vectors.hex(ours.seed())));
    assertTrue(ours.toString().contains(Vectors.hex(ours.publicKey())));
    ours.seed()[0] = 1;
    ours.publicKey()[0] ^= 1;
    assertEquals(0, ours.seed()[0]);
    assertTrue(Ed25519.isValidPublicKey(ours.publicKey()));
  }
}
