package io.trestle.verifier.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** GF(2^255-19) and mod-L arithmetic against java.math.BigInteger, random and edge values. */
class FieldScalarTest {
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private final SplittableRandom random = new SplittableRandom(25519);

  private static byte[] le(BigInteger v, int len) {
    byte[] be = v.toByteArray();
    byte[] out = new byte[len];
    for (int i = 0; i < len && i < be.length; i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }

  private static BigInteger value(byte[] le) {
    byte[] be = new byte[le.length + 1];
    for (int i = 0; i < le.length; i++) {
      be[be.length - 1 - i] = le[i];
    }
    return new BigInteger(be);
  }

  private List<BigInteger> fieldSamples() {
    List<BigInteger> out = new ArrayList<>();
    for (long v : new long[] {0, 1, 2, 18, 19, 20}) {
      out.add(BigInteger.valueOf(v));
      out.add(P.subtract(BigInteger.valueOf(v + 1)));
    }
    out.add(BigInteger.TWO.pow(255).subtract(BigInteger.ONE)); // non-canonical, reduces to 18
    out.add(P); // non-canonical zero
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      b[31] &= 0x7f;
      out.add(value(b));
    }
    return out;
  }

  private static long[] fe(BigInteger v) {
    long[] h = Field.create();
    Field.fromBytes(h, le(v, 32), 0);
    return h;
  }

  private static BigInteger val(long[] h) {
    return value(Field.toBytes(h));
  }

  @Test
  void fieldOperationsMatchBigInteger() {
    List<BigInteger> samples = fieldSamples();
    for (int i = 0; i < samples.size(); i++) {
      BigInteger a = samples.get(i);
      BigInteger b = samples.get((i * 7 + 3) % samples.size());
      long[] x = fe(a);
      long[] y = fe(b);
      long[] h = Field.create();
      assertEquals(a.mod(P), val(x), "round trip");
      Field.mul(h, x, y);
      assertEquals(a.multiply(b).mod(P), val(h), "mul");
      Field.sq(h, x);
      assertEquals(a.multiply(a).mod(P), val(h), "sq");
      Field.add(h, x, y);
      Field.sub(h, h, x);
      Field.sub(h, h, x);
      Field.mul(h, h, h);
      assertEquals(b.subtract(a).pow(2).mod(P), val(h), "(b-a)^2 from unreduced limbs");
      Field.sub(h, x, y);
      assertEquals(a.subtract(b).mod(P), val(h), "sub, possibly negative limbs");
      Field.invert(h, x);
      BigInteger inv = a.mod(P).signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
      assertEquals(inv, val(h), "invert");
      Field.pow22523(h, x);
      assertEquals(a.modPow(P.subtract(BigInteger.valueOf(5)).shiftRight(3), P), val(h));
      assertEquals(a.mod(P).signum() == 0 ? 1 : 0, Field.isZero(x));
    }
  }

  /** Value of raw limbs, any signs and sizes: sum h[i] 2^(51 i). */
  private static BigInteger limbValue(long[] h) {
    BigInteger v = BigInteger.ZERO;
    for (int i = Field.LIMBS - 1; i >= 0; i--) {
      v = v.shiftLeft(51).add(BigInteger.valueOf(h[i]));
    }
    return v;
  }

  /** mul and sq at the documented input bound: limbs up to 4 products' worth, |limb| &lt;= 2^53. */
  @Test
  void mulAndSqAtTheLimbBounds() {
    long max = 1L << 53;
    long[] extremes = {max, -max, max - 1, -max + 1, 0, 1, -1};
    for (int i = 0; i < 20_000; i++) {
      long[] f = Field.create();
      long[] g = Field.create();
      for (int j = 0; j < Field.LIMBS; j++) {
        f[j] =
            i < 10_000 ? extremes[random.nextInt(extremes.length)] : random.nextLong(-max, max + 1);
        g[j] =
            i < 10_000 ? extremes[random.nextInt(extremes.length)] : random.nextLong(-max, max + 1);
      }
      BigInteger a = limbValue(f);
      BigInteger b = limbValue(g);
      long[] h = Field.create();
      Field.mul(h, f, g);
      assertEquals(a.multiply(b).mod(P), val(h), "mul");
      assertEquals(a.multiply(b).mod(P), limbValue(h).mod(P), "mul limbs");
      assertProductBounds(h);
      Field.sq(h, f);
      assertEquals(a.multiply(a).mod(P), val(h), "sq");
      assertProductBounds(h);
      long[] h3 = Field.create();
      Field.sqn(h3, f, 3);
      assertEquals(a.modPow(BigInteger.valueOf(8), P), val(h3), "sqn");
      assertProductBounds(h3);
    }
  }

  /** The documented output range of mul and sq: every limb in (-2^17, 2^51 + 2^17). */
  private static void assertProductBounds(long[] h) {
    for (long limb : h) {
      assertEquals(true, limb > -(1L << 17) && limb < (1L << 51) + (1L << 17), "limb " + limb);
    }
  }

  @Test
  void fieldConstants() {
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    assertEquals(d, val(Field.D));
    assertEquals(d.shiftLeft(1).mod(P), val(Field.D2));
    assertEquals(P.subtract(BigInteger.ONE), val(Field.SQRT_M1).pow(2).mod(P));
  }

