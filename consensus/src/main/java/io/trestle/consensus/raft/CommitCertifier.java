package io.trestle.consensus.raft;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.core.Certificates;
import io.trestle.consensus.core.CommitteeView;
import io.trestle.consensus.core.Hash32;
import io.trestle.consensus.core.SignatureVerifier;
import io.trestle.consensus.core.Signer;
import io.trestle.consensus.core.SignerBitmap;
import io.trestle.consensus.raft.RaftMessage.CommitVote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns Raft commits into commit QCs so that a Raft block is proven exactly like a HotStuff block.
 * After a member learns that the block at height h is committed, it signs {@code VoteData(view =
 * term, height = h, blockHash = commitHash = hash, commitHeight = h)}; the leader aggregates the
 * signatures of more than 2/3 of the committee's weight into a {@link QuorumCertificate}.
 *
 * <p><b>Why 2/3 and not a Raft majority.</b> The proof verifier ({@code verifier.quorum}) and the
 * destination gateways accept one threshold for every epoch, whatever its engine: more than 2/3 of
 * the weight. Keeping it means a proof does not depend on the engine and stays sound even if up to
 * a third of a "trusted" committee turned out to be Byzantine. The cost: ordering needs a majority
 * alive, certification (and so the {@code Commit} action) more than 2/3 alive.
 */
final class CommitCertifier {
  private final CommitteeView committee;
  private final Signer signer;
  private final Certificates certificates;
  private final SignatureVerifier verifier;
  private final TreeMap<Long, QuorumCertificate> qcs = new TreeMap<>();
  private final TreeMap<Long, CommitVote> ownVotes = new TreeMap<>();
  private final Map<Long, Map<Integer, byte[]>> collected = new HashMap<>();
  private final TreeMap<Long, Statement> statements = new TreeMap<>();

  CommitCertifier(CommitteeView committee, Signer signer, SignatureVerifier verifier) {
    this.committee = committee;
    this.signer = signer;
    this.verifier = verifier;
    this.certificates = new Certificates(verifier, 256);
  }

  /** A statement with its encoding and digest, computed once per height. */
  private record Statement(Hash32 block, VoteData data, byte[] encoded, byte[] digest) {}

  /** The statement "block is committed" that members sign. */
  private Statement statement(Block block) {
    Statement cached = statements.get(block.height());
    Hash32 hash = block.hash();
    if (cached != null && cached.block().equals(hash)) {
      return cached;
    }
    VoteData data =
        new VoteData(
            committee.committeeId().bytes(),
            committee.epoch(),
            block.view(),
            block.height(),
            hash.bytes(),
            block.height(),
            hash.bytes());
    Statement s = new Statement(hash, data, data.encode(), data.hash());
    statements.put(block.height(), s);
    return s;
  }

  /** This member's vote that {@code block} is committed (signed once, then cached). */
  CommitVote ownVote(Block block) {
    return ownVotes.computeIfAbsent(
        block.height(),
        h -> {
          Statement st = statement(block);
          return new CommitVote(st.data(), signer.sign(st.digest()));
        });
  }

  /**
   * Adds {@code member}'s vote for committed {@code block} (ignored when it does not name the block
   * or its signature is invalid). Returns the QC when this vote completes a quorum.
   */
  Optional<QuorumCertificate> addVote(int member, CommitVote vote, Block block) {
    if (qcs.containsKey(block.height()) || !committee.isMember(member)) {
      return Optional.empty();
    }
    Statement expected = statement(block);
    if (!Arrays.equals(expected.encoded(), vote.data().encode())
        || !verifier.verify(committee.publicKey(member), expected.digest(), vote.signature())) {
      return Optional.empty();
    }
    Map<Integer, byte[]> sigs = collected.computeIfAbsent(block.height(), h -> new TreeMap<>());
    sigs.putIfAbsent(member, vote.signature());
    long weight = 0;
    for (int m : sigs.keySet()) {
      weight += committee.weight(m);
    }
    if (!committee.isQuorum(weight)) {
      return Optional.empty();
    }
    QuorumCertificate qc =
        new QuorumCertificate(
            expected.data(),
            SignerBitmap.encode(new ArrayList<>(sigs.keySet()), committee.size()),
            new ArrayList<>(sigs.values()));
    qcs.put(block.height(), qc);
    collected.remove(block.height());
    return Optional.of(qc);
  }

  /**
   * Accepts a commit QC received from the leader when it is valid for this committee and certifies
   * exactly {@code block}. Returns whether it was stored.
   */
  boolean accept(QuorumCertificate qc, Block block) {
    if (qcs.containsKey(block.height())) {
      return true;
    }
    VoteData d = qc.data();
    Hash32 hash = block.hash();
    if (d.height() != block.height()
        || d.commitHeight() != block.height()
        || d.view() != block.view()
        || !hash.equals(hashOrZero(d.blockHash()))
        || !hash.equals(hashOrZero(d.commitHash()))
        || certificates.checkQc(qc, committee).isPresent()) {
      return false;
    }
    qcs.put(block.height(), qc);
    return true;
  }

  private static Hash32 hashOrZero(byte[] b) {
    return b != null && b.length == 32 ? Hash32.of(b) : Hash32.ZERO;
  }

  Optional<QuorumCertificate> qc(long height) {
    return Optional.ofNullable(qcs.get(height));
  }

  /** QCs in {@code (after, upTo]}, lowest first, at most {@code max}. */
  List<QuorumCertificate> qcsBetween(long after, long upTo, int max) {
    List<QuorumCertificate> out = new ArrayList<>();
    for (QuorumCertificate qc : qcs.subMap(after, false, upTo, true).values()) {
      if (out.size() == max) {
        break;
      }
      out.add(qc);
    }
    return out;
  }

  /** Drops QCs, votes and cached signatures at or below {@code height} (already emitted). */
  void forgetTo(long height) {
    qcs.headMap(height, true).clear();
    ownVotes.headMap(height, true).clear();
    statements.headMap(height, true).clear();
    collected.keySet().removeIf(h -> h <= height);
  }

  /** Drops partial votes and cached signatures above {@code height} (entries truncated). */
  void forgetAbove(long height) {
    ownVotes.tailMap(height, false).clear();
    statements.tailMap(height, false).clear();
    collected.keySet().removeIf(h -> h > height);
  }

  int pendingQcs() {
    return qcs.size();
  }
}
