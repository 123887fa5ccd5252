package io.trestle.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.trestle.app.config.DatabaseConfiguration;
import io.trestle.app.service.MessageCache;
import io.trestle.db.HeldConnections;
import io.trestle.db.model.NewMessage;
import io.trestle.proto.api.v1.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
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
  @Autowired DatabaseClient db;
  @Autowired ConnectionPool pool;

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

  private Message read(WebClient web, NewMessage m) {
    return web.get()
        .uri("/v1/messages/" + hex(m.id()))
        .accept(PROTOBUF)
        .retrieve()
        .bodyToMono(byte[].class)
        .map(ConcurrentMessageReadsTest::parse)
        .block(T);
  }

  @Test
  void byIdReadsOutliveTheEndOfTheirDatabaseSessions() {
    NewMessage m = observe(31337, random(20));
    WebClient web = WebClient.create("http://127.0.0.1:" + port);
    assertThat(read(web, m).getId()).isEqualTo(hex(m.id()));
    cache.invalidate(m.id());
    long openedBefore = byIdReads.opened();
    // What a PostgreSQL restart, an administrator or a firewall cutting idle sockets does to them.
    assertThat(byIdSessions("count(*) filter (where pg_terminate_backend(pid))", "true"))
        .isPositive();
    for (int i = 0; i < 5; i++) {
      // Each read answers at once: a dead session is replaced before use or, if the driver has
      // not seen it close yet, its statement runs again on a new one.
      assertThat(read(web, m).getHistoryList()).hasSize(1);
      cache.invalidate(m.id());
    }
    assertThat(byIdReads.opened()).isGreaterThan(openedBefore);
  }

  @Test
  void aByIdReadWhoseSessionEndsMidStatementIsStillAnswered() throws InterruptedException {
    NewMessage m = observe(31337, random(20));
    WebClient web = WebClient.create("http://127.0.0.1:" + port);
    double retriedBefore = counter("trestle.db.by-id-reads.retried");
    // A transaction holding the history table makes the by-id statement wait inside PostgreSQL.
    Connection locker = Mono.from(pool.create()).block(T);
    try {
      execute(locker, "begin");
      execute(locker, "lock table message_status_history in access exclusive mode");
      Mono<Message> pending = Mono.fromSupplier(() -> read(web, m)).cache();
      pending.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).subscribe();
      int waiting = awaitByIdSessionsWaitingForTheLock(1);
      assertThat(byIdSessions("count(*) filter (where pg_terminate_backend(pid))", WAITING))
          .isEqualTo(waiting);
      // The statement runs again on a new session, which waits for the lock in turn.
      awaitByIdSessionsWaitingForTheLock(1);
      execute(locker, "commit");
      assertThat(pending.block(T).getHistoryList()).hasSize(1);
    } finally {
      Mono.from(locker.close()).block(T);
    }
    assertThat(counter("trestle.db.by-id-reads.retried") - retriedBefore).isEqualTo(1);
  }

  private static void execute(Connection c, String sql) {
    Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).blockLast(T);
  }

  private static final String WAITING = "wait_event_type = 'Lock'";

  /** {@code aggregate} over the by-id read sessions that match {@code condition}. */
  private long byIdSessions(String aggregate, String condition) {
    return db.sql(
            "select "
                + aggregate
                + " from pg_stat_activity where application_name = $1 and "
                + condition)
        .bind(0, DatabaseConfiguration.BY_ID_READS_APPLICATION)
        .map(r -> r.get(0, Long.class))
        .one()
        .block(T);
  }

  /** Waits until at least {@code n} by-id sessions wait for a lock; returns how many. */
  private int awaitByIdSessionsWaitingForTheLock(int n) throws InterruptedException {
    long deadline = System.nanoTime() + T.toNanos();
    while (System.nanoTime() < deadline) {
      long waiting = byIdSessions("count(*)", WAITING);
      if (waiting >= n) {
        return (int) waiting;
      }
      Thread.sleep(Duration.ofMillis(20));
    }
    throw new AssertionError("no by-id session waits for the lock");
  }

  @Test
  void byIdReadsRunOnTheirOwnConnectionsWithGenericPlans() {
    NewMessage m = observe(31337, random(20));
    long openedBefore = byIdReads.opened();
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
      assertThat(read(web, m).getHistoryList()).hasSize(1);
      cache.invalidate(m.id());
    }
    assertThat(counter("trestle.db.by-id-reads.statements") - statementsBefore).isEqualTo(7);
    // One connection per statement in flight (at most 2), kept: none was replaced.
    assertThat(byIdReads.opened() - openedBefore).isBetween(0L, 2L);
  }
}
