package io.trestle.verifier.proof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.MerklePath;
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

class MessageProofVerifierTest {
  private final MessageProofVerifier verifier =
      new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier(new SecureRandom())));
  private final TestCommittee committee = TestCommittee.ofSize(4, 10);
  private final List<CrossChainMessage> messages = TestProofs.messages(1, 5);

  private Invalid invalid(MessageProof p) {
    return assertInstanceOf(Invalid.class, verifier.verify(p, committee.view()));
  }

  @Test
  void everyMessageOfABlockIsProven() {
    for (int i = 0; i < messages.size(); i++) {
      MessageProof p = TestProofs.proof(committee, messages, i, 12);
      ProofVerdict v = verifier.verify(p, committee.view());
      ProofVerdict.Valid ok = assertInstanceOf(ProofVerdict.Valid.class, v);
      assertArrayEquals(messages.get(i).hash(), ok.messageId());
      assertEquals(12, ok.height());
      assertEquals(7, ok.epoch());
      // The ABI encoding round-trips and still verifies.
      assertTrue(verifier.verify(MessageProof.decode(p.encode()), committee.view()).isValid());
    }
  }

  @Test
  void tamperedMessageIsNotInTheBlock() {
    MessageProof p = TestProofs.proof(committee, messages, 2, 12);
    CrossChainMessage m = p.message();
    CrossChainMessage other =
        new CrossChainMessage(
            m.sourceChainId(),
            m.sourceGateway(),
            m.nonce() + 1,
            m.sender(),
            m.destChainId(),
            m.recipient(),
            m.payload());
    assertEquals(
        Reason.NOT_IN_BLOCK,
        invalid(new MessageProof(other, p.path(), p.header(), p.commitQc(), List.of())).reason());
    // Another message's path in the same block.
    MessageProof q = TestProofs.proof(committee, messages, 3, 12);
    assertEquals(
        Reason.NOT_IN_BLOCK,
        invalid(new MessageProof(m, q.path(), p.header(), p.commitQc(), List.of())).reason());
  }

  @Test
  void malformedPathAndLeafCount() {
    MessageProof p = TestProofs.proof(committee, messages, 1, 12);
    MerklePath short1 =
        new MerklePath(1, 5, p.path().siblings().subList(0, p.path().siblings().size() - 1));
    assertEquals(
        Reason.MALFORMED_PATH,
        invalid(new MessageProof(p.message(), short1, p.header(), p.commitQc(), List.of()))
            .reason());
    MerklePath outside = new MerklePath(5, 5, p.path().siblings());
    assertEquals(
        Reason.MALFORMED_PATH,
        invalid(new MessageProof(p.message(), outside, p.header(), p.commitQc(), List.of()))
            .reason());
    MerklePath moreLeaves = new MerklePath(1, 6, p.path().siblings());
    assertEquals(
        Reason.LEAF_COUNT_MISMATCH,
        invalid(new MessageProof(p.message(), moreLeaves, p.header(), p.commitQc(), List.of()))
            .reason());
  }

  @Test
  void headerMustBeTheCommittedOne() {
    MessageProof p = TestProofs.proof(committee, messages, 0, 12);
    BlockHeader h = p.header();
    BlockHeader later =
        new BlockHeader(
            h.committeeId(),
            h.epoch(),
            h.height(),
            h.view(),
            h.parentHash(),
            h.justifyView(),
            h.payloadRoot(),
            h.messageCount(),
            h.proposer(),
            h.timestampMs() + 1);
    assertEquals(
        Reason.HEADER_NOT_COMMITTED,
        invalid(new MessageProof(p.message(), p.path(), later, p.commitQc(), List.of())).reason());
  }

  @Test
  void commitHeightMustMatch() {
    MessageProof p = TestProofs.proof(committee, messages, 0, 12);
    VoteData d = p.commitQc().data();
    VoteData wrong =
        new VoteData(
            d.committeeId(), d.epoch(), d.view(), d.height(), d.blockHash(), 11, d.commitHash());
    QuorumCertificate qc = TestProofs.signedQc(committee, wrong, 0, 1, 2);
    assertEquals(
        Reason.HEIGHT_MISMATCH,
        invalid(new MessageProof(p.message(), p.path(), p.header(), qc, List.of())).reason());
  }

  @Test
  void certificateFailuresAreReportedWithTheirReason() {
    MessageProof p = TestProofs.proof(committee, messages, 0, 12);
    QuorumCertificate two = TestProofs.commitQc(committee, p.header(), 0, 3);
    Invalid v = invalid(new MessageProof(p.message(), p.path(), p.header(), two, List.of()));
    assertEquals(Reason.CERTIFICATE, v.reason());
    assertTrue(v.detail().contains("INSUFFICIENT_WEIGHT"), v.detail());

    List<byte[]> sigs = new ArrayList<>(p.commitQc().signatures());
    sigs.set(0, sigs.get(1));
    QuorumCertificate forged =
        new QuorumCertificate(p.commitQc().data(), p.commitQc().signers(), sigs);
    v = invalid(new MessageProof(p.message(), p.path(), p.header(), forged, List.of()));
    assertTrue(
        v.detail().contains("INVALID_SIGNATURE") && v.detail().contains("signer 0"), v.detail());

    // A QC signed by another committee (same id and epoch, other keys).
    TestCommittee impostors = TestCommittee.ofSize(4, 99);
    QuorumCertificate foreign = TestProofs.commitQc(impostors, p.header(), 0, 1, 2, 3);
    v = invalid(new MessageProof(p.message(), p.path(), p.header(), foreign, List.of()));
    assertTrue(v.detail().contains("INVALID_SIGNATURE"), v.detail());
  }

  @Test
  void wrongEpochOrCommittee() {
    TestCommittee epoch8 = TestCommittee.withWeights(new long[] {1, 1, 1, 1}, 10, 8);
    MessageProof p = TestProofs.proof(committee, messages, 0, 12);
    assertEquals(
        Reason.WRONG_EPOCH,
        assertInstanceOf(Invalid.class, verifier.verify(p, epoch8.view())).reason());
    BlockHeader h = p.header();
    BlockHeader otherDeployment =
        new BlockHeader(
            TestCommittee.filled(1),
            h.epoch(),
            h.height(),
            h.view(),
            h.parentHash(),
            h.justifyView(),
            h.payloadRoot(),
            h.messageCount(),
            h.proposer(),
            h.timestampMs());
    assertEquals(
        Reason.WRONG_COMMITTEE,
        invalid(new MessageProof(p.message(), p.path(), otherDeployment, p.commitQc(), List.of()))
            .reason());
  }

  @Test
  void everyFlippedBitOfTheEncodingIsRejected() {
    // Every single-bit mutation either fails strict ABI decoding or yields an Invalid verdict:
    // nothing in the encoding is unauthenticated.
    MessageProof p = TestProofs.proof(committee, messages.subList(0, 3), 1, 5);
    TestProofs.assertEveryBitFlipRejected(verifier, p, committee.view(), 3);
  }
}
