package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.trestle.db.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link HeldConnections} against the embedded PostgreSQL. */
class HeldConnectionsTest {

  private static final Duration T = Duration.ofSeconds(20);
  private final TestDatabase t = TestDatabase.INSTANCE;
  private final HeldConnections held =
      new HeldConnections(
          ConnectionFactories.get(t.pg.r2dbcUrl(EmbeddedPostgres.DATABASE)),
          c ->
              Flux.from(c.createStatement("set application_name = 'held'").execute())
                  .flatMap(r -> r.getRowsUpdated())
                  .then());

  @AfterEach
  void close() {
    held.close();
  }

  private static Flux<Integer> backendPid(Connection c) {
    return Flux.from(c.createStatement("select pg_backend_pid()").execute())
        .flatMap(r -> r.map((row, meta) -> row.get(0, Integer.class)));
  }

  @Test
  void consecutiveStatementsShareOneConnectionSetUpOnce() {
    List<Integer> pids =
        Flux.range(0, 5)
            .concatMap(i -> held.run(HeldConnectionsTest::backendPid))
            .collectList()
            .block(T);
    assertThat(pids).hasSize(5).containsOnly(pids.getFirst());
    String name =
        held.run(
                c ->
                    Flux.from(c.createStatement("show application_name").execute())
                        .flatMap(r -> r.map((row, meta) -> row.get(0, String.class))))
            .blockLast(T);
    assertThat(name).isEqualTo("held");
    assertThat(held.opened()).isEqualTo(1);
    assertThat(held.idle()).isEqualTo(1);
  }

  @Test
  void concurrentStatementsOpenOneConnectionEach() {
    List<Integer> pids =
        Flux.range(0, 3)
            .flatMap(
                i ->
                    held.run(
                        c ->
                            Flux.from(c.createStatement("select pg_sleep(0.2)").execute())
                                .flatMap(r -> r.getRowsUpdated())
                                .thenMany(backendPid(c))))
            .collectList()
            .block(T);
    assertThat(pids).doesNotHaveDuplicates().hasSize(3);
    assertThat(held.opened()).isEqualTo(3);
    assertThat(held.idle()).isEqualTo(3);
  }

  @Test
  void aConnectionWhoseStatementFailedIsReplaced() {
    int first = held.run(HeldConnectionsTest::backendPid).blockLast(T);
    assertThatThrownBy(
            () ->
                held.run(
                        c ->
                            Flux.from(c.createStatement("select * from no_such_table").execute())
                                .flatMap(r -> r.getRowsUpdated()))
                    .blockLast(T))
        .hasMessageContaining("no_such_table");
    assertThat(held.retried()).as("a bad statement is not a connection failure").isZero();
    assertThat(held.idle()).isZero();
    int next = held.run(HeldConnectionsTest::backendPid).blockLast(T);
    assertThat(next).isNotEqualTo(first);
    assertThat(held.opened()).isEqualTo(2);
  }

  @Test
  void aConnectionTheServerClosedIsReplacedBeforeUse() {
    int first = held.run(HeldConnectionsTest::backendPid).blockLast(T);
    Boolean terminated =
        t.db
            .sql("select pg_terminate_backend($1)")
            .bind(0, first)
            .map(r -> r.get(0, Boolean.class))
            .one()
            .block(T);
    assertThat(terminated).isTrue();
    // The driver sees the closed socket shortly after the server ends the session.
    long deadline = System.nanoTime() + T.toNanos();
    Integer next = null;
    while (System.nanoTime() < deadline) {
      next =
          held.run(HeldConnectionsTest::backendPid).onErrorResume(e -> Mono.empty()).blockLast(T);
      if (next != null) {
        break;
      }
    }
    assertThat(next).isNotNull().isNotEqualTo(first);
  }

  @Test
  void aStatementWhoseSessionTheServerEndsRunsAgainOnANewConnection() {
    int first = held.run(HeldConnectionsTest::backendPid).blockLast(T);
    AtomicInteger attempts = new AtomicInteger();
    Mono<Integer> slowRead =
        held.run(
                c -> {
                  attempts.incrementAndGet();
                  return Flux.from(
                          c.createStatement("select pg_backend_pid(), pg_sleep(1)").execute())
                      .flatMap(r -> r.map((row, meta) -> row.get(0, Integer.class)));
                })
            .single();
    // Ends the session while its statement sleeps.
    Mono<Boolean> terminate =
        Mono.delay(Duration.ofMillis(300))
            .then(
                t.db
                    .sql("select pg_terminate_backend($1)")
                    .bind(0, first)
                    .map(r -> r.get(0, Boolean.class))
                    .one());
    var both = Mono.zip(slowRead, terminate).block(T);
    assertThat(both.getT2()).isTrue();
    assertThat(both.getT1()).as("served by another session").isNotEqualTo(first);
    assertThat(attempts).hasValue(2);
    assertThat(held.retried()).isEqualTo(1);
    assertThat(held.opened()).isEqualTo(2);
    assertThat(held.idle()).isEqualTo(1);
  }

  @Test
  void aConnectionFailureIsRetriedOnceAndOnlyBeforeTheFirstRow() {
    AtomicInteger attempts = new AtomicInteger();
    List<Integer> rows =
        held.run(
                c ->
                    attempts.incrementAndGet() == 1
                        ? Flux.error(new R2dbcNonTransientResourceException("cut"))
                        : backendPid(c))
            .collectList()
            .block(T);
    assertThat(rows).hasSize(1);
    assertThat(attempts).hasValue(2);

    attempts.set(0);
    assertThatThrownBy(
            () ->
                held.run(
                        c -> {
                          attempts.incrementAndGet();
                          return Flux.<Integer>error(
                              new R2dbcNonTransientResourceException("cut again"));
                        })
                    .blockLast(T))
        .hasMessageContaining("cut again");
    assertThat(attempts).as("once more, not in a loop").hasValue(2);

    attempts.set(0);
    assertThatThrownBy(
            () ->
                held.run(
                        c -> {
                          attempts.incrementAndGet();
                          return Flux.concat(
                              backendPid(c),
                              Flux.error(new R2dbcNonTransientResourceException("after a row")));
                        })
                    .blockLast(T))
        .hasMessageContaining("after a row");
    assertThat(attempts).as("a row was emitted: repeating would emit it twice").hasValue(1);
    assertThat(held.retried()).isEqualTo(2);
  }

  @Test
  void closedConnectionsRefuseStatements() {
    held.run(HeldConnectionsTest::backendPid).blockLast(T);
    held.close();
    assertThat(held.idle()).isZero();
    assertThatThrownBy(() -> held.run(HeldConnectionsTest::backendPid).blockLast(T))
        .hasMessageContaining("closed");
  }
}
