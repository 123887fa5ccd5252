package io.trestle.app.api;

import io.trestle.app.api.Encodings.Encoding;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;

/** What representation a request accepts, decided from its {@code Accept} header. */
final class Negotiation {

  static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
  private static final MediaType PROTOBUF_ALT = MediaType.parseMediaType("application/protobuf");

  private Negotiation() {}

  /**
   * The encoding of a resource: protobuf when the client names it explicitly, else JSON (wildcards
   * and no Accept header choose JSON); NOT_ACCEPTABLE when neither is accepted.
   */
  static Encoding resource(ServerRequest request) {
    List<MediaType> accept = accept(request);
    if (accept.stream()
        .anyMatch(a -> a.equalsTypeAndSubtype(PROTOBUF) || a.equalsTypeAndSubtype(PROTOBUF_ALT))) {
      return Encoding.PROTOBUF;
    }
    if (accept.isEmpty()
        || accept.stream().anyMatch(a -> a.isCompatibleWith(MediaType.APPLICATION_JSON))) {
      return Encoding.JSON;
    }
    throw new ApiException(
        ProblemType.NOT_ACCEPTABLE,
        "this resource is available as application/json or application/x-protobuf");
  }

  /**
   * For an event stream: whether each event's data is base64 protobuf ({@code Accept:
   * text/event-stream;data=protobuf}) rather than JSON. Throws NOT_ACCEPTABLE unless the request
   * accepts text/event-stream.
   */
  static boolean eventsAsProtobuf(ServerRequest request) {
    require(request, MediaType.TEXT_EVENT_STREAM);
    return accept(request).stream()
        .anyMatch(
            a ->
                a.equalsTypeAndSubtype(MediaType.TEXT_EVENT_STREAM)
                    && "protobuf".equals(a.getParameter("data")));
  }

  /** Throws NOT_ACCEPTABLE unless the request accepts {@code type}. */
  static void require(ServerRequest request, MediaType type) {
    List<MediaType> accept = accept(request);
    if (!accept.isEmpty() && accept.stream().noneMatch(a -> a.isCompatibleWith(type))) {
      throw new ApiException(
          ProblemType.NOT_ACCEPTABLE, "this resource is available as " + type + " only");
    }
  }

  private static List<MediaType> accept(ServerRequest request) {
    try {
      return request.headers().accept();
    } catch (RuntimeException e) {
      throw new ApiException(ProblemType.NOT_ACCEPTABLE, "the Accept header does not parse");
    }
  }
}
