package io.trestle.relayer.contracts;

/** ABI bytes (a log, a call result, a canonical encoding) that do not have the declared shape. */
public final class MalformedAbiException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and where
   */
  public MalformedAbiException(String message) {
    super(message);
  }
}
