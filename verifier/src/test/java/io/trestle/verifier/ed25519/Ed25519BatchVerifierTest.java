package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batch verification: same verdict per item as single verification, whatever the batch. */
class Ed25519BatchVerifierTest {
  private final SplittableRandom random = new SplittableRandom(67);
  private final Ed25519BatchVerifier batch = new Ed25519BatchVerifier(new SecureRandom());
  private final Ed25519KeyPair[] keys = new Ed25519KeyPair[16];

  Ed25519BatchVerifierTest() {
    for (int i = 0; i < keys.length; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      keys[i] = Ed25519KeyPair.fromSeed(seed);
    }
  }

  private SignedMessage valid() {
    Ed25519KeyPair key = keys[random.nextInt(keys.length)];
    byte[] m = new byte[random.nextInt(100)];
    random.nextBytes(m);
    return new SignedMessage(key.publicKey(), m, key.sign(m));
  }

  private SignedMessage corrupt(SignedMessage v) {
    byte[] pk = v.publicKey().clone();
    byte[] sig = v.signature().clone();
    byte[] msg = v.message().clone();
    switch (random.nextInt(5)) {
      case 0 -> pk[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> sig[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
      case 2 -> sig[32 + random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
      case 3 -> msg = java.util.Arrays.copyOf(msg, msg.length + 1);
      default -> sig = java.util.Arrays.copyOf(sig, 63);
    }
    return new SignedMessage(pk, msg, sig);
  }

  @Test
  void shortAndLongChainsAgreeWithSingleAsKeysGetTables() {
    // Fresh keys: pass 0 uses first-use tables, later passes the 32-bit part tables (3 keys, 6
    // items: short chain) or the wide batch table (12 keys, 24 items); one corrupted item each
    // time.
    assertTrue(Ed25519BatchVerifier.shortChain(6, 3, true));
    assertFalse(Ed25519BatchVerifier.shortChain(24, 12, true));
    for (int keyCount : new int[] {3, 12}) {
      Ed25519KeyPair[] fresh = new Ed25519KeyPair[keyCount];
      for (int i = 0; i < keyCount; i++) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        fresh[i] = Ed25519KeyPair.fromSeed(seed);
      }
      for (int pass = 0; pass < 3; pass++) {
        List<SignedMessage> items = new ArrayList<>();
        for (int i = 0; i < 2 * keyCount; i++) {
          Ed25519KeyPair key = fresh[i % keyCount];
          byte[] m = {(byte) pass, (byte) i};
          items.add(new SignedMessage(key.publicKey(), m, key.sign(m)));
        }
        int bad = random.nextInt(items.size());
        SignedMessage v = items.get(bad);
        byte[] sig = v.signature().clone();
        sig[random.nextInt(64)] ^= 1;
        items.set(bad, new SignedMessage(v.publicKey(), v.message(), sig));
        BitSet expected = new BitSet();
        for (int i = 0; i < items.size(); i++) {
          SignedMessage m = items.get(i);
          if (!Ed25519.verify(m.publicKey(), m.message(), m.signature())) {
            expected.set(i);
          }
        }
        assertEquals(BitSet.valueOf(new long[] {1L << bad}), expected);
        assertEquals(expected, batch.verify(items).invalid(), keyCount + " keys, pass " + pass);
        items.set(bad, v);
        assertTrue(batch.verify(items).allValid(), keyCount + " keys, pass " + pass);
      }
    }
  }

  @Test
  void validItemsPassTheCombinedEquationItselfAndOneBadItemFailsIt() {
    // Checked without the fallback to single verification, which would hide a wrong coefficient:
    // 3 keys with cached tables (short chain, 128-bit coefficients); 16 keys, first without and
    // then with tables (long chain, sparse coefficients); up to CHUNK items, keys repeated.
    assertTrue(Ed25519BatchVerifier.shortChain(3, 3, true));
    assertFalse(Ed25519BatchVerifier.shortChain(16, 16, true));
    for (int size : new int[] {3, 16, 40, Ed25519BatchVerifier.CHUNK}) {
      for (int trial = 0; trial < 6; trial++) {
        List<SignedMessage> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          Ed25519KeyPair key = keys[size == 3 ? i : i % keys.length];
          byte[] m = {(byte) size, (byte) trial, (byte) i};
          items.add(new SignedMessage(key.publicKey(), m, key.sign(m)));
        }
        items.forEach(v -> assertTrue(Ed25519.verify(v.publicKey(), v.message(), v.signature())));
        assertTrue(batch.combinedEquationHolds(items), size + "/" + trial);
        assertTrue(new Ed25519BatchVerifier().combinedEquationHolds(items), size + "/" + trial);
        int bad = random.nextInt(size);
        SignedMessage v = items.get(bad);
        byte[] sig = v.signature().clone();
        sig[32] ^= 1; // S +- 1, still below L
        items.set(bad, new SignedMessage(v.publicKey(), v.message(), sig));
        assertFalse(batch.combinedEquationHolds(items), size + "/" + trial + " bad " + bad);
      }
    }
  }

  @Test
  void theShortChainIsForFewItemsUnderFewKeysAllWithTables() {
    assertTrue(Ed25519BatchVerifier.shortChain(2, 1, true));
    assertTrue(Ed25519BatchVerifier.shortChain(7, 3, true));
    assertFalse(Ed25519BatchVerifier.shortChain(8, 3, true));
    assertFalse(Ed25519BatchVerifier.shortChain(7, 7, true), "a QC of 7 distinct signers");
    assertFalse(Ed25519BatchVerifier.shortChain(64, 4, true), "many votes of a small committee");
    assertFalse(Ed25519BatchVerifier.shortChain(3, 3, false), "a key without tables");
  }

  @Test
  void emptyAndAllValidBatches() {
    assertTrue(batch.verify(List.of()).allValid());
    for (int n : new int[] {1, 2, 3, 7, 64, 67}) {
      List<SignedMessage> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(valid());
      }
      BatchVerdict verdict = batch.verify(items);
      assertTrue(verdict.allValid(), "n = " + n);
      assertTrue(verdict.invalid().isEmpty());
    }
  }

