package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.app.api.OpenApiHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The hand-maintained OpenAPI document lists exactly the operations the routers serve. */
class OpenApiContractTest extends ApiTestBase {

  @Autowired List<RouterFunction<ServerResponse>> routers;

  /** "METHOD /path" of every route, from the routers' predicates. */
  private Set<String> served() {
    Set<String> ops = new TreeSet<>();
    Pattern route = Pattern.compile("\\((GET|POST|PUT|DELETE|PATCH) && (/[^)\\s]*)\\)");
    for (RouterFunction<ServerResponse> router : routers) {
      router.accept(
          new RouterFunctions.Visitor() {
            @Override
            public void startNested(RequestPredicate predicate) {}

            @Override
            public void endNested(RequestPredicate predicate) {}

            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
              var m = route.matcher(predicate.toString());
              if (m.find()) {
                ops.add(m.group(1) + " " + m.group(2));
              }
            }

            @Override
            public void resources(Function<ServerRequest, Mono<Resource>> lookup) {}

            @Override
            public void attributes(java.util.Map<String, Object> attributes) {}

            @Override
            public void unknown(RouterFunction<?> routerFunction) {}
          });
    }
    return ops;
  }

  /** "METHOD /path" of every operation in the document. */
  private static Set<String> documented() throws IOException {
    String doc;
    try (var in =
        OpenApiHandler.class.getClassLoader().getResourceAsStream(OpenApiHandler.RESOURCE)) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> ops = new TreeSet<>();
    String path = null;
    for (String line : doc.lines().toList()) {
      var p = Pattern.compile("^  (/\\S*):\\s*$").matcher(line);
      var op = Pattern.compile("^    (get|post|put|delete|patch):").matcher(line);
      if (p.find()) {
        path = p.group(1);
      } else if (op.find() && path != null) {
        ops.add(op.group(1).toUpperCase() + " " + path);
      } else if (!line.startsWith(" ") && !line.isEmpty()) {
        path = null;
      }
    }
    return ops;
  }

  @Test
  void documentAndRoutesAgree() throws IOException {
    Set<String> served = served();
    assertThat(served).hasSizeGreaterThanOrEqualTo(16).contains("GET /v1/messages/{id}");
    assertThat(documented()).isEqualTo(served);
  }

  @SuppressWarnings("unused")
  private static final RequestPredicate UNUSED = RequestPredicates.method(HttpMethod.GET);
}
