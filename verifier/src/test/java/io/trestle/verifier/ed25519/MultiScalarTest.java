package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Straus' multi-scalar multiplication against the naive sum: with P_j = [p_j]B, the result must be
 * [low + 2^128 high +- sum s_j p_j mod L]B as computed by the independent constant-time comb of
 * signing. Covers projective and affine tables, negated terms and base parts, both base tables,
 * repeated digit positions and zero scalars.
 */
class MultiScalarTest {
  private static final BigInteger L = EdgeCases.L;
  private final SplittableRandom random = new SplittableRandom(1985);

  private BigInteger scalar(int bits) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return EdgeCases.value(b).mod(BigInteger.TWO.pow(bits));
  }

  private static byte[] baseTimes(BigInteger e) {
    return BasePoint.multiply(EdgeCases.le(e.mod(L))).encode();
  }

  @Test
  void matchesTheNaiveSum() {
    for (int round = 0; round < 60; round++) {
      int n = round % 7;
      MultiScalar.Term[] terms = new MultiScalar.Term[n];
      BigInteger expected = BigInteger.ZERO;
      for (int j = 0; j < n; j++) {
        BigInteger p = scalar(252).add(BigInteger.ONE);
        Point point = BasePoint.multiply(EdgeCases.le(p));
        BigInteger s = j == 0 && round % 5 == 0 ? BigInteger.ZERO : scalar(j % 2 == 0 ? 128 : 253);
        boolean negate = random.nextBoolean();
        terms[j] =
            switch (random.nextInt(3)) {
              case 0 ->
                  MultiScalar.Term.of(MultiScalar.oddMultiples(point), EdgeCases.le(s), negate);
              case 1 ->
                  MultiScalar.Term.of(
                      MultiScalar.oddMultiplesAffine(point, 7), EdgeCases.le(s), negate);
              default ->
                  MultiScalar.Term.of(
                      MultiScalar.oddMultiplesAffine(point, 8), EdgeCases.le(s), negate);
            };
        BigInteger sp = s.multiply(p);
        expected = expected.add(negate ? sp.negate() : sp);
      }
      boolean single = round % 2 == 0;
      // Single: up to eight 32-bit parts on B, 2^32 B, ..., 2^224 B; batch: one 253-bit part.
      byte[][] parts = new byte[single ? 1 + round % 8 : 1][];
      BigInteger b = BigInteger.ZERO;
      for (int i = 0; i < parts.length; i++) {
        BigInteger part = scalar(single ? 32 : 253);
        parts[i] = EdgeCases.le(part);
        b = b.add(part.shiftLeft(32 * i));
      }
      boolean negateBase = random.nextBoolean();
      MultiScalar.Base base =
          new MultiScalar.Base(
              parts, negateBase, single ? BasePoint.singleTables() : BasePoint.batchTables());
      expected = expected.add(negateBase ? b.negate() : b);
      assertArrayEquals(
          baseTimes(expected), MultiScalar.multiply(base, terms).encode(), "round " + round);
      assertArrayEquals(
          baseTimes(expected.subtract(negateBase ? b.negate() : b)),
          MultiScalar.multiply(null, terms).encode(),
          "round " + round + " without base");
    }
  }

  @Test
  void keyCacheBuildsTablesOnUseNotOnValidation() {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    byte[] pk = Ed25519KeyPair.fromSeed(seed).publicKey();
    assertEquals(true, PublicKeys.isValid(pk));
    PublicKeys.Entry first = PublicKeys.get(pk);
    assertNotNull(first.firstUseTable());
    assertNull(first.tables());
    PublicKeys.Entry second = PublicKeys.get(pk);
    assertEquals(7, second.tables().length);
    assertEquals(first.point(), second.point());
  }
}
