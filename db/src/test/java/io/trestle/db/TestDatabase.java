package io.trestle.db;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.trestle.db.embedded.EmbeddedPostgres;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** One migrated embedded database per test JVM, and repositories over it. */
final class TestDatabase {

  static final TestDatabase INSTANCE = new TestDatabase();

  final EmbeddedPostgres pg = EmbeddedPostgres.shared();
  final int migrated;
  final DatabaseClient db;
  final TransactionalOperator tx;
  final MessageRepository messages;
  final BlockRepository blocks;
  final ChainRepository chains;
  final DeliveryRepository deliveries;

  private TestDatabase() {
    migrated =
        DatabaseMigrations.migrate(
            pg.jdbcUrl(EmbeddedPostgres.DATABASE), EmbeddedPostgres.USER, "");
    ConnectionFactory cf = ConnectionFactories.get(pg.r2dbcUrl(EmbeddedPostgres.DATABASE));
    db = DatabaseClient.create(cf);
    tx = TransactionalOperator.create(new R2dbcTransactionManager(cf));
    messages = new MessageRepository(db, tx);
    blocks = new BlockRepository(db, tx, messages);
    chains = new ChainRepository(db);
    deliveries = new DeliveryRepository(db, tx, messages);
  }
}
