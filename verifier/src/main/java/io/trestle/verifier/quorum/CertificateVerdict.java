package io.trestle.verifier.quorum;

import java.math.BigInteger;
import java.util.Objects;

/** Outcome of a certificate check: {@link Valid} or {@link Invalid} with a typed reason. */
public sealed interface CertificateVerdict {

  /** True for {@link Valid}. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /** A quorum of distinct members signed; {@code signers} of them, carrying {@code weight}. */
  record Valid(int signers, BigInteger weight) implements CertificateVerdict {}

  /** The certificate proves nothing; {@code detail} is one human-readable line. */
  record Invalid(Reason reason, String detail) implements CertificateVerdict {
    public Invalid {
      Objects.requireNonNull(reason);
      Objects.requireNonNull(detail);
    }

    @Override
    public String toString() {
      return reason + ": " + detail;
    }
  }

  /** Why a certificate was rejected. */
  enum Reason {
    /** Signed for another deployment (committee id differs). */
    WRONG_COMMITTEE,
    /** Signed for another epoch than the committee's. */
    WRONG_EPOCH,
    /** Bitmap not canonical for the committee size, or a bit set for a non-member. */
    MALFORMED_BITMAP,
    /** Number of signatures (or of per-signer fields) differs from the number of set bits. */
    SIGNATURE_COUNT_MISMATCH,
    /** A signature is not 64 bytes. */
    MALFORMED_SIGNATURE,
    /** The signers' weight is not more than 2/3 of the committee's weight. */
    INSUFFICIENT_WEIGHT,
    /** A signature does not verify under its signer's key over the signing digest. */
    INVALID_SIGNATURE,
    /** A timeout certificate's embedded high QC is inconsistent or invalid. */
    INVALID_HIGH_QC
  }
}
