package io.trestle.app.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.trestle.app.ports.NodeLedger;
import io.trestle.canonical.v1.Committee;
import io.trestle.consensus.driver.Driver;
import io.trestle.db.ConflictingBlockException;
import io.trestle.relayer.node.NodeListener;
import io.trestle.relayer.watch.Observation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The app's {@link NodeListener}: turns each event of the running relayer node into {@link
 * NodeLedger} writes (observed → OBSERVED with its observation; committed → block row and COMMITTED
 * leaves with Merkle paths; attested; delivered; failed; delayed).
 *
 * <p>Contract towards the node: every call only enqueues and returns at once (it never blocks the
 * consensus owner thread or a watcher). Writes run on the {@code ledger-writer} thread one after
 * the other, in call order, so a message's writes are applied in the order the node reported them.
 * The queue is bounded ({@code capacity}); an event that finds it full is dropped and counted.
 *
 * <p>A write that fails with a transient error (database unreachable, pool exhausted, timeout) is
 * retried with exponential back-off, holding back later writes so the order is kept. A write that
 * still fails, or fails permanently (constraint violation, a conflicting block, a block whose
 * messages do not match its payload root), is logged at ERROR and counted. Dropped and failed
 * writes turn the {@code ledger} health indicator DOWN ({@link #health()}): nothing is lost
 * silently.
 */
public final class LedgerWriter implements NodeListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

  /** Retry policy of transient failures. */
  public record RetryPolicy(int maxRetries, Duration firstBackoff, Duration maxBackoff) {
    public static RetryPolicy defaults() {
      return new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(10));
    }
  }

  /**
   * Counters since start, for health and tests.
   *
   * @param pending writes queued or running
   * @param applied writes that changed the database
   * @param skipped writes that did not apply (already done, or the message is past that step)
   * @param retries retried attempts
   * @param failed writes given up after retries or failing permanently
   * @param dropped events refused because the queue was full
   * @param lastFailure description of the last failed or dropped write, or null
   */
  public record Health(
      int pending,
      long applied,
      long skipped,
      long retries,
      long failed,
      long dropped,
      String lastFailure) {

    /** Whether every event so far was written. */
    public boolean complete() {
      return failed == 0 && dropped == 0;
    }
  }

  /** One listener call as the write it becomes; {@code op} runs on the writer thread. */
  private record Write(String what, Function<NodeLedger, Mono<Boolean>> op) {}

  /**
   * How long a replayed block waits for room in the queue before it is queued anyway (and dropped).
   */
  static final Duration REPLAY_WAIT = Duration.ofSeconds(30);

  private final NodeLedger ledger;
  private final int capacity;
  private final RetryPolicy retry;
  private final Sinks.Many<Write> queue = Sinks.many().unicast().onBackpressureBuffer();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private final Counter halts;
  private final Scheduler thread = Schedulers.newSingle("ledger-writer");
  private final CountDownLatch drained = new CountDownLatch(1);
  private final Disposable subscription;

  /**
   * @param capacity events queued at most before new ones are dropped
   */
  public LedgerWriter(NodeLedger ledger, int capacity, RetryPolicy retry, MeterRegistry meters) {
    this.ledger = ledger;
    this.capacity = capacity;
    this.retry = retry;
    Gauge.builder("trestle.ledger.pending", pending, AtomicInteger::get)
        .description("Node events queued for the database")
        .register(meters);
    writes(meters, "applied", applied);
    writes(meters, "skipped", skipped);
    writes(meters, "failed", failed);
    writes(meters, "dropped", dropped);
    FunctionCounter.builder("trestle.ledger.retries", retries, AtomicLong::get).register(meters);
    this.halts = Counter.builder("trestle.chain.halts").register(meters);
    this.subscription =
        queue
            .asFlux()
            .publishOn(thread, 1)
            .concatMap(this::run, 1)
            .doFinally(signal -> drained.countDown())
            .subscribe();
  }

  private static void writes(MeterRegistry meters, String outcome, AtomicLong count) {
    FunctionCounter.builder("trestle.ledger.writes", count, AtomicLong::get)
        .tag("outcome", outcome)
        .description("Node events written to the database, by outcome")
        .register(meters);
  }

  /** Records the committee of an epoch (queued like the node's events, before later commits). */
  public void committee(Committee committee, long activationHeight) {
    enqueue(
        "committee of epoch " + committee.epoch(),
        l -> l.committee(NodeRecords.committee(committee, activationHeight)));
  }

  @Override
  public void observed(long chainId, Observation observation) {
    enqueue(
        "observed " + observation.id(),
        l -> {
          NodeRecords.Observed o = NodeRecords.observed(chainId, observation);
          return l.observed(o.message(), o.observation());
        });
  }

  @Override
  public void committed(Driver.Committed committed) {
    enqueue(
        "committed block " + committed.block().height(),
        l -> {
          NodeRecords.Commit c = NodeRecords.committed(committed);
          return l.committed(c.block(), c.leaves());
        });
  }

  /**
   * Where the node's replay starts: the end of the run of stored blocks from height 1, read from
   * the database once at start; no replay when it cannot be read (the failure is logged and counted
   * like a write's).
   */
  @Override
  public CompletionStage<Long> storedCommitHeight() {
    return ledger
        .contiguousCommitHeight()
        .defaultIfEmpty(0L)
        .onErrorResume(
            e -> {
              failed.incrementAndGet();
              lastFailure.set("reading the stored commit height: " + e);
              LOG.error("Could not read the stored commit height; no block is replayed", e);
              return Mono.just(Long.MAX_VALUE);
            })
        .toFuture();
  }

  /**
   * A committed block replayed from the node's store at start: queued like {@link #committed},
   * after waiting (up to {@link #REPLAY_WAIT}) for room, so that a long replay is not dropped.
   */
  @Override
  public void replayed(Driver.Committed committed) {
    long deadline = System.nanoTime() + REPLAY_WAIT.toNanos();
    while (pending.get() >= capacity && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    committed(committed);
  }

  @Override
  public void attested(long destChainId, long epoch, long height, List<byte[]> messageIds) {
    List<byte[]> ids = List.copyOf(messageIds);
    enqueue(
        "attested " + ids.size() + " message(s) of block " + height + " for chain " + destChainId,
        l -> Flux.fromIterable(ids).concatMap(l::attested).reduce(false, (any, one) -> any || one));
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code txHash} may be empty when another member executed the message and this node does not
   * know the transaction; a malformed one is logged and recorded as unknown too, since the status
   * matters more than the hash.
   */
  @Override
  public void delivered(byte[] messageId, long destChainId, String txHash) {
    byte[] id = messageId.clone();
    enqueue("delivered " + hex(id), l -> l.delivered(id, destChainId, txHashOrNull(txHash, id)));
  }

  private static byte[] txHashOrNull(String txHash, byte[] id) {
    if (txHash == null || txHash.isBlank()) {
      return null;
    }
    try {
      return NodeRecords.hash32(txHash, "transaction hash");
    } catch (IllegalArgumentException e) {
      LOG.warn("Delivery of {} names a malformed transaction: {}", hex(id), e.getMessage());
      return null;
    }
  }

  @Override
  public void failed(byte[] messageId, long destChainId, String reason) {
    byte[] id = messageId.clone();
    enqueue("failed " + hex(id), l -> l.failed(id, destChainId, reason));
  }

  @Override
  public void delayed(
      byte[] messageId, long chainId, byte[] token, BigInteger amount, Instant releaseAt) {
    byte[] id = messageId.clone();
    byte[] t = token == null ? null : token.clone();
    enqueue(
        "delayed " + hex(id), l -> l.delayed(id, chainId, t, new BigDecimal(amount), releaseAt));
  }

  @Override
  public void chainHalted(long chainId, String reason) {
    halts.increment();
    LOG.error(
        "Chain {} halted: {} (its watcher stops; the chains health indicator is DOWN)",
        chainId,
        reason);
  }

  private void enqueue(String what, Function<NodeLedger, Mono<Boolean>> op) {
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
      lastFailure.set("dropped (queue of " + capacity + " full): " + what);
      LOG.error("Ledger queue full ({} events): dropped {}", capacity, what);
      return;
    }
    Sinks.EmitResult r;
    synchronized (queue) {
      r = queue.tryEmitNext(new Write(what, op));
    }
    if (r.isFailure()) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
      lastFailure.set("dropped (" + r + "): " + what);
      LOG.error("Ledger writer not accepting events ({}): dropped {}", r, what);
    }
  }

  private Mono<Boolean> run(Write w) {
    return Mono.defer(() -> w.op().apply(ledger))
        .subscribeOn(thread)
        .retryWhen(
            Retry.backoff(retry.maxRetries(), retry.firstBackoff())
                .maxBackoff(retry.maxBackoff())
                .filter(LedgerWriter::isTransient)
                .doBeforeRetry(
                    s -> {
                      retries.incrementAndGet();
                      LOG.warn(
                          "Writing {} failed (attempt {}), retrying: {}",
                          w.what(),
                          s.totalRetries() + 1,
                          s.failure().toString());
                    }))
        .doOnNext(done -> (done ? applied : skipped).incrementAndGet())
        .onErrorResume(
            e -> {
              Throwable cause = reactor.core.Exceptions.isRetryExhausted(e) ? e.getCause() : e;
              failed.incrementAndGet();
              lastFailure.set(w.what() + ": " + cause);
              LOG.error(
                  "Could not write {} to the database: {}", w.what(), cause.toString(), cause);
              return Mono.empty();
            })
        .doFinally(signal -> pending.decrementAndGet());
  }

  /** Whether retrying may help: not for bad data, conflicting blocks or SQL errors. */
  static boolean isTransient(Throwable e) {
    return !(e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof ConflictingBlockException
        || e instanceof DataIntegrityViolationException
        || e instanceof InvalidDataAccessResourceUsageException);
  }

  /** Current counters. Any thread. */
  public Health health() {
    return new Health(
        pending.get(),
        applied.get(),
        skipped.get(),
        retries.get(),
        failed.get(),
        dropped.get(),
        lastFailure.get());
  }

  /**
   * Stops accepting events, waits up to {@code timeout} for the queued ones to be written, then
   * stops the writer thread.
   *
   * @return whether every queued write finished in time
   */
  public boolean close(Duration timeout) {
    synchronized (queue) {
      queue.tryEmitComplete();
    }
    boolean done;
    try {
      done = drained.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done = false;
    }
    if (!done) {
      LOG.warn("Ledger writer stopped with {} event(s) not written", pending.get());
    }
    subscription.dispose();
    thread.dispose();
    return done;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }
}
