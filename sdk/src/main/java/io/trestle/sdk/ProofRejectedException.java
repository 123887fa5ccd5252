package io.trestle.sdk;

import io.trestle.verifier.proof.ProofVerdict;

/**
 * The node's proof does not prove the message committed by the given committee: the node is faulty,
 * malicious, or of another deployment. {@link #reason()} says which check failed.
 */
public final class ProofRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a proof was refused. */
  public enum Reason {
    /** The proof's values do not fit their canonical types (wrong lengths). */
    MALFORMED,
    /** The proof is valid but for another message than the one asked for. */
    OTHER_MESSAGE,
    /** The verifier refused it; see {@link #verdict()}. */
    INVALID
  }

  private final Reason reason;
  private final transient ProofVerdict.Invalid verdict;

  ProofRejectedException(Reason reason, String detail, ProofVerdict.Invalid verdict) {
    super(detail);
    this.reason = reason;
    this.verdict = verdict;
  }

  /** Which check failed. */
  public Reason reason() {
    return reason;
  }

  /** The verifier's verdict when {@link #reason()} is INVALID, else null. */
  public ProofVerdict.Invalid verdict() {
    return verdict;
  }
}
