package io.trestle.consensus.sim;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.Hash32;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A node's committed log in memory (survives simulated crashes, like a disk). */
public final class SimLog implements CommittedLog {
  private final List<Block> blocks = new ArrayList<>();
  private final List<QuorumCertificate> proofs = new ArrayList<>();
  private final List<Hash32> hashes = new ArrayList<>();

  /** Appends a commit; the caller checks heights. */
  void append(Block block, QuorumCertificate proof) {
    blocks.add(block);
    proofs.add(proof);
    hashes.add(block.hash());
  }

  @Override
  public long tipHeight() {
    return blocks.size();
  }

  @Override
  public Optional<Block> block(long height) {
    return height >= 1 && height <= blocks.size()
        ? Optional.of(blocks.get((int) height - 1))
        : Optional.empty();
  }

  @Override
  public Optional<QuorumCertificate> proof(long height) {
    return height >= 1 && height <= blocks.size()
        ? Optional.of(proofs.get((int) height - 1))
        : Optional.empty();
  }

  /** Hash of the committed block at {@code height} (1-based). */
  public Hash32 hash(long height) {
    return hashes.get((int) height - 1);
  }
}
