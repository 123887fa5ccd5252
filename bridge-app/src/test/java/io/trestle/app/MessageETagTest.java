package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.trestle.db.model.NewMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** GET /v1/messages/{id}: strong ETag per representation and 304 on a matching If-None-Match. */
class MessageETagTest extends ApiTestBase {

  private EntityExchangeResult<byte[]> get(NewMessage m, String accept, String ifNoneMatch) {
    return client
        .get()
        .uri("/v1/messages/" + hex(m.id()))
        .headers(
            h -> {
              if (accept != null) {
                h.set(HttpHeaders.ACCEPT, accept);
              }
              if (ifNoneMatch != null) {
                h.set(HttpHeaders.IF_NONE_MATCH, ifNoneMatch);
              }
            })
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static String etag(EntityExchangeResult<?> r) {
    return r.getResponseHeaders().getETag();
  }

  @Test
  void okCarriesAStrongETagThatRevalidatesTo304() {
    NewMessage m = observe(31337, random(20));
    EntityExchangeResult<byte[]> ok = get(m, null, null);
    assertThat(ok.getStatus().value()).isEqualTo(200);
    String etag = etag(ok);
    assertThat(etag).startsWith("\"").endsWith("\"").hasSize(24);
    assertThat(ok.getResponseHeaders().getCacheControl()).isEqualTo("no-cache");
    assertThat(ok.getResponseHeaders().getVary()).containsExactly(HttpHeaders.ACCEPT);

    for (String ifNoneMatch :
        List.of(etag, "W/" + etag, "\"other\", " + etag, "\"other\"," + etag + ",\"x\"", "*")) {
      EntityExchangeResult<byte[]> notModified = get(m, null, ifNoneMatch);
      assertThat(notModified.getStatus().value()).as(ifNoneMatch).isEqualTo(304);
      assertThat(notModified.getResponseBody()).as(ifNoneMatch).isNullOrEmpty();
      assertThat(etag(notModified)).isEqualTo(etag);
      assertThat(notModified.getResponseHeaders().getVary()).containsExactly(HttpHeaders.ACCEPT);
    }
    // The same request twice (a cache hit the second time) has the same tag.
    assertThat(etag(get(m, null, null))).isEqualTo(etag);
  }

  @Test
  void eachRepresentationHasItsOwnTag() {
    NewMessage m = observe(31337, random(20));
    String json = etag(get(m, "application/json", null));
    EntityExchangeResult<byte[]> protobuf = get(m, "application/x-protobuf", json);
    assertThat(protobuf.getStatus().value()).isEqualTo(200);
    assertThat(protobuf.getResponseBody()).isNotEmpty();
    assertThat(etag(protobuf)).isNotEqualTo(json);
    assertThat(get(m, "application/x-protobuf", etag(protobuf)).getStatus().value()).isEqualTo(304);
  }

  @Test
  void aStatusChangeChangesTheTag() {
    NewMessage m = observe(31337, random(20));
    String observed = etag(get(m, null, null));
    commit(List.of(m));
    EntityExchangeResult<byte[]> committed = get(m, null, observed);
    assertThat(committed.getStatus().value()).isEqualTo(200);
    assertThat(new String(committed.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"status\":\"COMMITTED\"");
    assertThat(etag(committed)).isNotEqualTo(observed);
    assertThat(get(m, null, etag(committed)).getStatus().value()).isEqualTo(304);
  }

  @Test
  void otherOrMalformedTagsGetTheResource() {
    NewMessage m = observe(31337, random(20));
    String etag = etag(get(m, null, null));
    String bare = etag.substring(1, etag.length() - 1);
    for (String ifNoneMatch : List.of("\"other\"", bare, "W/", ",", "\"" + etag + "\"", "**")) {
      EntityExchangeResult<byte[]> r = get(m, null, ifNoneMatch);
      assertThat(r.getStatus().value()).as(ifNoneMatch).isEqualTo(200);
      assertThat(r.getResponseBody()).as(ifNoneMatch).isNotEmpty();
    }
  }

  @Test
  void unknownMessageIs404EvenForAnyTag() {
    NewMessage m = newMessage(31337, random(20));
    assertThat(get(m, null, "*").getStatus().value()).isEqualTo(404);
  }
}
