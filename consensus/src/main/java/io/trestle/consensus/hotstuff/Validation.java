package io.trestle.consensus.hotstuff;

import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.ObservationOracle.Verdict;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks of received blocks: well-formedness and certificates, then external validity. */
final class Validation {
  /**
   * What a block's uncommitted ancestors imply for it.
   *
   * @param ids message ids already in the uncommitted ancestors (a block must not repeat them)
   * @param activation first height of the next epoch on this branch ({@code Long.MAX_VALUE} when no
   *     rotation is pending): blocks at or above it must be empty and commit nothing
   */
  record Branch(Set<Hash32> ids, long activation) {}

  private final HotStuffEngine e;

  /** The block this replica just built (its payload root was computed from its ids). */
  Block ownProposal;

  Validation(HotStuffEngine engine) {
    this.e = engine;
  }

  /** Why {@code block} is malformed or badly certified for the current epoch, or empty if fine. */
  Optional<String> checkBlock(Block block) {
    var h = block.header();
    CommitteeView c = e.epochs.current();
    if (!c.committeeId().equals(Hash32.of(h.committeeId())) || h.epoch() != c.epoch()) {
      return Optional.of("wrong committee or epoch");
    }
    if (h.view() < 1 || h.proposer() != c.leader(h.view())) {
      return Optional.of("proposer is not the leader of view " + h.view());
    }
    if (h.messageCount() != block.messages().size()) {
      return Optional.of("message count mismatch");
    }
    block.messageIds(e.messageIds);
    QuorumCertificate qc = block.justify();
    if (h.justifyView() != qc.data().view() || h.view() <= qc.data().view()) {
      return Optional.of("justify view mismatch");
    }
    if (!e.verifyQc(qc)) {
      return Optional.of("invalid justify QC");
    }
    if (!block.parentHash().equals(e.certifiedHash(qc))
        || h.height() != e.certifiedHeight(qc) + 1
        || h.height() < e.epochs.startHeight()) {
      return Optional.of("block does not extend its justify QC");
    }
    if (block.timeoutCertificate().isPresent()) {
      var tc = block.timeoutCertificate().get();
      if (tc.view() + 1 != h.view() || !e.verifyTc(tc)) {
        return Optional.of("invalid timeout certificate");
      }
    }
    if (block != ownProposal
        && !PayloadRoot.of(block.messageIds()).equals(Hash32.of(h.payloadRoot()))) {
      return Optional.of("payload root mismatch");
    }
    return Optional.empty();
  }

  /** The branch ending at {@code parent}, or empty when {@code parent} is not held. */
  Optional<Branch> branch(Hash32 parent) {
    Optional<List<Block>> path = e.tree.pathFromRoot(parent);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    long activation = e.epochs.committedActivation();
    for (Block b : path.get()) {
      for (CrossChainMessage m : b.messages()) {
        Optional<CommitteeRotation> r = e.epochs.rotation(m, b.height());
        if (r.isPresent()) {
          activation = Math.min(activation, r.get().activationHeight());
        }
      }
    }
    return Optional.of(new Branch(Replica.ids(path.get()), activation));
  }

  /**
   * External validity: REJECTED for a non-empty block past the epoch's end, a repeated message or a
   * message the watcher refutes; PENDING while some message is not yet observed; else OBSERVED.
   */
  Verdict payload(Block block, Branch branch) {
    if (block.height() >= branch.activation() && !block.messages().isEmpty()) {
      return Verdict.REJECTED;
    }
    Set<Hash32> seen = new HashSet<>();
    Verdict result = Verdict.OBSERVED;
    List<CrossChainMessage> messages = block.messages();
    for (int i = 0; i < messages.size(); i++) {
      CrossChainMessage m = messages.get(i);
      Hash32 id = block.messageIds().get(i);
      if (!seen.add(id) || branch.ids().contains(id)) {
        return Verdict.REJECTED;
      }
      Verdict v = e.oracle.check(id, m);
      if (v == Verdict.REJECTED) {
        return Verdict.REJECTED;
      }
      if (v == Verdict.PENDING) {
        result = Verdict.PENDING;
      }
    }
    return result;
  }
}
