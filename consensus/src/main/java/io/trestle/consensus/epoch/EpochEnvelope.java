package io.trestle.consensus.epoch;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import java.util.List;
import java.util.Objects;

/**
 * What {@link EpochSwitchingEngine}s exchange: the messages of a segment's engine tagged with the
 * segment (its first epoch), and the catch-up of a node still in an older segment.
 */
public sealed interface EpochEnvelope extends EngineMessage {

  /** A message of the engine that runs the segment starting at epoch {@code segment}. */
  record Wrapped(long segment, EngineMessage inner) implements EpochEnvelope {
    public Wrapped {
      Objects.requireNonNull(inner, "inner");
    }
  }

  /** "Send me the committed blocks from {@code fromHeight} to the end of their segment." */
  record HandoverRequest(long fromHeight) implements EpochEnvelope {}

  /** Committed blocks with their commit proofs, consecutive, lowest height first. */
  record Handover(List<CommittedBlock> blocks) implements EpochEnvelope {
    public Handover {
      blocks = List.copyOf(blocks);
    }
  }

  /** A committed block and the QC that proves it (its commit hash is the block or a descendant). */
  record CommittedBlock(Block block, QuorumCertificate proof) {
    public CommittedBlock {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(proof, "proof");
    }
  }
}
