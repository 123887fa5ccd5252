package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The edge families of the validity policy (verifier/README.md, "Ed25519 validity policy"): our
 * verdict on each case, batch = single on every family, and where BouncyCastle and the JDK differ.
 */
class Ed25519EdgeCasesTest {
  /** The 8 small-order encodings as published (e.g. in libsodium's blocklist). */
  static final Set<String> SMALL_ORDER =
      Set.of(
          "0100000000000000000000000000000000000000000000000000000000000000",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0000000000000000000000000000000000000000000000000000000000000080",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");

  private static final byte[] MESSAGE = "trestle edge case".getBytes(StandardCharsets.UTF_8);

  private final Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(new byte[32]);
  private final byte[] a = EdgeCases.secretScalar(pair);
  private final byte[] nonce = Scalar.reduce(Prepared.sha512().digest(MESSAGE));
  private final byte[] encodedR = BasePoint.multiply(nonce).encode();

  @Test
  void theEightSmallOrderPoints() {
    assertEquals(SMALL_ORDER, EdgeCases.smallOrderEncodings());
    for (String hex : SMALL_ORDER) {
      assertFalse(Ed25519.isValidPublicKey(Vectors.unhex(hex)), hex);
    }
  }

  /** Small-order A: rejected however the signature is made; the JDK accepts some. */
  List<EdgeCases.Case> smallOrderPublicKeys() {
    List<EdgeCases.Case> out = new ArrayList<>();
    for (String hex : SMALL_ORDER) {
      byte[] pk = Vectors.unhex(hex);
      // R = -[k]A' = small order and S = 0 pass the cofactorless equation for some k.
      for (String r : SMALL_ORDER) {
        byte[] sig = new byte[64];
        System.arraycopy(Vectors.unhex(r), 0, sig, 0, 32);
        out.add(new EdgeCases.Case("A small " + hex + ", R small " + r, pk, MESSAGE, sig, false));
      }
      out.add(
          new EdgeCases.Case(
              "A small " + hex + ", honest-looking sig",
              pk,
              MESSAGE,
              EdgeCases.signWith(encodedR, nonce, a, pk, MESSAGE),
              false));
    }
    return out;
  }

  /** Small-order R with S = r' + k a: valid under the cofactored equation. */
  List<EdgeCases.Case> smallOrderR() {
    List<EdgeCases.Case> out = new ArrayList<>();
    byte[] zero = new byte[32];
    for (String hex : SMALL_ORDER) {
      byte[] r = Vectors.unhex(hex);
      byte[] sig = EdgeCases.signWith(r, zero, a, pair.publicKey(), MESSAGE);
      out.add(new EdgeCases.Case("R small " + hex, pair.publicKey(), MESSAGE, sig, true));
    }
    return out;
  }

  @Test
  void torsionInAOrRPassesTheCombinedEquationItself() {
    // Small-order and mixed-order R and A (8 keys) under both chains and both kinds of
    // coefficient, without the fallback to single verification: the cofactor must clear the
    // torsion whatever the coefficients' signs.
    List<SignedMessage> items = new ArrayList<>();
    smallOrderR().forEach(c -> items.add(c.item()));
    mixedOrder().forEach(c -> items.add(c.item()));
    Ed25519BatchVerifier batch = new Ed25519BatchVerifier(new SecureRandom());
    for (int round = 0; round < 3; round++) {
      // Round 0: keys without cached tables (long chain); then with them: all items (long chain)
      // and groups of 3 (short chain).
      assertTrue(batch.combinedEquationHolds(items), "round " + round);
      if (round > 0) {
        assertTrue(Ed25519BatchVerifier.shortChain(3, 3, true));
        for (int from = 0; from < items.size(); from += 3) {
          List<SignedMessage> group = items.subList(from, Math.min(items.size(), from + 3));
          assertTrue(batch.combinedEquationHolds(group), "round " + round + " from " + from);
        }
      }
      items.forEach(i -> assertTrue(Ed25519.verify(i.publicKey(), i.message(), i.signature())));
    }
    List<SignedMessage> moreKeys = new ArrayList<>(items);
    for (int i = 1; i <= 4; i++) {
      Ed25519KeyPair other =
          Ed25519KeyPair.fromSeed(java.util.Arrays.copyOf(new byte[] {(byte) i}, 32));
      moreKeys.add(new SignedMessage(other.publicKey(), MESSAGE, other.sign(MESSAGE)));
      Ed25519.verify(other.publicKey(), MESSAGE, other.sign(MESSAGE));
      Ed25519.verify(other.publicKey(), MESSAGE, other.sign(MESSAGE));
    }
    assertTrue(batch.combinedEquationHolds(moreKeys), "12 keys with tables: long chain");
  }

