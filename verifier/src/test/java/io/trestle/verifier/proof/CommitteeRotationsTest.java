package io.trestle.verifier.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.Member;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.verifier.proof.CommitteeRotations.Step;
import io.trestle.verifier.proof.ProofVerdict.Reason;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.CommitteeMember;
import io.trestle.verifier.quorum.QuorumVerifier;
import io.trestle.verifier.quorum.TestCommittee;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitteeRotationsTest {
  private final MessageProofVerifier proofs =
      new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier(new SecureRandom())));
  private final CommitteeRotations rotations = new CommitteeRotations(proofs);
  private final TestCommittee epoch7 = TestCommittee.withWeights(new long[] {1, 1, 1, 1}, 70, 7);
  private final TestCommittee epoch8 = TestCommittee.withWeights(new long[] {3, 1, 1, 1, 1}, 80, 8);
  private final TestCommittee epoch9 = TestCommittee.withWeights(new long[] {1, 1, 1}, 90, 9);

  static Committee canonical(TestCommittee t) {
    List<Member> members = new ArrayList<>();
    int i = 0;
    for (CommitteeMember m : t.view().members()) {
      byte[] evm = new byte[20];
      evm[19] = (byte) i;
      members.add(new Member(m.ed25519Key(), evm, "relayer" + i++ + ":7000", m.weight()));
    }
    return new Committee(
        t.view().committeeId(), t.view().epoch(), ConsensusEngine.HOTSTUFF, members);
  }

  /** A proof that {@code by} committed the rotation to {@code next}, at {@code height}. */
  static MessageProof rotationProof(
      TestCommittee by, Committee next, long activation, long height) {
    CrossChainMessage m =
        CommitteeRotations.rotationMessage(new CommitteeRotation(next, activation));
    List<CrossChainMessage> batch = new ArrayList<>(TestProofs.messages(height, 2));
    batch.add(1, m);
    return TestProofs.proof(by, batch, 1, height);
  }

  @Test
  void committeeKCommitsTheRotationToKPlusOne() {
    Step s = rotations.verify(rotationProof(epoch7, canonical(epoch8), 101, 100), epoch7.view());
    Step.Accepted a = assertInstanceOf(Step.Accepted.class, s);
    assertEquals(8, a.next().epoch());
    assertEquals(101, a.activationHeight());
    assertEquals(epoch8.view().members(), a.next().members());
    // The new committee now verifies proofs of its epoch; the old one does not.
    MessageProof later = TestProofs.proof(epoch8, TestProofs.messages(3, 4), 2, 150);
    assertTrue(proofs.verify(later, a.next()).isValid());
    assertEquals(
        Reason.WRONG_EPOCH,
        assertInstanceOf(ProofVerdict.Invalid.class, proofs.verify(later, epoch7.view())).reason());
  }

  @Test
  void walkThroughTwoRotations() {
    List<MessageProof> chain =
        List.of(
            rotationProof(epoch7, canonical(epoch8), 101, 100),
            rotationProof(epoch8, canonical(epoch9), 201, 200));
    Step.Accepted end = assertInstanceOf(Step.Accepted.class, rotations.walk(epoch7.view(), chain));
    assertEquals(9, end.next().epoch());
    // Out of order: the second rotation is not signed by epoch 7.
    Step.Rejected r =
        assertInstanceOf(
            Step.Rejected.class,
            rotations.walk(epoch7.view(), List.of(chain.get(1), chain.get(0))));
    assertTrue(r.reason().detail().startsWith("rotation 0:"), r.reason().detail());
  }

  @Test
  void rotationSignedByTheNewCommitteeIsRejected() {
    // Committee 8 cannot certify its own appointment: the block must be of epoch 7.
    TestCommittee fake7 = TestCommittee.withWeights(new long[] {3, 1, 1, 1, 1}, 80, 7);
    Step s = rotations.verify(rotationProof(fake7, canonical(epoch8), 101, 100), epoch7.view());
    Step.Rejected r = assertInstanceOf(Step.Rejected.class, s);
    assertEquals(Reason.CERTIFICATE, r.reason().reason());
  }

  @Test
  void skippingAnEpochOrKeepingItIsRejected() {
    Step s = rotations.verify(rotationProof(epoch7, canonical(epoch9), 101, 100), epoch7.view());
    assertEquals(Reason.BAD_ROTATION, assertInstanceOf(Step.Rejected.class, s).reason().reason());
    Step same = rotations.verify(rotationProof(epoch7, canonical(epoch7), 101, 100), epoch7.view());
    assertEquals(
        Reason.BAD_ROTATION, assertInstanceOf(Step.Rejected.class, same).reason().reason());
  }

  @Test
  void activationMustFollowTheCommittingBlock() {
    Step s = rotations.verify(rotationProof(epoch7, canonical(epoch8), 100, 100), epoch7.view());
    Step.Rejected r = assertInstanceOf(Step.Rejected.class, s);
    assertEquals(Reason.BAD_ROTATION, r.reason().reason());
  }

  @Test
  void invalidNextCommitteeIsRejected() {
    Committee good = canonical(epoch8);
    List<Member> dup = new ArrayList<>(good.members());
    dup.set(1, dup.get(0));
    Committee bad = new Committee(good.committeeId(), 8, ConsensusEngine.HOTSTUFF, dup);
    Step s = rotations.verify(rotationProof(epoch7, bad, 101, 100), epoch7.view());
    Step.Rejected r = assertInstanceOf(Step.Rejected.class, s);
    assertEquals(Reason.BAD_ROTATION, r.reason().reason());
    assertTrue(r.reason().detail().contains("duplicate"), r.reason().detail());
  }

  @Test
  void ordinaryMessagesAreNotRotations() {
    MessageProof p = TestProofs.proof(epoch7, TestProofs.messages(5, 3), 0, 100);
    Step s = rotations.verify(p, epoch7.view());
    assertEquals(Reason.NOT_A_ROTATION, assertInstanceOf(Step.Rejected.class, s).reason().reason());
    // Right shape, payload not a CommitteeRotation.
    CrossChainMessage m =
        CommitteeRotations.rotationMessage(new CommitteeRotation(canonical(epoch8), 101));
    CrossChainMessage garbage =
        new CrossChainMessage(
            0, m.sourceGateway(), 8, m.sender(), 0, m.recipient(), new byte[] {1});
    MessageProof g = TestProofs.proof(epoch7, List.of(garbage), 0, 100);
    assertEquals(
        Reason.NOT_A_ROTATION,
        assertInstanceOf(Step.Rejected.class, rotations.verify(g, epoch7.view()))
            .reason()
            .reason());
  }
}
