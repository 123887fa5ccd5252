package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Published vectors: RFC 8032 §7.1, Project Wycheproof, and 2,000 OpenSSL signatures. */
class Ed25519VectorsTest {
  /** Wycheproof cases whose expected verdict our policy deliberately differs from: none. */
  static final Set<Integer> WYCHEPROOF_DEVIATIONS = Set.of();

  private final Ed25519BatchVerifier batch = new Ed25519BatchVerifier(new SecureRandom());

  @Test
  void rfc8032Section7_1() {
    List<Vectors.Signed> cases = Vectors.signed("rfc8032-ed25519.txt");
    assertEquals(3, cases.size());
    assertSignedVectors(cases);
  }

  @Test
  void openSslRandomSignatures() {
    List<Vectors.Signed> cases = Vectors.signed("openssl-ed25519-random.txt");
    assertEquals(2000, cases.size());
    assertSignedVectors(cases);
  }

  private void assertSignedVectors(List<Vectors.Signed> cases) {
    List<SignedMessage> items = new ArrayList<>();
    for (Vectors.Signed c : cases) {
      Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(c.seed());
      assertArrayEquals(c.publicKey(), pair.publicKey(), "public key of " + Vectors.hex(c.seed()));
      assertArrayEquals(c.signature(), pair.sign(c.message()), "signature by " + pair);
      assertTrue(Ed25519.verify(c.publicKey(), c.message(), c.signature()));
      assertTrue(Ed25519.isValidPublicKey(c.publicKey()));
      items.add(new SignedMessage(c.publicKey(), c.message(), c.signature()));
    }
    for (int from = 0; from < items.size(); from += 100) {
      List<SignedMessage> chunk = items.subList(from, Math.min(items.size(), from + 100));
      BatchVerdict verdict = batch.verify(chunk);
      assertTrue(verdict.allValid());
      assertTrue(verdict.invalid().isEmpty());
    }
  }

  @Test
  void wycheproofAll151CasesSingleAndBatch() {
    List<Vectors.Wycheproof> cases = Vectors.wycheproof();
    assertEquals(151, cases.size());
    List<SignedMessage> items = new ArrayList<>();
    BitSet expectedInvalid = new BitSet();
    int valid = 0;
    for (Vectors.Wycheproof c : cases) {
      boolean expected = c.valid() != WYCHEPROOF_DEVIATIONS.contains(c.tcId());
      assertEquals(
          expected,
          Ed25519.verify(c.publicKey(), c.message(), c.signature()),
          "Wycheproof tcId " + c.tcId() + " (" + c.comment() + ")");
      if (!expected) {
        expectedInvalid.set(items.size());
      } else {
        valid++;
      }
      items.add(new SignedMessage(c.publicKey(), c.message(), c.signature()));
    }
    assertEquals(cases.size() - valid, expectedInvalid.cardinality());
    BatchVerdict verdict = batch.verify(items);
    assertFalse(verdict.allValid());
    assertEquals(expectedInvalid, verdict.invalid());
  }

  @Test
  void wycheproofValidCasesPassAsOneBatch() {
    List<SignedMessage> items = new ArrayList<>();
    for (Vectors.Wycheproof c : Vectors.wycheproof()) {
      if (c.valid()) {
        items.add(new SignedMessage(c.publicKey(), c.message(), c.signature()));
      }
    }
    assertEquals(88, items.size());
    assertTrue(batch.verify(items).allValid());
  }
}