  /** Mixed-order A = [a]B + T and R = [r]B + T: the cofactor clears T, so they are valid. */
  List<EdgeCases.Case> mixedOrder() {
    List<EdgeCases.Case> out = new ArrayList<>();
    List<Point> torsion = EdgeCases.smallOrderPoints();
    for (int i = 1; i < torsion.size(); i++) {
      Point t = torsion.get(i);
      byte[] mixedA = EdgeCases.add(pair.publicKey(), t);
      assertTrue(Ed25519.isValidPublicKey(mixedA));
      byte[] sigA = EdgeCases.signWith(encodedR, nonce, a, mixedA, MESSAGE);
      out.add(new EdgeCases.Case("mixed A, T" + i, mixedA, MESSAGE, sigA, true));
      byte[] mixedR = EdgeCases.add(encodedR, t);
      byte[] sigR = EdgeCases.signWith(mixedR, nonce, a, pair.publicKey(), MESSAGE);
      out.add(new EdgeCases.Case("mixed R, T" + i, pair.publicKey(), MESSAGE, sigR, true));
      byte[] sigBoth = EdgeCases.signWith(mixedR, nonce, a, mixedA, MESSAGE);
      out.add(new EdgeCases.Case("mixed A and R, T" + i, mixedA, MESSAGE, sigBoth, true));
    }
    return out;
  }

  /** y &ge; p in A or R, and x = 0 with the sign bit set: rejected. */
  List<EdgeCases.Case> nonCanonical() {
    List<EdgeCases.Case> out = new ArrayList<>();
    byte[] zero = new byte[32];
    List<byte[]> encodings = new ArrayList<>(EdgeCases.nonCanonicalEncodings());
    encodings.add(
        Vectors.unhex("0100000000000000000000000000000000000000000000000000000000000080"));
    for (byte[] e : encodings) {
      String hex = Vectors.hex(e);
      assertFalse(Ed25519.isValidPublicKey(e), hex);
      // As R with S = k a: would pass if R decoded to the identity (y = p + 1) leniently.
      byte[] sigR = EdgeCases.signWith(e, zero, a, pair.publicKey(), MESSAGE);
      out.add(new EdgeCases.Case("R non-canonical " + hex, pair.publicKey(), MESSAGE, sigR, false));
      byte[] sigA = EdgeCases.signWith(encodedR, nonce, a, e, MESSAGE);
      out.add(new EdgeCases.Case("A non-canonical " + hex, e, MESSAGE, sigA, false));
    }
    return out;
  }

  /** S = 0, S = L, S = L + s, S = 2^256 - 1: rejected. */
  List<EdgeCases.Case> scalarRange() {
    List<EdgeCases.Case> out = new ArrayList<>();
    byte[] valid = pair.sign(MESSAGE);
    BigInteger s = EdgeCases.value(java.util.Arrays.copyOfRange(valid, 32, 64));
    BigInteger[] bad = {
      BigInteger.ZERO,
      EdgeCases.L,
      s.add(EdgeCases.L),
      s.add(EdgeCases.L.shiftLeft(2)),
      BigInteger.TWO.pow(256).subtract(BigInteger.ONE)
    };
    for (BigInteger v : bad) {
      byte[] sig = valid.clone();
      System.arraycopy(EdgeCases.le(v), 0, sig, 32, 32);
      out.add(new EdgeCases.Case("S = " + v.toString(16), pair.publicKey(), MESSAGE, sig, false));
    }
    return out;
  }

  List<List<EdgeCases.Case>> families() {
    return List.of(
        smallOrderPublicKeys(), smallOrderR(), mixedOrder(), nonCanonical(), scalarRange());
  }

