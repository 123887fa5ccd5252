package io.trestle.consensus.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class Ed25519IdentityTest {

  @Test
  void certificateParsesWithJdkFactoryAndVerifiesUnderItsOwnKey() throws Exception {
    Ed25519Identity id = Ed25519Identity.generate();
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(id.certificate().getEncoded()));
    assertEquals(3, cert.getVersion());
    assertEquals("Ed25519", cert.getSigAlgName());
    assertEquals("1.3.101.112", cert.getSigAlgOID());
    cert.verify(id.publicKey());
    cert.checkValidity();
    assertArrayEquals(id.rawPublicKey(), Ed25519Identity.rawPublicKey(cert.getPublicKey()));
    assertTrue(cert.getSubjectX500Principal().getName().startsWith("CN=trestle-"));
  }

  @Test
  void certificateOfAnotherKeyFailsSelfSignatureCheck() throws Exception {
    Ed25519Identity a = Ed25519Identity.generate();
    Ed25519Identity b = Ed25519Identity.generate();
    assertThrows(Exception.class, () -> a.certificate().verify(b.publicKey()));
    Ed25519Identity.verifySelfSigned(a.certificate());
  }

  @Test
  void pkcs8RoundTripKeepsTheKeyPair() throws Exception {
    Ed25519Identity id = Ed25519Identity.generate();
    Ed25519Identity back = Ed25519Identity.fromPkcs8(id.encodePkcs8());
    assertArrayEquals(id.rawPublicKey(), back.rawPublicKey());
    byte[] msg = "vote".getBytes();
    Signature v = Signature.getInstance("Ed25519");
    v.initVerify(id.publicKey());
    v.update(msg);
    assertTrue(v.verify(back.sign(msg)));
  }

  @Test
  void rawKeyRoundTripAndRejectionOfOtherKeyTypes() throws Exception {
    Ed25519Identity id = Ed25519Identity.generate();
    assertArrayEquals(
        id.rawPublicKey(),
        Ed25519Identity.rawPublicKey(Ed25519Identity.publicKey(id.rawPublicKey())));
    var ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    assertThrows(IllegalArgumentException.class, () -> Ed25519Identity.rawPublicKey(ec));
    assertThrows(IllegalArgumentException.class, () -> Ed25519Identity.publicKey(new byte[31]));
  }

  @Test
  void derLengthsUseLongFormAbove127Bytes() {
    byte[] t = Der.tlv(0x04, new byte[300]);
    assertEquals(0x82, t[1] & 0xff);
    assertEquals(300, ((t[2] & 0xff) << 8) | (t[3] & 0xff));
    assertEquals(304, t.length);
    assertEquals(2, Der.tlv(0x04, new byte[0]).length);
    assertArrayEquals(new byte[] {0x02, 0x02, 0x00, (byte) 0x80}, Der.nonNegativeInteger(128));
  }

  @Test
  void trustManagerRefusesNonMembersAndCountsThem() throws Exception {
    Ed25519Identity member = Ed25519Identity.generate();
    Ed25519Identity outsider = Ed25519Identity.generate();
    var refused = new java.util.concurrent.atomic.LongAdder();
    var tm =
        new CommitteeTrustManager(k -> java.util.Arrays.equals(k, member.rawPublicKey()), refused);
    tm.checkClientTrusted(new X509Certificate[] {member.certificate()}, "EdDSA");
    assertThrows(
        CertificateException.class,
        () -> tm.checkClientTrusted(new X509Certificate[] {outsider.certificate()}, "EdDSA"));
    assertThrows(
        CertificateException.class, () -> tm.checkServerTrusted(new X509Certificate[0], "EdDSA"));
    assertEquals(2, refused.sum());
  }
}
