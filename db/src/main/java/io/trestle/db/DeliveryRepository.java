package io.trestle.db;

import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.StatusChange;
import java.math.BigDecimal;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The governor queue and destination deliveries: the operations that change a message's status
 * together with a second table, each in one transaction.
 */
public final class DeliveryRepository {

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final MessageRepository messages;

  public DeliveryRepository(
      DatabaseClient db, TransactionalOperator tx, MessageRepository messages) {
    this.db = db;
    this.tx = tx;
    this.messages = messages;
  }

  /**
   * Holds a COMMITTED message in the governor queue until {@code releaseAt} (DELAYED).
   *
   * @return the change, or empty when the message is not COMMITTED
   */
  public Mono<StatusChange> hold(
      byte[] id, long chainId, byte[] token, BigDecimal amount, Instant releaseAt, String reason) {
    return messages
        .transitionInTx(id, MessageStatus.COMMITTED, MessageStatus.DELAYED, reason)
        .flatMap(
            change -> {
              DatabaseClient.GenericExecuteSpec spec =
                  db.sql(
                          "insert into governor_queue (message_id, chain_id, token, amount,"
                              + " resume_status, release_at) values ($1, $2, $3, $4, 'COMMITTED',"
                              + " $5) on conflict (message_id) do update set release_at ="
                              + " excluded.release_at, released_at = null, released_by = null")
                      .bind(0, id)
                      .bind(1, chainId)
                      .bind(3, amount)
                      .bind(4, releaseAt);
              spec = token == null ? spec.bindNull(2, byte[].class) : spec.bind(2, token);
              return spec.then().thenReturn(change);
            })
        .as(tx::transactional);
  }

  /**
   * Releases a DELAYED message from the governor queue (by {@code by}: an admin or "governor"),
   * moving it back to the status it resumes.
   *
   * @return the change, or empty when the message is not DELAYED in the queue
   */
  public Mono<StatusChange> release(byte[] id, String by) {
    return db.sql(
            "update governor_queue set released_at = now(), released_by = $2"
                + " where message_id = $1 and released_at is null returning resume_status")
        .bind(0, id)
        .bind(1, by)
        .map(r -> MessageStatus.valueOf(r.get(0, String.class)))
        .one()
        .flatMap(
            resume ->
                messages.transitionInTx(id, MessageStatus.DELAYED, resume, "released by " + by))
        .as(tx::transactional);
  }

  /**
   * Records a failed execution on the destination chain (ATTESTED → FAILED with the reason).
   *
   * @return the change, or empty when the message is not ATTESTED
   */
  public Mono<StatusChange> failed(byte[] id, long destChainId, String error) {
    return messages
        .transitionInTx(id, MessageStatus.ATTESTED, MessageStatus.FAILED, error)
        .flatMap(
            change ->
                db.sql(
                        "insert into deliveries (message_id, dest_chain_id, state, attempts,"
                            + " last_error) values ($1, $2, 'FAILED', 1, $3) on conflict"
                            + " (message_id) do update set state = 'FAILED', attempts ="
                            + " deliveries.attempts + 1, last_error = excluded.last_error,"
                            + " updated_at = now()")
                    .bind(0, id)
                    .bind(1, destChainId)
                    .bind(2, error)
                    .then()
                    .thenReturn(change))
        .as(tx::transactional);
  }

  /**
   * Queues a FAILED message for another delivery attempt (FAILED → ATTESTED, delivery PENDING).
   *
   * @return the change, or empty when the message is not FAILED
   */
  public Mono<StatusChange> retry(byte[] id, String by) {
    return messages
        .transitionInTx(
            id, MessageStatus.FAILED, MessageStatus.ATTESTED, "retry requested by " + by)
        .flatMap(
            change ->
                db.sql(
                        "update deliveries set state = 'PENDING', last_error = null, updated_at ="
                            + " now() where message_id = $1")
                    .bind(0, id)
                    .then()
                    .thenReturn(change))
        .as(tx::transactional);
  }

  /**
   * Records a successful execution on the destination chain (ATTESTED → DELIVERED, delivery
   * SUCCEEDED with the transaction hash).
   *
   * @param txHash the executing transaction (32 bytes), or null when unknown
   * @return the change, or empty when the message is not ATTESTED
   */
  public Mono<StatusChange> succeeded(byte[] id, long destChainId, byte[] txHash) {
    return messages
        .transitionInTx(id, MessageStatus.ATTESTED, MessageStatus.DELIVERED, null)
        .flatMap(
            change -> {
              DatabaseClient.GenericExecuteSpec spec =
                  db.sql(
                          "insert into deliveries (message_id, dest_chain_id, state, attempts,"
                              + " tx_hash) values ($1, $2, 'SUCCEEDED', 1, $3) on conflict"
                              + " (message_id) do update set state = 'SUCCEEDED', attempts ="
                              + " deliveries.attempts + 1, tx_hash = excluded.tx_hash,"
                              + " last_error = null, updated_at = now()")
                      .bind(0, id)
                      .bind(1, destChainId);
              spec = txHash == null ? spec.bindNull(2, byte[].class) : spec.bind(2, txHash);
              return spec.then().thenReturn(change);
            })
        .as(tx::transactional);
  }

  /** Attempts recorded for a message's delivery (0 when none). */
  public Mono<Integer> attempts(byte[] id) {
    return db.sql("select attempts from deliveries where message_id = $1")
        .bind(0, id)
        .map(r -> r.get(0, Integer.class))
        .one()
        .defaultIfEmpty(0);
  }
}
