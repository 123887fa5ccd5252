package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import java.util.Optional;

/**
 * The committee schedule, derived only from committed blocks so every honest replica derives the
 * same one.
 *
 * <p>A rotation is a committed message with {@code sourceChainId == 0} whose payload is the ABI
 * encoding of a {@link CommitteeRotation} (the verifier's convention). It is accepted, once per
 * epoch, when {@code next.epoch == epoch + 1}, the committee id is unchanged, the committee is well
 * formed and {@code activationHeight} is above the block that carries it, whatever engine it names
 * (a rotation to Raft ends HotStuff's run at A-1: {@code epoch.EpochSwitchingEngine} stops it there
 * and replays the schedule through Raft epochs the same way). Epoch {@code e} then ends with the
 * block at {@code activationHeight - 1} ("A-1"): on any branch that carries the rotation, blocks of
 * epoch {@code e} at heights {@code >= A} must be empty and are never committed (they exist only to
 * certify and commit A-1, as in DiemBFT's reconfiguration suffix). Once A-1 is committed, epoch
 * {@code e + 1} starts: its first block is at height A, extends A-1 and carries as justify the
 * "boundary QC" of epoch {@code e} that committed A-1. Views keep increasing across epochs.
 */
final class Epochs {
  private CommitteeView current;
  private CommitteeView previous;
  private Hash32 startParent;
  private long startHeight;
  private QuorumCertificate startQc;
  private CommitteeRotation pending;

  Epochs(CommitteeView genesis, Hash32 genesisHash, QuorumCertificate genesisQc) {
    this.current = genesis;
    this.startParent = genesisHash;
    this.startHeight = 1;
    this.startQc = genesisQc;
  }

  CommitteeView current() {
    return current;
  }

  /** The committee of {@code epoch} if it is the current or the previous one. */
  Optional<CommitteeView> committee(long epoch) {
    if (epoch == current.epoch()) {
      return Optional.of(current);
    }
    if (previous != null && epoch == previous.epoch()) {
      return Optional.of(previous);
    }
    return Optional.empty();
  }

  /** First block height of the current epoch. */
  long startHeight() {
    return startHeight;
  }

  /**
   * The block the current epoch's first block extends (genesis, or the last block of the previous).
   */
  Hash32 startParent() {
    return startParent;
  }

  /** The QC the current epoch starts from: the genesis QC, or the previous epoch's boundary QC. */
  QuorumCertificate startQc() {
    return startQc;
  }

  /** True for the boundary QC of the current epoch (a QC of the previous epoch committing A-1). */
  boolean isBoundaryQc(QuorumCertificate qc) {
    return previous != null
        && qc.data().epoch() == previous.epoch()
        && qc.data().commitHeight() == startHeight - 1
        && Hash32.of(qc.data().commitHash()).equals(startParent);
  }

  /** Activation height of the committed rotation of this epoch, or {@code Long.MAX_VALUE}. */
  long committedActivation() {
    return pending == null ? Long.MAX_VALUE : pending.activationHeight();
  }

  /** A valid rotation for the current epoch carried by {@code m} in a block at {@code height}. */
  Optional<CommitteeRotation> rotation(CrossChainMessage m, long height) {
    return current.rotationIn(m, height);
  }

  /** Records the first valid rotation of a newly committed block. */
  void onCommitted(Block block) {
    if (pending != null) {
      return;
    }
    for (CrossChainMessage m : block.messages()) {
      Optional<CommitteeRotation> r = rotation(m, block.height());
      if (r.isPresent()) {
        pending = r.get();
        return;
      }
    }
  }

  /** True when the committed block at {@code height} is the last of the current epoch. */
  boolean endsAt(long height) {
    return pending != null && height == pending.activationHeight() - 1;
  }

  /**
   * Starts the next epoch after its last block (hash {@code lastBlock}) committed by {@code qc}.
   */
  void advance(Hash32 lastBlock, QuorumCertificate boundaryQc) {
    previous = current;
    current = new CommitteeView(pending.next());
    startHeight = pending.activationHeight();
    startParent = lastBlock;
    startQc = boundaryQc;
    pending = null;
  }
}
