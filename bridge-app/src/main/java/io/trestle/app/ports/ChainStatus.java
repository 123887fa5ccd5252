package io.trestle.app.ports;

import java.util.List;

/**
 * What the chain watchers and deliverers report about each chain. Implemented by the relayer
 * adapter; {@link #none()} while no watcher is wired. Called from any thread; must not block.
 */
public interface ChainStatus {

  /** One entry per chain the watchers follow. */
  List<Snapshot> snapshot();

  /**
   * @param chainId EIP-155 chain id
   * @param head latest block number seen
   * @param confirmedHeight highest block considered final (head minus confirmations)
   * @param rpcCalls JSON-RPC calls since start
   * @param rpcErrors JSON-RPC calls that failed since start
   * @param haltedByReorg true when a re-org deeper than the confirmation depth stopped the watcher
   */
  record Snapshot(
      long chainId,
      long head,
      long confirmedHeight,
      long rpcCalls,
      long rpcErrors,
      boolean haltedByReorg) {

    /** Blocks between head and the confirmed height. */
    public long lag() {
      return Math.max(0, head - confirmedHeight);
    }
  }

  /** No watchers: nothing to report. */
  static ChainStatus none() {
    return List::of;
  }
}
