package io.trestle.app.ports;

import java.time.Instant;

/**
 * What the node's consensus driver reports to health and metrics. Implemented by the consensus
 * adapter; {@link #apiOnly()} stands in while no consensus node is wired. Called from any thread;
 * must not block.
 */
public interface ConsensusStatus {

  /** The current state. */
  Snapshot snapshot();

  /**
   * @param mode {@code "hotstuff"}, {@code "raft"}, or {@code "api-only"} (no consensus running)
   * @param peersConnected committee peers with a live connection (this node not included)
   * @param quorum members needed for a quorum (this node included)
   * @param view current view (round)
   * @param height height of the last committed block
   * @param lastCommitAt wall clock of the last commit; null before the first
   * @param commits blocks committed since start
   * @param viewChanges views left by timeout since start
   * @param votes votes sent since start
   */
  record Snapshot(
      String mode,
      int peersConnected,
      int quorum,
      long view,
      long height,
      Instant lastCommitAt,
      long commits,
      long viewChanges,
      long votes) {}

  /** The stand-in for a node that serves the API over its database without running consensus. */
  static ConsensusStatus apiOnly() {
    Snapshot none = new Snapshot("api-only", 0, 0, 0, 0, null, 0, 0, 0);
    return () -> none;
  }
}
