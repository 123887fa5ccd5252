package io.trestle.consensus.node;

/** A missing or malformed configuration item; the message is the one line shown to the operator. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
