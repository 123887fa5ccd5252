package io.trestle.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.trestle.db.embedded.EmbeddedPostgres;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link MessageRepository#findWithHistory} under concurrent reads, against the embedded database:
 * reads share statements, each still gets its own message, and a read that starts after a write
 * completed sees it even while statements that started before the write are in flight.
 */
class CoalescedFindWithHistoryTest {

  private static final Duration T = Duration.ofSeconds(30);
  private final TestDatabase t = TestDatabase.INSTANCE;

  private NewMessage stored() {
    NewMessage m = RepositoryTest.message(RepositoryTest.random(20));
    t.messages.observe(m, RepositoryTest.observation(m)).block(T);
    return m;
  }

  @Test
  void concurrentReadsShareStatementsAndEachGetsItsOwnMessage() {
    MessageRepository messages = new MessageRepository(t.db, t.tx, 2);
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(stored().id());
    }
    for (int i = 0; i < 10; i++) {
      ids.add(RepositoryTest.random(32));
    }

    List<Boolean> correct =
        Flux.range(0, 600)
            .flatMap(
                i -> {
                  byte[] id = ids.get(i % ids.size());
                  boolean known = i % ids.size() < 30;
                  return messages
                      .findWithHistory(id)
                      .map(w -> Optional.of(w))
                      .defaultIfEmpty(Optional.empty())
                      .map(
                          w ->
                              known
                                  ? w.isPresent()
                                      && Arrays.equals(w.get().message().id(), id)
                                      && w.get().history().size() == 1
                                  : w.isEmpty());
                },
                64)
            .collectList()
            .block(T);

    assertThat(correct).hasSize(600).containsOnly(true);
    long statements = messages.byIdReads().batchesSent();
    assertThat(statements).as("statements for 600 reads").isBetween(1L, 599L);
    assertThat(messages.byIdReads().keysSent()).isBetween(statements + 1, 600L);
  }

  @Test
  void aReadAfterAWriteSeesItWhileEarlierReadsAreInFlight() {
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    ConnectionFactories.get(t.pg.r2dbcUrl(EmbeddedPostgres.DATABASE)))
                .maxSize(4)
                .build());
    try {
      readsAfterWrites(
          new MessageRepository(
              DatabaseClient.create(pool),
              TransactionalOperator.create(new R2dbcTransactionManager(pool)),
              2));
    } finally {
      pool.dispose();
    }
  }

  private void readsAfterWrites(MessageRepository messages) {
    NewMessage m = stored();
    t.messages.transition(m.id(), MessageStatus.OBSERVED, MessageStatus.COMMITTED, null).block(T);
    MessageStatus status = MessageStatus.COMMITTED;
    for (int round = 0; round < 200; round++) {
      // Reads of the message that start before the write, still in flight or queued when the
      // write completes.
      Mono<List<MessageWithHistory>> earlier =
          Flux.range(0, 16).flatMap(i -> messages.findWithHistory(m.id())).collectList().cache();
      earlier.subscribe();
      MessageStatus next =
          status == MessageStatus.COMMITTED ? MessageStatus.DELAYED : MessageStatus.COMMITTED;
      messages.transition(m.id(), status, next, null).block(T);
      status = next;

      MessageWithHistory after = messages.findWithHistory(m.id()).block(T);

      assertThat(after.message().status()).as("round %d", round).isEqualTo(next);
      assertThat(after.history()).hasSize(round + 3);
      assertThat(earlier.block(T)).hasSize(16);
    }
  }
}
