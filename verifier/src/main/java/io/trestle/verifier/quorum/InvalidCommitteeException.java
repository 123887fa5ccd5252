package io.trestle.verifier.quorum;

/** A committee description that the verifier refuses to trust; the message says which rule. */
public final class InvalidCommitteeException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message one line naming the broken rule and the offending member, if any
   */
  public InvalidCommitteeException(String message) {
    super(message);
  }
}