  @Test
  void invalidItemsAreFoundExactly() {
    for (int round = 0; round < 40; round++) {
      int n = 1 + random.nextInt(40);
      List<SignedMessage> items = new ArrayList<>();
      BitSet expected = new BitSet();
      for (int i = 0; i < n; i++) {
        SignedMessage v = valid();
        if (random.nextInt(round % 4 == 0 ? 2 : 10) == 0) {
          items.add(corrupt(v));
          expected.set(i);
        } else {
          items.add(v);
        }
      }
      BatchVerdict verdict = batch.verify(items);
      assertEquals(expected, verdict.invalid(), "round " + round);
      assertEquals(expected.isEmpty(), verdict.allValid());
    }
  }

  @Test
  void seededCoefficientsAndRepeatedKeysFindInvalidItemsExactly() {
    // Many signatures under few keys: the per-key combined scalars carry several items each.
    Ed25519BatchVerifier seeded = new Ed25519BatchVerifier();
    for (int round = 0; round < 12; round++) {
      int n = 64 + random.nextInt(8);
      List<SignedMessage> items = new ArrayList<>();
      BitSet expected = new BitSet();
      for (int i = 0; i < n; i++) {
        Ed25519KeyPair key = keys[random.nextInt(3)];
        byte[] m = {(byte) round, (byte) i};
        SignedMessage v = new SignedMessage(key.publicKey(), m, key.sign(m));
        if (round % 3 != 0 && random.nextInt(20) == 0) {
          items.add(corrupt(v));
          expected.set(i);
        } else {
          items.add(v);
        }
      }
      BatchVerdict verdict = seeded.verify(items);
      assertEquals(expected, verdict.invalid(), "round " + round);
      assertEquals(expected, batch.verify(items).invalid(), "round " + round);
    }
  }

  @Test
  void seededCoefficientsDifferPerCall() {
    byte[] transcript = {1, 2, 3};
    byte[] a = SeededCoefficients.next(80, transcript);
    byte[] b = SeededCoefficients.next(80, transcript);
    assertEquals(80, a.length);
    assertFalse(java.util.Arrays.equals(a, b));
    assertFalse(java.util.Arrays.equals(new byte[16], java.util.Arrays.copyOfRange(a, 64, 80)));
  }

  @Test
  void aSwappedSignatureFailsTheCombinedEquation() {
    // Two valid signatures whose S values are exchanged: each fails, the sum of S is unchanged.
    SignedMessage x = valid();
    SignedMessage y = valid();
    byte[] sx = x.signature().clone();
    byte[] sy = y.signature().clone();
    System.arraycopy(y.signature(), 32, sx, 32, 32);
    System.arraycopy(x.signature(), 32, sy, 32, 32);
    List<SignedMessage> items =
        List.of(
            new SignedMessage(x.publicKey(), x.message(), sx),
            new SignedMessage(y.publicKey(), y.message(), sy));
    BitSet both = new BitSet();
    both.set(0, 2);
    assertEquals(both, batch.verify(items).invalid());
  }

  @Test
  void verdictIsImmutableAndConsistent() {
    BitSet bits = new BitSet();
    bits.set(3);
    BatchVerdict v = new BatchVerdict(false, bits);
    bits.clear();
    assertEquals(1, v.invalid().cardinality());
    v.invalid().clear();
    assertEquals(1, v.invalid().cardinality());
    assertThrows(IllegalArgumentException.class, () -> new BatchVerdict(true, v.invalid()));
    assertFalse(v.allValid());
  }

  @Test
  void malformedInputNeverThrows() {
    byte[] pk = keys[0].publicKey();
    byte[][] lengths = {new byte[0], new byte[31], new byte[33], new byte[63], new byte[65]};
    for (byte[] b : lengths) {
      assertFalse(Ed25519.verify(b, new byte[0], new byte[64]));
      assertFalse(Ed25519.verify(pk, new byte[0], b));
      assertFalse(Ed25519.isValidPublicKey(b));
      assertTrue(batch.verify(List.of(new SignedMessage(pk, new byte[0], b))).invalid().get(0));
    }
    assertThrows(NullPointerException.class, () -> Ed25519.verify(null, new byte[0], new byte[64]));
    assertThrows(NullPointerException.class, () -> new SignedMessage(pk, null, new byte[64]));
  }
}
