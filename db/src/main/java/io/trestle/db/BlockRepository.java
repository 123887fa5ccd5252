package io.trestle.db;

import io.r2dbc.spi.Readable;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.StatusChange;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Committed blocks and committees. */
public final class BlockRepository {

  private static final String COLUMNS =
      "height, block_hash, epoch, view, parent_hash, payload_root, message_count, proposer,"
          + " timestamp_ms, header, commit_qc, committed_at";

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final MessageRepository messages;

  public BlockRepository(DatabaseClient db, TransactionalOperator tx, MessageRepository messages) {
    this.db = db;
    this.tx = tx;
    this.messages = messages;
  }

  /**
   * Stores a committed block and moves each of its messages from OBSERVED to COMMITTED with its
   * leaf position and Merkle path, all in one transaction. A leaf that carries its message inserts
   * it first when this node has not observed it (an OBSERVED entry with the reason "first seen in
   * block h", so the history keeps the life cycle's order); a leaf without one whose message is
   * unknown is skipped (the block is still stored).
   *
   * <p>Idempotent: committing a block already stored under the same hash again only completes the
   * leaves still OBSERVED. A different block at a stored height fails with {@link
   * ConflictingBlockException} and changes nothing (two commits at one height mean a fork).
   *
   * @return the status changes made, in history order
   */
  public Flux<StatusChange> commit(BlockRow b, List<CommittedLeaf> leaves) {
    Mono<Long> insert =
        db.sql(
                "insert into blocks (height, block_hash, epoch, view, parent_hash, payload_root,"
                    + " message_count, proposer, timestamp_ms, header, commit_qc) values ($1, $2,"
                    + " $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (height) do nothing")
            .bind(0, b.height())
            .bind(1, b.blockHash())
            .bind(2, b.epoch())
            .bind(3, b.view())
            .bind(4, b.parentHash())
            .bind(5, b.payloadRoot())
            .bind(6, b.messageCount())
            .bind(7, b.proposer())
            .bind(8, b.timestampMs())
            .bind(9, b.header())
            .bind(10, b.commitQc())
            .fetch()
            .rowsUpdated();
    Mono<Void> stored =
        insert.flatMap(
            inserted ->
                inserted > 0
                    ? Mono.<Void>empty()
                    : db.sql("select block_hash from blocks where height = $1")
                        .bind(0, b.height())
                        .map(r -> r.get(0, byte[].class))
                        .one()
                        .flatMap(
                            existing ->
                                java.util.Arrays.equals(existing, b.blockHash())
                                    ? Mono.<Void>empty()
                                    : Mono.error(
                                        new ConflictingBlockException(
                                            b.height(), existing, b.blockHash()))));
    Flux<StatusChange> changes =
        Flux.fromIterable(leaves)
            .concatMap(
                leaf ->
                    (leaf.message() == null
                            ? Flux.<StatusChange>empty()
                            : messages
                                .insertIfAbsent(leaf.message(), "first seen in block " + b.height())
                                .flux())
                        .concatWith(
                            db.sql(
                                    "update messages set block_height = $2, leaf_index = $3,"
                                        + " merkle_path = $4 where id = $1 and status = 'OBSERVED'"
                                        + " returning id")
                                .bind(0, leaf.messageId())
                                .bind(1, b.height())
                                .bind(2, leaf.leafIndex())
                                .bind(3, leaf.merklePath())
                                .map(r -> r.get(0, byte[].class))
                                .one()
                                .flatMap(
                                    id ->
                                        messages.transitionInTx(
                                            id,
                                            MessageStatus.OBSERVED,
                                            MessageStatus.COMMITTED,
                                            null))));
    return stored.thenMany(changes).as(tx::transactional);
  }

  /** The block at {@code height}, or empty. */
  public Mono<BlockRow> findByHeight(long height) {
    return db.sql("select " + COLUMNS + " from blocks where height = $1")
        .bind(0, height)
        .map(BlockRepository::block)
        .one();
  }

  /** The stored blocks of heights {@code from..to} (both included), in height order. */
  public Flux<BlockRow> findRange(long from, long to) {
    return db.sql(
            "select " + COLUMNS + " from blocks where height between $1 and $2 order by height")
        .bind(0, from)
        .bind(1, to)
        .map(BlockRepository::block)
        .all();
  }

  /**
   * The highest {@code h} such that every block of heights 1..h is stored (0 when block 1 is not):
   * where a replay of the node's committed blocks into this database starts. Blocks stored above a
   * gap do not count, so a database that missed some commits (or was lost) gets all of them back.
   */
  public Mono<Long> contiguousHeight() {
    return db.sql(
            "select case when not exists (select 1 from blocks where height = 1) then 0 else"
                + " (select min(b.height) from blocks b where not exists"
                + " (select 1 from blocks c where c.height = b.height + 1)) end")
        .map(r -> r.get(0, Long.class))
        .one();
  }

  /** The highest committed block, or empty before the first commit. */
  public Mono<BlockRow> latest() {
    return db.sql("select " + COLUMNS + " from blocks order by height desc limit 1")
        .map(BlockRepository::block)
        .one();
  }

  /** Ids of the block's messages known here, in leaf order. */
  public Flux<byte[]> messageIds(long height) {
    return db.sql("select id from messages where block_height = $1 order by leaf_index")
        .bind(0, height)
        .map(r -> r.get(0, byte[].class))
        .all();
  }

  /** Stores (or replaces) the committee of an epoch. */
  public Mono<Void> saveCommittee(CommitteeRow c) {
    return db.sql(
            "insert into committees (epoch, committee_id, activation_height, committee) values"
                + " ($1, $2, $3, $4) on conflict (epoch) do update set committee_id ="
                + " excluded.committee_id, activation_height = excluded.activation_height,"
                + " committee = excluded.committee")
        .bind(0, c.epoch())
        .bind(1, c.committeeId())
        .bind(2, c.activationHeight())
        .bind(3, c.committee())
        .then();
  }

  /** The committee of {@code epoch}, or empty. */
  public Mono<CommitteeRow> committee(long epoch) {
    return db.sql(
            "select epoch, committee_id, activation_height, committee from committees"
                + " where epoch = $1")
        .bind(0, epoch)
        .map(BlockRepository::committeeRow)
        .one();
  }

  /** The committee of the highest known epoch, or empty. */
  public Mono<CommitteeRow> currentCommittee() {
    return db.sql(
            "select epoch, committee_id, activation_height, committee from committees"
                + " order by epoch desc limit 1")
        .map(BlockRepository::committeeRow)
        .one();
  }

  static BlockRow block(Readable r) {
    return new BlockRow(
        r.get("height", Long.class),
        r.get("block_hash", byte[].class),
        r.get("epoch", Long.class),
        r.get("view", Long.class),
        r.get("parent_hash", byte[].class),
        r.get("payload_root", byte[].class),
        r.get("message_count", Integer.class),
        r.get("proposer", Integer.class),
        r.get("timestamp_ms", Long.class),
        r.get("header", byte[].class),
        r.get("commit_qc", byte[].class),
        MessageRepository.instant(r, "committed_at"));
  }

  static CommitteeRow committeeRow(Readable r) {
    return new CommitteeRow(
        r.get("epoch", Long.class),
        r.get("committee_id", byte[].class),
        r.get("activation_height", Long.class),
        r.get("committee", byte[].class));
  }
}
