package io.trestle.verifier.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.verifier.quorum.CertificateVerdict.Invalid;
import io.trestle.verifier.quorum.CertificateVerdict.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateVerifierTest {
  private final CertificateVerifier verifier =
      new CertificateVerifier(new QuorumVerifier(new SecureRandom()));
  private final TestCommittee c = TestCommittee.ofSize(4, 21);

  private VoteData vote(byte[] committeeId, long epoch, long view) {
    return new VoteData(
        committeeId, epoch, view, view, TestCommittee.filled(3), view - 1, TestCommittee.filled(4));
  }

  private QuorumCertificate qc(VoteData d, int... signers) {
    return new QuorumCertificate(d, c.bitmap(signers), c.sign(d.hash(), signers));
  }

  private static Reason reason(CertificateVerdict v) {
    return assertInstanceOf(Invalid.class, v).reason();
  }

  @Test
  void qcSignsTheHashOfItsVoteData() {
    assertTrue(
        verifier.verifyQc(c.view(), qc(vote(TestCommittee.COMMITTEE_ID, 7, 9), 1, 2, 3)).isValid());
  }

  @Test
  void qcOfAnotherEpochOrDeployment() {
    // Signed correctly by the same keys, but for epoch 8 / another committee id.
    assertEquals(
        Reason.WRONG_EPOCH,
        reason(verifier.verifyQc(c.view(), qc(vote(TestCommittee.COMMITTEE_ID, 8, 9), 0, 1, 2))));
    assertEquals(
        Reason.WRONG_COMMITTEE,
        reason(verifier.verifyQc(c.view(), qc(vote(TestCommittee.filled(5), 7, 9), 0, 1, 2))));
  }

  @Test
  void qcSignaturesOverAnotherVoteFail() {
    QuorumCertificate good = qc(vote(TestCommittee.COMMITTEE_ID, 7, 9), 0, 1, 2);
    QuorumCertificate moved =
        new QuorumCertificate(
            vote(TestCommittee.COMMITTEE_ID, 7, 10), good.signers(), good.signatures());
    assertEquals(Reason.INVALID_SIGNATURE, reason(verifier.verifyQc(c.view(), moved)));
  }

  private TimeoutCertificate tc(
      long view, long[] highViews, QuorumCertificate high, int... signers) {
    List<byte[]> sigs = new ArrayList<>();
    List<Long> views = new ArrayList<>();
    for (int k = 0; k < signers.length; k++) {
      TimeoutData d = new TimeoutData(TestCommittee.COMMITTEE_ID, 7, view, highViews[k]);
      sigs.add(c.keys().get(signers[k]).sign(d.hash()));
      views.add(highViews[k]);
    }
    return new TimeoutCertificate(
        TestCommittee.COMMITTEE_ID, 7, view, c.bitmap(signers), views, sigs, high);
  }

  @Test
  void timeoutCertificateEachSignerSignsItsOwnTimeout() {
    QuorumCertificate high = qc(vote(TestCommittee.COMMITTEE_ID, 7, 9), 0, 1, 2);
    TimeoutCertificate ok = tc(11, new long[] {9, 8, 9}, high, 0, 2, 3);
    assertTrue(verifier.verifyTc(c.view(), ok).isValid());

    // Claiming another high QC view than the one signed breaks that signer's signature.
    List<Long> lied = new ArrayList<>(ok.highQcViews());
    lied.set(1, 9L);
    TimeoutCertificate lie =
        new TimeoutCertificate(
            ok.committeeId(), ok.epoch(), ok.view(), ok.signers(), lied, ok.signatures(), high);
    assertEquals(Reason.INVALID_SIGNATURE, reason(verifier.verifyTc(c.view(), lie)));

    // High QC must be of the highest view listed, and valid.
    TimeoutCertificate lowHigh = tc(11, new long[] {9, 10, 9}, high, 0, 2, 3);
    assertEquals(Reason.INVALID_HIGH_QC, reason(verifier.verifyTc(c.view(), lowHigh)));
    QuorumCertificate weakHigh = qc(vote(TestCommittee.COMMITTEE_ID, 7, 9), 0, 1);
    assertEquals(
        Reason.INVALID_HIGH_QC,
        reason(verifier.verifyTc(c.view(), tc(11, new long[] {9, 9, 9}, weakHigh, 0, 2, 3))));

    // Not enough timeouts.
    assertEquals(
        Reason.INSUFFICIENT_WEIGHT,
        reason(verifier.verifyTc(c.view(), tc(11, new long[] {9, 9}, high, 0, 2))));
  }

  @Test
  void genesisHighQcIsAcceptedUnsigned() {
    QuorumCertificate genesis =
        new QuorumCertificate(
            new VoteData(TestCommittee.COMMITTEE_ID, 7, 0, 0, new byte[32], 0, new byte[32]),
            c.bitmap(),
            List.of());
    assertTrue(
        verifier.verifyTc(c.view(), tc(1, new long[] {0, 0, 0}, genesis, 0, 1, 2)).isValid());
  }

  @Test
  void highQcViewsMustMatchSignatures() {
    QuorumCertificate high = qc(vote(TestCommittee.COMMITTEE_ID, 7, 9), 0, 1, 2);
    TimeoutCertificate ok = tc(11, new long[] {9, 8, 9}, high, 0, 2, 3);
    TimeoutCertificate fewer =
        new TimeoutCertificate(
            ok.committeeId(),
            ok.epoch(),
            ok.view(),
            ok.signers(),
            ok.highQcViews().subList(0, 2),
            ok.signatures(),
            high);
    assertEquals(Reason.SIGNATURE_COUNT_MISMATCH, reason(verifier.verifyTc(c.view(), fewer)));
  }
}
