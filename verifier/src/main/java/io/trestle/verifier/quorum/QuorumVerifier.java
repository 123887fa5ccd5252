package io.trestle.verifier.quorum;

import io.trestle.verifier.ed25519.Ed25519BatchVerifier;
import io.trestle.verifier.ed25519.SignedMessage;
import io.trestle.verifier.quorum.CertificateVerdict.Invalid;
import io.trestle.verifier.quorum.CertificateVerdict.Reason;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that a quorum of a committee signed: signer bitmap ({@link SignerBitmap}), one 64-byte
 * Ed25519 signature per set bit in increasing signer index, more than 2/3 of the weight, and every
 * signature valid under its member's key. Signatures are batch-verified ({@link
 * Ed25519BatchVerifier}, whose verdicts equal single verification on every input); when a batch
 * fails, the first invalid signer is named.
 *
 * <p>Cheap structural checks run before any signature is verified. Every input may be hostile: the
 * result is a {@link CertificateVerdict}, never an exception. Thread-safe; the batch coefficients
 * come from the {@link SecureRandom} given at construction or, by default, from the batch
 * verifier's process secret ({@link Ed25519BatchVerifier#Ed25519BatchVerifier()}), never from the
 * input alone.
 */
public final class QuorumVerifier {
  private static final int SIGNATURE_LENGTH = 64;

  private final Ed25519BatchVerifier batchVerifier;

  /**
   * @param random source of the batch verification coefficients (not attacker-controlled)
   */
  public QuorumVerifier(SecureRandom random) {
    this.batchVerifier = new Ed25519BatchVerifier(Objects.requireNonNull(random));
  }

  /**
   * A verifier whose batch coefficients are derived from a secret read once per process from the
   * operating system's entropy source ({@link Ed25519BatchVerifier#Ed25519BatchVerifier()}): no
   * {@link SecureRandom} to initialise, which matters for a one-shot CLI.
   */
  public QuorumVerifier() {
    this.batchVerifier = new Ed25519BatchVerifier();
  }

  /**
   * Verifies a certificate whose signers all signed the same 32-byte {@code digest} (a vote's
   * {@code hash(VoteData)}). The caller has checked that the signed data names this committee's id
   * and epoch.
   */
  public CertificateVerdict verify(
      CommitteeView committee, byte[] digest, byte[] bitmap, List<byte[]> signatures) {
    return verifySigners(committee, bitmap, signatures, null, digest);
  }

  /**
   * Verifies a certificate whose k-th signer (in increasing signer index) signed {@code
   * digests.get(k)}, as in a timeout certificate where each signer signs its own TimeoutData.
   */
  public CertificateVerdict verifyEach(
      CommitteeView committee, byte[] bitmap, List<byte[]> digests, List<byte[]> signatures) {
    if (digests == null) {
      return new Invalid(Reason.SIGNATURE_COUNT_MISMATCH, "no signed data");
    }
    return verifySigners(committee, bitmap, signatures, digests, null);
  }

  private CertificateVerdict verifySigners(
      CommitteeView committee,
      byte[] bitmap,
      List<byte[]> signatures,
      List<byte[]> digests,
      byte[] commonDigest) {
    Optional<int[]> decoded = SignerBitmap.decode(bitmap, committee.size());
    if (decoded.isEmpty()) {
      return new Invalid(
          Reason.MALFORMED_BITMAP,
          "signer bitmap must be "
              + SignerBitmap.length(committee.size())
              + " bytes with bits only for members 0.."
              + (committee.size() - 1));
    }
    int[] signers = decoded.get();
    if (signatures == null || signatures.size() != signers.length) {
      return new Invalid(
          Reason.SIGNATURE_COUNT_MISMATCH,
          (signatures == null ? 0 : signatures.size())
              + " signatures for "
              + signers.length
              + " signers in the bitmap");
    }
    if (digests != null && digests.size() != signers.length) {
      return new Invalid(
          Reason.SIGNATURE_COUNT_MISMATCH,
          digests.size() + " signed messages for " + signers.length + " signers");
    }
    for (int k = 0; k < signers.length; k++) {
      byte[] sig = signatures.get(k);
      if (sig == null || sig.length != SIGNATURE_LENGTH) {
        return new Invalid(
            Reason.MALFORMED_SIGNATURE,
            "signature of signer " + signers[k] + " is not " + SIGNATURE_LENGTH + " bytes");
      }
    }
    BigInteger weight = committee.weightOf(signers);
    if (!committee.isQuorum(weight)) {
      return new Invalid(
          Reason.INSUFFICIENT_WEIGHT,
          "signed weight "
              + weight
              + " of "
              + committee.totalWeight()
              + " is not more than 2/3 ("
              + signers.length
              + " signers)");
    }
    List<SignedMessage> batch = new ArrayList<>(signers.length);
    for (int k = 0; k < signers.length; k++) {
      byte[] msg = digests == null ? commonDigest : digests.get(k);
      if (msg == null) {
        return new Invalid(
            Reason.SIGNATURE_COUNT_MISMATCH, "no signed data for signer " + signers[k]);
      }
      batch.add(new SignedMessage(committee.keyOf(signers[k]), msg, signatures.get(k)));
    }
    BitSet invalid = batchVerifier.verify(batch).invalid();
    if (!invalid.isEmpty()) {
      int k = invalid.nextSetBit(0);
      return new Invalid(
          Reason.INVALID_SIGNATURE,
          "signature of signer "
              + signers[k]
              + " does not verify"
              + (invalid.cardinality() > 1
                  ? " (" + invalid.cardinality() + " invalid signatures in all)"
                  : ""));
    }
    return new CertificateVerdict.Valid(signers.length, weight);
  }
}
