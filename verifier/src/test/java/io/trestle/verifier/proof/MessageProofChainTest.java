package io.trestle.verifier.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.verifier.proof.ProofVerdict.Invalid;
import io.trestle.verifier.proof.ProofVerdict.Reason;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.QuorumVerifier;
import io.trestle.verifier.quorum.TestCommittee;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proofs of blocks committed indirectly: after a view change one QC commits a block with its
 * uncommitted ancestors, so the proof of an ancestor's message carries the headers from its block
 * to the committed descendant, and every link must hold.
 */
class MessageProofChainTest {
  private final MessageProofVerifier verifier =
      new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier(new SecureRandom())));
  private final TestCommittee committee = TestCommittee.ofSize(4, 10);
  private final List<CrossChainMessage> messages = TestProofs.messages(3, 5);

  private Invalid invalid(MessageProof p) {
    return assertInstanceOf(Invalid.class, verifier.verify(p, committee.view()));
  }

  private static MessageProof withDescendants(MessageProof p, List<BlockHeader> descendants) {
    return new MessageProof(p.message(), p.path(), p.header(), p.commitQc(), descendants);
  }

  @Test
  void aChainOfDescendantsLeadsToTheCommittedBlock() {
    for (int count = 1; count <= 4; count++) {
      MessageProof p = TestProofs.proofThroughDescendants(committee, messages, 2, 40, count);
      var ok = assertInstanceOf(ProofVerdict.Valid.class, verifier.verify(p, committee.view()));
      // The verdict names the message's own block, not the descendant the QC commits.
      assertEquals(40, ok.height());
      assertEquals(40 + count, p.commitQc().data().commitHeight());
      assertTrue(verifier.verify(MessageProof.decode(p.encode()), committee.view()).isValid());
    }
  }

  @Test
  void withoutItsChainTheProofOfAnAncestorFails() {
    MessageProof p = TestProofs.proofThroughDescendants(committee, messages, 0, 40, 2);
    assertEquals(Reason.HEADER_NOT_COMMITTED, invalid(withDescendants(p, List.of())).reason());
    // A chain cut short ends at a block the QC does not commit.
    assertEquals(
        Reason.HEADER_NOT_COMMITTED,
        invalid(withDescendants(p, p.descendants().subList(0, 1))).reason());
  }

  @Test
  void aHeaderBeyondTheCommittedOneIsRejected() {
    MessageProof p = TestProofs.proofThroughDescendants(committee, messages, 0, 40, 2);
    List<BlockHeader> longer = new ArrayList<>(p.descendants());
    longer.add(TestProofs.child(longer.getLast(), messages));
    assertEquals(Reason.HEADER_NOT_COMMITTED, invalid(withDescendants(p, longer)).reason());
  }

  @Test
  void everyLinkIsChecked() {
    MessageProof p = TestProofs.proofThroughDescendants(committee, messages, 0, 40, 3);
    BlockHeader middle = p.descendants().get(1);

    // Swapped order: heights no longer follow each other.
    List<BlockHeader> swapped = new ArrayList<>(p.descendants());
    swapped.set(0, p.descendants().get(1));
    swapped.set(1, p.descendants().get(0));
    Invalid v = invalid(withDescendants(p, swapped));
    assertEquals(Reason.BROKEN_CHAIN, v.reason());
    assertTrue(v.detail().startsWith("descendant 0 is at height 42, not 41"), v.detail());

    // Right height, but a sibling (another parent) in the middle.
    BlockHeader sibling = replace(middle, middle.height(), middle.epoch(), TestCommittee.filled(5));
    v = invalid(withDescendants(p, with(p.descendants(), 1, sibling)));
    assertEquals(Reason.BROKEN_CHAIN, v.reason());
    assertTrue(v.detail().contains("parent"), v.detail());

    // A gap: the middle header's height skips one.
    BlockHeader skipping =
        replace(middle, middle.height() + 1, middle.epoch(), middle.parentHash());
    assertEquals(
        Reason.BROKEN_CHAIN,
        invalid(withDescendants(p, with(p.descendants(), 1, skipping))).reason());

    // A header of another epoch (the QC's committee did not certify it).
    BlockHeader otherEpoch =
        replace(middle, middle.height(), middle.epoch() + 1, middle.parentHash());
    assertEquals(
        Reason.BROKEN_CHAIN,
        invalid(withDescendants(p, with(p.descendants(), 1, otherEpoch))).reason());
  }

  @Test
  void theCommitHeightMustBeTheLastDescendants() {
    MessageProof p = TestProofs.proofThroughDescendants(committee, messages, 0, 40, 2);
    VoteData d = p.commitQc().data();
    VoteData wrong =
        new VoteData(
            d.committeeId(), d.epoch(), d.view(), d.height(), d.blockHash(), 40, d.commitHash());
    QuorumCertificate qc = TestProofs.signedQc(committee, wrong, 0, 1, 2);
    MessageProof bad = new MessageProof(p.message(), p.path(), p.header(), qc, p.descendants());
    Invalid v = invalid(bad);
    assertEquals(Reason.HEIGHT_MISMATCH, v.reason());
    assertTrue(v.detail().contains("last descendant is at 42"), v.detail());
  }

  @Test
  void everyFlippedBitOfAChainProofIsRejected() {
    MessageProof p = TestProofs.proofThroughDescendants(committee, messages.subList(0, 3), 1, 5, 2);
    TestProofs.assertEveryBitFlipRejected(verifier, p, committee.view(), 5);
  }

  private static List<BlockHeader> with(List<BlockHeader> headers, int i, BlockHeader h) {
    List<BlockHeader> out = new ArrayList<>(headers);
    out.set(i, h);
    return out;
  }

  private static BlockHeader replace(BlockHeader h, long height, long epoch, byte[] parentHash) {
    return new BlockHeader(
        h.committeeId(),
        epoch,
        height,
        h.view(),
        parentHash,
        h.justifyView(),
        h.payloadRoot(),
        h.messageCount(),
        h.proposer(),
        h.timestampMs());
  }
}
