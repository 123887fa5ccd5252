package io.trestle.app.admin;

import com.google.protobuf.Message;
import io.trestle.app.api.ApiException;
import io.trestle.app.api.NegotiatedResponse;
import io.trestle.app.api.Params;
import io.trestle.app.api.ProblemType;
import io.trestle.app.service.AdminService;
import io.trestle.app.service.AdminService.Caller;
import io.trestle.app.service.AdminService.Outcome;
import io.trestle.proto.api.v1.ChainPauseState;
import io.trestle.proto.api.v1.MessageActionResult;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/v1}: pause/unpause a chain, release a governor-held message, retry a failed
 * delivery. Optional JSON body {@code {"reason": "..."}} is kept in the audit log.
 */
@Component
public class AdminHandler {

  private final AdminService admin;

  public AdminHandler(AdminService admin) {
    this.admin = admin;
  }

  /** POST /admin/v1/chains/{chainId}/pause. */
  public Mono<ServerResponse> pause(ServerRequest request) {
    return chain(request, true);
  }

  /** POST /admin/v1/chains/{chainId}/unpause. */
  public Mono<ServerResponse> unpause(ServerRequest request) {
    return chain(request, false);
  }

  private Mono<ServerResponse> chain(ServerRequest request, boolean paused) {
    String raw = request.pathVariable("chainId");
    long chainId = parseChainId(raw);
    return caller(request)
        .flatMap(c -> admin.setPaused(chainId, paused, c))
        .flatMap(
            outcome ->
                respond(
                    request,
                    outcome,
                    ProblemType.CHAIN_NOT_FOUND,
                    "no chain " + chainId + " is configured",
                    ChainPauseState.newBuilder().setChainId(chainId).setPaused(paused).build()));
  }

  /** POST /admin/v1/messages/{id}/release. */
  public Mono<ServerResponse> release(ServerRequest request) {
    String raw = request.pathVariable("id");
    byte[] id = parseId(raw);
    return caller(request)
        .flatMap(c -> admin.release(id, c))
        .flatMap(o -> messageOutcome(request, o, id, raw, "release", "DELAYED"));
  }

  /** POST /admin/v1/messages/{id}/retry. */
  public Mono<ServerResponse> retry(ServerRequest request) {
    String raw = request.pathVariable("id");
    byte[] id = parseId(raw);
    return caller(request)
        .flatMap(c -> admin.retry(id, c))
        .flatMap(o -> messageOutcome(request, o, id, raw, "retry", "FAILED"));
  }

  private Mono<ServerResponse> messageOutcome(
      ServerRequest request, Outcome o, byte[] id, String raw, String action, String required) {
    if (o == Outcome.CONFLICT) {
      return admin
          .status(id)
          .flatMap(
              s ->
                  Mono.error(
                      new ApiException(
                          ProblemType.CONFLICT,
                          action + " applies to " + required + " messages; " + raw + " is " + s)));
    }
    return respond(
        request,
        o,
        ProblemType.MESSAGE_NOT_FOUND,
        "no message with id " + raw + " is known to this node",
        MessageActionResult.newBuilder()
            .setMessageId("0x" + HexFormat.of().formatHex(id))
            .setAction(action)
            .build());
  }

  /** DONE: {@code body} as JSON (its protobuf JSON mapping) or protobuf, as negotiated. */
  private static Mono<ServerResponse> respond(
      ServerRequest request, Outcome o, ProblemType notFound, String notFoundDetail, Message body) {
    return switch (o) {
      case DONE -> NegotiatedResponse.ok(request, body);
      case NOT_FOUND -> Mono.error(new ApiException(notFound, notFoundDetail));
      case CONFLICT -> Mono.error(new ApiException(ProblemType.CONFLICT, "not applicable now"));
    };
  }

  /** Body: none, or JSON {@code {"reason": string}}. */
  private static Mono<Caller> caller(ServerRequest request) {
    String remote = request.remoteAddress().map(InetSocketAddress::getHostString).orElse("unknown");
    Mono<String> actor = request.principal().map(p -> p.getName()).defaultIfEmpty("unknown");
    var contentType = request.headers().contentType();
    Mono<String> reason;
    if (contentType.isEmpty()) {
      reason = Mono.just("");
    } else if (!contentType.get().isCompatibleWith(MediaType.APPLICATION_JSON)) {
      return Mono.error(
          new ApiException(
              ProblemType.UNSUPPORTED_MEDIA_TYPE,
              "send no body, or application/json like {\"reason\": \"...\"}"));
    } else {
      reason =
          request
              .bodyToMono(Reason.class)
              .map(r -> r.reason() == null ? "" : r.reason())
              .defaultIfEmpty("");
    }
    return Mono.zip(actor, reason)
        .map(
            t -> {
              if (t.getT2().length() > 1000) {
                throw new ApiException(
                    ProblemType.INVALID_REQUEST, "reason must be at most 1000 characters");
              }
              return new Caller(t.getT1(), remote, t.getT2().isEmpty() ? null : t.getT2());
            });
  }

  record Reason(String reason) {}

  private static long parseChainId(String raw) {
    return Params.chainId(raw);
  }

  private static byte[] parseId(String raw) {
    return Params.messageId(raw);
  }
}