  @Test
  void ourVerdictOnEveryCase() {
    // Three passes: a key's first verification (projective table, half-size split), then its
    // cached tables of A, 2^64 A, 2^128 A (64-bit d) from the second on; the verdict must not move.
    for (int pass = 0; pass < 3; pass++) {
      for (List<EdgeCases.Case> family : families()) {
        for (EdgeCases.Case c : family) {
          assertEquals(
              c.valid(),
              Ed25519.verify(c.publicKey(), c.message(), c.signature()),
              c.label() + ", pass " + pass);
        }
      }
    }
  }

  @Test
  void batchEqualsSingleOnEveryFamily() {
    batchEqualsSingleOnEveryFamily(new Ed25519BatchVerifier(new SecureRandom()));
  }

  @Test
  void seededBatchEqualsSingleOnEveryFamily() {
    batchEqualsSingleOnEveryFamily(new Ed25519BatchVerifier());
  }

  private void batchEqualsSingleOnEveryFamily(Ed25519BatchVerifier batch) {
    Random shuffle = new Random(8032);
    for (List<EdgeCases.Case> family : families()) {
      for (int round = 0; round < 3; round++) {
        List<SignedMessage> items = new ArrayList<>();
        for (EdgeCases.Case c : family) {
          items.add(c.item());
        }
        for (int i = 0; i < 5; i++) {
          byte[] m = new byte[] {(byte) i, (byte) round};
          items.add(new SignedMessage(pair.publicKey(), m, pair.sign(m)));
        }
        Collections.shuffle(items, shuffle);
        BitSet single = new BitSet();
        for (int i = 0; i < items.size(); i++) {
          SignedMessage m = items.get(i);
          if (!Ed25519.verify(m.publicKey(), m.message(), m.signature())) {
            single.set(i);
          }
        }
        BatchVerdict verdict = batch.verify(items);
        assertEquals(single, verdict.invalid(), family.get(0).label());
        assertEquals(single.isEmpty(), verdict.allValid());
        // The valid members of the family alone form an all-valid batch.
        List<SignedMessage> valid = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          if (!single.get(i)) {
            valid.add(items.get(i));
          }
        }
        assertTrue(batch.verify(valid).allValid(), family.get(0).label());
      }
    }
  }

  /**
   * BouncyCastle 1.87 (cofactored, rejects small-order A) agrees with us on every case. The JDK
   * (cofactorless, accepts small-order A) differs exactly on small-order A (accepts some forgeries)
   * and on small-order or mixed-order R and A (rejects some signatures we accept).
   */
  @Test
  void bouncyCastleAgreesAndTheJdkDiffersWhereDocumented() {
    List<List<EdgeCases.Case>> families = families();
    int jdkAcceptsSmallOrderKey = 0;
    int jdkRejectsTorsion = 0;
    for (int f = 0; f < families.size(); f++) {
      for (EdgeCases.Case c : families.get(f)) {
        boolean bc = Reference.bouncyCastleVerify(c.publicKey(), c.message(), c.signature());
        assertEquals(c.valid(), bc, "BouncyCastle on " + c.label());
        boolean jdk = Reference.jdkVerify(c.publicKey(), c.message(), c.signature());
        if (jdk != c.valid()) {
          if (f == 0) {
            assertTrue(jdk, c.label());
            jdkAcceptsSmallOrderKey++;
          } else {
            assertTrue(
                f == 1 || f == 2, "JDK differs outside the documented families: " + c.label());
            assertFalse(jdk, c.label());
            jdkRejectsTorsion++;
          }
        }
      }
    }
    assertTrue(jdkAcceptsSmallOrderKey > 0);
    assertTrue(jdkRejectsTorsion > 0);
    byte[] forgery = new byte[64];
    forgery[0] = 1; // R = identity, S = 0
    assertTrue(Reference.jdkVerify(Vectors.unhex("01" + "00".repeat(31)), MESSAGE, forgery));
    assertFalse(Ed25519.verify(Vectors.unhex("01" + "00".repeat(31)), MESSAGE, forgery));
  }
}
