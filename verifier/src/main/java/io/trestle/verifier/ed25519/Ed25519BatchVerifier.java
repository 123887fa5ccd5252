package io.trestle.verifier.ed25519;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Batch verification by a random linear combination: with independent uniformly random 128-bit z_i
 * drawn afresh for every call, checks
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

  private byte[] coefficients(Prepared[] prepared, int count) {
    byte[] zs = new byte[Z_BYTES * count];
    if (random != null) {
      random.nextBytes(zs);
      return zs;
    }
    Sha512 transcript = new Sha512();
    for (Prepared p : prepared) {
      if (p != null) {
        transcript.update(p.k());
        transcript.update(p.s());
      }
    }
    return SeededCoefficients.next(zs.length, transcript.digest());
  }

  /** The running sum of z_i k_i for the items under one key. */
  private static final class KeyGroup {
    PublicKeys.Entry entry;
    long[] sum = new long[Scalar.WIDE];
    int terms;

    void add(byte[] z, byte[] k) {
      if (terms == Scalar.WIDE_CAPACITY) {
        sum = compact(sum);
        terms = 0;
      }
      Scalar.accumulate(sum, z, k);
      terms++;
    }
  }

  /** Batches with at most this many distinct keys use the short chain of doublings. */
  static final int SHORT_CHAIN_KEYS = 8;

  private boolean combinedEquationHolds(Prepared[] prepared, int count) {
    if (count == 1) {
      for (Prepared p : prepared) {
        if (p != null) {
          return p.holds();
        }
      }
    }
    byte[] zs = coefficients(prepared, count);
    List<MultiScalar.Term> terms = new ArrayList<>(2 * count);
    long[] sumZs = new long[Scalar.WIDE];
    Map<Point, KeyGroup> groups = new IdentityHashMap<>();
    List<KeyGroup> order = new ArrayList<>();
    int j = 0;
    for (Prepared p : prepared) {
      if (p == null) {
        continue;
      }
      byte[] z = new byte[32];
      System.arraycopy(zs, Z_BYTES * j, z, 0, Z_BYTES);
      if (j > 0 && j % Scalar.WIDE_CAPACITY == 0) {
        sumZs = compact(sumZs);
      }
      Scalar.accumulate(sumZs, z, p.s());
      terms.add(MultiScalar.Term.of(MultiScalar.oddMultiples(p.r()), z, false));
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
      g.add(z, p.k());
      j++;
    }
    // A short batch (few keys, all with cached tables) takes the keys' 32-bit parts and B's: 128
    // doublings (the z_i) instead of 253, for a few more additions per key than one wide table,
    // which a long batch (many keys, the doublings shared) prefers. A key without tables has a
    // 253-bit term anyway, and a one-shot process (the CLI) then need not build B's part tables.
    boolean shortChain = order.size() <= SHORT_CHAIN_KEYS;
    for (KeyGroup g : order) {
      shortChain &= g.entry.tables() != null;
    }
    for (KeyGroup g : order) {
      byte[] sum = Scalar.finishWide(g.sum);
      if (shortChain) {
        terms.addAll(java.util.List.of(g.entry.terms(sum, false)));
      } else {
        terms.add(g.entry.wideTerm(sum, false));
      }
    }
    byte[] sumS = Scalar.finishWide(sumZs);
    MultiScalar.Base base;
    if (shortChain) {
      BasePoint.Tables tables = BasePoint.singleTables();
      base = new MultiScalar.Base(MultiScalar.parts(sumS, tables.parts().length), true, tables);
    } else {
      base = MultiScalar.Base.of(sumS, true, BasePoint.batchTables());
    }
    return MultiScalar.multiply(base, terms.toArray(new MultiScalar.Term[0])).hasSmallOrder();
  }

  /** A fresh wide accumulator holding the reduced value of {@code sum}. */
  private static long[] compact(long[] sum) {
    return Scalar.wide(Scalar.finishWide(sum));
  }
}
