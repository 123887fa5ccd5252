package io.trestle.app.api;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every kind of error the API returns, with its stable {@code type} URI
 * (https://trestle.dev/problems/&lt;slug&gt;) and HTTP status. Clients switch on the type, never on
 * the title or detail text.
 */
public enum ProblemType {
  INVALID_MESSAGE_ID(HttpStatus.BAD_REQUEST, "Invalid message id"),
  INVALID_ADDRESS(HttpStatus.BAD_REQUEST, "Invalid address"),
  INVALID_CHAIN_ID(HttpStatus.BAD_REQUEST, "Invalid chain id"),
  INVALID_STATUS(HttpStatus.BAD_REQUEST, "Invalid status"),
  INVALID_CURSOR(HttpStatus.BAD_REQUEST, "Invalid cursor"),
  INVALID_LIMIT(HttpStatus.BAD_REQUEST, "Invalid limit"),
  INVALID_HEIGHT(HttpStatus.BAD_REQUEST, "Invalid block height"),
  INVALID_EPOCH(HttpStatus.BAD_REQUEST, "Invalid epoch"),
  INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
  MESSAGE_NOT_FOUND(HttpStatus.NOT_FOUND, "Message not found"),
  PROOF_NOT_AVAILABLE(HttpStatus.NOT_FOUND, "Proof not available yet"),
  BLOCK_NOT_FOUND(HttpStatus.NOT_FOUND, "Block not found"),
  COMMITTEE_NOT_FOUND(HttpStatus.NOT_FOUND, "Committee not found"),
  CHAIN_NOT_FOUND(HttpStatus.NOT_FOUND, "Chain not found"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "No such resource"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Authentication required"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
  CONFLICT(HttpStatus.CONFLICT, "Not applicable in the current state"),
  UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable"),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  private static final String BASE = "https://trestle.dev/problems/";

  private final HttpStatus status;
  private final String title;

  ProblemType(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  /** The stable type URI, e.g. https://trestle.dev/problems/invalid-message-id. */
  public URI uri() {
    return URI.create(BASE + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }
}
