package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Hostile and malformed requests against every endpoint: each must get a 4xx with an {@code
 * application/problem+json} body carrying the expected stable type, never a 5xx.
 */
class BadInputSweepTest extends ApiTestBase {

  record Bad(
      HttpMethod method, String uri, String accept, String contentType, String body, String type) {
    @Override
    public String toString() {
      return method
          + " "
          + (uri.length() > 90 ? uri.substring(0, 90) + "…" : uri)
          + (accept == null ? "" : " Accept:" + accept)
          + (contentType == null ? "" : " Content-Type:" + contentType);
    }
  }

  static Bad get(String uri, String type) {
    return new Bad(HttpMethod.GET, uri, null, null, null, type);
  }

  static Stream<Bad> requests() {
    String id = "0x" + "ab".repeat(32);
    List<String> badIds =
        List.of(
            "0x",
            "0x1234",
            "ab".repeat(32),
            "0x" + "ab".repeat(31) + "zz",
            "0x" + "ab".repeat(33),
            "0x" + "%20".repeat(32),
            "-1",
            "0x" + "ab".repeat(31) + "%00%00",
            "null",
            "0x" + "a".repeat(3000));
    List<Bad> all = new ArrayList<>();
    for (String bad : badIds) {
      // Percent-encoded control characters are refused by the security firewall first.
      String type = bad.contains("%") ? "invalid-(message-id|request)" : "invalid-message-id";
      all.add(get("/v1/messages/" + bad, type));
      all.add(get("/v1/messages/" + bad + "/proof", type));
      all.add(get("/v1/messages/" + bad + "/events", type));
      all.add(
          new Bad(
              HttpMethod.POST,
              "/admin/v1/messages/" + bad + "/retry",
              null,
              null,
              null,
              bad.contains("%") ? "(unauthorized|invalid-request)" : "unauthorized"));
    }
    all.addAll(
        List.of(
            get("/v1/messages?limit=0", "invalid-limit"),
            get("/v1/messages?limit=101", "invalid-limit"),
            get("/v1/messages?limit=99999999999999999999", "invalid-limit"),
            get("/v1/messages?limit=-5", "invalid-limit"),
            get("/v1/messages?limit=ten", "invalid-limit"),
            get("/v1/messages?limit=", "invalid-limit"),
            get("/v1/messages?cursor=", "invalid-cursor"),
            get("/v1/messages?cursor=!!!", "invalid-cursor"),
            get("/v1/messages?cursor=djE6MTI6MDAwMDAwMDA", "invalid-cursor"),
            get("/v1/messages?cursor=" + "A".repeat(3000), "invalid-cursor"),
            get("/v1/messages?cursor=djE6LTE6MDAwMDAwMDA", "invalid-cursor"),
            get("/v1/messages?sender=0x12", "invalid-address"),
            get("/v1/messages?sender=" + id, "invalid-address"),
            get("/v1/messages?sourceChain=0", "invalid-chain-id"),
            get("/v1/messages?sourceChain=-1", "invalid-chain-id"),
            get("/v1/messages?sourceChain=1e3", "invalid-chain-id"),
            get("/v1/messages?sourceChain=99999999999999999999999", "invalid-chain-id"),
            get("/v1/messages?status=LOST", "invalid-status"),
            get("/v1/messages?status=", "invalid-status"),
            get("/v1/messages?colour=red", "invalid-request"),
            get("/v1/messages?limit=1&limit=2", "invalid-request"),
            get("/v1/blocks/-1", "invalid-height"),
            get("/v1/blocks/abc", "invalid-height"),
            get("/v1/blocks/1.5", "invalid-height"),
            get("/v1/blocks/99999999999999999999", "invalid-height"),
            get("/v1/blocks/999999999999999999", "block-not-found"),
            get("/v1/committee/x", "invalid-epoch"),
            get("/v1/committee/999999999999", "committee-not-found"),
            get("/v1/messages/" + id, "message-not-found"),
            get("/v1/messages/" + id + "/proof", "message-not-found"),
            get("/v1/messages/" + id + "/events", "message-not-found"),
            get("/v1/nope", "not-found"),
            get("/", "not-found"),
            get("/v1/messages/" + id + "/proof/extra", "not-found"),
            get("/admin/v1/unknown", "unauthorized"),
            new Bad(
                HttpMethod.GET, "/v1/messages/" + id, "text/html", null, null, "not-acceptable"),
            new Bad(
                HttpMethod.GET, "/v1/messages", "application/xml", null, null, "not-acceptable"),
            new Bad(
                HttpMethod.GET,
                "/v1/messages/" + id + "/proof",
                "image/png",
                null,
                null,
                "not-acceptable"),
            new Bad(HttpMethod.GET, "/v1/events", "application/json", null, null, "not-acceptable"),
            new Bad(HttpMethod.GET, "/v1/chains", "text/plain", null, null, "not-acceptable"),
            new Bad(HttpMethod.GET, "/v1/ping", "nonsense/", null, null, "not-acceptable"),
            new Bad(
                HttpMethod.GET, "/v1/ping", "application/x-protobuf", null, null, "not-acceptable"),
            // Asking for protobuf still gets errors as problem+json.
            new Bad(
                HttpMethod.GET,
                "/v1/messages/0x12",
                "application/x-protobuf",
                null,
                null,
                "invalid-message-id"),
            new Bad(
                HttpMethod.GET,
                "/v1/messages/" + id + "/proof",
                "application/x-protobuf",
                null,
                null,
                "message-not-found"),
            new Bad(
                HttpMethod.GET,
                "/v1/blocks/x",
                "application/x-protobuf, application/problem+json",
                null,
                null,
                "invalid-height"),
            new Bad(
                HttpMethod.GET,
                "/v1/messages/" + id + "/events",
                "text/event-stream;data=protobuf",
                null,
                null,
                "message-not-found"),
            new Bad(
                HttpMethod.GET,
                "/v1/events",
                "application/x-protobuf",
                null,
                null,
                "not-acceptable"),
            new Bad(
                HttpMethod.POST,
                "/v1/messages",
                null,
                "application/json",
                "{}",
                "method-not-allowed"),
            new Bad(
                HttpMethod.DELETE, "/v1/messages/" + id, null, null, null, "method-not-allowed"),
            new Bad(HttpMethod.PUT, "/v1/chains", null, "text/plain", "x", "method-not-allowed"),
            new Bad(
                HttpMethod.POST,
                "/admin/v1/chains/31337/pause",
                null,
                null,
                null,
                "unauthorized")));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void badInputGetsTypedProblemNeverServerError(Bad bad) {
    var spec = client.method(bad.method()).uri(bad.uri());
    if (bad.accept() != null) {
      spec.header("Accept", bad.accept());
    }
    if (bad.contentType() != null) {
      spec.header("Content-Type", bad.contentType());
    }
    var response = bad.body() == null ? spec.exchange() : spec.bodyValue(bad.body()).exchange();
    var result =
        response
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
            .returnResult();
    assertThat(result.getStatus().is4xxClientError()).as("status of %s", bad).isTrue();
    Map<String, Object> problem = result.getResponseBody();
    assertThat((String) problem.get("type"))
        .matches("https://trestle\\.dev/problems/" + bad.type());
    assertThat(problem.get("status")).isEqualTo(result.getStatus().value());
    assertThat(problem.get("title")).isNotNull();
    assertThat(problem.get("detail")).isNotNull();
  }
}
