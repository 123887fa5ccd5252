package io.trestle.verifier.quorum;

import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import io.trestle.canonical.v1.VoteData;
import io.trestle.verifier.quorum.CertificateVerdict.Invalid;
import io.trestle.verifier.quorum.CertificateVerdict.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies the consensus certificates of {@code trestle/v1/certificate.proto} against the committee
 * of their epoch. A vote signs {@code hash(VoteData)} and a timeout {@code hash(TimeoutData)} (32
 * bytes each, domain-separated by their tags, and naming the committee id and epoch): those 32
 * bytes are the Ed25519 message.
 *
 * <p>Never throws on certificate content; thread-safe.
 */
public final class CertificateVerifier {
  private final QuorumVerifier quorum;

  /**
   * @param quorum signature and weight checks, with its randomness source
   */
  public CertificateVerifier(QuorumVerifier quorum) {
    this.quorum = Objects.requireNonNull(quorum);
  }

  /**
   * A quorum certificate is valid for {@code committee} iff its VoteData names the committee's id
   * and epoch and a quorum of members signed {@code hash(data)} ({@link QuorumVerifier#verify}).
   */
  public CertificateVerdict verifyQc(CommitteeView committee, QuorumCertificate qc) {
    VoteData data = qc.data();
    Optional<Invalid> scope = checkScope(committee, data.committeeId(), data.epoch());
    if (scope.isPresent()) {
      return scope.get();
    }
    return quorum.verify(committee, data.hash(), qc.signers(), qc.signatures());
  }

  /**
   * A timeout certificate is valid for {@code committee} iff it names the committee's id and epoch;
   * the k-th signer (bitmap order) signed {@code hash(TimeoutData(committeeId, epoch, view,
   * highQcViews[k]))}; the signers are a quorum; and {@code highQc} is of view {@code
   * max(highQcViews)} and is itself a valid QC of this committee, except that a high QC of view 0
   * (the genesis QC, which nobody signs) is accepted unsigned if it names this committee and epoch.
   */
  public CertificateVerdict verifyTc(CommitteeView committee, TimeoutCertificate tc) {
    Optional<Invalid> scope = checkScope(committee, tc.committeeId(), tc.epoch());
    if (scope.isPresent()) {
      return scope.get();
    }
    List<Long> views = tc.highQcViews();
    if (views.size() != tc.signatures().size()) {
      return new Invalid(
          Reason.SIGNATURE_COUNT_MISMATCH,
          views.size() + " high QC views for " + tc.signatures().size() + " signatures");
    }
    List<byte[]> digests = new ArrayList<>(views.size());
    long max = 0;
    for (long v : views) {
      digests.add(new TimeoutData(tc.committeeId(), tc.epoch(), tc.view(), v).hash());
      if (Long.compareUnsigned(v, max) > 0) {
        max = v;
      }
    }
    CertificateVerdict timeouts =
        quorum.verifyEach(committee, tc.signers(), digests, tc.signatures());
    if (!timeouts.isValid()) {
      return timeouts;
    }
    QuorumCertificate high = tc.highQc();
    if (high.data().view() != max) {
      return new Invalid(
          Reason.INVALID_HIGH_QC,
          "high QC is of view "
              + Long.toUnsignedString(high.data().view())
              + ", the signers' highest is "
              + Long.toUnsignedString(max));
    }
    if (max == 0) {
      Optional<Invalid> genesisScope =
          checkScope(committee, high.data().committeeId(), high.data().epoch());
      return genesisScope.isPresent() ? wrapHighQc(genesisScope.get()) : timeouts;
    }
    CertificateVerdict highVerdict = verifyQc(committee, high);
    return highVerdict instanceof Invalid bad ? wrapHighQc(bad) : timeouts;
  }

  private static Invalid wrapHighQc(Invalid inner) {
    return new Invalid(Reason.INVALID_HIGH_QC, inner.reason() + ": " + inner.detail());
  }

  private static Optional<Invalid> checkScope(
      CommitteeView committee, byte[] committeeId, long epoch) {
    if (!committee.hasId(committeeId)) {
      return Optional.of(
          new Invalid(Reason.WRONG_COMMITTEE, "signed for another deployment's committee id"));
    }
    if (epoch != committee.epoch()) {
      return Optional.of(
          new Invalid(
              Reason.WRONG_EPOCH,
              "signed for epoch "
                  + Long.toUnsignedString(epoch)
                  + ", committee is of epoch "
                  + Long.toUnsignedString(committee.epoch())));
    }
    return Optional.empty();
  }
}
