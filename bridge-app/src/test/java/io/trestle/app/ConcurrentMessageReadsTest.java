package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.trestle.app.service.MessageCache;
import io.trestle.db.HeldConnections;
import io.trestle.db.model.NewMessage;
import io.trestle.proto.api.v1.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/messages/{id}} misses arriving together are read by shared statements ({@code
 * trestle.db.by-id-reads-in-flight}); each response is still its own message, or 404.
 */
class ConcurrentMessageReadsTest extends ApiTestBase {

  private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired HeldConnections byIdReads;
  @Autowired MessageCache cache;

  private double counter(String name) {
    return meters.get(name).functionCounter().count();
  }

  private static Message parse(byte[] body) {
    try {
      return Message.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void concurrentReadsEachGetTheirOwnMessage() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      NewMessage m = observe(31337, random(20));
      ids.add(hex(m.id()));
    }
    for (int i = 0; i < 8; i++) {
      ids.add(hex(random(32)));
    }
    double statementsBefore = counter("trestle.db.by-id-reads.statements");
    double idsBefore = counter("trestle.db.by-id-reads.ids");
    WebClient web = WebClient.create("http://127.0.0.1:" + port);

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      expected.add(i % ids.size() < 40 ? ids.get(i % ids.size()) : "404");
    }
    List<String> answered =
        Flux.range(0, 240)
            .flatMapSequential(
                i ->
                    web.get()
                        .uri("/v1/messages/" + ids.get(i % ids.size()))
                        .accept(PROTOBUF)
                        .retrieve()
                        .bodyToMono(byte[].class)
                        .map(body -> parse(body).getId())
                        .onErrorResume(
                            WebClientResponseException.NotFound.class, e -> Mono.just("404")),
                32)
            .collectList()
            .block(T);

    assertThat(answered).isEqualTo(expected);
    double statements = counter("trestle.db.by-id-reads.statements") - statementsBefore;
    assertThat(statements).isPositive();
    assertThat(counter("trestle.db.by-id-reads.ids") - idsBefore)
        .isGreaterThanOrEqualTo(statements);
  }

  @Test
  void byIdReadsRunOnTheirOwnConnectionsWithGenericPlans() {
    NewMessage m = observe(31337, random(20));
    String plans =
        byIdReads
            .run(
                c ->
                    Flux.from(c.createStatement("show plan_cache_mode").execute())
                        .flatMap(r -> r.map((row, meta) -> row.get(0, String.class))))
            .blockLast(T);
    assertThat(plans).isEqualTo("force_generic_plan");
    double statementsBefore = counter("trestle.db.by-id-reads.statements");
    WebClient web = WebClient.create("http://127.0.0.1:" + port);
    for (int i = 0; i < 7; i++) {
      // Past the fifth execution, where a prepared statement may switch to its generic plan.
      Message read =
          web.get()
              .uri("/v1/messages/" + hex(m.id()))
              .accept(PROTOBUF)
              .retrieve()
              .bodyToMono(byte[].class)
              .map(ConcurrentMessageReadsTest::parse)
              .block(T);
      assertThat(read.getHistoryList()).hasSize(1);
      cache.invalidate(m.id());
    }
    assertThat(counter("trestle.db.by-id-reads.statements") - statementsBefore).isEqualTo(7);
    // One connection per statement in flight (2), kept: none was replaced.
    assertThat(byIdReads.opened()).isBetween(1L, 2L);
  }
}
