package io.trestle.consensus.raft;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.raft.RaftMessage.Append;
import io.trestle.consensus.raft.RaftMessage.AppendReply;
import io.trestle.consensus.raft.RaftMessage.CommitVote;
import io.trestle.verifier.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The leader's side of log replication (§5.3) and commitment (§5.4.2), plus the aggregation of
 * commit QCs. A view over the engine's state, created per use.
 */
final class Replication {
  private static final int MAX_CERTS_PER_APPEND = 16;

  private final RaftEngine e;

  Replication(RaftEngine e) {
    this.e = e;
  }

  /** §8: a new leader appends a block of its own term so that older entries can commit. */
  void appendNoop() {
    if (e.log.lastIndex() < e.lastHeight.getAsLong() || e.commitIndex < e.log.lastIndex()) {
      appendBlock(List.of());
    }
  }

  /** Proposes what is allowed, advances the commit index, then brings every follower up to date. */
  void proposeAndSend() {
    propose();
    advanceCommit();
    for (int f = 0; f < e.progress.length; f++) {
      if (f == e.self) {
        continue;
      }
      Progress p = e.progress[f];
      if (e.log.lastIndex() > p.sentUpTo) {
        sendAppend(f, p.sentUpTo + 1, true, false);
      } else if (Math.min(e.commitIndex, p.matchIndex) > p.sentCommit
          || Math.min(e.emitted, p.matchIndex) > Math.max(p.certified, p.sentCertified)) {
        sendAppend(f, p.matchIndex + 1, false, false);
      }
    }
  }

  /** Retransmits to every follower from its next index (covers lost messages). */
  void heartbeat() {
    for (int f = 0; f < e.progress.length; f++) {
      if (f != e.self) {
        sendAppend(f, e.progress[f].nextIndex, true, true);
      }
    }
  }

  void onReply(int from, AppendReply r) {
    if (e.role != RaftEngine.Role.LEADER || r.term() != e.term) {
      return;
    }
    Progress p = e.progress[from];
    p.certified = Math.min(r.certifiedHeight(), e.log.lastIndex());
    if (r.success()) {
      if (r.index() <= e.log.lastIndex()) {
        p.acknowledged(r.index());
      }
    } else {
      p.rejected(r.index(), p.matchIndex);
      sendAppend(from, p.nextIndex, true, true);
    }
    for (CommitVote v : r.votes()) {
      long h = v.data().height();
      if (h <= e.emitted || h > e.log.lastIndex()) {
        continue;
      }
      Optional<Block> block = e.log.entry(h);
      if (block.isPresent() && e.certifier.addVote(from, v, block.get()).isPresent()) {
        e.commitIndex = Math.max(e.commitIndex, h);
      }
    }
  }

  private void propose() {
    Set<Hash32> inFlight = null;
    while (e.log.lastIndex() - e.commitIndex < e.config.maxInflight()) {
      long limit = e.lastHeight.getAsLong();
      if (e.log.lastIndex() >= limit || (e.payloads.size() == 0 && limit == Long.MAX_VALUE)) {
        return;
      }
      if (inFlight == null) {
        inFlight = idsInFlight();
      }
      List<CrossChainMessage> batch = e.payloads.select(e.config.maxBatch(), inFlight);
      if (batch.isEmpty() && limit == Long.MAX_VALUE) {
        return;
      }
      for (CrossChainMessage m : batch) {
        inFlight.add(e.payloads.idOf(m));
      }
      appendBlock(batch);
    }
  }

  private Set<Hash32> idsInFlight() {
    Set<Hash32> ids = new HashSet<>();
    for (Block b : e.log.slice(e.emitted + 1, e.log.lastIndex())) {
      for (CrossChainMessage m : b.messages()) {
        ids.add(e.payloads.idOf(m));
      }
    }
    return ids;
  }

  private void appendBlock(List<CrossChainMessage> messages) {
    List<byte[]> ids = new ArrayList<>(messages.size());
    for (CrossChainMessage m : messages) {
      ids.add(e.payloads.idOf(m).bytes());
    }
    BlockHeader header =
        new BlockHeader(
            e.committee.committeeId().bytes(),
            e.committee.epoch(),
            e.log.lastIndex() + 1,
            e.term,
            e.log.lastHash().bytes(),
            e.highQc.data().view(),
            MerkleTree.of(ids).root(),
            messages.size(),
            e.self,
            e.now);
    Block block = new Block(header, messages, e.highQc, Optional.empty());
    if (!e.log.append(block)) {
      throw e.fail("leader's own block does not extend its log");
    }
    e.persist = true;
  }

  /**
   * Raises the commit index to the highest entry of the current term stored by a majority, then
   * adds this leader's own commit votes and emits what is certified.
   */
  private void advanceCommit() {
    for (long n = e.log.lastIndex(); n > e.commitIndex; n--) {
      if (e.log.termAt(n) != e.term) {
        break;
      }
      List<Integer> holders = new ArrayList<>();
      for (int i = 0; i < e.progress.length; i++) {
        if (i == e.self || e.progress[i].matchIndex >= n) {
          holders.add(i);
        }
      }
      if (e.majority(holders)) {
        e.commitIndex = n;
        break;
      }
    }
    long upTo = Math.min(e.commitIndex, e.lastHeight.getAsLong());
    for (long h = Math.max(e.emitted, e.selfVotedUpTo) + 1; h <= upTo; h++) {
      Block block = e.log.entry(h).orElseThrow();
      e.certifier.addVote(e.self, e.certifier.ownVote(block), block);
      e.selfVotedUpTo = h;
    }
    e.emitCommits();
  }

  private void sendAppend(int f, long from, boolean withEntries, boolean resendCerts) {
    Progress p = e.progress[f];
    long prev = from - 1;
    List<Block> entries =
        withEntries
            ? e.log.slice(from, Math.min(e.log.lastIndex(), prev + e.config.maxEntriesPerAppend()))
            : List.of();
    long reach = prev + entries.size();
    long certFrom = resendCerts ? p.certified : Math.max(p.certified, p.sentCertified);
    List<QuorumCertificate> certs = new ArrayList<>();
    long h = certFrom + 1;
    for (; h <= Math.min(e.emitted, reach) && certs.size() < MAX_CERTS_PER_APPEND; h++) {
      long height = h;
      Optional<QuorumCertificate> qc = e.certifier.qc(height).or(() -> e.committed.proof(height));
      if (qc.isEmpty()) {
        break;
      }
      certs.add(qc.get());
    }
    p.sentCertified = Math.max(certFrom, h - 1);
    p.sentCommit = Math.min(e.commitIndex, reach);
    if (withEntries) {
      p.sentUpTo = Math.max(p.sentUpTo, reach);
    }
    e.send(
        f, new Append(e.term, prev, e.log.termAt(prev), entries, e.commitIndex, e.emitted, certs));
  }
}
