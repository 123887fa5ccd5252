package io.trestle.app.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the OpenAPI 3.1 document of the API ({@code classpath:openapi/trestle-api.yaml}),
 * maintained by hand next to the routes; a test checks that it lists exactly the routes served.
 */
@Component
public class OpenApiHandler {

  /** Where the document lives on the class path. */
  public static final String RESOURCE = "openapi/trestle-api.yaml";

  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final byte[] document;

  public OpenApiHandler() {
    try (InputStream in = OpenApiHandler.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the class path");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET /v1/openapi.yaml. */
  public Mono<ServerResponse> document(ServerRequest request) {
    Negotiation.require(request, YAML);
    return ServerResponse.ok().contentType(YAML).bodyValue(document);
  }
}
