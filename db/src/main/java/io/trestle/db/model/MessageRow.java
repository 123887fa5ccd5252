package io.trestle.db.model;

import java.time.Instant;

/**
 * One row of {@code messages}. Byte arrays are exact-length (id 32, addresses 20). {@code
 * blockHeight}, {@code leafIndex} and {@code merklePath} (protobuf {@code trestle.v1.MerklePath})
 * are null until the message is committed.
 */
public record MessageRow(
    byte[] id,
    long seq,
    long sourceChainId,
    byte[] sourceGateway,
    long nonce,
    byte[] sender,
    long destChainId,
    byte[] recipient,
    byte[] payload,
    MessageStatus status,
    String statusReason,
    Long blockHeight,
    Integer leafIndex,
    byte[] merklePath,
    Instant createdAt,
    Instant updatedAt) {}
