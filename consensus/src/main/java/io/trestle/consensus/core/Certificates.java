package io.trestle.consensus.core;

import io.trestle.abi.runtime.Keccak256;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.canonical.v1.TimeoutData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks quorum and timeout certificates against a committee through the {@link SignatureVerifier}
 * port. Remembers the hashes of the last certificates found valid (a bounded cache: the same QC
 * arrives in many proposals and timeouts), which does not change any verdict. Not thread-safe.
 */
public final class Certificates {
  private final SignatureVerifier verifier;
  private final Map<Hash32, Boolean> validCache;
  private final Object[] recent = new Object[32];
  private int recentNext;

  public Certificates(SignatureVerifier verifier, int cacheSize) {
    this.verifier = verifier;
    this.validCache =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Hash32, Boolean> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /**
   * Checks that {@code qc} carries more than 2/3 of {@code committee}'s weight of valid signatures
   * over hash(qc.data). Returns the error, or empty when valid. Never throws on hostile input.
   */
  public Optional<CertificateError> checkQc(QuorumCertificate qc, CommitteeView committee) {
    var data = qc.data();
    if (data.epoch() != committee.epoch()
        || !committee.committeeId().equals(Hash32.of(data.committeeId()))) {
      return Optional.of(CertificateError.WRONG_COMMITTEE);
    }
    if (seenRecently(qc)) {
      return Optional.empty();
    }
    Hash32 key = Hash32.of(Keccak256.hash(qc.encode()));
    if (validCache.containsKey(key)) {
      remember(qc);
      return Optional.empty();
    }
    Optional<List<Integer>> signers = SignerBitmap.decode(qc.signers(), committee.size());
    if (signers.isEmpty()) {
      return Optional.of(CertificateError.BAD_BITMAP);
    }
    List<Integer> idx = signers.get();
    if (idx.size() != qc.signatures().size()) {
      return Optional.of(CertificateError.COUNT_MISMATCH);
    }
    if (!committee.isQuorum(weightOf(idx, committee))) {
      return Optional.of(CertificateError.NO_QUORUM);
    }
    byte[] digest = data.hash();
    for (int i = 0; i < idx.size(); i++) {
      if (!verifier.verify(committee.publicKey(idx.get(i)), digest, qc.signatures().get(i))) {
        return Optional.of(CertificateError.BAD_SIGNATURE);
      }
    }
    validCache.put(key, Boolean.TRUE);
    remember(qc);
    return Optional.empty();
  }

  /**
   * Checks a timeout certificate: more than 2/3 of the weight signed hash(TimeoutData) for {@code
   * tc.view} with their listed high QC views, and {@code tc.highQc}'s view is the highest listed.
   * The caller checks {@code tc.highQc} itself (it may belong to the previous epoch or be genesis).
   */
  public Optional<CertificateError> checkTc(TimeoutCertificate tc, CommitteeView committee) {
    if (tc.epoch() != committee.epoch()
        || !committee.committeeId().equals(Hash32.of(tc.committeeId()))) {
      return Optional.of(CertificateError.WRONG_COMMITTEE);
    }
    if (seenRecently(tc)) {
      return Optional.empty();
    }
    Hash32 key = Hash32.of(Keccak256.hash(tc.encode()));
    if (validCache.containsKey(key)) {
      remember(tc);
      return Optional.empty();
    }
    Optional<List<Integer>> signers = SignerBitmap.decode(tc.signers(), committee.size());
    if (signers.isEmpty()) {
      return Optional.of(CertificateError.BAD_BITMAP);
    }
    List<Integer> idx = signers.get();
    if (idx.size() != tc.signatures().size() || idx.size() != tc.highQcViews().size()) {
      return Optional.of(CertificateError.COUNT_MISMATCH);
    }
    if (!committee.isQuorum(weightOf(idx, committee))) {
      return Optional.of(CertificateError.NO_QUORUM);
    }
    long maxView = 0;
    for (long v : tc.highQcViews()) {
      maxView = Math.max(maxView, v);
    }
    if (tc.highQc().data().view() != maxView) {
      return Optional.of(CertificateError.BAD_HIGH_QC);
    }
    for (int i = 0; i < idx.size(); i++) {
      byte[] digest =
          new TimeoutData(tc.committeeId(), tc.epoch(), tc.view(), tc.highQcViews().get(i)).hash();
      if (!verifier.verify(committee.publicKey(idx.get(i)), digest, tc.signatures().get(i))) {
        return Optional.of(CertificateError.BAD_SIGNATURE);
      }
    }
    validCache.put(key, Boolean.TRUE);
    remember(tc);
    return Optional.empty();
  }

  /** Checks one member's signature over {@code digest}; false for a non-member index. */
  public boolean verifySignature(
      CommitteeView committee, int signer, byte[] digest, byte[] signature) {
    return committee.isMember(signer)
        && verifier.verify(committee.publicKey(signer), digest, signature);
  }

  /** True when this very object (records are immutable) was found valid recently. */
  private boolean seenRecently(Object certificate) {
    for (Object o : recent) {
      if (o == certificate) {
        return true;
      }
    }
    return false;
  }

  private void remember(Object certificate) {
    recent[recentNext] = certificate;
    recentNext = (recentNext + 1) % recent.length;
  }

  private static long weightOf(List<Integer> signers, CommitteeView committee) {
    long w = 0;
    for (int i : signers) {
      w += committee.weight(i);
    }
    return w;
  }
}
