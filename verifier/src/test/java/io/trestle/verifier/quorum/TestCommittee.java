package io.trestle.verifier.quorum;

import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic committee for tests: member i's key comes from a seed derived from {@code seed}
 * and i, so the same arguments always give the same keys.
 */
public record TestCommittee(CommitteeView view, List<Ed25519KeyPair> keys) {

  public static final byte[] COMMITTEE_ID = filled(0x42);

  public static TestCommittee ofSize(int n, long seed) {
    long[] weights = new long[n];
    java.util.Arrays.fill(weights, 1);
    return withWeights(weights, seed, 7);
  }

  public static TestCommittee withWeights(long[] weights, long seed, long epoch) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Ed25519KeyPair> keys = new ArrayList<>();
    List<CommitteeMember> members = new ArrayList<>();
    for (long w : weights) {
      byte[] s = new byte[32];
      rnd.nextBytes(s);
      Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(s);
      keys.add(kp);
      members.add(new CommitteeMember(kp.publicKey(), w));
    }
    try {
      return new TestCommittee(CommitteeView.of(COMMITTEE_ID, epoch, members), List.copyOf(keys));
    } catch (InvalidCommitteeException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Signatures of {@code digest} by {@code signers}, in the given order. */
  public List<byte[]> sign(byte[] digest, int... signers) {
    List<byte[]> sigs = new ArrayList<>();
    for (int s : signers) {
      sigs.add(keys.get(s).sign(digest));
    }
    return sigs;
  }

  public byte[] bitmap(int... signers) {
    return SignerBitmap.encode(signers, view.size());
  }

  public static byte[] filled(int b) {
    byte[] out = new byte[32];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }
}
