package io.trestle.app.node;

/**
 * The relayer node configuration cannot be used. {@link #getMessage()} is one line naming the
 * property and what is wrong; {@link #fix()} says what to do. Shown by {@link
 * NodeConfigFailureAnalyzer} when start-up stops.
 */
public final class NodeConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String fix;

  public NodeConfigException(String message, String fix, Throwable cause) {
    super(message, cause);
    this.fix = fix;
  }

  /** What the operator should change. */
  public String fix() {
    return fix;
  }
}
