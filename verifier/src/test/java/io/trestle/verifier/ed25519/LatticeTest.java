package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The short decompositions c = d k (mod L) used by single verification, and the key cache. */
class LatticeTest {
  private static final BigInteger L = EdgeCases.L;
  private static final BigInteger BOUND = BigInteger.TWO.pow(127);

  @Test
  void splitSatisfiesTheCongruenceWithHalfSizeParts() {
    checkSplits(Lattice.HALF, 127, 127);
  }

  @Test
  void shortSplitHasA32BitD() {
    assertEquals(221, Lattice.SHORT_D);
    checkSplits(Lattice.SHORT_D, 221, 32);
  }

  private static void checkSplits(int bound, int cBits, int dBits) {
    SplittableRandom random = new SplittableRandom(2020_454);
    List<BigInteger> ks = new ArrayList<>();
    for (long v : new long[] {0, 1, 2, 3}) {
      ks.add(BigInteger.valueOf(v));
      ks.add(L.subtract(BigInteger.valueOf(v + 1)));
    }
    ks.add(BOUND.subtract(BigInteger.ONE));
    ks.add(BOUND);
    ks.add(BigInteger.TWO.pow(221).subtract(BigInteger.ONE));
    ks.add(BigInteger.TWO.pow(221));
    ks.add(L.shiftRight(1));
    ks.add(L.divide(BigInteger.valueOf(3)));
    ks.add(L.subtract(BOUND));
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[64];
      random.nextBytes(b);
      ks.add(EdgeCases.value(Scalar.reduce(b)));
    }
    for (BigInteger k : ks) {
      Lattice.Split split = Lattice.split(EdgeCases.le(k), bound);
      BigInteger c = EdgeCases.value(split.c());
      BigInteger d = EdgeCases.value(split.dAbs());
      if (split.dNegative()) {
        d = d.negate();
      }
      assertNotEquals(BigInteger.ZERO, d, "k = " + k);
      assertTrue(c.bitLength() <= cBits && d.abs().bitLength() <= dBits, "k = " + k);
      assertEquals(c.mod(L), d.multiply(k).mod(L), "k = " + k);
    }
  }

  @Test
  void moreKeysThanTheCacheHoldsStillVerify() {
    SplittableRandom random = new SplittableRandom(1024);
    byte[] message = {1, 2, 3};
    for (int i = 0; i < PublicKeys.CAPACITY + 100; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(seed);
      byte[] pk = pair.publicKey();
      byte[] sig = pair.sign(message);
      assertTrue(Ed25519.verify(pk, message, sig));
      sig[40] ^= 4;
      assertTrue(!Ed25519.verify(pk, message, sig));
    }
  }
}
