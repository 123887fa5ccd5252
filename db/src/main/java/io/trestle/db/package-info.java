/**
 * Persistence of a Trestle node: Flyway migrations ({@code db/migration}), R2DBC repositories over
 * {@link org.springframework.r2dbc.core.DatabaseClient} with transactional multi-table writes, and
 * the embedded PostgreSQL launcher used when no external database is configured.
 */
package io.trestle.db;
