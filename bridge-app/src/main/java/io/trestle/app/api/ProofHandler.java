package io.trestle.app.api;

import io.trestle.app.api.Encodings.Encoding;
import io.trestle.app.service.ProofService;
import io.trestle.app.service.ProofService.ProofResult;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /v1/messages/{id}/proof}. */
@Component
public class ProofHandler {

  private final ProofService proofs;

  public ProofHandler(ProofService proofs) {
    this.proofs = proofs;
  }

  /**
   * {@code trestle.v1.MessageProof}, protobuf when asked for by name, else its protobuf JSON
   * mapping; to be checked offline against the committee of the block's epoch.
   */
  public Mono<ServerResponse> proof(ServerRequest request) {
    Encoding encoding = Negotiation.resource(request);
    String raw = request.pathVariable("id");
    byte[] id = Params.messageId(raw);
    return proofs
        .proof(id)
        .switchIfEmpty(Mono.error(() -> MessageHandler.notFound(raw)))
        .flatMap(
            result ->
                switch (result) {
                  case ProofResult.Found f -> Encodings.ok(encoding, f.proof());
                  case ProofResult.NotCommitted nc ->
                      Mono.error(
                          new ApiException(
                              ProblemType.PROOF_NOT_AVAILABLE,
                              "message "
                                  + raw
                                  + " is "
                                  + nc.message().status()
                                  + "; a proof exists once it is COMMITTED"));
                  case ProofResult.ChainIncomplete ci ->
                      Mono.error(
                          new ApiException(
                              ProblemType.UNAVAILABLE,
                              "block "
                                  + ci.blockHeight()
                                  + " was committed with its descendants up to height "
                                  + ci.commitHeight()
                                  + ", which are still being stored; retry shortly"));
                });
  }
}
