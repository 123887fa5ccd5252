package io.trestle.db.model;

/**
 * A message as first observed: the fields of {@code trestle.v1.CrossChainMessage} plus its id. The
 * id is trusted to be hash(message); the database only checks lengths.
 */
public record NewMessage(
    byte[] id,
    long sourceChainId,
    byte[] sourceGateway,
    long nonce,
    byte[] sender,
    long destChainId,
    byte[] recipient,
    byte[] payload) {}
