package io.trestle.consensus.raft;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.EngineMessage;
import java.util.List;
import java.util.Objects;

/**
 * The messages Raft replicas exchange (Ongaro and Ousterhout, "In Search of an Understandable
 * Consensus Algorithm", USENIX ATC 2014, figure 2), extended with commit certification. A log entry
 * is a {@link Block}: its height is the Raft log index and its {@code header.view} the term in
 * which a leader created it. Content is unverified when received; the sender is the authenticated
 * peer of {@code Input.MessageReceived}.
 */
public sealed interface RaftMessage extends EngineMessage {
  /** The sender's current term (§5.1: a higher term makes the receiver a follower). */
  long term();

  /** §5.2 RequestVote RPC from a candidate whose last entry is {@code (lastIndex, lastTerm)}. */
  record RequestVote(long term, long lastIndex, long lastTerm) implements RaftMessage {}

  /** Answer to {@link RequestVote}: {@code granted} when the receiver voted for the sender. */
  record VoteReply(long term, boolean granted) implements RaftMessage {}

  /**
   * §5.3 AppendEntries RPC (also the heartbeat): {@code entries} follow the entry at {@code
   * prevIndex} whose term is {@code prevTerm}. {@code leaderCommit} is the leader's commit index.
   * {@code certifiedHeight} is the height up to which the leader has emitted certified commits, so
   * followers send commit votes above it only; {@code certificates} are commit QCs for heights the
   * receiver has not certified yet, in increasing height.
   */
  record Append(
      long term,
      long prevIndex,
      long prevTerm,
      List<Block> entries,
      long leaderCommit,
      long certifiedHeight,
      List<QuorumCertificate> certificates)
      implements RaftMessage {
    public Append {
      entries = List.copyOf(entries);
      certificates = List.copyOf(certificates);
    }
  }

  /**
   * Answer to {@link Append}. On success {@code index} is the receiver's match index (prevIndex +
   * entries); on failure a hint: the highest index below which the leader should retry. {@code
   * certifiedHeight} is the receiver's last certified commit; {@code votes} are its commit votes
   * for committed heights above the leader's {@code certifiedHeight}.
   */
  record AppendReply(
      long term, boolean success, long index, long certifiedHeight, List<CommitVote> votes)
      implements RaftMessage {
    public AppendReply {
      votes = List.copyOf(votes);
    }
  }

  /**
   * A member's Ed25519 signature of hash({@code data}), where {@code data} names a committed block
   * with {@code commitHeight == height} and {@code commitHash == blockHash}: "this block is
   * committed". A quorum of them is the block's commit QC.
   */
  record CommitVote(VoteData data, byte[] signature) {
    public CommitVote {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(signature, "signature");
    }
  }
}
