package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.trestle.app.service.QueryService;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.proto.api.v1.Message;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every write path that changes a message or its history, taken after the message's resource was
 * cached (a second GET counted as a cache hit proves it was): the next GET shows the write, in both
 * representations. Ledger writes are the relayer node's ({@code LedgerWriter} calls the same port);
 * admin actions go over HTTP.
 */
class MessageCacheInvalidationTest extends ApiTestBase {

  @Autowired MeterRegistry meters;
  @Autowired QueryService query;

  private double hits() {
    return meters.counter("trestle.api.cache.requests", "result", "hit").count();
  }

  private Message getJson(NewMessage m) {
    byte[] body =
        client
            .get()
            .uri("/v1/messages/" + hex(m.id()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    try {
      Message.Builder b = Message.newBuilder();
      com.google.protobuf.util.JsonFormat.parser()
          .merge(new String(body, java.nio.charset.StandardCharsets.UTF_8), b);
      return b.build();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private Message getProtobuf(NewMessage m) {
    byte[] body =
        client
            .get()
            .uri("/v1/messages/" + hex(m.id()))
            .header("Accept", "application/x-protobuf")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    try {
      return Message.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Caches both representations of {@code m} (asserting the second reads hit) in {@code status}.
   */
  private void cached(NewMessage m, Message.Status status) {
    Message json = getJson(m);
    Message protobuf = getProtobuf(m);
    double before = hits();
    assertThat(getJson(m)).isEqualTo(json);
    assertThat(getProtobuf(m)).isEqualTo(protobuf);
    assertThat(hits() - before).isEqualTo(2);
    assertThat(json.getStatus()).isEqualTo(status);
    assertThat(protobuf).isEqualTo(json);
  }

  /** Both representations show {@code status} with {@code historySize} changes. */
  private void fresh(NewMessage m, Message.Status status, int historySize) {
    // The database has the write (so a stale cache, not a missing write, would fail below).
    assertThat(query.messageWithHistory(m.id()).block(T).message().status().name())
        .as("in the database")
        .isEqualTo(status.name());
    for (Message r : List.of(getJson(m), getProtobuf(m))) {
      assertThat(r.getStatus()).isEqualTo(status);
      assertThat(r.getHistoryCount()).isEqualTo(historySize);
      assertThat(r.getHistory(historySize - 1).getStatus()).isEqualTo(status);
    }
  }

  private void admin(String action, NewMessage m) {
    client
        .post()
        .uri("/admin/v1/messages/" + hex(m.id()) + "/" + action)
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk();
  }

  private NewMessage committed() {
    NewMessage m = observe(31337, random(20));
    commit(List.of(m));
    return m;
  }

  @Test
  void unknownMessageIsNotCachedAsAbsent() {
    NewMessage m = newMessage(31337, random(20));
    for (int i = 0; i < 2; i++) {
      client.get().uri("/v1/messages/" + hex(m.id())).exchange().expectStatus().isNotFound();
    }
    ledger
        .observed(
            m, new ObservationRow(m.id(), 31337, 100, random(32), random(32), 3, 12, Instant.now()))
        .block(T);
    fresh(m, Message.Status.OBSERVED, 1);
  }

  @Test
  void blockCommit() {
    NewMessage m = observe(31337, random(20));
    cached(m, Message.Status.OBSERVED);
    long height = commit(List.of(m));
    fresh(m, Message.Status.COMMITTED, 2);
    assertThat(getJson(m).getBlockHeight()).isEqualTo(height);
  }

  @Test
  void attested() {
    NewMessage m = committed();
    cached(m, Message.Status.COMMITTED);
    ledger.attested(m.id()).block(T);
    fresh(m, Message.Status.ATTESTED, 3);
  }

  @Test
  void delivered() {
    NewMessage m = committed();
    ledger.attested(m.id()).block(T);
    cached(m, Message.Status.ATTESTED);
    ledger.delivered(m.id()).block(T);
    fresh(m, Message.Status.DELIVERED, 4);
  }

  @Test
  void deliveredWithTransaction() {
    NewMessage m = committed();
    ledger.attested(m.id()).block(T);
    cached(m, Message.Status.ATTESTED);
    ledger.delivered(m.id(), 31338, random(32)).block(T);
    fresh(m, Message.Status.DELIVERED, 4);
  }

  @Test
  void failedThenDeliveredByALaterAttempt() {
    NewMessage m = committed();
    ledger.attested(m.id()).block(T);
    cached(m, Message.Status.ATTESTED);
    ledger.failed(m.id(), 31338, "execution reverted").block(T);
    fresh(m, Message.Status.FAILED, 4);
    assertThat(getJson(m).getStatusReason()).isEqualTo("execution reverted");
    cached(m, Message.Status.FAILED);
    ledger.delivered(m.id(), 31338, random(32)).block(T);
    fresh(m, Message.Status.DELIVERED, 6);
  }

  @Test
  void delayedThenAttestedReleasesByGovernor() {
    NewMessage m = committed();
    cached(m, Message.Status.COMMITTED);
    ledger.delayed(m.id(), 31338, null, BigDecimal.ONE, Instant.now().plusSeconds(3600)).block(T);
    fresh(m, Message.Status.DELAYED, 3);
    cached(m, Message.Status.DELAYED);
    ledger.attested(m.id()).block(T);
    fresh(m, Message.Status.ATTESTED, 5);
  }

  @Test
  void adminRelease() {
    NewMessage m = committed();
    ledger.delayed(m.id(), 31338, null, BigDecimal.ONE, Instant.now().plusSeconds(3600)).block(T);
    cached(m, Message.Status.DELAYED);
    admin("release", m);
    fresh(m, Message.Status.COMMITTED, 4);
  }

  @Test
  void adminRetry() {
    NewMessage m = committed();
    ledger.attested(m.id()).block(T);
    ledger.failed(m.id(), 31338, "execution reverted").block(T);
    cached(m, Message.Status.FAILED);
    admin("retry", m);
    fresh(m, Message.Status.ATTESTED, 5);
  }
}
