package io.trestle.consensus.raft;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.raft.RaftMessage.Append;
import io.trestle.consensus.raft.RaftMessage.AppendReply;
import io.trestle.consensus.raft.RaftMessage.CommitVote;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The receiver side of AppendEntries (figure 2, "Receiver implementation", steps 1–5), plus commit
 * QCs from the leader and this member's commit votes in the reply. A view over the engine's state.
 */
final class FollowerSide {
  private final RaftEngine e;

  FollowerSide(RaftEngine e) {
    this.e = e;
  }

  void onAppend(int from, Append a) {
    if (a.term() < e.term) {
      e.send(from, new AppendReply(e.term, false, e.log.lastIndex(), e.emitted, List.of()));
      return;
    }
    if (e.role == RaftEngine.Role.LEADER) {
      throw e.fail("election safety: two leaders in term " + e.term + " (" + from + ")");
    }
    if (!wellFormed(from, a)) {
      return;
    }
    e.becomeFollower(a.term());
    e.leader = from;
    e.resetElectionTimer();
    if (a.prevIndex() > e.log.lastIndex()) {
      e.send(from, new AppendReply(e.term, false, e.log.lastIndex(), e.emitted, List.of()));
      return;
    }
    if (a.prevIndex() >= e.log.base() && e.log.termAt(a.prevIndex()) != a.prevTerm()) {
      if (a.prevIndex() <= e.commitIndex) {
        throw e.fail("log matching: committed entry " + a.prevIndex() + " has another term");
      }
      e.send(from, new AppendReply(e.term, false, a.prevIndex() - 1, e.emitted, List.of()));
      return;
    }
    for (Block b : a.entries()) {
      store(b);
    }
    long lastNew = a.prevIndex() + a.entries().size();
    if (a.leaderCommit() > e.commitIndex) {
      e.commitIndex = Math.max(e.commitIndex, Math.min(a.leaderCommit(), lastNew));
    }
    for (QuorumCertificate qc : a.certificates()) {
      long h = qc.data().height();
      Optional<Block> block = h > e.emitted ? e.log.entry(h) : Optional.empty();
      if (block.isPresent() && e.certifier.accept(qc, block.get())) {
        e.commitIndex = Math.max(e.commitIndex, h);
      }
    }
    e.emitCommits();
    List<CommitVote> votes = new ArrayList<>();
    long upTo =
        Math.min(
            Math.min(e.commitIndex, e.lastHeight.getAsLong()),
            a.certifiedHeight() + RaftEngine.MAX_VOTES_PER_REPLY);
    for (long h = Math.max(a.certifiedHeight(), 0) + 1; h <= upTo; h++) {
      e.log.entry(h).ifPresent(b -> votes.add(e.certifier.ownVote(b)));
    }
    e.send(from, new AppendReply(e.term, true, lastNew, e.emitted, votes));
  }

  /** §5.3 steps 3–4: skip entries already held, truncate at a conflict, append the rest. */
  private void store(Block b) {
    long h = b.height();
    if (h <= e.log.lastIndex()) {
      Hash32 held = e.log.hashAt(h).orElseThrow();
      if (held.equals(b.hash())) {
        return;
      }
      if (h <= e.commitIndex || h <= e.log.base()) {
        throw e.fail("log matching: committed entry " + h + " would be overwritten");
      }
      e.log.truncateFrom(h);
      e.certifier.forgetAbove(h - 1);
    }
    if (!e.log.append(b)) {
      throw e.fail("entry " + h + " does not extend the log after a matching prefix");
    }
    e.persist = true;
  }

  /** Entries numbered prevIndex+1.. of this committee, created in terms up to the message's. */
  private boolean wellFormed(int from, Append a) {
    long expected = a.prevIndex() + 1;
    for (Block b : a.entries()) {
      if (b.height() != expected++
          || b.view() > a.term()
          || b.header().epoch() != e.committee.epoch()
          || !e.committee.committeeId().equals(hash(b.header().committeeId()))
          || !e.committee.isMember((int) b.header().proposer())) {
        return false;
      }
    }
    return a.prevIndex() >= 0 && from >= 0;
  }

  private static Hash32 hash(byte[] b) {
    return b != null && b.length == 32 ? Hash32.of(b) : Hash32.ZERO;
  }
}
