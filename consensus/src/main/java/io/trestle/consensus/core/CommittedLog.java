package io.trestle.consensus.core;

import io.trestle.canonical.v1.QuorumCertificate;
import java.util.Optional;

/**
 * Read-only port over the driver's committed log (the blocks of every {@link Action.Commit}, in
 * height order, the genesis block at height 0). Answers must reflect every commit of earlier
 * outputs. The engine reads it on {@link Input.Start} and to serve block sync.
 */
public interface CommittedLog {
  /** Height of the last committed block (0 when only genesis is committed). */
  long tipHeight();

  /** The committed block at {@code height}, empty above the tip. */
  Optional<Block> block(long height);

  /** The commit proof stored with the block at {@code height}; empty for genesis and above tip. */
  Optional<QuorumCertificate> proof(long height);
}
