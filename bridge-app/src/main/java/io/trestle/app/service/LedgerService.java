package io.trestle.app.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.trestle.app.ports.NodeLedger;
import io.trestle.db.BlockRepository;
import io.trestle.db.DeliveryRepository;
import io.trestle.db.MessageRepository;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.MessageStatus;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.db.model.StatusChange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The database-backed {@link NodeLedger}: each step is one transaction in the repositories, then
 * the committed changes are published to {@link StatusEvents} and counted. Every status-changing
 * write (these and the admin API's, through {@link #publish}) runs in one {@link WriteLane}, so
 * changes are published in the order of their history ids.
 *
 * <p>Every write also invalidates the {@link MessageCache} entries of the messages it touches:
 * after its transaction and before its status change is published or the write completes (whatever
 * its outcome, so a write that committed and then failed is covered too).
 */
@Service
public class LedgerService implements NodeLedger {

  private final MessageRepository messages;
  private final BlockRepository blocks;
  private final DeliveryRepository deliveries;
  private final StatusEvents events;
  private final MessageCache cache;
  private final MeterRegistry meters;
  private final Timer deliveryLatency;
  private final WriteLane lane = new WriteLane();

  public LedgerService(
      MessageRepository messages,
      BlockRepository blocks,
      DeliveryRepository deliveries,
      StatusEvents events,
      MessageCache cache,
      MeterRegistry meters) {
    this.messages = messages;
    this.blocks = blocks;
    this.deliveries = deliveries;
    this.events = events;
    this.cache = cache;
    this.meters = meters;
    this.deliveryLatency =
        Timer.builder("trestle.delivery.latency")
            .description("Time from first observation to execution on the destination chain")
            .publishPercentileHistogram()
            .register(meters);
  }

  @Override
  public Mono<Boolean> observed(NewMessage message, ObservationRow observation) {
    return publish(message.id(), messages.observe(message, observation));
  }

  @Override
  public Mono<Boolean> committed(BlockRow block, List<CommittedLeaf> leaves) {
    // collectList: the changes are emitted only once the whole transaction has committed.
    return lane.submit(
        blocks
            .commit(block, leaves)
            .collectList()
            .doOnEach(signal -> leaves.forEach(leaf -> cache.invalidate(leaf.messageId())))
            .doOnNext(changes -> changes.forEach(this::emit))
            .map(changes -> true)
            .doOnSuccess(ok -> meters.counter("trestle.blocks.committed").increment()));
  }

  @Override
  public Mono<Boolean> committee(CommitteeRow committee) {
    return blocks.saveCommittee(committee).thenReturn(true);
  }

  @Override
  public Mono<Long> contiguousCommitHeight() {
    return blocks.contiguousHeight();
  }

  /**
   * COMMITTED → ATTESTED; a message the governor held (DELAYED) and the relayer has now attested is
   * first released ("released by governor").
   */
  @Override
  public Mono<Boolean> attested(byte[] messageId) {
    Mono<StatusChange> attest =
        messages.transition(messageId, MessageStatus.COMMITTED, MessageStatus.ATTESTED, null);
    return publishAll(
        messageId,
        attest
            .flux()
            .switchIfEmpty(
                Flux.defer(
                    () -> deliveries.release(messageId, "governor").flux().concatWith(attest))));
  }

  @Override
  public Mono<Boolean> delivered(byte[] messageId) {
    return publish(
        messageId,
        messages
            .transition(messageId, MessageStatus.ATTESTED, MessageStatus.DELIVERED, null)
            .flatMap(this::recordLatency));
  }

  /**
   * ATTESTED → DELIVERED with the delivery's transaction recorded; a message that had FAILED and
   * was executed by a later attempt moves FAILED → ATTESTED ("retry requested by relayer") first.
   */
  @Override
  public Mono<Boolean> delivered(byte[] messageId, long destChainId, byte[] txHash) {
    Mono<StatusChange> deliver =
        deliveries.succeeded(messageId, destChainId, txHash).flatMap(this::recordLatency);
    return publishAll(
        messageId,
        deliver
            .flux()
            .switchIfEmpty(
                Flux.defer(
                    () -> deliveries.retry(messageId, "relayer").flux().concatWith(deliver))));
  }

  private Mono<StatusChange> recordLatency(StatusChange change) {
    return messages
        .findById(change.messageId())
        .doOnNext(row -> deliveryLatency.record(Duration.between(row.createdAt(), change.at())))
        .thenReturn(change);
  }

  @Override
  public Mono<Boolean> failed(byte[] messageId, long destChainId, String reason) {
    return publish(messageId, deliveries.failed(messageId, destChainId, reason));
  }

  @Override
  public Mono<Boolean> delayed(
      byte[] messageId, long chainId, byte[] token, BigDecimal amount, Instant releaseAt) {
    return publish(
        messageId,
        deliveries.hold(
            messageId,
            chainId,
            token,
            amount,
            releaseAt,
            "held by the governor until " + releaseAt));
  }

  /**
   * Runs a status-changing operation on message {@code messageId} in the write lane and publishes
   * its change once committed.
   *
   * @return whether it changed anything
   */
  public Mono<Boolean> publish(byte[] messageId, Mono<StatusChange> operation) {
    return lane.submit(
        operation
            .doOnEach(signal -> cache.invalidate(messageId))
            .doOnNext(this::emit)
            .map(c -> true)
            .defaultIfEmpty(false));
  }

  /**
   * {@link #publish} for a sequence of transactions, each change emitted after its commit. Every
   * transaction runs ({@code count}: {@code hasElements} would cancel the sequence at its first
   * change).
   */
  private Mono<Boolean> publishAll(byte[] messageId, Flux<StatusChange> operations) {
    return lane.submit(
        operations
            .doOnEach(signal -> cache.invalidate(messageId))
            .doOnNext(this::emit)
            .count()
            .map(changes -> changes > 0));
  }

  /** Invalidates the message's cached resource, then counts and publishes the change. */
  private void emit(StatusChange change) {
    cache.invalidate(change.messageId());
    meters.counter("trestle.messages.transitions", "status", change.status().name()).increment();
    events.publish(change);
  }
}
