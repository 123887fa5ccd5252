package io.trestle.consensus.driver;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.Member;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.List;

/** Deterministic keys, committees and synthetic messages for driver and node tests. */
public final class TestCommittees {
  private TestCommittees() {}

  public static List<Ed25519KeyPair> keys(int n, int seed) {
    List<Ed25519KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] s = new byte[32];
      s[0] = (byte) seed;
      s[1] = (byte) i;
      s[31] = 7;
      keys.add(Ed25519KeyPair.fromSeed(s));
    }
    return keys;
  }

  public static Committee committee(List<Ed25519KeyPair> keys) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      byte[] evm = new byte[20];
      evm[19] = (byte) i;
      members.add(new Member(keys.get(i).publicKey(), evm, "127.0.0.1:" + (9000 + i), 1));
    }
    byte[] id = new byte[32];
    id[0] = 0x42;
    return new Committee(id, 0, ConsensusEngine.HOTSTUFF, members);
  }

  /** Message number {@code nonce} of a synthetic source gateway. */
  public static CrossChainMessage message(long nonce) {
    byte[] gw = new byte[20];
    gw[0] = 1;
    byte[] who = new byte[20];
    who[0] = 2;
    return new CrossChainMessage(
        1, gw, nonce, who, 2, who, java.nio.ByteBuffer.allocate(8).putLong(nonce).array());
  }
}
