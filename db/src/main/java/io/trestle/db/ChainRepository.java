package io.trestle.db;

import io.r2dbc.spi.Readable;
import io.trestle.db.model.ChainCursorRow;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Per-chain watcher cursors and pause switches. */
public final class ChainRepository {

  private final DatabaseClient db;

  public ChainRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Makes sure a configured chain has a row (keeps its position; updates its name). */
  public Mono<Void> register(long chainId, String name) {
    return db.sql(
            "insert into chain_cursors (chain_id, name) values ($1, $2)"
                + " on conflict (chain_id) do update set name = excluded.name")
        .bind(0, chainId)
        .bind(1, name)
        .then();
  }

  /** Every known chain, by chain id. */
  public Flux<ChainCursorRow> findAll() {
    return db.sql(
            "select chain_id, name, head, confirmed_height, last_block_hash, paused, updated_at"
                + " from chain_cursors order by chain_id")
        .map(ChainRepository::row)
        .all();
  }

  /** The chain's row, or empty. */
  public Mono<ChainCursorRow> find(long chainId) {
    return db.sql(
            "select chain_id, name, head, confirmed_height, last_block_hash, paused, updated_at"
                + " from chain_cursors where chain_id = $1")
        .bind(0, chainId)
        .map(ChainRepository::row)
        .one();
  }

  /**
   * Records the watcher's new position. Heights never move backwards here: a re-org rewinds the
   * watcher, not the reported head.
   */
  public Mono<Void> advance(long chainId, long head, long confirmedHeight, byte[] lastBlockHash) {
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
                "update chain_cursors set head = greatest(head, $2), confirmed_height ="
                    + " greatest(confirmed_height, $3), last_block_hash = $4, updated_at = now()"
                    + " where chain_id = $1")
            .bind(0, chainId)
            .bind(1, head)
            .bind(2, confirmedHeight);
    spec = lastBlockHash == null ? spec.bindNull(3, byte[].class) : spec.bind(3, lastBlockHash);
    return spec.then();
  }

  /**
   * Sets the pause switch.
   *
   * @return true when the chain exists (whether or not the switch changed)
   */
  public Mono<Boolean> setPaused(long chainId, boolean paused) {
    return db.sql("update chain_cursors set paused = $2, updated_at = now() where chain_id = $1")
        .bind(0, chainId)
        .bind(1, paused)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  static ChainCursorRow row(Readable r) {
    return new ChainCursorRow(
        r.get("chain_id", Long.class),
        r.get("name", String.class),
        r.get("head", Long.class),
        r.get("confirmed_height", Long.class),
        r.get("last_block_hash", byte[].class),
        r.get("paused", Boolean.class),
        MessageRepository.instant(r, "updated_at"));
  }
}
