package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trestle.app.service.StatusEvents;
import io.trestle.db.model.NewMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class SseTest extends ApiTestBase {

  private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
      new ParameterizedTypeReference<>() {};

  @Autowired StatusEvents events;

  private Flux<ServerSentEvent<Map<String, Object>>> subscribe(String uri) {
    return client
        .get()
        .uri(uri)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(EVENT)
        .getResponseBody()
        .filter(e -> e.data() != null);
  }

  /** GET /v1/events with its comments (the opening one, heartbeats) kept. */
  private Flux<ServerSentEvent<String>> globalStreamWithComments() {
    return client
        .get()
        .uri("/v1/events")
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .getResponseBody();
  }

  @Test
  void globalStreamOpensWithACommentBeforeAnyChangeOrHeartbeat() {
    // Commits the headers at once: an idle stream would otherwise send nothing until the first
    // heartbeat, and a client (or EventSource's "open") would wait that long.
    StepVerifier.create(globalStreamWithComments().take(1))
        .assertNext(
            e -> {
              assertThat(e.comment()).isEqualTo("connected");
              assertThat(e.data()).isNull();
            })
        .expectComplete()
        .verify(T);
  }

  @Test
  void streamListensToChangesBeforeItsOpeningCommentIsSent() {
    // A client that publishes (or triggers) a change as soon as the stream opens must get it: the
    // opening comment is sent only once the stream follows the live changes.
    for (int round = 0; round < 30; round++) {
      int before = events.subscribers();
      StepVerifier.create(globalStreamWithComments().take(1))
          .assertNext(
              e -> {
                assertThat(e.comment()).isEqualTo("connected");
                assertThat(events.subscribers()).isGreaterThan(before);
              })
          .expectComplete()
          .verify(T);
      await().atMost(T).until(() -> events.subscribers() <= before);
    }
  }

  @Test
  void messageStreamStartsWithCurrentStatusFollowsChangesAndEndsAfterDelivery() {
    NewMessage m = observe(31337, random(20));
    var events = subscribe("/v1/messages/" + hex(m.id()) + "/events");
    StepVerifier.create(events.map(e -> e.data().get("status")))
        .expectNext("OBSERVED")
        .then(() -> commit(List.of(m)))
        .expectNext("COMMITTED")
        .then(() -> ledger.attested(m.id()).block(T))
        .expectNext("ATTESTED")
        .then(() -> ledger.delivered(m.id()).block(T))
        .expectNext("DELIVERED")
        .expectComplete()
        .verify(T);
  }

  @Test
  void deliveredMessageStreamEndsAtOnce() {
    NewMessage m = observe(31337, random(20));
    commit(List.of(m));
    ledger.attested(m.id()).block(T);
    ledger.delivered(m.id()).block(T);
    StepVerifier.create(subscribe("/v1/messages/" + hex(m.id()) + "/events"))
        .assertNext(
            e -> {
              assertThat(e.event()).isEqualTo("status");
              assertThat(e.id()).isNotBlank();
              assertThat(e.data().get("status")).isEqualTo("DELIVERED");
              assertThat(e.data().get("messageId")).isEqualTo(hex(m.id()));
            })
        .expectComplete()
        .verify(T);
  }

  @Test
  void globalStreamCarriesEveryChangeInOrder() {
    byte[] sender = random(20);
    NewMessage first = newMessage(31337, sender);
    var events =
        subscribe("/v1/events")
            .filter(e -> e.data().get("messageId").equals(hex(first.id())))
            .map(e -> (String) e.data().get("status"));
    StepVerifier.create(events)
        .then(
            () ->
                ledger
                    .observed(
                        first,
                        new io.trestle.db.model.ObservationRow(
                            first.id(),
                            31337,
                            1,
                            random(32),
                            random(32),
                            0,
                            12,
                            java.time.Instant.now()))
                    .block(T))
        .expectNext("OBSERVED")
        .then(() -> commit(List.of(first)))
        .expectNext("COMMITTED")
        .thenCancel()
        .verify(T);
  }
}
