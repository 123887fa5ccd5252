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
  void unknownIdIsEmpty() {
    StepVerifier.create(t.messages.findWithHistory(RepositoryTest.random(32)))
        .expectComplete()
        .verify(T);
  }
}
