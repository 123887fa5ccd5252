package io.trestle.app.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.ValidationDepth;
import io.trestle.db.AuditLogRepository;
import io.trestle.db.BlockRepository;
import io.trestle.db.ChainRepository;
import io.trestle.db.DatabaseMigrations;
import io.trestle.db.DeliveryRepository;
import io.trestle.db.HeldConnections;
import io.trestle.db.MessageRepository;
import io.trestle.db.ReadCoalescer;
import io.trestle.db.embedded.EmbeddedPostgres;
import io.trestle.relayer.node.RelayerNodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The node's database: the external PostgreSQL of {@code trestle.db.url} (or {@code
 * spring.r2dbc.url}), else an embedded one. The schema is migrated before the connection factory is
 * handed out, so nothing sees an old schema.
 */
@Configuration(proxyBeanMethods = false)
@EnableR2dbcRepositories(basePackageClasses = AuditLogRepository.class)
public class DatabaseConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfiguration.class);

  /** Where the node's data lives: R2DBC and JDBC URLs with credentials. */
  public record DatabaseTarget(
      String r2dbcUrl, String jdbcUrl, String username, String password, boolean embedded) {}

  @Bean
  DatabaseTarget databaseTarget(
      TrestleProperties properties, Environment env, ObjectProvider<RelayerNodeConfig> node) {
    TrestleProperties.Db db = properties.db();
    String url = db.external() ? db.url() : env.getProperty("spring.r2dbc.url", "");
    if (!url.isBlank()) {
      String user = db.external() ? db.username() : env.getProperty("spring.r2dbc.username");
      String password = db.external() ? db.password() : env.getProperty("spring.r2dbc.password");
      String jdbc =
          db.jdbcUrl() != null && !db.jdbcUrl().isBlank()
              ? db.jdbcUrl()
              : url.replaceFirst("^r2dbc:(pool:)?postgres(ql)?:", "jdbc:postgresql:");
      LOG.info("Database: external PostgreSQL {}", jdbc);
      return new DatabaseTarget(url, jdbc, user, password, false);
    }
    // A relayer node keeps its consensus data across restarts, so its API history must be kept too:
    // without an explicit directory it lives in the node's data directory.
    RelayerNodeConfig relayer = node.getIfAvailable();
    Path dataDir =
        db.embeddedDataDir() != null
            ? db.embeddedDataDir()
            : relayer == null ? null : relayer.dataDir().resolve("postgres");
    EmbeddedPostgres pg =
        dataDir == null ? EmbeddedPostgres.shared() : EmbeddedPostgres.start(dataDir);
    LOG.info(
        "Database: embedded PostgreSQL on 127.0.0.1:{} (set trestle.db.url for an external one)",
        pg.port());
    return new DatabaseTarget(
        pg.r2dbcUrl(EmbeddedPostgres.DATABASE),
        pg.jdbcUrl(EmbeddedPostgres.DATABASE),
        EmbeddedPostgres.USER,
        "",
        true);
  }

  @Bean(destroyMethod = "dispose")
  ConnectionPool connectionFactory(
      DatabaseTarget target, TrestleProperties properties, ObjectProvider<RelayerNodeConfig> node) {
    int applied =
        DatabaseMigrations.migrate(target.jdbcUrl(), target.username(), target.password());
    if (applied > 0) {
      LOG.info("Database schema: applied {} migration(s)", applied);
    }
    Map<Long, String> chains = new LinkedHashMap<>();
    properties.chains().forEach(c -> chains.put(c.chainId(), c.name()));
    // Chains the relayer node watches are listed by the API too, named chain-<id> unless
    // trestle.chains names them.
    node.ifAvailable(
        n -> n.chains().forEach(c -> chains.putIfAbsent(c.chainId(), "chain-" + c.chainId())));
    if (!chains.isEmpty()) {
      DatabaseMigrations.registerChains(
          target.jdbcUrl(), target.username(), target.password(), chains);
    }
    return new ConnectionPool(
        ConnectionPoolConfiguration.builder(connectionFactoryOf(target, null))
            .initialSize(2)
            .maxSize(properties.db().poolSize())
            .maxAcquireTime(Duration.ofSeconds(10))
            .maxIdleTime(Duration.ofMinutes(5))
            // A connection is checked on every acquire: LOCAL asks the driver whether its socket is
            // open, where a validation query would cost a round trip to PostgreSQL per acquire
            // (doubling the round trips of a single-statement read). A connection the server has
            // closed fails its statement and is discarded by the pool.
            .validationDepth(ValidationDepth.LOCAL)
            .name("trestle")
            .build());
  }

  /**
   * The connections of the coalesced {@code GET /v1/messages/{id}} reads ({@code
   * trestle.db.by-id-reads-in-flight} of them, besides {@code trestle.db.pool-size}), kept open
   * ({@link HeldConnections}): API reads and the ledger's writes cannot take each other's
   * connections, a statement pays no pool acquire and release, and these sessions use generic plans
   * ({@code plan_cache_mode}, PostgreSQL 12+). The by-id statement binds an array of ids, which
   * PostgreSQL otherwise re-plans at every execution (a custom plan estimates the array's real
   * length and so always looks cheaper than the generic one); planning cost more than running it
   * (bridge-app/bench/PgCost.java). The generic plan is the same index lookups for any number of
   * ids. These sessions are named {@value #BY_ID_READS_APPLICATION} in {@code pg_stat_activity}.
   */
  @Bean(destroyMethod = "close")
  HeldConnections byIdReadConnections(ConnectionPool connectionFactory, DatabaseTarget target) {
    // connectionFactory is a parameter so that the schema is migrated before these connect.
    return new HeldConnections(
        connectionFactoryOf(target, BY_ID_READS_APPLICATION),
        c ->
            Flux.from(c.createStatement(GENERIC_PLANS).execute())
                .flatMap(Result::getRowsUpdated)
                .then()
                // Before PostgreSQL 12 (no such setting) the reads still work, and pay for
                // planning.
                .onErrorResume(
                    e -> {
                      LOG.warn("By-id reads keep custom plans: {}", e.getMessage());
                      return Mono.empty();
                    }));
  }

  static final String GENERIC_PLANS = "set plan_cache_mode = force_generic_plan";

  /** The {@code application_name} of the by-id read sessions. */
  public static final String BY_ID_READS_APPLICATION = "trestle-by-id-reads";

  /**
   * Connections to {@code target} with the settings every connection of the node shares, named
   * {@code applicationName} unless that is null (then as the URL or the driver names them).
   */
  private static ConnectionFactory connectionFactoryOf(
      DatabaseTarget target, String applicationName) {
    ConnectionFactoryOptions.Builder options =
        ConnectionFactoryOptions.parse(target.r2dbcUrl().replaceFirst("^r2dbc:pool:", "r2dbc:"))
            .mutate();
    if (target.username() != null) {
      options.option(ConnectionFactoryOptions.USER, target.username());
    }
    if (target.password() != null && !target.password().isEmpty()) {
      options.option(ConnectionFactoryOptions.PASSWORD, target.password());
    }
    // Results in PostgreSQL's binary format: bytea, timestamptz and arrays are then copied rather
    // than parsed from hex and text (the hot part of decoding a message with its history).
    // Prepared statements are cached per connection by the driver (preparedStatementCacheQueries,
    // unbounded by default).
    options.option(Option.valueOf("forceBinary"), true);
    if (applicationName != null) {
      options.option(Option.valueOf("applicationName"), applicationName);
    }
    return ConnectionFactories.get(options.build());
  }

  @Bean
  TransactionalOperator transactionalOperator(ReactiveTransactionManager transactions) {
    return TransactionalOperator.create(transactions);
  }

  @Bean
  MessageRepository messageRepository(
      DatabaseClient db,
      HeldConnections byIdReadConnections,
      TransactionalOperator tx,
      TrestleProperties properties,
      MeterRegistry meters) {
    MessageRepository messages =
        new MessageRepository(db, byIdReadConnections, tx, properties.db().byIdReadsInFlight());
    ReadCoalescer<?, ?> reads = messages.byIdReads();
    FunctionCounter.builder("trestle.db.by-id-reads.statements", reads, ReadCoalescer::batchesSent)
        .description("Statements reading messages by id; reads waiting together share one")
        .register(meters);
    FunctionCounter.builder(
            "trestle.db.by-id-reads.connections-opened",
            byIdReadConnections,
            HeldConnections::opened)
        .description(
            "Connections opened for those statements: one per statement in flight, and one more"
                + " for each replaced after a failure")
        .register(meters);
    FunctionCounter.builder(
            "trestle.db.by-id-reads.retried", byIdReadConnections, HeldConnections::retried)
        .description(
            "Those statements run again on a new connection after theirs failed (the server ended"
                + " the session, a cut socket) before any row")
        .register(meters);
    FunctionCounter.builder("trestle.db.by-id-reads.ids", reads, ReadCoalescer::keysSent)
        .description("Distinct ids read by those statements (ids / statements = mean batch)")
        .register(meters);
    return messages;
  }

  @Bean
  BlockRepository blockRepository(
      DatabaseClient db, TransactionalOperator tx, MessageRepository messages) {
    return new BlockRepository(db, tx, messages);
  }

  @Bean
  ChainRepository chainRepository(DatabaseClient db) {
    return new ChainRepository(db);
  }

  @Bean
  DeliveryRepository deliveryRepository(
      DatabaseClient db, TransactionalOperator tx, MessageRepository messages) {
    return new DeliveryRepository(db, tx, messages);
  }
}
