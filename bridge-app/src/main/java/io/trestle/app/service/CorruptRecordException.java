package io.trestle.app.service;

/** A stored record does not decode: a broken invariant of the database, not bad input. */
public final class CorruptRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
