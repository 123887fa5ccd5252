package io.trestle.app.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.trestle.proto.api.v1.StatusEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Writes a resource in the representation the request negotiated: protobuf binary, or its protobuf
 * JSON mapping (compact; fields without presence always printed, 64-bit integers as strings), so
 * that both views of a resource agree field by field.
 */
final class Encodings {

  /** A representation of the API's resources. */
  enum Encoding {
    /** The protobuf JSON mapping (application/json), the default. */
    JSON,
    /** The protobuf binary encoding (application/x-protobuf), asked for by name. */
    PROTOBUF
  }

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();

  private Encodings() {}

  /** 200 with {@code body} in {@code encoding}. */
  static Mono<ServerResponse> ok(Encoding encoding, com.google.protobuf.Message body) {
    return switch (encoding) {
      case PROTOBUF ->
          ServerResponse.ok().contentType(Negotiation.PROTOBUF).bodyValue(body.toByteArray());
      case JSON ->
          ServerResponse.ok()
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(json(body).getBytes(StandardCharsets.UTF_8));
    };
  }

  /** 200 with {@code body}, already encoded in {@code encoding}, as the response's bytes. */
  static Mono<ServerResponse> ok(Encoding encoding, byte[] body) {
    return ok(encoding, body, headers -> {});
  }

  /** {@link #ok(Encoding, byte[])} with more headers. */
  static Mono<ServerResponse> ok(Encoding encoding, byte[] body, Consumer<HttpHeaders> headers) {
    return ServerResponse.ok()
        .headers(headers)
        .contentType(
            switch (encoding) {
              case PROTOBUF -> Negotiation.PROTOBUF;
              case JSON -> MediaType.APPLICATION_JSON;
            })
        .bodyValue(body);
  }

  /** The protobuf JSON mapping of {@code m}, on one line. */
  static String json(MessageOrBuilder m) {
    try {
      return JSON.print(m);
    } catch (InvalidProtocolBufferException e) {
      // Only google.protobuf.Any without a type registry fails; the API has none.
      throw new IllegalStateException("cannot print " + m.getDescriptorForType().getName(), e);
    }
  }

  /** SSE {@code data} of a status event: base64 of the binary encoding, or its JSON. */
  static String eventData(StatusEvent event, boolean protobuf) {
    return protobuf ? Base64.getEncoder().encodeToString(event.toByteArray()) : json(event);
  }
}
