package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import io.trestle.consensus.core.Hash32;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The messages HotStuff replicas exchange (mirrors {@code trestle.v1.Proposal}, {@code Vote},
 * {@code Timeout}, {@code SyncRequest}, {@code SyncResponse}; the node maps them to protobuf).
 * Their content is unverified when received.
 */
public sealed interface HotStuffMessage extends EngineMessage {

  /** The leader's block for {@code block.header.view}. */
  record Proposal(Block block) implements HotStuffMessage {
    public Proposal {
      Objects.requireNonNull(block, "block");
    }
  }

  /** A replica's signature of hash(data), sent to the leader of view {@code data.view + 1}. */
  record Vote(VoteData data, int signer, byte[] signature) implements HotStuffMessage {
    public Vote {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(signature, "signature");
    }
  }

  /**
   * "I give up on {@code data.view}": signed hash(data), the QC of view {@code data.highQcView},
   * and the TC of view {@code data.view - 1} when the signer entered that view through one (so a
   * replica lagging behind can follow).
   */
  record Timeout(
      TimeoutData data,
      QuorumCertificate highQc,
      Optional<TimeoutCertificate> lastTc,
      int signer,
      byte[] signature)
      implements HotStuffMessage {
    public Timeout {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(highQc, "highQc");
      Objects.requireNonNull(lastTc, "lastTc");
      Objects.requireNonNull(signature, "signature");
    }
  }

  /**
   * Asks a peer for the chain of blocks from {@code fromHeight} up to the block {@code target}
   * (committed or not), at most {@code maxBlocks}, lowest heights first.
   */
  record SyncRequest(long fromHeight, Hash32 target, int maxBlocks) implements HotStuffMessage {
    public SyncRequest {
      Objects.requireNonNull(target, "target");
    }
  }

  /**
   * Blocks answering a {@link SyncRequest}, in increasing height, each the parent of the next; the
   * receiver checks the links and each block's justify QC. {@code commitProof} is the responder's
   * commit proof of the highest committed block included, if any.
   */
  record SyncResponse(List<Block> blocks, Optional<QuorumCertificate> commitProof)
      implements HotStuffMessage {
    public SyncResponse {
      blocks = List.copyOf(blocks);
      Objects.requireNonNull(commitProof, "commitProof");
    }
  }

  /**
   * Announces the start of a new epoch: {@code boundaryQc} is the QC (of the ending epoch) that
   * committed its last block. Broadcast by every replica when it switches, so that members of the
   * new committee that missed the QC can switch too.
   */
  record EpochChange(QuorumCertificate boundaryQc) implements HotStuffMessage {
    public EpochChange {
      Objects.requireNonNull(boundaryQc, "boundaryQc");
    }
  }
}
