package io.trestle.db;

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
}
