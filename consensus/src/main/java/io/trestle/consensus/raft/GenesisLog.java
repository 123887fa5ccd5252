package io.trestle.consensus.raft;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommittedLog;
import java.util.Optional;

/**
 * The driver's committed log, with {@code genesis} at height 0 when the driver does not store it.
 */
record GenesisLog(CommittedLog log, Block genesis) implements CommittedLog {
  @Override
  public long tipHeight() {
    return log.tipHeight();
  }

  @Override
  public Optional<Block> block(long height) {
    return height == 0 ? log.block(0).or(() -> Optional.of(genesis)) : log.block(height);
  }

  @Override
  public Optional<QuorumCertificate> proof(long height) {
    return log.proof(height);
  }
}
