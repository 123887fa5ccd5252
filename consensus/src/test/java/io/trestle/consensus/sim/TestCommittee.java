package io.trestle.consensus.sim;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.consensus.core.Ed25519Signatures;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.PeerId;
import io.trestle.consensus.core.Signer;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Deterministic committees for tests: member keys derive from (seed, node index). */
public final class TestCommittee {
  private TestCommittee() {}

  private static final Map<Long, Ed25519KeyPair> PAIRS = new ConcurrentHashMap<>();
  private static final Map<Hash32, Ed25519KeyPair> BY_PUBLIC = new ConcurrentHashMap<>();

  /**
   * The Ed25519 key pair of node {@code index}, from a seed derived from (seed, index); cached. Its
   * public key doubles as the key {@link FakeCrypto} signs with.
   */
  public static Ed25519KeyPair keyPair(long seed, int index) {
    return PAIRS.computeIfAbsent(
        seed * 1_000_003L + index,
        s -> {
          byte[] secret = new byte[32];
          new SplittableRandom(s).nextBytes(secret);
          Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(secret);
          BY_PUBLIC.put(Hash32.of(pair.publicKey()), pair);
          return pair;
        });
  }

  /** Public key of node {@code index}. */
  public static byte[] key(long seed, int index) {
    return keyPair(seed, index).publicKey();
  }

  /** A real Ed25519 signer for a key made by {@link #keyPair}. */
  public static Signer realSigner(byte[] publicKey) {
    Ed25519KeyPair pair = BY_PUBLIC.get(Hash32.of(publicKey));
    if (pair == null) {
      throw new IllegalArgumentException("not a test committee key");
    }
    return Ed25519Signatures.signer(pair);
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
