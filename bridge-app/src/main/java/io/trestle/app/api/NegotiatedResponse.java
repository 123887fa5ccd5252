package io.trestle.app.api;

import com.google.protobuf.Message;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * For handlers outside this package (the admin API): 200 with a protobuf resource in the
 * representation the request negotiated, exactly as the public API writes its resources.
 */
public final class NegotiatedResponse {
  private NegotiatedResponse() {}

  /**
   * @throws ApiException NOT_ACCEPTABLE when the request accepts neither JSON nor protobuf
   */
  public static Mono<ServerResponse> ok(ServerRequest request, Message body) {
    return Encodings.ok(Negotiation.resource(request), body);
  }
}
