package io.trestle.app.node;

import io.trestle.app.ports.NodeControl;
import io.trestle.db.model.MessageRow;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.node.NodeStatus;
import io.trestle.relayer.node.RelayerNode;
import io.trestle.relayer.node.RelayerNodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the app's relayer node inside the Spring lifecycle. Starts after the web servers (the API
 * answers while the node connects) and, on a graceful shutdown, stops first: the node is closed (no
 * more events), then the {@link LedgerWriter} drains what is queued while the database is still up,
 * then the web servers finish their requests.
 *
 * <p>Before the node runs, {@link #status()} reports mode {@code starting} with no peers, so the
 * {@code consensus} health indicator is DOWN until the node is connected.
 */
public final class RelayerNodeLifecycle implements SmartLifecycle, NodeControl {

  private static final Logger LOG = LoggerFactory.getLogger(RelayerNodeLifecycle.class);

  private final RelayerNodeConfig config;
  private final LedgerWriter writer;
  private final Duration drainTimeout;
  private final NodeStatus idle;
  private volatile RelayerNode node;

  public RelayerNodeLifecycle(
      RelayerNodeConfig config, LedgerWriter writer, Duration drainTimeout) {
    this.config = config;
    this.writer = writer;
    this.drainTimeout = drainTimeout;
    int n = config.committee().members().size();
    this.idle = new NodeStatus("starting", 0, n - (n - 1) / 3, 0, 0, 0, 0, 0, 0, List.of());
  }

  /**
   * Records the committee and starts the node.
   *
   * @throws NodeConfigException when the node cannot start (its one-line reason, e.g. a chain that
   *     does not answer or a key that is not a committee member's)
   */
  @Override
  public synchronized void start() {
    if (node != null) {
      return;
    }
    writer.committee(config.committee(), 0);
    RelayerNode n = new RelayerNode(config, writer);
    try {
      n.start();
    } catch (RelayerNode.StartException e) {
      throw new NodeConfigException(
          "trestle.node: " + e.getMessage(),
          "check the node's keys, committee, chains and data directory (trestle.node.*)",
          e);
    }
    node = n;
    LOG.info(
        "Relayer node running: member {} of {}, peers on {}, chains {}, data in {}",
        n.member(),
        config.committee().members().size(),
        config.listen(),
        config.chains().stream().map(RelayerNodeConfig.Chain::chainId).toList(),
        config.dataDir());
  }

  @Override
  public synchronized void stop() {
    RelayerNode n = node;
    node = null;
    if (n != null) {
      LOG.info("Stopping the relayer node");
      n.close();
    }
    writer.close(drainTimeout);
  }

  @Override
  public boolean isRunning() {
    return node != null;
  }

  /** The node's status, or {@code starting} before it runs. Any thread. */
  public NodeStatus status() {
    RelayerNode n = node;
    return n == null ? idle : n.status();
  }

  /** Releases a governor-held message in the running node (false when none runs or holds it). */
  @Override
  public boolean release(byte[] messageId) {
    RelayerNode n = node;
    if (n == null) {
      return false;
    }
    try {
      return n.release("0x" + HexFormat.of().formatHex(messageId));
    } catch (IOException e) {
      throw new UncheckedIOException("the relayer node could not record the release", e);
    }
  }

  /** Has the running node call the destination gateway's retry for a failed message. */
  @Override
  public boolean retry(MessageRow row) {
    RelayerNode n = node;
    if (n == null) {
      return false;
    }
    GatewayMessage m =
        new GatewayMessage(
            row.sourceChainId(),
            GatewayMessage.toHex(row.sourceGateway()),
            row.nonce(),
            GatewayMessage.toHex(row.sender()),
            row.destChainId(),
            GatewayMessage.toHex(row.recipient()),
            row.payload());
    if (!java.util.Arrays.equals(m.id(), row.id())) {
      throw new IllegalStateException(
          "stored message 0x" + HexFormat.of().formatHex(row.id()) + " does not hash to its id");
    }
    try {
      n.retry(m);
      return true;
    } catch (IllegalArgumentException notOurs) {
      return false;
    }
  }

  /** Pauses or resumes a source chain in the running node's governor (0 when none runs). */
  @Override
  public int setPaused(long chainId, boolean paused) {
    RelayerNode n = node;
    if (n == null) {
      return 0;
    }
    try {
      if (paused) {
        n.pause(chainId);
        return 0;
      }
      return n.resume(chainId);
    } catch (IOException e) {
      throw new UncheckedIOException("the relayer node could not record the pause", e);
    }
  }

  /**
   * Why the node stopped working (consensus storage or invariant failure, delivery state that
   * cannot be written), if it did; it must then be restarted.
   */
  public java.util.Optional<Throwable> halted() {
    RelayerNode n = node;
    return n == null ? java.util.Optional.empty() : n.halted();
  }

  /** The running node, or null. */
  public RelayerNode node() {
    return node;
  }
}
