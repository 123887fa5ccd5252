package io.trestle.app.service;

import io.trestle.app.ports.ChainStatus;
import io.trestle.db.BlockRepository;
import io.trestle.db.ChainRepository;
import io.trestle.db.MessageRepository;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.ChainCursorRow;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.MessageFilter;
import io.trestle.db.model.MessageRow;
import io.trestle.db.model.MessageWithHistory;
import io.trestle.db.model.StatusChange;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Read side of the API: messages, blocks, committees, chains, and status streams (proofs: {@link
 * ProofService}).
 */
@Service
public class QueryService {

  private final MessageRepository messages;
  private final BlockRepository blocks;
  private final ChainRepository chains;
  private final ChainStatus chainStatus;
  private final StatusEvents events;

  public QueryService(
      MessageRepository messages,
      BlockRepository blocks,
      ChainRepository chains,
      ChainStatus chainStatus,
      StatusEvents events) {
    this.messages = messages;
    this.blocks = blocks;
    this.chains = chains;
    this.chainStatus = chainStatus;
    this.events = events;
  }

  /** The message, or empty. */
  public Mono<MessageRow> message(byte[] id) {
    return messages.findById(id);
  }

  /**
   * The message with its status history (oldest first), or empty: one statement, shared with the
   * concurrent reads waiting for it and sent after this read began, so it sees every write
   * completed before ({@link MessageRepository#findWithHistory}).
   */
  public Mono<MessageWithHistory> messageWithHistory(byte[] id) {
    return messages.findWithHistory(id);
  }

  /** A page of messages, newest first. */
  public Flux<MessageRow> messages(MessageFilter filter) {
    return messages.find(filter);
  }

  /** A message's status history, oldest first. */
  public Flux<StatusChange> history(byte[] id) {
    return messages.historyOf(id);
  }

  /** The block at {@code height} with the ids of its messages known here, or empty. */
  public Mono<BlockWithMessages> block(long height) {
    return blocks.findByHeight(height).flatMap(this::withMessages);
  }

  /** The highest committed block, or empty before the first commit. */
  public Mono<BlockWithMessages> latestBlock() {
    return blocks.latest().flatMap(this::withMessages);
  }

  private Mono<BlockWithMessages> withMessages(BlockRow b) {
    return blocks.messageIds(b.height()).collectList().map(ids -> new BlockWithMessages(b, ids));
  }

  /** A block and the ids of its messages in leaf order. */
  public record BlockWithMessages(BlockRow block, List<byte[]> messageIds) {}

  /** The committee of {@code epoch}, or empty. */
  public Mono<CommitteeRow> committee(long epoch) {
    return blocks.committee(epoch);
  }

  /** The committee of the latest epoch, or empty. */
  public Mono<CommitteeRow> currentCommittee() {
    return blocks.currentCommittee();
  }

  /**
   * Every known chain: the stored cursor, overlaid with the watcher's live figures when a watcher
   * reports on it.
   */
  public Flux<ChainView> chains() {
    Map<Long, ChainStatus.Snapshot> live =
        chainStatus.snapshot().stream()
            .collect(
                Collectors.toMap(ChainStatus.Snapshot::chainId, Function.identity(), (a, b) -> a));
    return chains
        .findAll()
        .map(
            row -> {
              ChainStatus.Snapshot s = live.get(row.chainId());
              return s == null
                  ? new ChainView(row, row.head(), row.confirmedHeight(), false)
                  : new ChainView(row, s.head(), s.confirmedHeight(), s.haltedByReorg());
            });
  }

  /** A chain as the API shows it. */
  public record ChainView(
      ChainCursorRow row, long head, long confirmedHeight, boolean haltedByReorg) {

    /** Blocks between head and confirmed height. */
    public long lag() {
      return Math.max(0, head - confirmedHeight);
    }
  }

  /**
   * The message's current status followed by its later changes; completes after DELIVERED. Empty
   * when the message is unknown. No change is lost or repeated between the snapshot and the live
   * stream: live changes are buffered from before the snapshot and filtered by change id.
   */
  public Flux<StatusChange> follow(byte[] id) {
    return follow(id, null);
  }

  /**
   * Like {@link #follow(byte[])}, resumed after the change {@code afterId} a client last saw (SSE
   * {@code Last-Event-ID}): every change of the message with a greater id from its history, then
   * live ones. Completes at once when the message was already DELIVERED and the client saw it. Null
   * {@code afterId} = start with the current status.
   */
  public Flux<StatusChange> follow(byte[] id, Long afterId) {
    return Flux.defer(
        () -> {
          var live = events.of(id).replay();
          var connection = live.connect();
          return messages
              .historyOf(id)
              .collectList()
              .flatMapMany(
                  history -> {
                    if (history.isEmpty()) {
                      return Flux.<StatusChange>empty();
                    }
                    StatusChange last = history.getLast();
                    List<StatusChange> replay =
                        afterId == null
                            ? List.of(last)
                            : history.stream().filter(c -> c.id() > afterId).toList();
                    if (last.status().next().isEmpty()) {
                      return Flux.fromIterable(replay);
                    }
                    return Flux.fromIterable(replay)
                        .concatWith(live.filter(c -> c.id() > last.id()))
                        .takeUntil(c -> c.status().next().isEmpty());
                  })
              .doFinally(signal -> connection.dispose());
        });
  }

  /**
   * Every status change after the change {@code afterId} (SSE {@code Last-Event-ID}): the missed
   * ones from the database's status history in id order, then live ones, with no gap and no
   * duplicate. Live changes are buffered from before the history is read (at most {@code
   * liveBuffer}; beyond, the stream fails with an overflow and the client resumes again from its
   * last id). Relies on changes being published in history-id order ({@link LedgerService}).
   */
  public Flux<StatusChange> changesAfter(long afterId, int liveBuffer) {
    return Flux.defer(
        () -> {
          Sinks.Many<StatusChange> buffered =
              Sinks.many()
                  .unicast()
                  .onBackpressureBuffer(Queues.<StatusChange>get(liveBuffer).get());
          Disposable live =
              events
                  .all()
                  .subscribe(
                      c -> {
                        if (buffered.tryEmitNext(c).isFailure()) {
                          buffered.tryEmitError(
                              Exceptions.failWithOverflow(
                                  "more than " + liveBuffer + " changes while resuming"));
                        }
                      });
          long[] last = {afterId};
          return replay(afterId)
              .doOnNext(c -> last[0] = c.id())
              .concatWith(Flux.defer(() -> buffered.asFlux().filter(c -> c.id() > last[0])))
              .doFinally(signal -> live.dispose());
        });
  }

  private static final int REPLAY_PAGE = 500;

  private Flux<StatusChange> replay(long afterId) {
    return messages
        .historyAfter(afterId, REPLAY_PAGE)
        .collectList()
        .flatMapMany(
            page ->
                page.size() < REPLAY_PAGE
                    ? Flux.fromIterable(page)
                    : Flux.fromIterable(page)
                        .concatWith(Flux.defer(() -> replay(page.getLast().id()))));
  }

  /** Every status change from now on. */
  public Flux<StatusChange> allChanges() {
    return events.all();
  }
}