  @Test
  void scalarReduceMatchesBigInteger() {
    List<byte[]> inputs = new ArrayList<>();
    byte[] ones = new byte[64];
    java.util.Arrays.fill(ones, (byte) 0xff);
    inputs.add(ones);
    inputs.add(new byte[64]);
    for (BigInteger v :
        new BigInteger[] {
          L,
          L.subtract(BigInteger.ONE),
          L.add(BigInteger.ONE),
          L.shiftLeft(1),
          L.pow(2),
          L.pow(2).subtract(BigInteger.ONE),
          BigInteger.TWO.pow(252),
          BigInteger.TWO.pow(253)
        }) {
      inputs.add(le(v, 64));
    }
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[64];
      random.nextBytes(b);
      inputs.add(b);
    }
    for (byte[] in : inputs) {
      assertArrayEquals(le(value(in).mod(L), 32), Scalar.reduce(in), Vectors.hex(in));
    }
  }

  @Test
  void scalarMulAddMatchesBigInteger() {
    BigInteger max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    BigInteger[] edges = {BigInteger.ZERO, BigInteger.ONE, L.subtract(BigInteger.ONE), L, max};
    List<BigInteger> values = new ArrayList<>(List.of(edges));
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[32];
      random.nextBytes(b);
      values.add(value(b));
    }
    for (int i = 0; i < values.size(); i++) {
      BigInteger a = values.get(i);
      BigInteger b = values.get((i * 13 + 1) % values.size());
      BigInteger c = values.get((i * 5 + 2) % values.size());
      assertArrayEquals(
          le(a.multiply(b).add(c).mod(L), 32),
          Scalar.mulAdd(le(a, 32), le(b, 32), le(c, 32)),
          a + " * " + b + " + " + c);
    }
  }

  @Test
  void shortMulAddAndWideAccumulatorMatchBigInteger() {
    BigInteger max147 = BigInteger.TWO.pow(147).subtract(BigInteger.ONE);
    BigInteger max256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    for (int i = 0; i < 300; i++) {
      byte[] x = new byte[32];
      random.nextBytes(x);
      BigInteger a = i == 0 ? max147 : value(x).mod(BigInteger.TWO.pow(i % 2 == 0 ? 128 : 147));
      random.nextBytes(x);
      BigInteger b = i == 0 ? max256 : value(x);
      random.nextBytes(x);
      BigInteger c = i == 0 ? max256 : value(x);
      assertArrayEquals(
          le(a.multiply(b).add(c).mod(L), 32),
          Scalar.mulAddShort(le(a, 32), le(b, 32), le(c, 32)),
          a + " * " + b + " + " + c);
    }
    // A full accumulator of maximal products, then one compacted and reused.
    long[] acc = new long[Scalar.WIDE];
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < Scalar.WIDE_CAPACITY; i++) {
      Scalar.accumulate(acc, le(max147, 32), le(max256, 32));
      sum = sum.add(max147.multiply(max256));
    }
    byte[] reduced = Scalar.finishWide(acc);
    assertArrayEquals(le(sum.mod(L), 32), reduced);
    long[] again = Scalar.wide(reduced);
    Scalar.accumulate(again, le(BigInteger.TWO, 32), le(L.subtract(BigInteger.ONE), 32));
    assertArrayEquals(
        le(sum.add(BigInteger.TWO.multiply(L.subtract(BigInteger.ONE))).mod(L), 32),
        Scalar.finishWide(again));
  }

  @Test
  void nonAdjacentFormReconstructsTheScalar() {
    List<byte[]> edges = new ArrayList<>();
    for (BigInteger v :
        List.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.TWO.pow(255).subtract(BigInteger.ONE),
            BigInteger.TWO.pow(128).subtract(BigInteger.ONE),
            BigInteger.TWO.pow(64),
            BigInteger.TWO.pow(254),
            L.subtract(BigInteger.ONE),
            new BigInteger("5".repeat(63), 16),
            new BigInteger("f0".repeat(31), 16),
            new BigInteger("ffffffffffffffff0000000000000000ffffffffffffffff", 16))) {
      edges.add(le(v, 32));
    }
    for (int w : new int[] {5, 7, 8, 10}) {
      for (int i = 0; i < 500 + edges.size(); i++) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        b[31] = (byte) (b[31] & (i % 2 == 0 ? 0x0f : 0x7f));
        if (i >= 500) {
          b = edges.get(i - 500);
        }
        short[] naf = Scalar.nonAdjacentForm(b, w);
        BigInteger sum = BigInteger.ZERO;
        int last = -w;
        for (int j = 0; j < naf.length; j++) {
          if (naf[j] != 0) {
            assertEquals(1, naf[j] & 1, "odd digit");
            assertEquals(true, Math.abs(naf[j]) < (1 << (w - 1)), "digit bound");
            assertEquals(true, j - last >= w, "zero run");
            last = j;
            sum = sum.add(BigInteger.valueOf(naf[j]).shiftLeft(j));
          }
        }
        assertEquals(value(b), sum);
      }
    }
  }

  @Test
  void scalarCanonicalCheck() {
    assertEquals(false, Scalar.isCanonical(le(L, 32), 0));
    assertEquals(true, Scalar.isCanonical(le(L.subtract(BigInteger.ONE), 32), 0));
    assertEquals(false, Scalar.isCanonical(le(L.add(BigInteger.ONE), 32), 0));
    assertEquals(true, Scalar.isCanonical(new byte[32], 0));
    assertEquals(false, Scalar.isCanonical(le(BigInteger.TWO.pow(255), 32), 0));
  }
}
