package io.trestle.sdk.http;

/**
 * The node answered with an error: an RFC 9457 problem document ({@code application/problem+json})
 * or, from something in between (a proxy), a non-2xx response without one. Switch on {@link
 * #type()} (stable URIs such as {@code https://trestle.dev/problems/message-not-found}), never on
 * the title or detail text.
 */
public final class ApiProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Type of a non-2xx response that carried no problem document (RFC 9457 §4.2.1). */
  public static final String NO_PROBLEM_DOCUMENT = "about:blank";

  private final String type;
  private final String title;
  private final String detail;
  private final int status;
  private final String instance;

  /**
   * @param type the problem's type URI
   * @param title short summary of the type
   * @param detail explanation of this occurrence
   * @param status HTTP status code
   * @param instance the request path the problem is about, or null
   */
  public ApiProblemException(
      String type, String title, String detail, int status, String instance) {
    super(status + " " + type + ": " + detail);
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.status = status;
    this.instance = instance;
  }

  /** The problem type URI. */
  public String type() {
    return type;
  }

  /** The last path segment of the type URI, e.g. {@code message-not-found}. */
  public String slug() {
    return type.substring(type.lastIndexOf('/') + 1);
  }

  /** Short human-readable summary of the problem type. */
  public String title() {
    return title;
  }

  /** Human-readable explanation of this occurrence. */
  public String detail() {
    return detail;
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The request path the problem is about, or null. */
  public String instance() {
    return instance;
  }
}
