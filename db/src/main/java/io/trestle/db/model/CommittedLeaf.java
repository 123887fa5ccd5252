package io.trestle.db.model;

/** A message's place in a committed block: its leaf index and protobuf Merkle path. */
public record CommittedLeaf(byte[] messageId, int leafIndex, byte[] merklePath) {}
