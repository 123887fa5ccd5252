package io.trestle.verifier.cli;

/**
 * Input the CLI cannot interpret (usage, file, encoding): exit code 2 with this one-line message.
 */
final class BadInputException extends Exception {
  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }

  BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
