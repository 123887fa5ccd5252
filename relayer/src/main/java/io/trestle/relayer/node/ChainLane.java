package io.trestle.relayer.node;

import io.trestle.relayer.chain.FailoverRpc;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.chain.Web3jChainRpc;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.deliver.Deliverer;
import io.trestle.relayer.deliver.DeliveryReport;
import io.trestle.relayer.deliver.FileTxJournal;
import io.trestle.relayer.deliver.RotatingSubmitter;
import io.trestle.relayer.deliver.SubmitterSchedule;
import io.trestle.relayer.deliver.TxSender;
import io.trestle.relayer.watch.ChainWatcher;
import io.trestle.relayer.watch.CursorStore;
import io.trestle.relayer.watch.ObservationSink;
import io.trestle.relayer.watch.WatcherLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Everything a relayer node does with one chain: its RPC endpoints (failover), the watcher of its
 * gateway (source side) and the delivery of batches bound for it (destination side: rotating
 * submitter, deliverer, this node's transaction sender with a durable journal). Each batch is
 * delivered on its own virtual thread, retried after {@code retryBackoff} until it is on chain or
 * the lane closes; the sender serializes the account's transactions.
 */
final class ChainLane implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ChainLane.class.getName());

  /** What a delivery reports back to the node. */
  interface Events {
    /** The messages at {@code indices} of {@code batch} are on chain; {@code report} if by us. */
    void delivered(Batch batch, BitSet indices, Optional<DeliveryReport> report);
  }

  private final RelayerNodeConfig.Chain config;
  private final List<Web3jChainRpc> endpoints = new ArrayList<>();
  private final CountingRpc rpc;
  private final TxSender sender;
  private final Deliverer deliverer;
  private final RotatingSubmitter submitter;
  private final NetworkSignatureCollector collector;
  private final byte[] committeeId;
  private final Duration retryBackoff;
  private final ExecutorService deliveries;

  /**
   * Batches in delivery at once (a backlog after a restart must not poll the chain all at once).
   */
  private final java.util.concurrent.Semaphore active = new java.util.concurrent.Semaphore(16);

  private ChainWatcher watcher;
  private WatcherLoop loop;
  private volatile boolean closed;

  ChainLane(
      RelayerNodeConfig config,
      RelayerNodeConfig.Chain chain,
      int self,
      NetworkSignatureCollector collector,
      Path stateDir)
      throws IOException {
    this.config = chain;
    this.collector = collector;
    this.committeeId = config.committee().committeeId();
    this.retryBackoff = config.timing().retryBackoff();
    Duration callTimeout = Duration.ofSeconds(10);
    for (String url : chain.rpcUrls()) {
      endpoints.add(new Web3jChainRpc(url, callTimeout));
    }
    this.rpc =
        new CountingRpc(
            new FailoverRpc(
                endpoints,
                Duration.ofMillis(200),
                Duration.ofSeconds(10),
                System::currentTimeMillis));
    TxSender.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    this.sender =
        new TxSender(
            rpc,
            chain.chainId(),
            config.evmKey(),
            config.fees(),
            config.timing().receiptTimeout(),
            Duration.ofMillis(100),
            5,
            sleeper,
            FileTxJournal.open(
                stateDir.resolve(
                    "tx-" + chain.chainId() + "-" + config.evmKey().address() + ".journal")));
    this.deliverer =
        new Deliverer(
            rpc,
            chain.gateway(),
            committeeId,
            collector,
            sender,
            config.timing().signatureTimeout());
    this.submitter =
        new RotatingSubmitter(
            self,
            new SubmitterSchedule(
                config.committee().members().size(), config.timing().fallbackTimeout()),
            deliverer,
            sleeper,
            Duration.ofMillis(200));
    this.deliveries =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("deliver-" + chain.chainId() + "-", 0).factory());
  }

  long chainId() {
    return config.chainId();
  }

  String gateway() {
    return config.gateway();
  }

  /**
   * Asks the endpoints for their chain id: empty if it is the configured one or no endpoint answers
   * now (the watcher keeps trying), else a one-line description of the mismatch.
   */
  Optional<String> chainIdMismatch() {
    try {
      long reported = rpc.chainId();
      return reported == config.chainId()
          ? Optional.empty()
          : Optional.of(
              "chain "
                  + config.chainId()
                  + ": its RPC endpoints report chain id "
                  + reported
                  + " ("
                  + String.join(", ", config.rpcUrls())
                  + ")");
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "chain " + config.chainId() + " not reachable at start: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Starts watching the gateway; confirmed messages go to {@code sink}. */
  void watch(CursorStore cursors, ObservationSink sink, Duration poll) {
    watcher =
        new ChainWatcher(
            config.chainId(),
            config.gateway(),
            config.confirmations(),
            1_000,
            config.startBlock(),
            rpc,
            cursors,
            sink,
            alert ->
                LOG.log(System.Logger.Level.WARNING, "chain " + config.chainId() + ": " + alert),
            System::currentTimeMillis);
    loop = new WatcherLoop(Long.toString(config.chainId()), watcher, poll);
  }

  /** The watcher's view for {@link NodeStatus}. */
  NodeStatus.Chain status() {
    if (watcher == null) {
      return new NodeStatus.Chain(config.chainId(), -1, -1, rpc.calls(), rpc.errors(), false);
    }
    var h = watcher.health();
    return new NodeStatus.Chain(
        config.chainId(),
        h.head(),
        h.nextBlock() - 1,
        rpc.calls(),
        rpc.errors(),
        h.status() == io.trestle.relayer.watch.WatcherHealth.Status.DOWN);
  }

  /** Transactions this node's account sent on this chain (re-submissions included). */
  long transactionsSent() {
    return sender.sentCount();
  }

  /**
   * Signs {@code batch}'s attestation (broadcasting the signature) and, on a delivery thread, takes
   * this node's turn to deliver its root and the messages at {@code indices}, retrying until they
   * are on chain; then calls {@code events}.
   */
  void deliver(Batch batch, BitSet indices, Events events) {
    if (closed) {
      return;
    }
    try {
      deliveries.execute(
          () -> {
            collector.offer(batch.attestation(committeeId), config.gateway());
            try {
              active.acquire();
            } catch (InterruptedException e) {
              return;
            }
            try {
              deliverUntilDone(batch, indices, events);
            } finally {
              active.release();
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile: the batch is not finished, so a restart delivers it
    }
  }

  private void deliverUntilDone(Batch batch, BitSet indices, Events events) {
    while (!closed) {
      try {
        sender.recover();
        Optional<DeliveryReport> r = submitter.run(batch, indices);
        events.delivered(batch, indices, r);
        return;
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "delivery of height "
                + batch.height()
                + " to chain "
                + config.chainId()
                + " failed, retrying: "
                + e.getMessage());
        try {
          Thread.sleep(retryBackoff);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * Calls the gateway's {@code retry(m)} for a message whose receiver failed, on a delivery thread,
   * and tells {@code outcome} the message's status afterwards with the transaction that set it. A
   * message that is not FAILED on chain is not sent (EXECUTED is reported as it is; UNKNOWN means
   * normal delivery still owns it, and nothing is reported).
   */
  void retry(GatewayMessage m, RetryOutcome outcome) {
    deliveries.execute(
        () -> {
          byte[] id = m.id();
          try {
            GatewayAbi.Status before = status(id);
            if (before == GatewayAbi.Status.EXECUTED) {
              outcome.after(GatewayAbi.Status.EXECUTED, executionTx(id, MESSAGE_EXECUTED));
              return;
            }
            if (before != GatewayAbi.Status.FAILED) {
              LOG.log(
                  System.Logger.Level.INFO,
                  "retry of " + GatewayMessage.toHex(id) + " skipped: not failed on chain");
              return;
            }
            Receipt r = sender.send(config.gateway(), GatewayAbi.retry(m));
            outcome.after(status(id), r.txHash());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retry not sent: " + e.getMessage());
            outcome.after(GatewayAbi.Status.FAILED, "retry not sent: " + e.getMessage());
          }
        });
  }

  /** Where {@link #retry} reports. */
  interface RetryOutcome {
    /** {@code status} of the message after the attempt; {@code tx} that set it, or why not. */
    void after(GatewayAbi.Status status, String tx);
  }

  private static final byte[] MESSAGE_EXECUTED = CommitDispatcher.MESSAGE_EXECUTED_TOPIC;

  /** Gateway status of {@code id}. */
  GatewayAbi.Status status(byte[] id) {
    return GatewayAbi.decodeStatus(rpc.call(config.gateway(), GatewayAbi.status(id)));
  }

  /**
   * The transaction that executed (or failed) {@code id}, from the gateway's recent logs; empty if
   * not found in the last 10,000 blocks.
   */
  String executionTx(byte[] id, byte[] topic) {
    try {
      long head = rpc.blockNumber();
      String hex = GatewayMessage.toHex(id);
      String t = GatewayMessage.toHex(topic);
      for (LogEntry log : rpc.logs(Math.max(0, head - 10_000), head, config.gateway(), t)) {
        if (log.topics().size() >= 2 && log.topics().get(1).equals(hex)) {
          return log.txHash();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "execution log lookup failed: " + e.getMessage());
    }
    return "";
  }

  @Override
  public void close() {
    closed = true;
    if (loop != null) {
      loop.close();
    }
    deliveries.shutdownNow();
    try {
      if (!deliveries.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(
            System.Logger.Level.WARNING, "deliveries to " + config.chainId() + " still running");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    endpoints.forEach(Web3jChainRpc::close);
  }
}
