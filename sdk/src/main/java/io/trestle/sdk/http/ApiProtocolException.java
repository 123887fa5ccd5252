package io.trestle.sdk.http;

/**
 * The node's response does not follow the API's protocol: a 2xx with another content type, a body
 * that is not the announced protobuf message, a malformed event stream. Points at a wrong base URL
 * or a proxy in the way rather than at the request.
 */
public final class ApiProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, one line
   * @param cause the parse error, or null
   */
  public ApiProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
