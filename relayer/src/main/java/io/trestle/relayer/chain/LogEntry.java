package io.trestle.relayer.chain;

import java.util.List;

/**
 * One log returned by eth_getLogs.
 *
 * @param blockNumber block that holds it
 * @param blockHash 0x-prefixed lower-case hash of that block
 * @param txHash hash of the emitting transaction
 * @param logIndex index in the block
 * @param address emitting contract, lower-case
 * @param topics topics, 0x-prefixed lower-case hex
 * @param data 0x-prefixed hex data
 * @param removed true if the node reports it as removed by a re-org
 */
public record LogEntry(
    long blockNumber,
    String blockHash,
    String txHash,
    int logIndex,
    String address,
    List<String> topics,
    String data,
    boolean removed) {
  /** Copies topics. */
  public LogEntry {
    topics = List.copyOf(topics);
  }
}
