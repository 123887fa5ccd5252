package io.trestle.verifier.ed25519;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Batch verification by a random linear combination: with independent random z_i drawn afresh for
 * every call (uniform 128-bit integers for a small batch, sparse ones of the same strength
 * otherwise: {@link SparseCoefficients}), checks
 *
 * <pre>[8]( [-(sum z_i S_i) mod L]B + sum [z_i]R_i + sum_A [sum_(i: A_i = A) z_i k_i mod L]A )
 * = 0</pre>
 *
 * <p>with one multi-scalar multiplication (the terms of items under the same key are combined into
 * one), for chunks of at most {@link #CHUNK} items. Items that the policy rejects before any
 * equation (bad length, non-canonical A or R, S &ge; L, small-order A) are marked invalid and left
 * out. If a chunk's combined equation fails, every remaining item of the chunk is verified alone,
 * so the verdict for each item is the one {@link Ed25519#verify} gives: a valid item always passes
 * the combined equation, and a set containing an item that fails its own cofactored equation passes
 * it with probability at most 2^-128 (the cofactor clears the torsion, leaving points of prime
 * order L).
 *
 * <p>The z_i come either from a given {@link SecureRandom} or, with the no-argument constructor,
 * from SHA-512 over a process secret read once from the operating system's entropy source, a
 * per-call counter and a digest of the batch (cheaper to start: no SecureRandom is initialised).
 * Neither is derived from the inputs alone. Thread-safe if the SecureRandom is (the JDK's are).
 */
public final class Ed25519BatchVerifier {
  private static final int Z_BYTES = 16;

  /**
   * Items per combined equation: larger batches are verified in chunks of this size, each with its
   * own coefficients. A chunk's tables stay in the CPU caches (a batch of 256 was slower per
   * signature than one of 64), and a bad signature costs single verifications of its chunk only.
   */
  static final int CHUNK = 64;

  private final SecureRandom random;

  /**
   * @param random source of the z_i; must not be predictable by whoever chooses the signatures
   */
  public Ed25519BatchVerifier(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A verifier whose z_i are SHA-512 outputs keyed by a 32-byte secret read once per process from
   * {@code /dev/urandom} (the default SecureRandom where that does not exist).
   */
  public Ed25519BatchVerifier() {
    this.random = null;
  }

  /**
   * Verifies all items; an empty list is all valid.
   *
   * @throws NullPointerException if the list or an item is null
   */
  public BatchVerdict verify(List<SignedMessage> items) {
    int n = items.size();
    BitSet invalid = new BitSet(n);
    for (int from = 0; from < n; from += CHUNK) {
      verifyChunk(items, from, Math.min(n, from + CHUNK), invalid);
    }
    return new BatchVerdict(invalid.isEmpty(), invalid);
  }

  /**
   * Whether the combined equation of these items holds, with no fallback to single verification:
   * for tests of the equation itself (a wrong coefficient would otherwise only cost time, the
   * fallback still giving every verdict right). Items the policy rejects are left out.
   */
  boolean combinedEquationHolds(List<SignedMessage> items) {
    if (items.size() > CHUNK) {
      throw new IllegalArgumentException("at most " + CHUNK + " items");
    }
    Prepared[] prepared = new Prepared[items.size()];
    int count = 0;
    for (int i = 0; i < prepared.length; i++) {
      SignedMessage m = items.get(i);
      prepared[i] = Prepared.of(m.publicKey(), m.message(), m.signature());
      count += prepared[i] == null ? 0 : 1;
    }
    return count == 0 || combinedEquationHolds(prepared, count);
  }

  /** Items [from, to) as one combined equation; sets the bits of the invalid ones. */
  private void verifyChunk(List<SignedMessage> items, int from, int to, BitSet invalid) {
    Prepared[] prepared = new Prepared[to - from];
    int count = 0;
    for (int i = 0; i < prepared.length; i++) {
      SignedMessage m = items.get(from + i);
      prepared[i] = Prepared.of(m.publicKey(), m.message(), m.signature());
      if (prepared[i] == null) {
        invalid.set(from + i);
      } else {
        count++;
      }
    }
    if (count > 0 && !combinedEquationHolds(prepared, count)) {
      for (int i = 0; i < prepared.length; i++) {
        if (prepared[i] != null && !prepared[i].holds()) {
          invalid.set(from + i);
        }
      }
    }
  }

  /** A source of n random bytes for one batch: the given SecureRandom or the seeded stream. */
  private IntFunction<byte[]> randomBytes(Prepared[] prepared) {
    if (random != null) {
      return n -> {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
      };
    }
    Sha512 transcript = new Sha512();
    for (Prepared p : prepared) {
      if (p != null) {
        transcript.update(p.k());
        transcript.update(p.s());
      }
    }
    byte[] digest = transcript.digest();
    return n -> SeededCoefficients.next(n, digest);
  }

  /**
   * The coefficients z_i: uniform 128-bit integers for a short chain (128 doublings), sparse
   * 251-bit ones ({@link SparseCoefficients}) for a long chain, which has 253 doublings anyway.
   */
  private static BatchCoefficient[] coefficients(
      IntFunction<byte[]> random, int count, boolean shortChain) {
    if (!shortChain) {
      return SparseCoefficients.draw(count, random);
    }
    byte[] bytes = random.apply(Z_BYTES * count);
    BatchCoefficient[] zs = new BatchCoefficient[count];
    for (int i = 0; i < count; i++) {
      byte[] z = new byte[32];
      System.arraycopy(bytes, Z_BYTES * i, z, 0, Z_BYTES);
      zs[i] = new BatchCoefficient(z, false, z);
    }
    return zs;
  }

  /** The running sum of z_i k_i for the items under one key. */
  private static final class KeyGroup {
    PublicKeys.Entry entry;
    final Accumulator sum = new Accumulator();
  }

  /**
   * A sum of products z_i x_i mod L, reduced only when its capacity is reached: a 128-bit z_i takes
   * the cheaper short product.
   */
  private static final class Accumulator {
    private long[] sum = new long[Scalar.WIDE];
    private int terms;

    void add(BatchCoefficient z, byte[] x, boolean shortZ) {
      if (terms == (shortZ ? Scalar.WIDE_CAPACITY : Scalar.FULL_CAPACITY)) {
        sum = Scalar.wide(Scalar.finishWide(sum));
        terms = 0;
      }
      if (shortZ) {
        Scalar.accumulate(sum, z.modL(), x);
      } else {
        Scalar.accumulateFull(sum, z.modL(), x);
      }
      terms++;
    }

    byte[] value() {
      return Scalar.finishWide(sum);
    }
  }

  /**
   * Most items plus distinct keys for the short chain. Its 128 doublings and the keys' part tables
   * win while few terms share them; the long chain's 253 doublings are shared by every term, and
   * its sparse z_i cost fewer additions per item (24, no table of R) and its keys one wide table
   * each. Measured crossover (bench, 2026-11-26): 2 keys between 8 and 10 items, 3 keys about 7, 5
   * keys at 6; 8 keys of 8 items each were 11 % faster on the long chain.
   */
  static final int SHORT_CHAIN_SIZE = 10;

  /** Whether a batch of {@code items} under {@code keys} distinct keys takes the short chain. */
  static boolean shortChain(int items, int keys, boolean allKeysHaveTables) {
    return allKeysHaveTables && items + keys <= SHORT_CHAIN_SIZE;
  }

  private boolean combinedEquationHolds(Prepared[] prepared, int count) {
    if (count == 1) {
      for (Prepared p : prepared) {
        if (p != null) {
          return p.holds();
        }
      }
    }
    Map<Point, KeyGroup> groups = new IdentityHashMap<>();
    List<KeyGroup> order = new ArrayList<>();
    KeyGroup[] groupOf = new KeyGroup[prepared.length];
    for (int i = 0; i < prepared.length; i++) {
      Prepared p = prepared[i];
      if (p == null) {
        continue;
      }
      // Entries of one key share its point, whichever table they carry.
      KeyGroup g = groups.get(p.a().point());
      if (g == null) {
        g = new KeyGroup();
        groups.put(p.a().point(), g);
        order.add(g);
      }
      if (g.entry == null || p.a().tables() != null) {
        g.entry = p.a();
      }
      groupOf[i] = g;
    }
    // A short batch (few items and keys, all with cached tables) takes the keys' 32-bit parts and
    // B's: 128 doublings (the z_i) instead of 253, for a few more additions per key and per item,
    // which a long batch (the doublings shared widely) does not pay. A key without tables has a
    // 253-bit term anyway, and a one-shot process (the CLI) then need not build B's part tables.
    boolean allKeysHaveTables = true;
    for (KeyGroup g : order) {
      allKeysHaveTables &= g.entry.tables() != null;
    }
    boolean shortChain = shortChain(count, order.size(), allKeysHaveTables);
    BatchCoefficient[] zs = coefficients(randomBytes(prepared), count, shortChain);
    List<MultiScalar.Term> terms = new ArrayList<>(2 * count);
    Accumulator sumZs = new Accumulator();
    int j = 0;
    for (int i = 0; i < prepared.length; i++) {
      Prepared p = prepared[i];
      if (p == null) {
        continue;
      }
      BatchCoefficient z = zs[j++];
      sumZs.add(z, p.s(), shortChain);
      terms.add(
          shortChain
              ? MultiScalar.Term.of(MultiScalar.oddMultiples(p.r()), z.magnitude(), false)
              : MultiScalar.Term.of(AffineTable.ofDecoded(p.r()), z.magnitude(), z.negative()));
      groupOf[i].sum.add(z, p.k(), shortChain);
    }
    for (KeyGroup g : order) {
      byte[] sum = g.sum.value();
      if (shortChain) {
        terms.addAll(List.of(g.entry.terms(sum, false)));
      } else {
        terms.add(g.entry.wideTerm(sum, false));
      }
    }
    byte[] sumS = sumZs.value();
    MultiScalar.Base base;
    if (shortChain) {
      BasePoint.Tables tables = BasePoint.singleTables();
      base = new MultiScalar.Base(MultiScalar.parts(sumS, tables.parts().length), true, tables);
    } else {
      base = MultiScalar.Base.of(sumS, true, BasePoint.batchTables());
    }
    return MultiScalar.multiply(base, terms.toArray(new MultiScalar.Term[0])).hasSmallOrder();
  }
}
