package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.consensus.core.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic committees for tests: member keys derive from (seed, node index). */
public final class TestCommittee {
  private TestCommittee() {}

  /** 32 pseudo-random key bytes for node {@code index} (a public key under {@link FakeCrypto}). */
  public static byte[] key(long seed, int index) {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
    byte[] k = new byte[32];
    r.nextBytes(k);
    return k;
  }

  public static byte[] committeeId(long seed) {
    byte[] id = new byte[32];
    new SplittableRandom(~seed).nextBytes(id);
    return id;
  }

  /** Committee of epoch 0 with nodes 0..n-1, weight 1 each. */
  public static Committee ofSize(int n, long seed) {
    List<Integer> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(i);
    }
    return of(nodes, seed, 0);
  }

  /** Committee of {@code epoch} whose members are the given nodes, in order. */
  public static Committee of(List<Integer> nodes, long seed, long epoch) {
    List<Member> members = new ArrayList<>();
    for (int i : nodes) {
      members.add(new Member(key(seed, i), new byte[20], "node-" + i + ":0", 1));
    }
    return new Committee(committeeId(seed), epoch, ConsensusEngine.HOTSTUFF, members);
  }

  public static PeerId peer(long seed, int index) {
    return PeerId.of(key(seed, index));
  }
}
