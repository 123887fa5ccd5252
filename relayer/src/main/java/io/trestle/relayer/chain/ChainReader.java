package io.trestle.relayer.chain;

import java.util.List;

/**
 * Read access to one EVM chain, as the watcher uses it. Every method is a blocking JSON-RPC call
 * that either returns or throws {@link RpcException}; implementations are thread-safe.
 */
public interface ChainReader {
  /** eth_blockNumber. */
  long blockNumber();

  /** eth_getBlockByNumber; @throws RpcException (REJECTED) if the block does not exist */
  BlockHeader header(long number);

  /** eth_getLogs of {@code address} with topic0 {@code topic0} in blocks [from, to]. */
  List<LogEntry> logs(long from, long to, String address, String topic0);
}
