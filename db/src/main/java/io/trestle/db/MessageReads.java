package io.trestle.db;

import io.r2dbc.spi.Readable;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.StatusChange;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reads of {@link MessageRepository} that return a message with its status history: by id
 * through a {@link ReadCoalescer}, and for many ids in one statement.
 */
final class MessageReads {
  /** Most ids in one by-id statement (32-byte ids: 17 KB of parameter). */
  static final int MAX_IDS_PER_BY_ID_READ = 256;

  private final DatabaseClient db;
  private final ReadCoalescer<String, MessageWithHistory> byIdReads;

  /**
   * @param db connections of {@link #findManyWithHistory}, and of the {@link #findWithHistory}
   *     statements when {@code byIdConnections} is null
   * @param byIdConnections connections kept for the {@link #findWithHistory} statements, or null
   */
  MessageReads(DatabaseClient db, HeldConnections byIdConnections, int byIdReadsInFlight) {
    this.db = db;
    Function<String[], Flux<MessageWithHistory>> byId =
        byIdConnections == null
            ? literals -> withHistoryOfAny(db, literals)
            : literals ->
                byIdConnections.run(
                    c ->
                        Flux.from(
                                c.createStatement(WITH_HISTORY_OF_ANY).bind(0, literals).execute())
                            .flatMap(r -> r.map((row, meta) -> withHistory(row))));
    this.byIdReads =
        new ReadCoalescer<>(
            literals -> byId.apply(literals.toArray(String[]::new)),
            w -> byteaLiteral(w.message().id()),
            byIdReadsInFlight,
            MAX_IDS_PER_BY_ID_READ);
  }

  /**
   * The message with this id and its status history (oldest first), or empty: a {@link
   * #findManyWithHistory} statement shared with the other reads waiting when it is sent ({@link
   * ReadCoalescer}). It is sent after this call is subscribed, so it sees every write completed
   * before; it runs outside any transaction of the caller.
   */
  Mono<MessageWithHistory> findWithHistory(byte[] id) {
    return byIdReads.get(byteaLiteral(id));
  }

  /** The statements and ids sent by {@link #findWithHistory} so far, for metrics. */
  ReadCoalescer<?, ?> byIdReads() {
    return byIdReads;
  }

  /**
   * The messages with these ids, each with its status history (oldest first), in one statement:
   * {@link #findWithHistory} for many ids at once. Unknown ids yield no row and a repeated id one
   * row; rows come in no particular order.
   */
  Flux<MessageWithHistory> findManyWithHistory(List<byte[]> ids) {
    if (ids.isEmpty()) {
      return Flux.empty();
    }
    String[] literals = new String[ids.size()];
    for (int i = 0; i < literals.length; i++) {
      literals[i] = byteaLiteral(ids.get(i));
    }
    return withHistoryOfAny(db, literals);
  }

  private static Flux<MessageWithHistory> withHistoryOfAny(
      DatabaseClient db, String[] byteaLiterals) {
    return db.sql(WITH_HISTORY_OF_ANY).bind(0, byteaLiterals).map(MessageReads::withHistory).all();
  }

  /**
   * An id as PostgreSQL's hex input of bytea ({@code \x0a1b...}). The ids of {@link
   * #WITH_HISTORY_OF_ANY} are bound as a text[] of these and cast, because r2dbc-postgresql 1.1 has
   * no bytea[] encoder: it binds a {@code byte[][]} or {@code ByteBuffer[]} as an array literal of
   * unescaped {@code \x..} elements, which PostgreSQL reads as the characters {@code x0a1b...}
   * (FindManyWithHistoryTest#idsSurviveTheArrayBinding).
   */
  static String byteaLiteral(byte[] id) {
    return "\\x" + HEX.formatHex(id);
  }

  private static final HexFormat HEX = HexFormat.of();

  /**
   * The message columns and the status history arrays of every message whose id is in {@code $1} (a
   * text[] of {@link #byteaLiteral}s). The history is aggregated by a lateral subquery over {@code
   * message_status_history_message}, so each message and its history come from the same snapshot.
   * Plan: the {@code messages_pkey} index for {@code id = any(...)}, then, per message, the history
   * index, whose (message_id, id) order is the order the aggregates see: no sort, where four {@code
   * array_agg(... order by id)} sorted four times (PgCost.java: 35 against 45 µs of backend CPU per
   * id, generic plans). PostgreSQL does not promise that order, so {@link #withHistory} checks it
   * and sorts when it differs.
   */
  static final String WITH_HISTORY_OF_ANY =
      "select m.id, m.seq, m.source_chain_id, m.source_gateway, m.nonce, m.sender,"
          + " m.dest_chain_id, m.recipient, m.payload, m.status, m.status_reason, m.block_height,"
          + " m.leaf_index, m.merkle_path, m.created_at, m.updated_at, h.ids as history_ids,"
          + " h.statuses as history_statuses, h.reasons as history_reasons, h.ats as history_ats"
          + " from messages m left join lateral (select array_agg(x.id) as ids,"
          + " array_agg(x.status) as statuses, array_agg(x.reason) as reasons,"
          + " array_agg(x.at) as ats from (select y.id, y.status, y.reason, y.at"
          + " from message_status_history y where y.message_id = m.id order by y.id) x) h on true"
          + " where m.id = any($1::text[]::bytea[])";

  // Column positions of WITH_HISTORY_OF_ANY: COLUMNS (0-15), then the history arrays.
  private static final int HISTORY_IDS = 16;

  static MessageWithHistory withHistory(Readable r) {
    MessageRow m = MessageRepository.messageAt(r);
    Long[] ids = r.get(HISTORY_IDS, Long[].class);
    if (ids == null) {
      return new MessageWithHistory(m, List.of());
    }
    String[] statuses = r.get(HISTORY_IDS + 1, String[].class);
    String[] reasons = r.get(HISTORY_IDS + 2, String[].class);
    OffsetDateTime[] ats = r.get(HISTORY_IDS + 3, OffsetDateTime[].class);
    List<StatusChange> history = new ArrayList<>(ids.length);
    boolean ordered = true;
    for (int i = 0; i < ids.length; i++) {
      history.add(
          new StatusChange(
              ids[i],
              m.id(),
              MessageStatus.valueOf(statuses[i]),
              reasons[i],
              ats[i] == null ? null : ats[i].toInstant()));
      ordered &= i == 0 || ids[i - 1] < ids[i];
    }
    if (!ordered) {
      history.sort(Comparator.comparingLong(StatusChange::id));
    }
    return new MessageWithHistory(m, history);
  }
}
