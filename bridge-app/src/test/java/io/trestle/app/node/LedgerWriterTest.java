package io.trestle.app.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trestle.app.ports.NodeLedger;
import io.trestle.consensus.core.Block;
import io.trestle.consensus.driver.Driver;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.CommitteeRow;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.watch.Observation;
import io.trestle.verifier.merkle.MerkleTree;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;

/** The writer's queueing, ordering, retry and accounting, over a scripted ledger. */
class LedgerWriterTest {

  private static final LedgerWriter.RetryPolicy FAST =
      new LedgerWriter.RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20));

  /** Records calls (and the thread they ran on); fails the first {@code failures} of each kind. */
  static final class ScriptedLedger implements NodeLedger {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger transientFailures = new AtomicInteger();
    volatile RuntimeException permanent;
    volatile CountDownLatch gate;

    volatile long contiguous;
    volatile boolean contiguousFails;

    @Override
    public Mono<Long> contiguousCommitHeight() {
      return contiguousFails ? Mono.error(permanent) : Mono.fromSupplier(() -> contiguous);
    }

    private Mono<Boolean> call(String what) {
      return Mono.defer(
          () -> {
            if (gate != null) {
              try {
                gate.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            if (permanent != null) {
              return Mono.error(permanent);
            }
            if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              return Mono.error(new DataAccessResourceFailureException("connection refused"));
            }
            calls.add(what);
            threads.add(Thread.currentThread().getName());
            return Mono.just(true);
          });
    }

    @Override
    public Mono<Boolean> observed(NewMessage m, ObservationRow o) {
      return call("observed " + HexFormat.of().formatHex(m.id()).substring(0, 8));
    }

    @Override
    public Mono<Boolean> committed(BlockRow b, List<CommittedLeaf> leaves) {
      return call("committed " + b.height());
    }

    @Override
    public Mono<Boolean> attested(byte[] id) {
      return call("attested " + HexFormat.of().formatHex(id).substring(0, 8));
    }

    @Override
    public Mono<Boolean> delivered(byte[] id) {
      return call("delivered");
    }

    @Override
    public Mono<Boolean> delivered(byte[] id, long destChainId, byte[] txHash) {
      return call(
          "delivered "
              + HexFormat.of().formatHex(id).substring(0, 8)
              + (txHash == null ? " tx unknown" : ""));
    }

    @Override
    public Mono<Boolean> failed(byte[] id, long destChainId, String reason) {
      return call("failed " + reason);
    }

    @Override
    public Mono<Boolean> committee(CommitteeRow c) {
      return call("committee " + c.epoch());
    }

    @Override
    public Mono<Boolean> delayed(
        byte[] id, long chainId, byte[] token, BigDecimal amount, Instant releaseAt) {
      return call("delayed " + amount);
    }
  }

  private final ScriptedLedger ledger = new ScriptedLedger();
  private LedgerWriter writer;

  private LedgerWriter writer(int capacity) {
    writer = new LedgerWriter(ledger, capacity, FAST, new SimpleMeterRegistry());
    return writer;
  }

  @AfterEach
  void close() {
    if (ledger.gate != null) {
      ledger.gate.countDown();
    }
    writer.close(Duration.ofSeconds(5));
  }

  private static Observation observation(GatewayMessage m) {
    return new Observation(
        m,
        GatewayMessage.toHex(m.id()),
        1,
        "0x" + "11".repeat(32),
        "0x" + "22".repeat(32),
        0,
        3,
        0);
  }

  private static String short8(GatewayMessage m) {
    return HexFormat.of().formatHex(m.id()).substring(0, 8);
  }

  private void awaitIdle() {
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.health().pending() == 0);
  }

  @Test
  void writesRunInCallOrderOffTheCallersThread() {
    writer(100);
    GatewayMessage m = RealCommits.message(1);
    byte[] id = m.id();
    writer.observed(31337, observation(m));
    writer.attested(31338, 0, 5, List.of(id));
    writer.delivered(id, 31338, "0x" + "ab".repeat(32));
    writer.failed(id, 31338, "reverted");
    writer.delayed(id, 31337, null, BigInteger.TEN, Instant.EPOCH);
    awaitIdle();
    String s = short8(m);
    assertThat(ledger.calls)
        .containsExactly(
            "observed " + s, "attested " + s, "delivered " + s, "failed reverted", "delayed 10");
    assertThat(ledger.threads).allMatch(t -> t.startsWith("ledger-writer"));
    assertThat(writer.health().applied()).isEqualTo(5);
    assertThat(writer.health().complete()).isTrue();
  }

  @Test
  void transientFailuresAreRetriedWithoutReordering() {
    writer(100);
    ledger.transientFailures.set(2);
    GatewayMessage a = RealCommits.message(1);
    GatewayMessage b = RealCommits.message(2);
    writer.observed(31337, observation(a));
    writer.observed(31337, observation(b));
    awaitIdle();
    assertThat(ledger.calls).containsExactly("observed " + short8(a), "observed " + short8(b));
    LedgerWriter.Health h = writer.health();
    assertThat(h.retries()).isEqualTo(2);
    assertThat(h.complete()).isTrue();
  }

  @Test
  void aWriteThatKeepsFailingIsCountedAndTheNextOnesStillRun() {
    writer(100);
    ledger.transientFailures.set(100);
    writer.failed(new byte[32], 1, "x");
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.health().failed() == 1);
    ledger.transientFailures.set(0);
    writer.failed(new byte[32], 1, "y");
    awaitIdle();
    LedgerWriter.Health h = writer.health();
    assertThat(h.complete()).isFalse();
    assertThat(h.retries()).isEqualTo(3);
    assertThat(h.lastFailure()).contains("failed 0x00").contains("connection refused");
    assertThat(ledger.calls).containsExactly("failed y");
  }

  @Test
  void permanentFailuresAreNotRetried() {
    writer(100);
    ledger.permanent = new DataIntegrityViolationException("duplicate key");
    writer.failed(new byte[32], 1, "x");
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.health().failed() == 1);
    assertThat(writer.health().retries()).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlockingTheNode() {
    writer(3);
    ledger.gate = new CountDownLatch(1);
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      writer.failed(new byte[32], 1, "r" + i);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    ledger.gate.countDown();
    awaitIdle();
    LedgerWriter.Health h = writer.health();
    assertThat(h.dropped()).isEqualTo(7);
    assertThat(h.applied()).isEqualTo(3);
    assertThat(h.complete()).isFalse();
    assertThat(h.lastFailure()).contains("dropped");
    assertThat(ledger.calls).containsExactly("failed r0", "failed r1", "failed r2");
  }

  /** An empty committed block at {@code height} (its payload root is the empty tree's). */
  private static Driver.Committed emptyBlock(long height) {
    byte[] zero = new byte[32];
    var header =
        new io.trestle.canonical.v1.BlockHeader(
            zero, 0, height, height, zero, height - 1, MerkleTree.of(List.of()).root(), 0, 0, 0);
    var vote = new io.trestle.canonical.v1.VoteData(zero, 0, height + 1, height + 1, zero, 0, zero);
    var qc = new io.trestle.canonical.v1.QuorumCertificate(vote, new byte[] {7}, List.of());
    return new Driver.Committed(
        new Block(header, List.of(), qc, java.util.Optional.empty()), qc, 0);
  }

  @Test
  void aReplayWaitsForRoomInsteadOfDropping() throws Exception {
    writer(2);
    ledger.gate = new CountDownLatch(1);
    Thread replay =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (long h = 1; h <= 6; h++) {
                    writer.replayed(emptyBlock(h));
                  }
                });
    replay.join(300);
    assertThat(replay.isAlive()).as("the replay blocks while the queue is full").isTrue();
    ledger.gate.countDown();
    replay.join(10_000);
    awaitIdle();
    LedgerWriter.Health h = writer.health();
    assertThat(h.dropped()).isZero();
    assertThat(ledger.calls)
        .containsExactly(
            "committed 1",
            "committed 2",
            "committed 3",
            "committed 4",
            "committed 5",
            "committed 6");
  }

  @Test
  void theStoredCommitHeightComesFromTheLedgerAndAFailureMeansNoReplay() {
    writer(10);
    ledger.contiguous = 41;
    assertThat(writer.storedCommitHeight().toCompletableFuture().join()).isEqualTo(41);
    ledger.permanent = new IllegalStateException("database gone");
    ledger.contiguousFails = true;
    assertThat(writer.storedCommitHeight().toCompletableFuture().join()).isEqualTo(Long.MAX_VALUE);
    assertThat(writer.health().failed()).isEqualTo(1);
    assertThat(writer.health().lastFailure()).contains("stored commit height");
  }

  @Test
  void malformedEventsFailPermanently() {
    writer(10);
    GatewayMessage m = RealCommits.message(1);
    writer.observed(
        31337,
        new Observation(
            m, GatewayMessage.toHex(m.id()), 1, "0x1234", "0x" + "22".repeat(32), 0, 3, 0));
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.health().failed() == 1);
    assertThat(writer.health().lastFailure()).contains("block hash must be 32 bytes");
    assertThat(writer.health().retries()).isZero();
  }

  @Test
  void aDeliveryWithoutAKnownTransactionIsStillRecorded() {
    writer(10);
    GatewayMessage m = RealCommits.message(1);
    writer.delivered(m.id(), 31338, "");
    writer.delivered(m.id(), 31338, "0xnot-a-hash");
    awaitIdle();
    assertThat(ledger.calls)
        .containsExactly(
            "delivered " + short8(m) + " tx unknown", "delivered " + short8(m) + " tx unknown");
    assertThat(writer.health().complete()).isTrue();
  }

  @Test
  void closeDrainsQueuedWrites() {
    writer(100);
    for (int i = 0; i < 20; i++) {
      writer.failed(new byte[32], 1, "r" + i);
    }
    assertThat(writer.close(Duration.ofSeconds(10))).isTrue();
    assertThat(ledger.calls).hasSize(20);
  }
}
