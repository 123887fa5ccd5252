package io.trestle.consensus.epoch;

import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Certificates;
import io.trestle.consensus.core.CommittedLog;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.epoch.EpochEnvelope.CommittedBlock;
import io.trestle.consensus.raft.RaftEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Serves and checks the committed blocks a lagging node needs to finish its segment. */
final class HandoverCheck {
  private final CommittedLog log;
  private final Certificates certificates;
  private final Block genesis;

  HandoverCheck(CommittedLog log, SignatureVerifier verifier, byte[] committeeId) {
    this.log = log;
    this.certificates = new Certificates(verifier, 64);
    this.genesis = RaftEngine.genesis(committeeId);
  }

  /**
   * Committed blocks from {@code from}, at most {@link EpochSwitchingEngine#MAX_HANDOVER_BLOCKS}.
   */
  List<CommittedBlock> serve(long from, EpochSchedule schedule) {
    List<CommittedBlock> out = new ArrayList<>();
    long to = Math.min(log.tipHeight(), from + EpochSwitchingEngine.MAX_HANDOVER_BLOCKS - 1);
    for (long h = Math.max(1, from); h <= to; h++) {
      Optional<Block> b = log.block(h);
      Optional<QuorumCertificate> p = log.proof(h);
      if (b.isEmpty() || p.isEmpty()) {
        break;
      }
      out.add(new CommittedBlock(b.get(), p.get()));
    }
    return out;
  }

  /**
   * Checks handed-over blocks against this node's log and committee schedule: consecutive from the
   * tip, each the parent of the next, each of the epoch the schedule is in at its height, and each
   * proven by a valid QC of its epoch's committee for itself or a later block of the list. Returns
   * the blocks up to the end of {@code segment} (the last one completes it), or empty when they are
   * invalid or do not reach it.
   */
  Optional<List<Block>> verify(
      List<CommittedBlock> blocks, EpochSchedule schedule, Segment segment) {
    long tip = log.tipHeight();
    Hash32 parent =
        (tip == 0 ? Optional.of(genesis) : log.block(tip)).map(Block::hash).orElse(null);
    List<Hash32> hashes = new ArrayList<>();
    for (CommittedBlock cb : blocks) {
      hashes.add(cb.block().hash());
    }
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i).block();
      QuorumCertificate proof = blocks.get(i).proof();
      if (b.height() != tip + 1 + i
          || !b.parentHash().equals(parent)
          || b.header().epoch() != schedule.current().epoch()
          || !proves(proof, i, blocks, hashes, schedule)) {
        return Optional.empty();
      }
      parent = hashes.get(i);
      out.add(b);
      Optional<CommitteeRotation> ended = schedule.onCommitted(b);
      if (ended.isPresent()
          && (segment.engine() == io.trestle.canonical.v1.ConsensusEngine.RAFT
              || ended.get().next().engine() != segment.engine())) {
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  private boolean proves(
      QuorumCertificate proof,
      int i,
      List<CommittedBlock> blocks,
      List<Hash32> hashes,
      EpochSchedule schedule) {
    Optional<CommitteeView> committee = schedule.committee(proof.data().epoch());
    if (committee.isEmpty() || certificates.checkQc(proof, committee.get()).isPresent()) {
      return false;
    }
    long offset = proof.data().commitHeight() - blocks.get(i).block().height();
    if (offset < 0 || i + offset >= blocks.size()) {
      return false;
    }
    byte[] commitHash = proof.data().commitHash();
    return commitHash != null
        && commitHash.length == 32
        && hashes.get((int) (i + offset)).equals(Hash32.of(commitHash));
  }
}
