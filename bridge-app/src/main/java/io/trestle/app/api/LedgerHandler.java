package io.trestle.app.api;

import io.trestle.app.api.Encodings.Encoding;
import io.trestle.app.service.QueryService;
import io.trestle.proto.api.v1.ChainList;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/blocks}, {@code /v1/committee}, {@code /v1/chains} and the trivial {@code /v1/ping}.
 */
@Component
public class LedgerHandler {

  private final QueryService query;

  public LedgerHandler(QueryService query) {
    this.query = query;
  }

  /** GET /v1/blocks/latest. */
  public Mono<ServerResponse> latestBlock(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    return query
        .latestBlock()
        .switchIfEmpty(
            Mono.error(
                () -> new ApiException(ProblemType.BLOCK_NOT_FOUND, "no block committed yet")))
        .flatMap(b -> Encodings.ok(encoding, Resources.block(b)));
  }

  /** GET /v1/blocks/{height}. */
  public Mono<ServerResponse> block(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    long height =
        Params.nonNegative(request.pathVariable("height"), ProblemType.INVALID_HEIGHT, "height");
    return query
        .block(height)
        .switchIfEmpty(
            Mono.error(
                () ->
                    new ApiException(
                        ProblemType.BLOCK_NOT_FOUND, "no committed block at height " + height)))
        .flatMap(b -> Encodings.ok(encoding, Resources.block(b)));
  }

  /** GET /v1/committee: the latest epoch's committee. */
  public Mono<ServerResponse> currentCommittee(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    return query
        .currentCommittee()
        .switchIfEmpty(
            Mono.error(
                () -> new ApiException(ProblemType.COMMITTEE_NOT_FOUND, "no committee known yet")))
        .flatMap(c -> Encodings.ok(encoding, Resources.committee(c)));
  }

  /** GET /v1/committee/{epoch}. */
  public Mono<ServerResponse> committee(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    long epoch =
        Params.nonNegative(request.pathVariable("epoch"), ProblemType.INVALID_EPOCH, "epoch");
    return query
        .committee(epoch)
        .switchIfEmpty(
            Mono.error(
                () ->
                    new ApiException(
                        ProblemType.COMMITTEE_NOT_FOUND, "no committee known for epoch " + epoch)))
        .flatMap(c -> Encodings.ok(encoding, Resources.committee(c)));
  }

  /** GET /v1/chains. */
  public Mono<ServerResponse> chains(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    return query
        .chains()
        .map(Resources::chain)
        .collectList()
        .flatMap(c -> Encodings.ok(encoding, ChainList.newBuilder().addAllChains(c).build()));
  }

  /** GET /v1/ping: constant answer, no I/O (the benchmark's reference endpoint). */
  public Mono<ServerResponse> ping(ServerRequest request) {
    Negotiation.require(request, MediaType.APPLICATION_JSON);
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(PONG);
  }

  private static final Pong PONG = new Pong("trestle", true);

  record Pong(String service, boolean ok) {}
}
