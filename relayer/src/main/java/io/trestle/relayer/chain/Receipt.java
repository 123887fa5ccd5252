package io.trestle.relayer.chain;

import java.util.List;

/**
 * A mined transaction's receipt.
 *
 * @param txHash transaction hash
 * @param blockNumber block that includes it
 * @param success status 1
 * @param gasUsed gas used by the transaction
 * @param logs its logs
 * @param contractAddress the created contract's address for a deployment, else null
 */
public record Receipt(
    String txHash,
    long blockNumber,
    boolean success,
    long gasUsed,
    List<LogEntry> logs,
    String contractAddress) {
  /** Copies logs. */
  public Receipt {
    logs = List.copyOf(logs);
  }
}
