package io.trestle.verifier.ed25519;

import java.security.SecureRandom;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Batch verification by a random linear combination: with independent uniformly random 128-bit z_i
 * drawn from the given {@link SecureRandom} for every call, checks
 *
 * <pre>[8]( [-(sum z_i S_i) mod L]B + sum [z_i]R_i + sum [z_i k_i mod L]A_i ) = 0</pre>
 *
 * <p>with one multi-scalar multiplication. Items that the policy rejects before any equation (bad
 * length, non-canonical A or R, S &ge; L, small-order A) are marked invalid and left out. If the
 * combined equation fails, every remaining item is verified alone, so the verdict for each item is
 * the one {@link Ed25519#verify} gives: a valid item always passes the combined equation, and a set
 * containing an item that fails its own cofactored equation passes it with probability at most
 * 2^-128 (the cofactor clears the torsion, leaving points of prime order L).
 *
 * <p>Thread-safe if the SecureRandom is (the JDK's are).
 */
public final class Ed25519BatchVerifier {
  private static final int Z_BYTES = 16;

  /** L - 1 = -1 mod L. */
  private static final byte[] MINUS_ONE = minusOne();

  private final SecureRandom random;

  /**
   * @param random source of the z_i; must not be predictable by whoever chooses the signatures
   */
  public Ed25519BatchVerifier(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Verifies all items; an empty list is all valid.
   *
   * @throws NullPointerException if the list or an item is null
   */
  public BatchVerdict verify(List<SignedMessage> items) {
    int n = items.size();
    BitSet invalid = new BitSet(n);
    Prepared[] prepared = new Prepared[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      SignedMessage m = items.get(i);
      prepared[i] = Prepared.of(m.publicKey(), m.message(), m.signature());
      if (prepared[i] == null) {
        invalid.set(i);
      } else {
        count++;
      }
    }
    if (count > 0 && !combinedEquationHolds(prepared, count)) {
      for (int i = 0; i < n; i++) {
        if (prepared[i] != null && !prepared[i].holds()) {
          invalid.set(i);
        }
      }
    }
    return new BatchVerdict(invalid.isEmpty(), invalid);
  }

  private boolean combinedEquationHolds(Prepared[] prepared, int count) {
    if (count == 1) {
      for (Prepared p : prepared) {
        if (p != null) {
          return p.holds();
        }
      }
    }
    byte[] zs = new byte[Z_BYTES * count];
    random.nextBytes(zs);
    MultiScalar.Term[] terms = new MultiScalar.Term[2 * count];
    byte[] sumZs = new byte[32];
    int j = 0;
    for (Prepared p : prepared) {
      if (p == null) {
        continue;
      }
      byte[] z = new byte[32];
      System.arraycopy(zs, Z_BYTES * j, z, 0, Z_BYTES);
      sumZs = Scalar.mulAdd(z, p.s(), sumZs);
      terms[2 * j] = MultiScalar.Term.of(MultiScalar.oddMultiples(p.r()), z, false);
      byte[] zk = Scalar.mulAdd(z, p.k(), new byte[32]);
      terms[2 * j + 1] = p.a().term(zk, false);
      j++;
    }
    byte[] b = Scalar.mulAdd(sumZs, MINUS_ONE, new byte[32]);
    return MultiScalar.multiply(b, null, terms).hasSmallOrder();
  }

  private static byte[] minusOne() {
    byte[] m = Scalar.L.clone();
    m[0] -= 1;
    return m;
  }
}
