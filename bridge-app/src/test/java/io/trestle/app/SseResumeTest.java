package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trestle.db.MessageRepository;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.db.model.StatusChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * SSE resumption with {@code Last-Event-ID}: a reconnecting client gets exactly the changes it
 * missed (from the database's status history), then live ones — compared id by id with the history,
 * including while other writers change statuses concurrently.
 */
class SseResumeTest extends ApiTestBase {

  private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
      new ParameterizedTypeReference<>() {};

  @Autowired MessageRepository repository;

  /** A change as the client saw it. */
  record Seen(long id, String messageId, String status) {}

  private Flux<Seen> subscribe(String uri, Long lastEventId) {
    return subscribe(uri, lastEventId, new AtomicBoolean());
  }

  /** Sets {@code opened} when the stream's opening comment arrives. */
  private Flux<Seen> subscribe(String uri, Long lastEventId, AtomicBoolean opened) {
    var spec = client.get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM);
    if (lastEventId != null) {
      spec = spec.header("Last-Event-ID", Long.toString(lastEventId));
    }
    return spec.exchange()
        .expectStatus()
        .isOk()
        .returnResult(EVENT)
        .getResponseBody()
        .doOnNext(e -> opened.compareAndSet(false, "connected".equals(e.comment())))
        .filter(e -> e.data() != null)
        .map(
            e -> {
              assertThat(e.id()).isEqualTo(String.valueOf(e.data().get("id")));
              return new Seen(
                  Long.parseLong(e.id()),
                  (String) e.data().get("messageId"),
                  (String) e.data().get("status"));
            });
  }

  private List<Seen> historyAfter(long id) {
    return repository
        .historyAfter(id, 100_000)
        .map(c -> new Seen(c.id(), hex(c.messageId()), c.status().name()))
        .collectList()
        .block(T);
  }

  @Test
  void reconnectingClientGetsWhatItMissedThenLiveChanges() {
    NewMessage a = newMessage(31337, random(20));
    List<Seen> first = new CopyOnWriteArrayList<>();
    AtomicBoolean opened = new AtomicBoolean();
    Disposable before =
        subscribe("/v1/events", null, opened)
            .filter(s -> s.messageId().equals(hex(a.id())))
            .subscribe(first::add);
    // The opening comment is sent once the stream follows the live changes: from then on, no
    // change can pass this client by.
    await().atMost(T).untilTrue(opened);
    ledger.observed(a, observation(a)).block(T);
    await().atMost(T).until(() -> !first.isEmpty());
    before.dispose();
    long lastSeen = first.getFirst().id();

    // While the client is away:
    commit(List.of(a));
    NewMessage b = observe(31337, random(20));
    ledger.attested(a.id()).block(T);
    List<Seen> missed = historyAfter(lastSeen);
    assertThat(missed).extracting(Seen::status).contains("COMMITTED", "OBSERVED", "ATTESTED");

    List<Seen> resumed = new CopyOnWriteArrayList<>();
    Disposable after = subscribe("/v1/events", lastSeen).subscribe(resumed::add);
    try {
      await().atMost(T).until(() -> resumed.size() >= missed.size());
      ledger.delivered(a.id()).block(T);
      await().atMost(T).until(() -> resumed.stream().anyMatch(s -> s.status().equals("DELIVERED")));
    } finally {
      after.dispose();
    }
    // Exactly the history after the last seen id: nothing missing, nothing twice, in id order.
    assertThat(resumed).containsExactlyElementsOf(historyAfter(lastSeen));
    assertThat(resumed.stream().filter(s -> s.messageId().equals(hex(a.id()))))
        .extracting(Seen::status)
        .containsExactly("COMMITTED", "ATTESTED", "DELIVERED");
    assertThat(resumed.stream().filter(s -> s.messageId().equals(hex(b.id()))))
        .extracting(Seen::status)
        .containsExactly("OBSERVED");
  }

  @Test
  void resumingWhileOthersWriteHasNoGapAndNoDuplicate() throws Exception {
    NewMessage marker = observe(31337, random(20));
    long from = repository.historyOf(marker.id()).blockLast(T).id();
    var pool = Executors.newFixedThreadPool(4);
    List<Seen> resumed = new CopyOnWriteArrayList<>();
    Disposable stream = null;
    try {
      List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 15; i++) {
                    NewMessage m = observe(31337, random(20));
                    commit(List.of(m));
                  }
                }));
      }
      Thread.sleep(150); // the client reconnects in the middle of the writes
      stream = subscribe("/v1/events", from).subscribe(resumed::add);
      for (var f : writers) {
        f.get(60, TimeUnit.SECONDS);
      }
      List<Seen> expected = historyAfter(from);
      assertThat(expected).hasSizeGreaterThanOrEqualTo(4 * 15 * 2);
      await().atMost(T).until(() -> resumed.size() >= expected.size());
      assertThat(resumed).containsExactlyElementsOf(expected);
    } finally {
      pool.shutdownNow();
      if (stream != null) {
        stream.dispose();
      }
    }
  }

  @Test
  void messageStreamResumesAfterTheLastSeenChange() {
    NewMessage m = observe(31337, random(20));
    commit(List.of(m));
    List<StatusChange> history = repository.historyOf(m.id()).collectList().block(T);
    long observedId = history.getFirst().id();
    StepVerifier.create(
            subscribe("/v1/messages/" + hex(m.id()) + "/events", observedId).map(Seen::status))
        .expectNext("COMMITTED")
        .then(() -> ledger.attested(m.id()).block(T))
        .expectNext("ATTESTED")
        .then(() -> ledger.delivered(m.id()).block(T))
        .expectNext("DELIVERED")
        .expectComplete()
        .verify(T);
    long deliveredId = repository.historyOf(m.id()).blockLast(T).id();
    // Everything seen, message final: the stream ends at once.
    StepVerifier.create(subscribe("/v1/messages/" + hex(m.id()) + "/events", deliveredId))
        .expectComplete()
        .verify(T);
  }

  @Test
  void malformedLastEventIdIsAProblem() {
    client
        .get()
        .uri("/v1/events")
        .accept(MediaType.TEXT_EVENT_STREAM)
        .header("Last-Event-ID", "12abc")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("https://trestle.dev/problems/invalid-request")
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("Last-Event-ID"));
  }

  private static ObservationRow observation(NewMessage m) {
    return new ObservationRow(
        m.id(), m.sourceChainId(), 100, random(32), random(32), 3, 12, Instant.now());
  }
}
