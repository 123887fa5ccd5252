package io.trestle.app.node;

import io.trestle.app.ports.ChainStatus;
import io.trestle.app.ports.ConsensusStatus;
import io.trestle.relayer.node.NodeStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The running relayer node's {@link NodeStatus} as the app's {@link ConsensusStatus} and {@link
 * ChainStatus} ports, so the {@code consensus} and {@code chains} health indicators and the
 * Prometheus meters show the live node. The ports read the node on every call (cheap, any thread).
 */
public final class NodeStatusAdapter {
  private NodeStatusAdapter() {}

  /** Consensus status read from {@code node}. */
  public static ConsensusStatus consensus(Supplier<NodeStatus> node) {
    return () -> consensus(node.get());
  }

  /** Chain status read from {@code node}. */
  public static ChainStatus chains(Supplier<NodeStatus> node) {
    return () -> chains(node.get());
  }

  static ConsensusStatus.Snapshot consensus(NodeStatus s) {
    return new ConsensusStatus.Snapshot(
        s.engine(),
        s.peersConnected(),
        s.quorum(),
        s.view(),
        s.height(),
        s.lastCommitAtMs() == 0 ? null : Instant.ofEpochMilli(s.lastCommitAtMs()),
        s.commits(),
        s.viewChanges(),
        s.votes());
  }

  static List<ChainStatus.Snapshot> chains(NodeStatus s) {
    return s.chains().stream()
        .map(
            c ->
                new ChainStatus.Snapshot(
                    c.chainId(),
                    c.head(),
                    c.confirmedHeight(),
                    c.rpcCalls(),
                    c.rpcErrors(),
                    c.haltedByReorg()))
        .toList();
  }
}
