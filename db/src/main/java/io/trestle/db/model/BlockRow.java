package io.trestle.db.model;

import java.time.Instant;

/**
 * A committed block: header fields for queries plus the protobuf {@code trestle.v1.BlockHeader} and
 * commit {@code trestle.v1.QuorumCertificate} as received.
 */
public record BlockRow(
    long height,
    byte[] blockHash,
    long epoch,
    long view,
    byte[] parentHash,
    byte[] payloadRoot,
    int messageCount,
    int proposer,
    long timestampMs,
    byte[] header,
    byte[] commitQc,
    Instant committedAt) {}
