package io.trestle.relayer.node;

import java.util.List;

/**
 * A point-in-time view of a running relayer node for health checks and metrics. Cheap to take from
 * any thread.
 *
 * @param engine {@code "hotstuff"} or {@code "raft"}
 * @param peersConnected committee peers with a live connection (this node not included)
 * @param quorum members needed for a quorum (this node included)
 * @param view current view (round) of the engine
 * @param height height of the last committed block
 * @param lastCommitAtMs wall clock of the last commit, ms since the epoch; 0 before the first
 * @param commits blocks committed since start
 * @param viewChanges views left by timeout since start
 * @param votes votes sent since start
 * @param chains one entry per chain the node watches
 */
public record NodeStatus(
    String engine,
    int peersConnected,
    int quorum,
    long view,
    long height,
    long lastCommitAtMs,
    long commits,
    long viewChanges,
    long votes,
    List<Chain> chains) {

  /**
   * @param chainId EIP-155 chain id
   * @param head latest block number seen
   * @param confirmedHeight highest block considered final
   * @param rpcCalls JSON-RPC calls since start
   * @param rpcErrors JSON-RPC calls that failed since start
   * @param haltedByReorg the watcher stopped on a re-org deeper than its confirmation depth
   */
  public record Chain(
      long chainId,
      long head,
      long confirmedHeight,
      long rpcCalls,
      long rpcErrors,
      boolean haltedByReorg) {}

  public NodeStatus {
    chains = List.copyOf(chains);
  }
}
