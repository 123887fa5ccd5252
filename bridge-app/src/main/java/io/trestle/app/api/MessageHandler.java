package io.trestle.app.api;

import io.trestle.app.api.Encodings.Encoding;
import io.trestle.app.config.TrestleProperties;
import io.trestle.app.service.MessageCache;
import io.trestle.app.service.QueryService;
import io.trestle.db.model.MessageFilter;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.proto.api.v1.MessagePage;
import java.util.List;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /v1/messages}: one message, filtered pages (proofs: {@link ProofHandler}). */
@Component
public class MessageHandler {

  private static final Set<String> LIST_PARAMS =
      Set.of("sourceChain", "sender", "status", "cursor", "limit");

  private final QueryService query;
  private final TrestleProperties.Api api;
  private final MessageCache cache;

  public MessageHandler(QueryService query, MessageCache cache, TrestleProperties properties) {
    this.query = query;
    this.cache = cache;
    this.api = properties.api();
  }

  /**
   * GET /v1/messages/{id}: the message with its status history, from the {@link MessageCache} of
   * rendered resources or else read in one statement and rendered straight to bytes. The response
   * carries a strong {@code ETag} of its exact bytes (so each representation has its own) and
   * {@code Cache-Control: no-cache}; a request whose {@code If-None-Match} names the current ETag
   * gets 304 without a body (RFC 9110 §13.1.2).
   */
  public Mono<ServerResponse> get(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    byte[] id = Params.messageId(request.pathVariable("id"));
    MessageCache.Format format =
        switch (encoding) {
          case JSON -> MessageCache.Format.JSON;
          case PROTOBUF -> MessageCache.Format.PROTOBUF;
        };
    return cache
        .get(id, format, () -> query.messageWithHistory(id).map(m -> render(m, encoding)))
        .switchIfEmpty(Mono.error(() -> notFound(request.pathVariable("id"))))
        .flatMap(
            bytes -> {
              String etag = ETags.of(bytes);
              return ETags.matches(request.headers().header(HttpHeaders.IF_NONE_MATCH), etag)
                  ? ServerResponse.status(HttpStatus.NOT_MODIFIED)
                      .eTag(etag)
                      .varyBy(HttpHeaders.ACCEPT)
                      .cacheControl(CacheControl.noCache())
                      .build()
                  : Encodings.ok(
                      encoding,
                      bytes,
                      h -> {
                        h.setETag(etag);
                        h.setVary(List.of(HttpHeaders.ACCEPT));
                        h.setCacheControl(CacheControl.noCache());
                      });
            });
  }

  private static byte[] render(MessageWithHistory m, Encoding encoding) {
    return switch (encoding) {
      case JSON -> MessageJson.encode(m.message(), m.history());
      case PROTOBUF -> Resources.message(m.message(), m.history()).toByteArray();
    };
  }

  /** GET /v1/messages?sourceChain=&amp;sender=&amp;status=&amp;cursor=&amp;limit=. */
  public Mono<ServerResponse> list(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    var params = request.queryParams();
    for (var e : params.entrySet()) {
      if (!LIST_PARAMS.contains(e.getKey())) {
        throw new ApiException(
            ProblemType.INVALID_REQUEST,
            "unknown query parameter " + Params.quote(e.getKey()) + "; known: " + LIST_PARAMS);
      }
      if (e.getValue().size() > 1) {
        throw new ApiException(
            ProblemType.INVALID_REQUEST, "query parameter " + e.getKey() + " given twice");
      }
    }
    Long chain =
        params.containsKey("sourceChain") ? Params.chainId(params.getFirst("sourceChain")) : null;
    byte[] sender = params.containsKey("sender") ? Params.address(params.getFirst("sender")) : null;
    MessageStatus status =
        params.containsKey("status") ? Params.status(params.getFirst("status")) : null;
    int limit =
        params.containsKey("limit")
            ? Params.limit(params.getFirst("limit"), api.maxPageSize())
            : api.defaultPageSize();
    String fingerprint = Cursor.fingerprint(chain, sender, status);
    Long before =
        params.containsKey("cursor")
            ? Cursor.decode(params.getFirst("cursor"), fingerprint).beforeSeq()
            : null;
    // One extra row tells whether another page follows.
    return query
        .messages(new MessageFilter(chain, sender, status, before, limit + 1))
        .collectList()
        .flatMap(
            rows -> {
              List<MessageRow> page = rows.size() > limit ? rows.subList(0, limit) : rows;
              String next =
                  rows.size() > limit
                      ? new Cursor(page.getLast().seq(), fingerprint).encode()
                      : null;
              MessagePage.Builder out = MessagePage.newBuilder();
              page.forEach(m -> out.addItems(Resources.message(m, List.of())));
              if (next != null) {
                out.setNext(next);
              }
              return Encodings.ok(encoding, out.build());
            });
  }

  static ApiException notFound(String id) {
    return new ApiException(
        ProblemType.MESSAGE_NOT_FOUND, "no message with id " + id + " is known to this node");
  }
}
