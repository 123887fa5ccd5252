package io.trestle.app.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes RFC 9457 problem documents ({@code application/problem+json}) to an exchange. */
@Component
public class ProblemWriter {

  private final ServerResponse.Context context;

  public ProblemWriter(ServerCodecConfigurer codecs) {
    List<HttpMessageWriter<?>> writers = codecs.getWriters();
    this.context =
        new ServerResponse.Context() {
          @Override
          public List<HttpMessageWriter<?>> messageWriters() {
            return writers;
          }

          @Override
          public List<ViewResolver> viewResolvers() {
            return List.of();
          }
        };
  }

  /** The problem of {@code type} with {@code detail}, for the request's path. */
  public static ProblemDetail problem(ProblemType type, String detail, ServerWebExchange exchange) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(type.status(), detail);
    p.setType(type.uri());
    p.setTitle(type.title());
    p.setInstance(URI.create(exchange.getRequest().getPath().value()));
    return p;
  }

  /** Writes {@code problem} as the response, unless the response is already committed. */
  public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.empty();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    if (problem.getInstance() != null) {
      body.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    exchange.getResponse().getHeaders().clearContentHeaders();
    return ServerResponse.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(body)
        .flatMap(response -> response.writeTo(exchange, context));
  }
}
