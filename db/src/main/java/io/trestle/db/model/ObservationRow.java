package io.trestle.db.model;

import java.time.Instant;

/** Where and when this relayer saw a message's MessageSent log on its source chain. */
public record ObservationRow(
    byte[] messageId,
    long sourceChainId,
    long blockNumber,
    byte[] blockHash,
    byte[] txHash,
    int logIndex,
    int confirmations,
    Instant observedAt) {}
