package io.trestle.app.api;

/** An error the API reports as {@code application/problem+json} of the given type. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;

  public ApiException(ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  public ProblemType type() {
    return type;
  }
}
