package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.trestle.db.model.NewMessage;
import io.trestle.proto.v1.MessageProof;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

class MessageApiTest extends ApiTestBase {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};

  @Test
  void messageByIdReportsEveryField() {
    byte[] sender = random(20);
    NewMessage m = observe(31337, sender);
    client
        .get()
        .uri("/v1/messages/" + hex(m.id()).toUpperCase().replace("0X", "0x"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentType(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo(hex(m.id()))
        .jsonPath("$.sender")
        .isEqualTo(hex(sender))
        .jsonPath("$.nonce")
        .isEqualTo(Long.toString(m.nonce()))
        .jsonPath("$.payload")
        .isEqualTo("0xcafe")
        .jsonPath("$.status")
        .isEqualTo("OBSERVED")
        .jsonPath("$.blockHeight")
        .doesNotExist()
        .jsonPath("$.statusReason")
        .isEqualTo("")
        .jsonPath("$.history[0].status")
        .isEqualTo("OBSERVED");
  }

  @Test
  void unknownMessageIsProblem404() {
    client
        .get()
        .uri("/v1/messages/" + hex(random(32)))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/message-not-found")
        .jsonPath("$.status")
        .isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void cursorPaginationWalksEveryMessageOnceNewestFirst() {
    byte[] sender = random(20);
    List<NewMessage> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(observe(31337, sender));
    }
    List<String> seen = new java.util.ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String uri =
          "/v1/messages?sender="
              + hex(sender)
              + "&limit=2"
              + (cursor == null ? "" : "&cursor=" + cursor);
      Map<String, Object> page =
          client
              .get()
              .uri(uri)
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(JSON)
              .returnResult()
              .getResponseBody();
      ((List<Map<String, Object>>) page.get("items"))
          .forEach(item -> seen.add((String) item.get("id")));
      cursor = (String) page.get("next");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly(sent.reversed().stream().map(m -> hex(m.id())).toArray(String[]::new));
    // Status and chain filters narrow the same sender's messages.
    commit(List.of(sent.getFirst()));
    client
        .get()
        .uri("/v1/messages?sender=" + hex(sender) + "&status=committed&sourceChain=31337")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.items.length()")
        .isEqualTo(1)
        .jsonPath("$.items[0].id")
        .isEqualTo(hex(sent.getFirst().id()))
        .jsonPath("$.next")
        .doesNotExist();
  }

  @Test
  void proofOfABlockCommittedIndirectlyCarriesTheHeadersUpToTheCommittedDescendant()
      throws Exception {
    // After a view change one QC commits the block with its descendants; it names the last.
    NewMessage m = observe(31337, random(20));
    long height = commit(List.of(m), 2, 2);
    MessageProof proof = proof(m.id());
    assertThat(proof.getHeader().getHeight()).isEqualTo(height);
    assertThat(proof.getDescendantsList())
        .extracting(h -> h.getHeight())
        .containsExactly(height + 1, height + 2);
    assertThat(proof.getDescendants(0).getParentHash())
        .isEqualTo(blockHash(height))
        .isNotEqualTo(proof.getHeader().getParentHash());
    assertThat(proof.getCommitQc().getData().getCommitHash()).isEqualTo(blockHash(height + 2));
  }

  @Test
  void proofWhoseDescendantsAreNotAllStoredYetIsRetryable503() {
    NewMessage m = observe(31337, random(20));
    long height = commit(List.of(m), 2, 1);
    client
        .get()
        .uri("/v1/messages/" + hex(m.id()) + "/proof")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/unavailable")
        .jsonPath("$.detail")
        .value(
            d ->
                assertThat((String) d)
                    .contains("block " + height)
                    .contains("height " + (height + 2))
                    .contains("retry"));
  }

  @Test
  void proofIsServedAsProtobufAndJsonOnceCommitted() throws Exception {
    NewMessage a = observe(31337, random(20));
    NewMessage b = observe(31337, random(20));
    client
        .get()
        .uri("/v1/messages/" + hex(b.id()) + "/proof")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/proof-not-available");
    long height = commit(List.of(a, b));

    byte[] bytes =
        client
            .get()
            .uri("/v1/messages/" + hex(b.id()) + "/proof")
            .accept(MediaType.parseMediaType("application/x-protobuf"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType("application/x-protobuf")
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
    MessageProof proof = MessageProof.parseFrom(bytes);
    assertThat(proof.getMessage().getNonce()).isEqualTo(b.nonce());
    assertThat(proof.getMessage().getSender().toByteArray()).isEqualTo(b.sender());
    assertThat(proof.getPath().getLeafIndex()).isEqualTo(1);
    assertThat(proof.getPath().getLeafCount()).isEqualTo(2);
    assertThat(proof.getHeader().getHeight()).isEqualTo(height);
    assertThat(proof.getCommitQc().getSignaturesCount()).isEqualTo(3);

    client
        .get()
        .uri("/v1/messages/" + hex(b.id()) + "/proof")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.message.nonce")
        .isEqualTo(Long.toString(b.nonce()))
        .jsonPath("$.path.leafIndex")
        .isEqualTo("1")
        .jsonPath("$.header.height")
        .isEqualTo(Long.toString(height))
        .jsonPath("$.commitQc.signers")
        .isEqualTo("Bw==")
        .jsonPath("$.commitQc.signatures.length()")
        .isEqualTo(3);

    client
        .get()
        .uri("/v1/blocks/" + height)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.messageIds")
        .isEqualTo(List.of(hex(a.id()), hex(b.id())))
        .jsonPath("$.commitSigners")
        .isEqualTo(3);
    client.get().uri("/v1/blocks/latest").exchange().expectStatus().isOk();
    client
        .get()
        .uri("/v1/messages/" + hex(b.id()))
        .exchange()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("COMMITTED")
        .jsonPath("$.blockHeight")
        .isEqualTo(Long.toString(height))
        .jsonPath("$.history[*].status")
        .isEqualTo(List.of("OBSERVED", "COMMITTED"));
  }

  @Test
  void jsonIsTheProtobufJsonMappingOfTheBinaryResource() throws Exception {
    NewMessage m = observe(31337, random(20));
    commit(List.of(m));
    for (String uri :
        List.of(
            "/v1/messages/" + hex(m.id()),
            "/v1/messages?sender=" + hex(m.sender()),
            "/v1/messages/" + hex(m.id()) + "/proof",
            "/v1/blocks/latest",
            "/v1/chains")) {
      byte[] binary =
          client
              .get()
              .uri(uri)
              .accept(MediaType.parseMediaType("application/x-protobuf"))
              .exchange()
              .expectStatus()
              .isOk()
              .expectHeader()
              .contentType("application/x-protobuf")
              .expectBody(byte[].class)
              .returnResult()
              .getResponseBody();
      String json =
          client
              .get()
              .uri(uri)
              .exchange()
              .expectStatus()
              .isOk()
              .expectHeader()
              .contentType(MediaType.APPLICATION_JSON)
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      com.google.protobuf.Message.Builder fromJson = prototype(uri).newBuilderForType();
      JsonFormat.parser().merge(json, fromJson);
      assertThat(fromJson.build())
          .as(uri)
          .isEqualTo(prototype(uri).getParserForType().parseFrom(binary));
    }
  }

  private static com.google.protobuf.Message prototype(String uri) {
    if (uri.endsWith("/proof")) {
      return MessageProof.getDefaultInstance();
    }
    if (uri.startsWith("/v1/messages?")) {
      return io.trestle.proto.api.v1.MessagePage.getDefaultInstance();
    }
    if (uri.startsWith("/v1/messages/")) {
      return io.trestle.proto.api.v1.Message.getDefaultInstance();
    }
    if (uri.startsWith("/v1/blocks/")) {
      return io.trestle.proto.api.v1.Block.getDefaultInstance();
    }
    return io.trestle.proto.api.v1.ChainList.getDefaultInstance();
  }

  @Test
  void committeeOfCurrentAndPastEpochs() {
    for (long epoch : new long[] {7_000, 7_001}) {
      var committee =
          io.trestle.proto.v1.Committee.newBuilder()
              .setCommitteeId(com.google.protobuf.ByteString.copyFrom(new byte[32]))
              .setEpoch(epoch)
              .addMembers(
                  io.trestle.proto.v1.Member.newBuilder()
                      .setEd25519Key(com.google.protobuf.ByteString.copyFrom(random(32)))
                      .setEvmAddress(com.google.protobuf.ByteString.copyFrom(random(20)))
                      .setEndpoint("127.0.0.1:" + epoch)
                      .setWeight(epoch))
              .build();
      ledger
          .committee(
              new io.trestle.db.model.CommitteeRow(
                  epoch, new byte[32], epoch * 10, committee.toByteArray()))
          .block(T);
    }
    client
        .get()
        .uri("/v1/committee/7000")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.epoch")
        .isEqualTo("7000")
        .jsonPath("$.activationHeight")
        .isEqualTo("70000")
        .jsonPath("$.members[0].endpoint")
        .isEqualTo("127.0.0.1:7000")
        .jsonPath("$.totalWeight")
        .isEqualTo("7000")
        .jsonPath("$.engine")
        .isEqualTo("CONSENSUS_ENGINE_HOTSTUFF");
    client
        .get()
        .uri("/v1/committee")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.epoch")
        .isEqualTo("7001");
  }

  @Test
  void chainsListConfiguredChainsAndPingAnswers() {
    client
        .get()
        .uri("/v1/chains")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.chains[?(@.chainId == '31337')].name")
        .isEqualTo(List.of("devnet-a"))
        .jsonPath("$.chains[?(@.chainId == '31338')].lag")
        .isEqualTo(List.of("0"));
    client
        .get()
        .uri("/v1/ping")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.ok")
        .isEqualTo(true);
    client
        .get()
        .uri("/v1/openapi.yaml")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(doc -> assertThat(doc).startsWith("openapi: 3.1.0"));
  }
}
