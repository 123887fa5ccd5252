package io.trestle.db;

import io.r2dbc.spi.Readable;
import io.trestle.db.model.MessageFilter;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.db.model.StatusChange;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Messages, their status history and observations. Every status change updates the row and appends
 * to the history in one transaction, and only along {@link MessageStatus#next()}: a change from a
 * status the message is no longer in affects nothing and yields an empty result.
 */
public final class MessageRepository {

  static final String COLUMNS =
      "id, seq, source_chain_id, source_gateway, nonce, sender, dest_chain_id, recipient, payload,"
          + " status, status_reason, block_height, leaf_index, merkle_path, created_at, updated_at";

  /**
   * Default of {@code byIdReadsInFlight}: the machine class has 2 cores, which two statements in
   * flight can keep busy (one decoded by the node while PostgreSQL runs the other); more would
   * mostly split the waiting reads into smaller batches.
   */
  public static final int DEFAULT_BY_ID_READS_IN_FLIGHT = 2;

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final MessageReads reads;

  public MessageRepository(DatabaseClient db, TransactionalOperator tx) {
    this(db, tx, DEFAULT_BY_ID_READS_IN_FLIGHT);
  }

  /**
   * @param byIdReadsInFlight most {@link #findWithHistory} statements at once; reads arriving
   *     beyond wait and share the next statement
   */
  public MessageRepository(DatabaseClient db, TransactionalOperator tx, int byIdReadsInFlight) {
    this(db, null, tx, byIdReadsInFlight);
  }

  /**
   * @param byIdConnections connections kept for the {@link #findWithHistory} statements (the node
   *     gives them their own, with generic plans: see its DatabaseConfiguration), or null to run
   *     them through {@code db}
   * @param byIdReadsInFlight most {@link #findWithHistory} statements at once; reads arriving
   *     beyond wait and share the next statement
   */
  public MessageRepository(
      DatabaseClient db,
      HeldConnections byIdConnections,
      TransactionalOperator tx,
      int byIdReadsInFlight) {
    this.db = db;
    this.tx = tx;
    this.reads = new MessageReads(db, byIdConnections, byIdReadsInFlight);
  }

  /** The message with this id, or empty. */
  public Mono<MessageRow> findById(byte[] id) {
    return db.sql("select " + COLUMNS + " from messages where id = $1")
        .bind(0, id)
        .map(MessageRepository::message)
        .one();
  }

  /**
   * The message with this id and its status history (oldest first), or empty: a {@link
   * #findManyWithHistory} statement shared with the other reads waiting when it is sent ({@link
   * ReadCoalescer}). It is sent after this call is subscribed, so it sees every write completed
   * before; it runs outside any transaction of the caller.
   */
  public Mono<MessageWithHistory> findWithHistory(byte[] id) {
    return reads.findWithHistory(id);
  }

  /** The statements and ids sent by {@link #findWithHistory} so far, for metrics. */
  public ReadCoalescer<?, ?> byIdReads() {
    return reads.byIdReads();
  }

  /**
   * The messages with these ids, each with its status history (oldest first), in one statement:
   * {@link #findWithHistory} for many ids at once. Unknown ids yield no row and a repeated id one
   * row; rows come in no particular order.
   */
  public Flux<MessageWithHistory> findManyWithHistory(List<byte[]> ids) {
    return reads.findManyWithHistory(ids);
  }

  /** A page of messages matching {@code filter}, newest first. */
  public Flux<MessageRow> find(MessageFilter filter) {
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (filter.sourceChainId() != null) {
      args.add(filter.sourceChainId());
      where.add("source_chain_id = $" + args.size());
    }
    if (filter.sender() != null) {
      args.add(filter.sender());
      where.add("sender = $" + args.size());
    }
    if (filter.status() != null) {
      args.add(filter.status().name());
      where.add("status = $" + args.size());
    }
    if (filter.beforeSeq() != null) {
      args.add(filter.beforeSeq());
      where.add("seq < $" + args.size());
    }
    args.add(filter.limit());
    String sql =
        "select "
            + COLUMNS
            + " from messages"
            + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
            + " order by seq desc limit $"
            + args.size();
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
    for (int i = 0; i < args.size(); i++) {
      spec = spec.bind(i, args.get(i));
    }
    return spec.map(MessageRepository::message).all();
  }

  /**
   * Records a newly observed message and the observation in one transaction. A message already
   * known only gains the observation (idempotent for a repeated observation).
   *
   * @return the OBSERVED status change when the message is new, else empty
   */
  public Mono<StatusChange> observe(NewMessage m, ObservationRow o) {
    Mono<StatusChange> insertMessage = insertIfAbsent(m, null);
    Mono<Long> insertObservation =
        db.sql(
                "insert into observations (message_id, source_chain_id, block_number, block_hash,"
                    + " tx_hash, log_index, confirmations, observed_at) values ($1, $2, $3, $4, $5,"
                    + " $6, $7, $8) on conflict do nothing")
            .bind(0, o.messageId())
            .bind(1, o.sourceChainId())
            .bind(2, o.blockNumber())
            .bind(3, o.blockHash())
            .bind(4, o.txHash())
            .bind(5, o.logIndex())
            .bind(6, o.confirmations())
            .bind(7, o.observedAt())
            .fetch()
            .rowsUpdated();
    return insertMessage
        .flatMap(change -> insertObservation.thenReturn(change))
        .switchIfEmpty(insertObservation.then(Mono.empty()))
        .as(tx::transactional);
  }

  /**
   * Inserts a message as OBSERVED with its history entry (inside the caller's transaction), unless
   * a message with its id exists.
   *
   * @return the OBSERVED change when inserted, else empty
   */
  Mono<StatusChange> insertIfAbsent(NewMessage m, String reason) {
    return db.sql(
            "insert into messages (id, source_chain_id, source_gateway, nonce, sender,"
                + " dest_chain_id, recipient, payload, status) values ($1, $2, $3, $4, $5, $6,"
                + " $7, $8, 'OBSERVED') on conflict (id) do nothing returning id")
        .bind(0, m.id())
        .bind(1, m.sourceChainId())
        .bind(2, m.sourceGateway())
        .bind(3, m.nonce())
        .bind(4, m.sender())
        .bind(5, m.destChainId())
        .bind(6, m.recipient())
        .bind(7, m.payload())
        .map(r -> r.get(0, byte[].class))
        .one()
        .flatMap(id -> history(id, MessageStatus.OBSERVED, reason));
  }

  /**
   * Moves a message from {@code from} to {@code to} (which must be in {@code from.next()}) with an
   * optional reason, atomically with its history entry.
   *
   * @return the change, or empty when the message does not exist or is not in {@code from}
   */
  public Mono<StatusChange> transition(
      byte[] id, MessageStatus from, MessageStatus to, String reason) {
    if (!from.next().contains(to)) {
      return Mono.error(new IllegalArgumentException(from + " cannot move to " + to));
    }
    return transitionInTx(id, from, to, reason).as(tx::transactional);
  }

  /** {@link #transition} for callers that already run in a transaction. */
  Mono<StatusChange> transitionInTx(
      byte[] id, MessageStatus from, MessageStatus to, String reason) {
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
                "update messages set status = $2, status_reason = $3, updated_at = now()"
                    + " where id = $1 and status = $4 returning id")
            .bind(0, id)
            .bind(1, to.name())
            .bind(3, from.name());
    spec = reason == null ? spec.bindNull(2, String.class) : spec.bind(2, reason);
    return spec.map(r -> r.get(0, byte[].class)).one().flatMap(u -> history(u, to, reason));
  }

  /** Appends a history entry (inside the caller's transaction). */
  Mono<StatusChange> history(byte[] id, MessageStatus status, String reason) {
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(
                "insert into message_status_history (message_id, status, reason) values ($1, $2,"
                    + " $3) returning id, message_id, status, reason, at")
            .bind(0, id)
            .bind(1, status.name());
    spec = reason == null ? spec.bindNull(2, String.class) : spec.bind(2, reason);
    return spec.map(MessageRepository::change).one();
  }

  /** A message's status history, oldest first. */
  public Flux<StatusChange> historyOf(byte[] id) {
    return db.sql(
            "select id, message_id, status, reason, at from message_status_history"
                + " where message_id = $1 order by id")
        .bind(0, id)
        .map(MessageRepository::change)
        .all();
  }

  /**
   * Status changes of every message with an id greater than {@code afterId}, oldest first, at most
   * {@code limit} (the resumption of a change stream from its last seen id).
   */
  public Flux<StatusChange> historyAfter(long afterId, int limit) {
    return db.sql(
            "select id, message_id, status, reason, at from message_status_history"
                + " where id > $1 order by id limit $2")
        .bind(0, afterId)
        .bind(1, limit)
        .map(MessageRepository::change)
        .all();
  }

  /** Number of messages per status (statuses with none are absent). */
  public Flux<StatusCount> countByStatus() {
    return db.sql("select status, count(*) from messages group by status")
        .map(
            r ->
                new StatusCount(
                    MessageStatus.valueOf(r.get(0, String.class)), r.get(1, Long.class)))
        .all();
  }

  /** How many messages are in {@code status}. */
  public record StatusCount(MessageStatus status, long count) {}

  static MessageRow message(Readable r) {
    return new MessageRow(
        r.get("id", byte[].class),
        r.get("seq", Long.class),
        r.get("source_chain_id", Long.class),
        r.get("source_gateway", byte[].class),
        r.get("nonce", Long.class),
        r.get("sender", byte[].class),
        r.get("dest_chain_id", Long.class),
        r.get("recipient", byte[].class),
        r.get("payload", byte[].class),
        MessageStatus.valueOf(r.get("status", String.class)),
        r.get("status_reason", String.class),
        r.get("block_height", Long.class),
        r.get("leaf_index", Integer.class),
        r.get("merkle_path", byte[].class),
        instant(r, "created_at"),
        instant(r, "updated_at"));
  }

  /** {@link #message} of a row whose first columns are {@link #COLUMNS}, read by position. */
  static MessageRow messageAt(Readable r) {
    return new MessageRow(
        r.get(0, byte[].class),
        r.get(1, Long.class),
        r.get(2, Long.class),
        r.get(3, byte[].class),
        r.get(4, Long.class),
        r.get(5, byte[].class),
        r.get(6, Long.class),
        r.get(7, byte[].class),
        r.get(8, byte[].class),
        MessageStatus.valueOf(r.get(9, String.class)),
        r.get(10, String.class),
        r.get(11, Long.class),
        r.get(12, Integer.class),
        r.get(13, byte[].class),
        instantAt(r, 14),
        instantAt(r, 15));
  }

  static StatusChange change(Readable r) {
    return new StatusChange(
        r.get("id", Long.class),
        r.get("message_id", byte[].class),
        MessageStatus.valueOf(r.get("status", String.class)),
        r.get("reason", String.class),
        instant(r, "at"));
  }

  static Instant instantAt(Readable r, int column) {
    OffsetDateTime t = r.get(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Instant instant(Readable r, String column) {
    OffsetDateTime t = r.get(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
