package io.trestle.consensus.hotstuff;

import io.trestle.consensus.core.Hash32;
import io.trestle.verifier.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;

/** Merkle root of a block's message ids: the verifier's {@link MerkleTree} (verifier/README.md). */
final class PayloadRoot {
  private PayloadRoot() {}

  static Hash32 of(List<Hash32> ids) {
    List<byte[]> leaves = new ArrayList<>(ids.size());
    for (Hash32 id : ids) {
      leaves.add(id.bytes());
    }
    return Hash32.of(MerkleTree.of(leaves).root());
  }
}
