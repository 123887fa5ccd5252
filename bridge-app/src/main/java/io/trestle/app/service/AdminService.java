package io.trestle.app.service;

import io.trestle.app.ports.NodeControl;
import io.trestle.db.AuditLogRepository;
import io.trestle.db.ChainRepository;
import io.trestle.db.DeliveryRepository;
import io.trestle.db.MessageRepository;
import io.trestle.db.model.AuditEntry;
import io.trestle.db.model.MessageStatus;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Operator actions. Every call, whatever its outcome, is written to the admin audit log before the
 * result is returned; an action whose audit row cannot be written fails.
 */
@Service
public class AdminService {

  private static final Logger LOG = LoggerFactory.getLogger(AdminService.class);

  /** How an admin action ended. */
  public enum Outcome {
    /** Applied. */
    DONE,
    /** Nothing to apply to (unknown chain or message). */
    NOT_FOUND,
    /** The target is not in a state the action applies to. */
    CONFLICT
  }

  /** Who asked, from where, and why. */
  public record Caller(String actor, String remote, String reason) {}

  private final ChainRepository chains;
  private final MessageRepository messages;
  private final DeliveryRepository deliveries;
  private final AuditLogRepository audit;
  private final LedgerService ledger;
  private final ObjectProvider<NodeControl> node;

  public AdminService(
      ChainRepository chains,
      MessageRepository messages,
      DeliveryRepository deliveries,
      AuditLogRepository audit,
      LedgerService ledger,
      ObjectProvider<NodeControl> node) {
    this.chains = chains;
    this.messages = messages;
    this.deliveries = deliveries;
    this.audit = audit;
    this.ledger = ledger;
    this.node = node;
  }

  /**
   * Pauses ({@code paused}) or resumes a chain: recorded in the database, then, when a relayer node
   * runs, its governor holds (or lets through again) the messages from that chain.
   */
  public Mono<Outcome> setPaused(long chainId, boolean paused, Caller caller) {
    Mono<Outcome> action =
        chains
            .setPaused(chainId, paused)
            .flatMap(found -> found ? pauseInNode(chainId, paused) : Mono.just(Outcome.NOT_FOUND));
    return audited(paused ? "chain.pause" : "chain.unpause", "chain:" + chainId, caller, action);
  }

  /**
   * Releases a message the governor holds (DELAYED → the status it resumes); when a relayer node
   * runs, it is told to deliver the message now.
   */
  public Mono<Outcome> release(byte[] messageId, Caller caller) {
    Mono<Outcome> action =
        ledger
            .publish(messageId, deliveries.release(messageId, caller.actor()))
            .flatMap(done -> done ? releaseInNode(messageId) : absentOrConflict(messageId));
    return audited("message.release", target(messageId), caller, action);
  }

  /** Queues a FAILED message for another delivery attempt (FAILED → ATTESTED). */
  public Mono<Outcome> retry(byte[] messageId, Caller caller) {
    Mono<Outcome> action =
        ledger
            .publish(messageId, deliveries.retry(messageId, caller.actor()))
            .flatMap(done -> done ? retryInNode(messageId) : absentOrConflict(messageId));
    return audited("message.retry", target(messageId), caller, action);
  }

  private Mono<Outcome> retryInNode(byte[] messageId) {
    NodeControl control = node.getIfAvailable();
    if (control == null) {
      return Mono.just(Outcome.DONE);
    }
    return messages
        .findById(messageId)
        .publishOn(Schedulers.boundedElastic())
        .map(control::retry)
        .doOnNext(
            asked -> {
              if (!asked) {
                LOG.warn(
                    "Retry of 0x{} recorded, but the relayer node does not deliver to its chain",
                    HexFormat.of().formatHex(messageId));
              }
            })
        .thenReturn(Outcome.DONE);
  }

  private Mono<Outcome> pauseInNode(long chainId, boolean paused) {
    NodeControl control = node.getIfAvailable();
    if (control == null) {
      return Mono.just(Outcome.DONE);
    }
    return Mono.fromCallable(() -> control.setPaused(chainId, paused))
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(
            n ->
                LOG.info(
                    "Chain {} {} in the relayer node ({} held messages handed to delivery)",
                    chainId,
                    paused ? "paused" : "resumed",
                    n))
        .thenReturn(Outcome.DONE);
  }

  private Mono<Outcome> releaseInNode(byte[] messageId) {
    NodeControl control = node.getIfAvailable();
    if (control == null) {
      return Mono.just(Outcome.DONE);
    }
    return Mono.fromCallable(() -> control.release(messageId))
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(
            held -> {
              if (!held) {
                LOG.warn(
                    "Released 0x{} in the database, but the relayer node was not holding it",
                    HexFormat.of().formatHex(messageId));
              }
            })
        .thenReturn(Outcome.DONE);
  }

  /** Current status of a message, for error details; empty when unknown. */
  public Mono<MessageStatus> status(byte[] messageId) {
    return messages.findById(messageId).map(m -> m.status());
  }

  private Mono<Outcome> absentOrConflict(byte[] messageId) {
    return messages
        .findById(messageId)
        .map(m -> Outcome.CONFLICT)
        .defaultIfEmpty(Outcome.NOT_FOUND);
  }

  private Mono<Outcome> audited(String action, String target, Caller caller, Mono<Outcome> body) {
    return body.onErrorResume(
            e ->
                audit
                    .save(entry(action, target, caller, "ERROR", e.toString()))
                    .then(Mono.error(e)))
        .flatMap(
            outcome ->
                audit
                    .save(entry(action, target, caller, outcome.name(), caller.reason()))
                    .thenReturn(outcome));
  }

  private static AuditEntry entry(
      String action, String target, Caller caller, String outcome, String detail) {
    return new AuditEntry(
        null, Instant.now(), caller.actor(), action, target, outcome, detail, caller.remote());
  }

  private static String target(byte[] messageId) {
    return "message:0x" + HexFormat.of().formatHex(messageId);
  }
}
