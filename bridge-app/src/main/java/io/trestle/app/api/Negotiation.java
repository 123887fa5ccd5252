package io.trestle.app.api;

import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;

/** What representation a request accepts, decided from its {@code Accept} header. */
final class Negotiation {

  static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
  private static final MediaType PROTOBUF_ALT = MediaType.parseMediaType("application/protobuf");

  private Negotiation() {}

  /** Throws NOT_ACCEPTABLE unless the request accepts JSON (no Accept header accepts all). */
  static void requireJson(ServerRequest request) {
    require(request, MediaType.APPLICATION_JSON);
  }

  /** Throws NOT_ACCEPTABLE unless the request accepts {@code type}. */
  static void require(ServerRequest request, MediaType type) {
    List<MediaType> accept = accept(request);
    if (!accept.isEmpty() && accept.stream().noneMatch(a -> a.isCompatibleWith(type))) {
      throw new ApiException(
          ProblemType.NOT_ACCEPTABLE, "this resource is available as " + type + " only");
    }
  }

  /** Whether the client names protobuf explicitly (wildcards choose JSON). */
  static boolean wantsProtobuf(ServerRequest request) {
    return accept(request).stream()
        .anyMatch(a -> a.equalsTypeAndSubtype(PROTOBUF) || a.equalsTypeAndSubtype(PROTOBUF_ALT));
  }

  private static List<MediaType> accept(ServerRequest request) {
    try {
      return request.headers().accept();
    } catch (RuntimeException e) {
      throw new ApiException(ProblemType.NOT_ACCEPTABLE, "the Accept header does not parse");
    }
  }
}
