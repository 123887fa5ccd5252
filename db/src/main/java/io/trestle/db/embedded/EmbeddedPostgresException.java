package io.trestle.db.embedded;

/** The embedded PostgreSQL server could not be prepared or started; the message says why. */
public final class EmbeddedPostgresException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EmbeddedPostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
