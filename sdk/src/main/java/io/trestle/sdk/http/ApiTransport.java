package io.trestle.sdk.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP side of the generated clients: one node's base URL and a JDK {@link HttpClient}. Asks
 * for the protobuf binary encoding ({@code Accept: application/x-protobuf}) and turns error
 * responses into {@link ApiProblemException}s. Immutable and thread-safe; share one per node.
 *
 * <p>Failures: {@link ApiProblemException} for an error answer, {@link ApiProtocolException} for an
 * answer that does not parse, {@link UncheckedIOException} when the node cannot be reached (an
 * {@link InterruptedIOException} cause when the calling thread was interrupted; its interrupt flag
 * is then set again).
 */
public final class ApiTransport {
  /** The protobuf binary media type the node serves every resource in. */
  public static final String PROTOBUF = "application/x-protobuf";

  /** The event-stream media type whose events carry base64 protobuf data. */
  public static final String EVENT_STREAM_PROTOBUF = "text/event-stream;data=protobuf";

  private static final String PROBLEM = "application/problem+json";
  private static final String USER_AGENT = "trestle-sdk/0.1";

  private final URI base;
  private final HttpClient client;
  private final Duration timeout;
  private final String authorization; // "Bearer <token>", or null

  /**
   * @param base the node's base URL, e.g. {@code http://127.0.0.1:8080} (http or https; the API
   *     paths {@code /v1/...} are appended)
   * @param client the HTTP client to send with
   * @param timeout how long to wait for a response's headers
   * @throws IllegalArgumentException if {@code base} is not an absolute http(s) URL
   */
  public ApiTransport(URI base, HttpClient client, Duration timeout) {
    Objects.requireNonNull(base, "base");
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
      throw new IllegalArgumentException("base URL must be http(s)://host[:port], got " + base);
    }
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.authorization = null;
  }

  private ApiTransport(ApiTransport other, String authorization) {
    this.base = other.base;
    this.client = other.client;
    this.timeout = other.timeout;
    this.authorization = authorization;
  }

  /**
   * This transport sending {@code Authorization: Bearer <token>} with every request, as the admin
   * API ({@code /admin/v1}) requires; keep such a transport to admin calls.
   *
   * @throws IllegalArgumentException if the token is empty or not printable ASCII
   */
  public ApiTransport withBearerToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("a bearer token must be non-empty printable ASCII");
    }
    return new ApiTransport(this, "Bearer " + token);
  }

  /** A transport with a new HTTP/1.1 client and a 10-second response timeout. */
  public static ApiTransport of(URI base) {
    return new ApiTransport(
        base,
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build(),
        Duration.ofSeconds(10));
  }

  /** The base URL requests go to. */
  public URI base() {
    return base;
  }

  /** Sends {@code GET path?query} and parses the protobuf answer with {@code parser}. */
  public <T extends MessageLite> T get(String path, Query query, Parser<T> parser) {
    return send(
        request(path, query).header("Accept", PROTOBUF + ", " + PROBLEM).GET().build(), parser);
  }

  /**
   * Sends {@code POST path} with {@code body} (as JSON; no body when it is empty) and parses the
   * protobuf answer with {@code parser}.
   */
  public <T extends MessageLite> T post(String path, Body body, Parser<T> parser) {
    HttpRequest.Builder builder =
        request(path, query()).header("Accept", PROTOBUF + ", " + PROBLEM);
    if (body.isEmpty()) {
      builder.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      builder
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    }
    return send(builder.build(), parser);
  }

  private <T extends MessageLite> T send(HttpRequest request, Parser<T> parser) {
    String what = request.method() + " " + request.uri();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      throw interrupted(request);
    }
    if (response.statusCode() != 200) {
      throw problem(response.statusCode(), contentType(response.headers()), response.body());
    }
    String type = contentType(response.headers());
    if (!type.equals(PROTOBUF)) {
      throw new ApiProtocolException(
          what + ": expected " + PROTOBUF + ", got \"" + type + "\"", null);
    }
    try {
      return parser.parseFrom(response.body());
    } catch (InvalidProtocolBufferException e) {
      throw new ApiProtocolException(
          what + ": body is not the expected message: " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code GET path?query} as Server-Sent Events whose data are protobuf messages; returns
   * once the node has answered with the stream's headers.
   *
   * @param lastEventId sent as {@code Last-Event-ID} to resume after that event; null for none
   */
  public <T extends MessageLite> EventStream<T> stream(
      String path, Query query, String lastEventId, Parser<T> parser) {
    HttpRequest.Builder builder =
        request(path, query).header("Accept", EVENT_STREAM_PROTOBUF + ", " + PROBLEM).GET();
    if (lastEventId != null) {
      builder.header("Last-Event-ID", lastEventId);
    }
    HttpRequest request = builder.build();
    try {
      return EventStream.open(client, request, parser);
    } catch (InterruptedException e) {
      throw interrupted(request);
    }
  }

  private HttpRequest.Builder request(String path, Query query) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path + query.encode()))
            .timeout(timeout)
            .header("User-Agent", USER_AGENT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private static UncheckedIOException interrupted(HttpRequest request) {
    Thread.currentThread().interrupt();
    return new UncheckedIOException(
        new InterruptedIOException(request.method() + " " + request.uri() + " interrupted"));
  }

  static String contentType(java.net.http.HttpHeaders headers) {
    String raw = headers.firstValue("Content-Type").orElse("");
    int semi = raw.indexOf(';');
    return (semi < 0 ? raw : raw.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** The exception for a non-200 answer: its problem document, or a stand-in without one. */
  static ApiProblemException problem(int status, String contentType, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (contentType.equals(PROBLEM)) {
      Map<String, String> p = ProblemJson.members(text);
      if (p.containsKey("type")) {
        return new ApiProblemException(
            p.get("type"),
            p.getOrDefault("title", ""),
            p.getOrDefault("detail", ""),
            status,
            p.get("instance"));
      }
    }
    String cut = text.length() > 200 ? text.substring(0, 200) + "…" : text;
    return new ApiProblemException(
        ApiProblemException.NO_PROBLEM_DOCUMENT,
        "HTTP " + status,
        "no problem document ("
            + (contentType.isEmpty() ? "no content type" : contentType)
            + "): "
            + cut.strip(),
        status,
        null);
  }

  /** A path segment from a request field: percent-encoded, never empty. */
  public static String segment(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a path parameter must not be empty");
    }
    return encode(value);
  }

  /** An empty query. */
  public static Query query() {
    return new Query();
  }

  /** An empty JSON body. */
  public static Body body() {
    return new Body();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Query parameters in the order added. Not thread-safe; one per request. */
  public static final class Query {
    private final List<String> pairs = new ArrayList<>();

    private Query() {}

    /** Adds {@code name=value}, both percent-encoded. */
    public Query add(String name, String value) {
      pairs.add(ApiTransport.encode(name) + "=" + ApiTransport.encode(value));
      return this;
    }

    /** {@code ?a=1&b=2}, or the empty string when there is no parameter. */
    public String encode() {
      return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }
  }

  /** Members of a JSON object body, in the order added. Not thread-safe; one per request. */
  public static final class Body {
    private final List<String> members = new ArrayList<>();

    private Body() {}

    /** Adds {@code "name": "value"} (a JSON string). */
    public Body add(String name, String value) {
      members.add(quote(name) + ":" + quote(value));
      return this;
    }

    /** Adds {@code "name": literal} where {@code literal} is a JSON number or boolean. */
    public Body addLiteral(String name, String literal) {
      members.add(quote(name) + ":" + literal);
      return this;
    }

    boolean isEmpty() {
      return members.isEmpty();
    }

    /** The JSON object. */
    public String encode() {
      return "{" + String.join(",", members) + "}";
    }

    private static String quote(String s) {
      StringBuilder out = new StringBuilder(s.length() + 2).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      return out.append('"').toString();
    }
  }
}
