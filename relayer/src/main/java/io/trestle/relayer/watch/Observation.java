package io.trestle.relayer.watch;

import io.trestle.relayer.contracts.GatewayMessage;

/**
 * A MessageSent log seen with enough confirmations (mirrors {@code trestle.v1.Observation}).
 *
 * @param message the message, decoded from the log data
 * @param id its id, checked against the log's indexed id
 * @param blockNumber block that holds the log
 * @param blockHash that block's hash
 * @param txHash emitting transaction
 * @param logIndex index of the log in the block
 * @param confirmations blocks on top of blockNumber when it was reported (at least the depth)
 * @param observedAtMs watcher wall clock, ms since the epoch
 */
public record Observation(
    GatewayMessage message,
    String id,
    long blockNumber,
    String blockHash,
    String txHash,
    int logIndex,
    long confirmations,
    long observedAtMs) {}
