package io.trestle.verifier.proof;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.verifier.merkle.MerkleTree;
import io.trestle.verifier.quorum.CommitteeView;
import io.trestle.verifier.quorum.TestCommittee;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds canned, valid message proofs signed by a {@link TestCommittee}. */
public final class TestProofs {
  private TestProofs() {}

  public static CrossChainMessage message(SplittableRandom rnd) {
    byte[] gw = new byte[20];
    byte[] sender = new byte[20];
    byte[] recipient = new byte[20];
    byte[] payload = new byte[rnd.nextInt(100)];
    rnd.nextBytes(gw);
    rnd.nextBytes(sender);
    rnd.nextBytes(recipient);
    rnd.nextBytes(payload);
    return new CrossChainMessage(
        31337, gw, 1 + rnd.nextInt(1000), sender, 31338, recipient, payload);
  }

  /** Header of a block holding {@code messages} at {@code height}, in {@code committee}'s epoch. */
  public static BlockHeader header(
      TestCommittee committee, List<CrossChainMessage> messages, long height) {
    List<byte[]> ids = messages.stream().map(CrossChainMessage::hash).toList();
    return new BlockHeader(
        committee.view().committeeId(),
        committee.view().epoch(),
        height,
        height + 3,
        TestCommittee.filled(0x77),
        height + 2,
        MerkleTree.of(ids).root(),
        messages.size(),
        1,
        1_764_000_000_000L);
  }

  /** The commit QC of {@code header}: a vote for its child (next view), committing it. */
  public static QuorumCertificate commitQc(
      TestCommittee committee, BlockHeader header, int... signers) {
    VoteData vote =
        new VoteData(
            header.committeeId(),
            header.epoch(),
            header.view() + 1,
            header.height() + 1,
            TestCommittee.filled(0x99),
            header.height(),
            header.hash());
    return signedQc(committee, vote, signers);
  }

  public static QuorumCertificate signedQc(TestCommittee committee, VoteData vote, int... signers) {
    return new QuorumCertificate(
        vote, committee.bitmap(signers), committee.sign(vote.hash(), signers));
  }

  /** A valid proof of message {@code index} of {@code messages}, signed by members 0..2. */
  public static MessageProof proof(
      TestCommittee committee, List<CrossChainMessage> messages, int index, long height) {
    BlockHeader header = header(committee, messages, height);
    List<byte[]> ids = messages.stream().map(CrossChainMessage::hash).toList();
    MerklePath path = new MerklePath(index, messages.size(), MerkleTree.of(ids).path(index));
    return new MessageProof(
        messages.get(index), path, header, commitQc(committee, header, 0, 1, 2), List.of());
  }

  /** A child of {@code parent} (next height and view) holding {@code messages}. */
  public static BlockHeader child(BlockHeader parent, List<CrossChainMessage> messages) {
    List<byte[]> ids = messages.stream().map(CrossChainMessage::hash).toList();
    return new BlockHeader(
        parent.committeeId(),
        parent.epoch(),
        parent.height() + 1,
        parent.view() + 1,
        parent.hash(),
        parent.view(),
        MerkleTree.of(ids).root(),
        messages.size(),
        2,
        parent.timestampMs() + 1);
  }

  /**
   * A valid proof of message {@code index} of {@code messages} at {@code height} whose block was
   * committed together with {@code descendantCount} descendants (as after a view change): the QC
   * commits the last descendant, and the proof carries the headers leading to it.
   */
  public static MessageProof proofThroughDescendants(
      TestCommittee committee,
      List<CrossChainMessage> messages,
      int index,
      long height,
      int descendantCount) {
    MessageProof direct = proof(committee, messages, index, height);
    List<BlockHeader> descendants = new ArrayList<>();
    BlockHeader last = direct.header();
    for (int i = 0; i < descendantCount; i++) {
      last = child(last, messages(height + i, i % 3));
      descendants.add(last);
    }
    return new MessageProof(
        direct.message(),
        direct.path(),
        direct.header(),
        commitQc(committee, last, 0, 1, 2),
        descendants);
  }

  /**
   * Flips every {@code step}-th bit of {@code proof}'s encoding: each mutation must fail strict ABI
   * decoding or verify as invalid (nothing in the encoding is unauthenticated), and some must fail
   * decoding.
   */
  public static void assertEveryBitFlipRejected(
      MessageProofVerifier verifier, MessageProof proof, CommitteeView committee, int step) {
    byte[] enc = proof.encode();
    int decodeErrors = 0;
    for (int bit = 0; bit < enc.length * 8; bit += step) {
      byte[] m = enc.clone();
      m[bit / 8] ^= (byte) (1 << (bit % 8));
      MessageProof q;
      try {
        q = MessageProof.decode(m);
      } catch (AbiDecodeException e) {
        decodeErrors++;
        continue;
      }
      if (verifier.verify(q, committee).isValid()) {
        throw new AssertionError("flipping bit " + bit + " still verifies");
      }
    }
    if (decodeErrors == 0) {
      throw new AssertionError("no bit flip failed decoding");
    }
  }

  public static List<CrossChainMessage> messages(long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<CrossChainMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(message(rnd));
    }
    return out;
  }
}
