package io.trestle.consensus.core;

/** Why a quorum or timeout certificate was refused. */
public enum CertificateError {
  /** Committee id or epoch differs from the committee it is checked against. */
  WRONG_COMMITTEE,
  /** Bitmap length or a bit beyond the member count. */
  BAD_BITMAP,
  /** The signers' weight is not more than 2/3 of the total. */
  NO_QUORUM,
  /** The number of signatures (or high QC views) differs from the number of signers. */
  COUNT_MISMATCH,
  /** A signature does not verify. */
  BAD_SIGNATURE,
  /** A TC whose high QC is not the highest of its listed views, or is itself invalid. */
  BAD_HIGH_QC
}
