package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The sparse batch coefficients: their form, their value modulo L, and how they are drawn. */
class SparseCoefficientsTest {
  private static final BigInteger L = EdgeCases.value(Scalar.L);

  private static IntFunction<byte[]> seeded(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return n -> {
      byte[] b = new byte[n];
      random.nextBytes(b);
      return b;
    };
  }

  /** The signed digits of z (position to +-1), from the non-adjacent form of |z|. */
  private static List<int[]> digits(BatchCoefficient z) {
    short[] naf = Scalar.nonAdjacentForm(z.magnitude(), 2);
    List<int[]> out = new ArrayList<>();
    for (int p = 0; p < naf.length; p++) {
      if (naf[p] != 0) {
        out.add(new int[] {p, z.negative() ? -naf[p] : naf[p]});
      }
    }
    return out;
  }

  @Test
  void everyCoefficientHasWeightNonAdjacentDigitsUpToTopAndItsValueModL() {
    for (BatchCoefficient z : SparseCoefficients.draw(2000, seeded(1))) {
      List<int[]> d = digits(z);
      assertEquals(SparseCoefficients.WEIGHT, d.size());
      for (int j = 1; j < d.size(); j++) {
        assertTrue(d.get(j)[0] - d.get(j - 1)[0] >= 2, "adjacent digits");
      }
      assertTrue(d.getLast()[0] <= SparseCoefficients.TOP);
      BigInteger magnitude = EdgeCases.value(z.magnitude());
      assertTrue(magnitude.signum() > 0 && magnitude.compareTo(L.shiftRight(1)) < 0);
      BigInteger signed = z.negative() ? magnitude.negate() : magnitude;
      assertEquals(signed.mod(L), EdgeCases.value(z.modL()));
    }
  }

  @Test
  void drawsAreDistinctAndBothSignsOccur() {
    Set<BigInteger> seen = new HashSet<>();
    int negative = 0;
    int plusDigits = 0;
    BatchCoefficient[] zs = SparseCoefficients.draw(20_000, seeded(2));
    for (BatchCoefficient z : zs) {
      assertTrue(seen.add(EdgeCases.value(z.modL())), "a repeated coefficient");
      negative += z.negative() ? 1 : 0;
      for (int[] d : digits(z)) {
        plusDigits += d[1] > 0 ? 1 : 0;
      }
    }
    // Fair signs: 20,000 x 24 digits, mean 240,000, standard deviation ~350; z < 0 half the time.
    assertTrue(Math.abs(plusDigits - 240_000) < 3_000, "digit signs " + plusDigits);
    assertTrue(Math.abs(negative - 10_000) < 1_000, "negative coefficients " + negative);
  }

  @Test
  void thePositionSetIsUniform() {
    // Unspread, positions p_j - j form a uniform 24-subset of [0, 228): each slot is in it with
    // probability 24/228, so over 20,000 draws each count is ~2,105 with standard deviation ~43.
    int slots = SparseCoefficients.TOP + 2 - SparseCoefficients.WEIGHT;
    int[] counts = new int[slots];
    for (BatchCoefficient z : SparseCoefficients.draw(20_000, seeded(3))) {
      List<int[]> d = digits(z);
      for (int j = 0; j < d.size(); j++) {
        counts[d.get(j)[0] - j]++;
      }
    }
    double expected = 20_000.0 * SparseCoefficients.WEIGHT / slots;
    for (int q = 0; q < slots; q++) {
      assertTrue(Math.abs(counts[q] - expected) < 6 * 43, "slot " + q + ": " + counts[q]);
    }
  }

  @Test
  void rejectedBytesAreReplacedByMoreRandomness() {
    // 0xff is rejected by every draw of a position (n <= 228 does not divide 256 up to 255), so
    // the first buffer is used up and the source is asked again.
    SplittableRandom random = new SplittableRandom(4);
    int[] calls = {0};
    IntFunction<byte[]> source =
        n -> {
          byte[] b = new byte[n];
          if (calls[0]++ == 0) {
            java.util.Arrays.fill(b, (byte) 0xff);
          } else {
            random.nextBytes(b);
          }
          return b;
        };
    BatchCoefficient[] zs = SparseCoefficients.draw(3, source);
    assertTrue(calls[0] > 1);
    for (BatchCoefficient z : zs) {
      assertEquals(SparseCoefficients.WEIGHT, digits(z).size());
    }
  }
}
