package io.trestle.db;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * Applies the schema migrations in {@code classpath:db/migration} (Flyway, over JDBC: the only JDBC
 * use in Trestle). Idempotent; refuses a database whose applied migrations differ from ours.
 */
public final class DatabaseMigrations {

  private DatabaseMigrations() {}

  /**
   * Migrates the database to the latest schema version.
   *
   * @return number of migrations applied now (0 when already up to date)
   */
  public static int migrate(String jdbcUrl, String user, String password) {
    return Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  /**
   * Makes sure each configured chain ({@code chainId -> name}) has a cursor row, keeping the
   * position of known ones. Runs at start-up, before the node serves anything.
   *
   * @throws IllegalStateException when the database refuses the rows
   */
  public static void registerChains(
      String jdbcUrl, String user, String password, Map<Long, String> chains) {
    try (var c = DriverManager.getConnection(jdbcUrl, user, password);
        var s =
            c.prepareStatement(
                "insert into chain_cursors (chain_id, name) values (?, ?)"
                    + " on conflict (chain_id) do update set name = excluded.name")) {
      for (var e : chains.entrySet()) {
        s.setLong(1, e.getKey());
        s.setString(2, e.getValue());
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot register chains " + chains + ": " + e, e);
    }
  }
}
