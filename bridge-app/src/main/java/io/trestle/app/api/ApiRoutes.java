package io.trestle.app.api;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The public REST/SSE API under {@code /v1}. Handlers are thin; services do the work. */
@Configuration(proxyBeanMethods = false)
public class ApiRoutes {

  @Bean
  RouterFunction<ServerResponse> apiRouter(
      MessageHandler messages,
      ProofHandler proofs,
      LedgerHandler ledger,
      EventHandler events,
      OpenApiHandler openApi) {
    return RouterFunctions.route()
        .route(GET("/v1/messages"), messages::list)
        .route(GET("/v1/messages/{id}"), messages::get)
        .route(GET("/v1/messages/{id}/proof"), proofs::proof)
        .route(GET("/v1/messages/{id}/events"), events::message)
        .route(GET("/v1/events"), events::all)
        .route(GET("/v1/blocks/latest"), ledger::latestBlock)
        .route(GET("/v1/blocks/{height}"), ledger::block)
        .route(GET("/v1/committee"), ledger::currentCommittee)
        .route(GET("/v1/committee/{epoch}"), ledger::committee)
        .route(GET("/v1/chains"), ledger::chains)
        .route(GET("/v1/ping"), ledger::ping)
        .route(GET("/v1/openapi.yaml"), openApi::document)
        .route(
            path("/v1/**").and(RequestPredicates.method(HttpMethod.GET).negate()),
            request ->
                Mono.error(
                    new ApiException(
                        ProblemType.METHOD_NOT_ALLOWED,
                        request.method() + " is not supported: the /v1 API is read-only (GET)")))
        .build();
  }
}
