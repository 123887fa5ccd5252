package io.trestle.relayer.chain;

/**
 * A JSON-RPC call that did not give a result. {@link Kind} says whether another endpoint (or a
 * later try) may succeed: {@code TRANSIENT} and {@code RATE_LIMITED} fail over, {@code REJECTED}
 * (the node understood the request and refused it: a revert, a nonce too low) does not.
 */
public final class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a call failed. */
  public enum Kind {
    /** Connection refused, timeout, 5xx, malformed answer: try another endpoint. */
    TRANSIENT,
    /** HTTP 429 or a rate-limit error: back off longer, try another endpoint. */
    RATE_LIMITED,
    /** The node refused the request itself; the same request fails everywhere. */
    REJECTED
  }

  private final Kind kind;

  /**
   * @param kind why; @param message what was called and what came back
   */
  public RpcException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /**
   * @param kind why; @param message what was called and what came back
   */
  public RpcException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** Why the call failed. */
  public Kind kind() {
    return kind;
  }

  /** True if another endpoint or a later attempt may succeed. */
  public boolean retryable() {
    return kind != Kind.REJECTED;
  }
}
