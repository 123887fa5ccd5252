package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.trestle.db.embedded.EmbeddedPostgres;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.StatusChange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@link MessageRepository#findWithHistory} reads what findById and historyOf read, in one go. */
class MessageWithHistoryTest {

  private static final Duration T = Duration.ofSeconds(20);
  private final TestDatabase t = TestDatabase.INSTANCE;

  @Test
  void equalsTheRowAndItsHistoryReadSeparately() {
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    t.messages.transition(m.id(), MessageStatus.OBSERVED, MessageStatus.COMMITTED, null).block(T);
    t.messages
        .transition(m.id(), MessageStatus.COMMITTED, MessageStatus.DELAYED, "held \"over\" limit")
        .block(T);

    MessageWithHistory both = t.messages.findWithHistory(m.id()).block(T);
    MessageRow row = t.messages.findById(m.id()).block(T);
    List<StatusChange> history = t.messages.historyOf(m.id()).collectList().block(T);

    assertThat(both.message()).usingRecursiveComparison().isEqualTo(row);
    assertThat(both.history())
        .hasSize(3)
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(history);
    assertThat(both.history())
        .extracting(StatusChange::status)
        .containsExactly(MessageStatus.OBSERVED, MessageStatus.COMMITTED, MessageStatus.DELAYED);
    assertThat(both.history().get(0).reason()).isNull();
    assertThat(both.history().get(2).reason()).isEqualTo("held \"over\" limit");
    assertThat(both.history().get(2).at()).isEqualTo(history.get(2).at()).isNotNull();
  }

  @Test
  void returnsEveryConnectionToThePool() {
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    ConnectionFactories.get(t.pg.r2dbcUrl(EmbeddedPostgres.DATABASE)))
                .initialSize(0)
                .maxSize(2)
                .maxAcquireTime(Duration.ofSeconds(5))
                .build());
    try {
      MessageRepository messages = new MessageRepository(DatabaseClient.create(pool), t.tx);
      // Found, not found, and cancelled before the row arrives: 3 x 20 reads through 2
      // connections, 8 at a time; a leaked connection would make the later reads time out.
      List<Long> found =
          Flux.range(0, 60)
              .flatMap(
                  i ->
                      switch (i % 3) {
                        case 0 -> messages.findWithHistory(m.id()).map(w -> w.message().seq());
                        case 1 -> messages.findWithHistory(RepositoryTest.random(32)).map(w -> 0L);
                        default ->
                            messages
                                .findWithHistory(m.id())
                                .take(Duration.ZERO)
                                .map(w -> w.message().seq());
                      },
                  8)
              .collectList()
              .block(T);
      assertThat(found).hasSizeBetween(20, 40).allMatch(seq -> seq > 0);
      // A cancelled read returns its connection asynchronously.
      long deadline = System.nanoTime() + T.toNanos();
      while (pool.getMetrics().orElseThrow().acquiredSize() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isZero();
      assertThat(messages.findWithHistory(m.id()).block(T)).isNotNull();
    } finally {
      pool.dispose();
    }
  }

  @Test
  void sameResultsUnderGenericPlans() {
    // The node's by-id sessions use generic plans (plan_cache_mode); PostgreSQL switches a prepared
    // statement to its generic plan from the sixth execution on, so read more often than that.
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    t.messages.transition(m.id(), MessageStatus.OBSERVED, MessageStatus.COMMITTED, null).block(T);
    t.messages.transition(m.id(), MessageStatus.COMMITTED, MessageStatus.ATTESTED, "r").block(T);
    List<StatusChange> history = t.messages.historyOf(m.id()).collectList().block(T);
    try (HeldConnections held =
        new HeldConnections(
            ConnectionFactories.get(t.pg.r2dbcUrl(EmbeddedPostgres.DATABASE)),
            c ->
                Flux.from(c.createStatement("set plan_cache_mode = force_generic_plan").execute())
                    .flatMap(r -> r.getRowsUpdated())
                    .then())) {
      MessageRepository messages = new MessageRepository(t.db, held, t.tx, 1);
      assertThat(
              held.run(
                      c ->
                          Flux.from(c.createStatement("show plan_cache_mode").execute())
                              .flatMap(r -> r.map((row, meta) -> row.get(0, String.class))))
                  .blockLast(T))
          .isEqualTo("force_generic_plan");
      for (int i = 0; i < 8; i++) {
        MessageWithHistory read = messages.findWithHistory(m.id()).block(T);
        assertThat(read.history()).usingRecursiveFieldByFieldElementComparator().isEqualTo(history);
        assertThat(messages.findWithHistory(RepositoryTest.random(32)).block(T)).isNull();
      }
      // One statement in flight at a time: one connection, kept throughout.
      assertThat(held.opened()).isEqualTo(1);
    }
  }

  @Test
  void historyIsOldestFirstWhateverOrderTheAggregatesCameIn() {
    // PostgreSQL aggregates the history in its index's order, which it does not promise: the
    // decoder sorts by change id when the arrays are out of order, keeping each change's fields.
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    MessageRow row = t.messages.findById(m.id()).block(T);
    Object[] columns = {
      row.id(),
      row.seq(),
      row.sourceChainId(),
      row.sourceGateway(),
      row.nonce(),
      row.sender(),
      row.destChainId(),
      row.recipient(),
      row.payload(),
      row.status().name(),
      row.statusReason(),
      row.blockHeight(),
      row.leafIndex(),
      row.merklePath(),
      null,
      null,
      new Long[] {9L, 7L, 8L},
      new String[] {"ATTESTED", "OBSERVED", "COMMITTED"},
      new String[] {"c", null, "b"},
      new java.time.OffsetDateTime[] {null, null, null}
    };
    io.r2dbc.spi.Readable readable =
        new io.r2dbc.spi.Readable() {
          @Override
          public <T> T get(int index, Class<T> type) {
            return type.cast(columns[index]);
          }

          @Override
          public <T> T get(String name, Class<T> type) {
            throw new UnsupportedOperationException(name);
          }
        };
    MessageWithHistory decoded = MessageReads.withHistory(readable);
    assertThat(decoded.history()).extracting(StatusChange::id).containsExactly(7L, 8L, 9L);
    assertThat(decoded.history())
        .extracting(StatusChange::status)
        .containsExactly(MessageStatus.OBSERVED, MessageStatus.COMMITTED, MessageStatus.ATTESTED);
    assertThat(decoded.history()).extracting(StatusChange::reason).containsExactly(null, "b", "c");
  }

  @Test
  void unknownIdIsEmpty() {
    StepVerifier.create(t.messages.findWithHistory(RepositoryTest.random(32)))
        .expectComplete()
        .verify(T);
  }
}
