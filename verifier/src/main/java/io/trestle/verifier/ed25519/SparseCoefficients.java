package io.trestle.verifier.ed25519;

import java.util.function.IntFunction;

/**
 * Coefficients z for the random linear combination of a long batch, drawn sparse: z = sum_j
 * (+-)2^(p_j) over {@link #WEIGHT} pairwise non-adjacent positions p_j in [0, {@link #TOP}], the
 * set of positions uniformly random and each sign an independent fair bit.
 *
 * <p><b>Why sparse.</b> In a long batch the chain of 253 doublings is paid anyway (by the z_i k_i
 * of the keys), so [z]R costs only z's non-zero digits: 24 additions of the decoded R itself, with
 * no table of odd multiples, where a uniform 128-bit z costs a width-5 table (a doubling and 7
 * additions) and ~22 additions.
 *
 * <p><b>Why it is as sound as 128 random bits.</b> The digits form z's non-adjacent form, which is
 * unique, so distinct draws are distinct integers; |z| &lt; 2^(TOP+2) / 3 &lt; L / 2, so they are
 * also distinct modulo L. There are C(228, 24) 2^24 &gt; 2^131 of them, drawn uniformly, so for a
 * batch holding an item whose own equation fails, the one value of that item's z mod L that would
 * cancel it (given the others) comes up with probability below 2^-131.
 */
final class SparseCoefficients {
  /** Non-zero digits per coefficient. */
  static final int WEIGHT = 24;

  /** Highest digit position. */
  static final int TOP = 250;

  /** Positions q_0 &lt; ... &lt; q_23 are drawn from [0, SLOTS) and spread as p_j = q_j + j. */
  private static final int SLOTS = TOP + 2 - WEIGHT;

  /** Random bytes drawn per coefficient up front; more are requested in the rare case of need. */
  private static final int BYTES_PER_DRAW = 40;

  private SparseCoefficients() {}

  /** {@code count} independent coefficients from {@code random}, which returns n random bytes. */
  static BatchCoefficient[] draw(int count, IntFunction<byte[]> random) {
    Bytes bytes = new Bytes(random, count * BYTES_PER_DRAW);
    BatchCoefficient[] out = new BatchCoefficient[count];
    for (int i = 0; i < count; i++) {
      out[i] = drawOne(bytes);
    }
    return out;
  }

  private static BatchCoefficient drawOne(Bytes bytes) {
    // Floyd's sampling: a uniformly random WEIGHT-subset of [0, SLOTS).
    boolean[] chosen = new boolean[SLOTS];
    for (int j = SLOTS - WEIGHT; j < SLOTS; j++) {
      int t = bytes.uniformBelow(j + 1);
      chosen[chosen[t] ? j : t] = true;
    }
    long[] plus = new long[4];
    long[] minus = new long[4];
    long signs = 0;
    for (int b = 0; b < (WEIGHT + 7) / 8; b++) {
      signs |= (long) bytes.next() << (8 * b);
    }
    int j = 0;
    for (int q = 0; q < SLOTS; q++) {
      if (chosen[q]) {
        int p = q + j;
        long[] half = ((signs >>> j) & 1) == 0 ? plus : minus;
        half[p >>> 6] |= 1L << (p & 63);
        j++;
      }
    }
    boolean negative = compare(plus, minus) < 0;
    long[] magnitude = negative ? subtract(minus, plus) : subtract(plus, minus);
    byte[] m = toBytes(magnitude);
    byte[] modL = negative ? toBytes(subtract(Lattice.words(Scalar.L), magnitude)) : m;
    return new BatchCoefficient(m, negative, modL);
  }

  private static int compare(long[] a, long[] b) {
    for (int i = 3; i >= 0; i--) {
      if (a[i] != b[i]) {
        return Long.compareUnsigned(a[i], b[i]);
      }
    }
    return 0;
  }

  /** a - b for a &ge; b, 256-bit little-endian limbs. */
  private static long[] subtract(long[] a, long[] b) {
    long[] d = new long[4];
    long borrow = 0;
    for (int i = 0; i < 4; i++) {
      long x = a[i] - b[i] - borrow;
      borrow = Long.compareUnsigned(a[i], b[i]) < 0 || (a[i] == b[i] && borrow != 0) ? 1 : 0;
      d[i] = x;
    }
    return d;
  }

  private static byte[] toBytes(long[] v) {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (v[i >>> 3] >>> ((i & 7) << 3));
    }
    return b;
  }

  /** A stream over the random bytes, refilled on demand. */
  private static final class Bytes {
    private final IntFunction<byte[]> random;
    private byte[] buffer;
    private int next;

    Bytes(IntFunction<byte[]> random, int initial) {
      this.random = random;
      this.buffer = random.apply(initial);
    }

    int next() {
      if (next == buffer.length) {
        buffer = random.apply(64);
        next = 0;
      }
      return buffer[next++] & 0xff;
    }

    /** Uniform in [0, n) for 0 &lt; n &le; 256, by rejection (no modulo bias). */
    int uniformBelow(int n) {
      int limit = 256 - 256 % n;
      while (true) {
        int b = next();
        if (b < limit) {
          return b % n;
        }
      }
    }
  }
}
