package io.trestle.verifier.proof;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.VoteData;
import io.trestle.verifier.merkle.MerklePaths;
import io.trestle.verifier.proof.ProofVerdict.Invalid;
import io.trestle.verifier.proof.ProofVerdict.Reason;
import io.trestle.verifier.quorum.CertificateVerdict;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.CommitteeView;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a {@link MessageProof} offline against the committee of its epoch:
 *
 * <ol>
 *   <li>the header names the committee's id and epoch;
 *   <li>the path's leaf count equals {@code header.messageCount} (the root alone does not bind it)
 *       and the path leads from {@code hash(message)} to {@code header.payloadRoot};
 *   <li>each of {@code descendants} is a header of the same committee and epoch at the next height
 *       whose {@code parentHash} is the hash of the header before it (the message's header first);
 *   <li>for the last of these headers ({@code header} itself when there are no descendants): its
 *       hash is {@code commitQc.data.commitHash} and its height is {@code
 *       commitQc.data.commitHeight}. After a view change one QC commits a block together with its
 *       uncommitted ancestors, and the chain of descendants is how an ancestor's proof reaches that
 *       QC;
 *   <li>the commit QC is a valid certificate of the committee ({@link
 *       CertificateVerifier#verifyQc}).
 * </ol>
 *
 * Hashing checks run before any signature is verified. Never throws on proof content; thread-safe.
 */
public final class MessageProofVerifier {
  private final CertificateVerifier certificates;

  /**
   * @param certificates the certificate checks to apply to the commit QC
   */
  public MessageProofVerifier(CertificateVerifier certificates) {
    this.certificates = Objects.requireNonNull(certificates);
  }

  /** Verifies {@code proof} against {@code committee}. */
  public ProofVerdict verify(MessageProof proof, CommitteeView committee) {
    BlockHeader header = proof.header();
    if (!committee.hasId(header.committeeId())) {
      return new Invalid(Reason.WRONG_COMMITTEE, "header is of another deployment's committee id");
    }
    if (header.epoch() != committee.epoch()) {
      return new Invalid(
          Reason.WRONG_EPOCH,
          "header is of epoch "
              + Long.toUnsignedString(header.epoch())
              + ", committee is of epoch "
              + Long.toUnsignedString(committee.epoch()));
    }
    MerklePath path = proof.path();
    if (path.leafCount() != header.messageCount()) {
      return new Invalid(
          Reason.LEAF_COUNT_MISMATCH,
          "path claims "
              + Long.toUnsignedString(path.leafCount())
              + " leaves, header has "
              + Long.toUnsignedString(header.messageCount())
              + " messages");
    }
    byte[] id = proof.message().hash();
    Optional<byte[]> root =
        MerklePaths.computeRoot(id, path.leafIndex(), path.leafCount(), path.siblings());
    if (root.isEmpty()) {
      return new Invalid(
          Reason.MALFORMED_PATH,
          "leaf "
              + Long.toUnsignedString(path.leafIndex())
              + " of "
              + Long.toUnsignedString(path.leafCount())
              + " cannot have "
              + path.siblings().size()
              + " siblings");
    }
    if (!MessageDigest.isEqual(root.get(), header.payloadRoot())) {
      return new Invalid(
          Reason.NOT_IN_BLOCK, "Merkle path does not lead to the header's payload root");
    }
    BlockHeader committed = header;
    byte[] committedHash = header.hash();
    for (int i = 0; i < proof.descendants().size(); i++) {
      BlockHeader next = proof.descendants().get(i);
      Optional<String> broken = brokenLink(committed, committedHash, next, committee);
      if (broken.isPresent()) {
        return new Invalid(Reason.BROKEN_CHAIN, "descendant " + i + " " + broken.get());
      }
      committed = next;
      committedHash = next.hash();
    }
    String which = committed == header ? "hash(header)" : "hash(last descendant)";
    VoteData vote = proof.commitQc().data();
    if (!MessageDigest.isEqual(committedHash, vote.commitHash())) {
      return new Invalid(
          Reason.HEADER_NOT_COMMITTED, which + " is not the commit QC's commit hash");
    }
    if (vote.commitHeight() != committed.height()) {
      return new Invalid(
          Reason.HEIGHT_MISMATCH,
          "commit QC commits height "
              + Long.toUnsignedString(vote.commitHeight())
              + ", "
              + (committed == header ? "header" : "last descendant")
              + " is at "
              + Long.toUnsignedString(committed.height()));
    }
    CertificateVerdict qc = certificates.verifyQc(committee, proof.commitQc());
    if (qc instanceof CertificateVerdict.Invalid bad) {
      return new Invalid(Reason.CERTIFICATE, "commit QC " + bad);
    }
    return new ProofVerdict.Valid(id, header.height(), header.epoch());
  }

  /** Why {@code next} does not extend {@code parent} (whose hash is given), or empty. */
  private static Optional<String> brokenLink(
      BlockHeader parent, byte[] parentHash, BlockHeader next, CommitteeView committee) {
    if (!committee.hasId(next.committeeId()) || next.epoch() != committee.epoch()) {
      return Optional.of("is not of the committee's id and epoch");
    }
    if (next.height() != parent.height() + 1 || parent.height() == -1L) {
      return Optional.of(
          "is at height "
              + Long.toUnsignedString(next.height())
              + ", not "
              + Long.toUnsignedString(parent.height() + 1));
    }
    if (!MessageDigest.isEqual(parentHash, next.parentHash())) {
      return Optional.of("does not name the header before it as its parent");
    }
    return Optional.empty();
  }
}
